#!/usr/bin/env node
// build_us_map.mjs — generates providers/data/us_map.json, the static US map
// (one SVG path per state + DC, label points, territory inset squares and
// small-state callout positions) used by the server-side rendered, no-JS map.
//
// The output JSON is committed to the repository, so the project needs no
// Node.js at runtime or at build time. Re-run this script only to regenerate it.
//
// Data: us-atlas `states-albers-10m.json` (ISC licence, © Michael Bostock),
// derived from the US Census Bureau cartographic boundary files (public
// domain). It is already projected (Albers USA composite, AK/HI as insets)
// into a 975×610 viewport, so no projection is applied here.
//
// How to run (in a scratch directory OUTSIDE the repository — do not add a
// package.json or node_modules to the repo):
//
//   mkdir -p /tmp/usmap && cd /tmp/usmap && npm init -y
//   npm install us-atlas@3.0.1 topojson-client@3.1.0 topojson-simplify@3.0.3
//   node /path/to/repo/scripts/build_us_map.mjs /path/to/repo/providers/data/us_map.json
//
// Packages are resolved from the current working directory's node_modules
// (Node 18+). Pass `--check-svg FILE` to also write a standalone preview SVG.

import { createRequire } from "node:module";
import { readFileSync, writeFileSync, mkdirSync } from "node:fs";
import path from "node:path";

// Resolve npm packages from the cwd (the scratch dir), not from this file.
const require = createRequire(path.join(process.cwd(), "noop.js"));
const { feature } = require("topojson-client");
const { presimplify, simplify } = require("topojson-simplify");
const atlasFile = require.resolve("us-atlas/states-albers-10m.json");
const atlasVersion = JSON.parse(
  readFileSync(require.resolve("us-atlas/package.json"), "utf8"),
).version;
if (atlasVersion !== "3.0.1") console.warn(`note: built with us-atlas ${atlasVersion}, not 3.0.1`);

// ---------------------------------------------------------------- settings
const WIDTH = 975;
const HEIGHT = 610;
// Visvalingam minimum triangle area (square viewBox units) kept by
// topojson-simplify. 0 keeps everything; larger values give smaller output.
// states-albers-10m is already simplified upstream (smallest kept triangle
// ≈0.3 sq units), and at 1 decimal it comes to ~105 KB, so 0 is used: no
// further simplification. 0.5 gives ~74 KB with visibly coarser coasts.
const MIN_WEIGHT = 0;
// Rings (islands) smaller than this area (square viewBox units) are dropped.
const MIN_RING_AREA = 0.3;

const FIPS_TO_USPS = {
  "01": "AL", "02": "AK", "04": "AZ", "05": "AR", "06": "CA", "08": "CO",
  "09": "CT", "10": "DE", "11": "DC", "12": "FL", "13": "GA", "15": "HI",
  "16": "ID", "17": "IL", "18": "IN", "19": "IA", "20": "KS", "21": "KY",
  "22": "LA", "23": "ME", "24": "MD", "25": "MA", "26": "MI", "27": "MN",
  "28": "MS", "29": "MO", "30": "MT", "31": "NE", "32": "NV", "33": "NH",
  "34": "NJ", "35": "NM", "36": "NY", "37": "NC", "38": "ND", "39": "OH",
  "40": "OK", "41": "OR", "42": "PA", "44": "RI", "45": "SC", "46": "SD",
  "47": "TN", "48": "TX", "49": "UT", "50": "VT", "51": "VA", "53": "WA",
  "54": "WV", "55": "WI", "56": "WY",
  // Territories (not present in states-albers-10m; go to `insets` if so).
  "60": "AS", "66": "GU", "69": "MP", "72": "PR", "78": "VI",
};
const TERRITORIES = {
  PR: "Puerto Rico",
  VI: "U.S. Virgin Islands",
  GU: "Guam",
  MP: "Northern Mariana Islands",
  AS: "American Samoa",
};

// Territory squares: one row in the empty Atlantic area at the bottom right
// (east of Florida, x > 824; below the New England callouts).
const INSET_SIZE = 22;
const INSET_GAP = 5;
const INSET_X0 = 837;
const INSET_Y = 566;

// Small north-eastern states get a label box to the right of the map.
// `callout` is the CENTRE of a box of CALLOUT_W × CALLOUT_H, stacked
// north → south so leader lines do not cross much.
const CALLOUT_STATES = ["VT", "NH", "MA", "RI", "CT", "NJ", "DE", "MD", "DC"];
const CALLOUT_X = 940;
const CALLOUT_Y0 = 214;
const CALLOUT_STEP = 22;
const CALLOUT_W = 30;
const CALLOUT_H = 18;

// ------------------------------------------------------------- geometry
const r1 = (v) => Math.round(v * 10) / 10;
const fmt = (v) => {
  const s = r1(v).toFixed(1);
  return (s.endsWith(".0") ? s.slice(0, -2) : s).replace(/^-0$/, "0");
};

function ringArea(ring) {
  // signed shoelace area
  let a = 0;
  for (let i = 0, n = ring.length, j = n - 1; i < n; j = i++) {
    a += ring[j][0] * ring[i][1] - ring[i][0] * ring[j][1];
  }
  return a / 2;
}

function ringCentroid(ring) {
  let a = 0, cx = 0, cy = 0;
  for (let i = 0, n = ring.length, j = n - 1; i < n; j = i++) {
    const f = ring[j][0] * ring[i][1] - ring[i][0] * ring[j][1];
    a += f;
    cx += (ring[j][0] + ring[i][0]) * f;
    cy += (ring[j][1] + ring[i][1]) * f;
  }
  a /= 2;
  return { a, x: cx / (6 * a), y: cy / (6 * a) };
}

function polygonArea(poly) {
  let a = Math.abs(ringArea(poly[0]));
  for (const hole of poly.slice(1)) a -= Math.abs(ringArea(hole));
  return a;
}

function polygonCentroid(poly) {
  // area-weighted; holes subtract
  let A = 0, X = 0, Y = 0;
  poly.forEach((ring, k) => {
    const c = ringCentroid(ring);
    const w = Math.abs(c.a) * (k === 0 ? 1 : -1);
    A += w; X += c.x * w; Y += c.y * w;
  });
  return [X / A, Y / A];
}

function pointInPolygon([x, y], poly) {
  let inside = false;
  for (const ring of poly) {
    for (let i = 0, n = ring.length, j = n - 1; i < n; j = i++) {
      const [xi, yi] = ring[i], [xj, yj] = ring[j];
      if ((yi > y) !== (yj > y) && x < ((xj - xi) * (y - yi)) / (yj - yi) + xi) {
        inside = !inside;
      }
    }
  }
  return inside;
}

function distToEdges([x, y], poly) {
  let best = Infinity;
  for (const ring of poly) {
    for (let i = 0, n = ring.length, j = n - 1; i < n; j = i++) {
      const [ax, ay] = ring[j], [bx, by] = ring[i];
      const dx = bx - ax, dy = by - ay;
      const L = dx * dx + dy * dy;
      let t = L ? ((x - ax) * dx + (y - ay) * dy) / L : 0;
      t = Math.max(0, Math.min(1, t));
      best = Math.min(best, Math.hypot(x - (ax + t * dx), y - (ay + t * dy)));
    }
  }
  return best;
}

// Interior point farthest from the edges (coarse grid, then refinement);
// used only when the centroid falls outside its polygon.
function interiorPoint(poly) {
  const xs = poly[0].map((p) => p[0]), ys = poly[0].map((p) => p[1]);
  let x0 = Math.min(...xs), x1 = Math.max(...xs);
  let y0 = Math.min(...ys), y1 = Math.max(...ys);
  let best = null, bestD = -1;
  for (let round = 0; round < 4; round++) {
    const N = 40;
    for (let i = 0; i <= N; i++) {
      for (let j = 0; j <= N; j++) {
        const p = [x0 + ((x1 - x0) * i) / N, y0 + ((y1 - y0) * j) / N];
        if (!pointInPolygon(p, poly)) continue;
        const d = distToEdges(p, poly);
        if (d > bestD) { bestD = d; best = p; }
      }
    }
    const wx = (x1 - x0) / 8, wy = (y1 - y0) / 8;
    [x0, x1, y0, y1] = [best[0] - wx, best[0] + wx, best[1] - wy, best[1] + wy];
  }
  return best;
}

// Round a ring to 1 decimal, dropping consecutive duplicates.
function roundRing(ring) {
  const out = [];
  for (const [x, y] of ring) {
    const p = [r1(x), r1(y)];
    const last = out[out.length - 1];
    if (!last || last[0] !== p[0] || last[1] !== p[1]) out.push(p);
  }
  if (out.length > 1) {
    const a = out[0], b = out[out.length - 1];
    if (a[0] === b[0] && a[1] === b[1]) out.pop(); // closed by "Z"
  }
  return out;
}

const offCanvas = (ring) =>
  ring.every((p) => p[0] < 0) || ring.every((p) => p[0] > WIDTH) ||
  ring.every((p) => p[1] < 0) || ring.every((p) => p[1] > HEIGHT);

function cleanPolygons(geometry) {
  const polys = geometry.type === "Polygon" ? [geometry.coordinates]
    : geometry.type === "MultiPolygon" ? geometry.coordinates : [];
  const out = [];
  for (const poly of polys) {
    const rings = poly.map(roundRing);
    const outer = rings[0];
    if (outer.length < 3 || offCanvas(outer)) continue;
    if (Math.abs(ringArea(outer)) < MIN_RING_AREA) continue;
    const holes = rings.slice(1).filter(
      (r) => r.length >= 3 && Math.abs(ringArea(r)) >= MIN_RING_AREA,
    );
    out.push([outer, ...holes]);
  }
  return out;
}

const pathData = (polys) =>
  polys.map((poly) => poly.map((ring) =>
    "M" + ring.map((p) => fmt(p[0]) + "," + fmt(p[1])).join("L") + "Z",
  ).join("")).join("");

// ------------------------------------------------------------------ build
function build() {
  let topo = JSON.parse(readFileSync(atlasFile, "utf8"));
  if (MIN_WEIGHT > 0) topo = simplify(presimplify(topo), MIN_WEIGHT);
  const fc = feature(topo, topo.objects.states);

  const states = {};
  const territoriesFound = [];
  for (const f of fc.features) {
    const usps = FIPS_TO_USPS[f.id];
    if (!usps) throw new Error(`unknown FIPS id ${f.id} (${f.properties.name})`);
    if (TERRITORIES[usps]) { territoriesFound.push(usps); continue; }
    const polys = cleanPolygons(f.geometry);
    if (!polys.length) throw new Error(`no geometry left for ${usps}`);
    let largest = polys[0];
    for (const p of polys) if (polygonArea(p) > polygonArea(largest)) largest = p;
    let label = polygonCentroid(largest);
    if (!pointInPolygon(label, largest)) {
      console.warn(`${usps}: centroid outside polygon; using interior point`);
      label = interiorPoint(largest);
    }
    states[usps] = { name: f.properties.name, d: pathData(polys), label: label.map(r1) };
  }

  CALLOUT_STATES.forEach((usps, i) => {
    states[usps].callout = [CALLOUT_X, CALLOUT_Y0 + i * CALLOUT_STEP];
  });

  const sorted = Object.fromEntries(
    Object.keys(states).sort().map((k) => [k, states[k]]),
  );
  const insets = {};
  ["PR", "VI", "GU", "MP", "AS"].forEach((usps, i) => {
    const x = INSET_X0 + i * (INSET_SIZE + INSET_GAP);
    insets[usps] = {
      name: TERRITORIES[usps],
      x, y: INSET_Y, size: INSET_SIZE,
      label: [r1(x + INSET_SIZE / 2), r1(INSET_Y + INSET_SIZE / 2)],
    };
  });

  return {
    source:
      "us-atlas states-albers-10m (US Census Bureau cartographic " +
      "boundary files, public domain; us-atlas ISC license), simplified",
    viewBox: `0 0 ${WIDTH} ${HEIGHT}`,
    callout_box: { width: CALLOUT_W, height: CALLOUT_H },
    states: sorted,
    insets,
    _territoriesInAtlas: territoriesFound,
  };
}

function checkSvg(data) {
  const parts = [
    `<svg xmlns="http://www.w3.org/2000/svg" viewBox="${data.viewBox}" width="${WIDTH * 2}" height="${HEIGHT * 2}">`,
    `<rect width="${WIDTH}" height="${HEIGHT}" fill="#eef5fb"/>`,
    `<g fill="#cfd8dc" stroke="#fff" stroke-width="0.6">`,
  ];
  for (const [k, s] of Object.entries(data.states)) {
    parts.push(`<path d="${s.d}"><title>${s.name}</title></path>`);
  }
  parts.push("</g>");
  parts.push(`<g font-family="sans-serif" font-size="9" text-anchor="middle" dominant-baseline="central" fill="#263238">`);
  const { width: cw, height: ch } = data.callout_box;
  for (const [k, s] of Object.entries(data.states)) {
    parts.push(`<circle cx="${s.label[0]}" cy="${s.label[1]}" r="1" fill="red"/>`);
    if (s.callout) {
      const [cx, cy] = s.callout;
      parts.push(`<line x1="${s.label[0]}" y1="${s.label[1]}" x2="${cx - cw / 2}" y2="${cy}" stroke="#607d8b" stroke-width="0.5"/>`);
      parts.push(`<rect x="${cx - cw / 2}" y="${cy - ch / 2}" width="${cw}" height="${ch}" fill="#cfd8dc" stroke="#607d8b" stroke-width="0.5"/>`);
      parts.push(`<text x="${cx}" y="${cy}">${k}</text>`);
    } else {
      parts.push(`<text x="${s.label[0]}" y="${s.label[1]}">${k}</text>`);
    }
  }
  for (const [k, t] of Object.entries(data.insets)) {
    parts.push(`<rect x="${t.x}" y="${t.y}" width="${t.size}" height="${t.size}" fill="#cfd8dc" stroke="#607d8b" stroke-width="0.5"/>`);
    parts.push(`<text x="${t.label[0]}" y="${t.label[1]}" font-size="8">${k}</text>`);
  }
  parts.push("</g></svg>");
  return parts.join("\n");
}

// ------------------------------------------------------------------- main
const args = process.argv.slice(2);
let checkFile = null;
const ci = args.indexOf("--check-svg");
if (ci >= 0) { checkFile = args[ci + 1]; args.splice(ci, 2); }
const outFile = args[0] || "providers/data/us_map.json";

const data = build();
if (data._territoriesInAtlas.length) {
  console.warn("territories present in atlas (kept as insets only):", data._territoriesInAtlas);
}
delete data._territoriesInAtlas;
if (Object.keys(data.states).length !== 51) {
  throw new Error(`expected 51 states, got ${Object.keys(data.states).length}`);
}
mkdirSync(path.dirname(path.resolve(outFile)), { recursive: true });
// One state per line: readable diffs, still compact.
const lines = Object.entries(data.states).map(
  ([k, v]) => `    ${JSON.stringify(k)}: ${JSON.stringify(v)}`,
);
const insetLines = Object.entries(data.insets).map(
  ([k, v]) => `    ${JSON.stringify(k)}: ${JSON.stringify(v)}`,
);
const text =
  "{\n" +
  `  "source": ${JSON.stringify(data.source)},\n` +
  `  "viewBox": ${JSON.stringify(data.viewBox)},\n` +
  `  "callout_box": ${JSON.stringify(data.callout_box)},\n` +
  `  "states": {\n${lines.join(",\n")}\n  },\n` +
  `  "insets": {\n${insetLines.join(",\n")}\n  }\n` +
  "}\n";
JSON.parse(text); // sanity
writeFileSync(outFile, text);
console.log(`wrote ${outFile}: ${Object.keys(data.states).length} states, ${(text.length / 1024).toFixed(1)} KB`);
if (checkFile) {
  writeFileSync(checkFile, checkSvg(data));
  console.log(`wrote ${checkFile}`);
}
