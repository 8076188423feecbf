"""The results table (plain text, aligned) and `.bench/results.json`.

Each figure carries its baseline from the same run, so the ratio column is
comparable across machines even when the absolute numbers are not.
"""

import json
from dataclasses import asdict, dataclass

WHOLE_UNITS = (
    "rows/s",
    "req/s",
    "rows",
    "queries",
    "links",
    "providers",
    "responses",
    "listings",
    "pairs",
)


@dataclass
class Figure:
    name: str
    value: float | None
    unit: str
    baseline: float | None = None
    baseline_label: str = ""
    target: str = ""
    met: bool | None = None
    note: str = ""

    @property
    def ratio(self):
        if self.value is None or not self.baseline:
            return None
        return self.value / self.baseline


def fmt(value, unit):
    if value is None:
        return "n/a"
    if unit in WHOLE_UNITS or abs(value) >= 100:
        text = f"{value:,.0f}"
    elif abs(value) >= 10:
        text = f"{value:.1f}"
    else:
        text = f"{value:.2f}"
    return f"{text} {unit}".strip()


def fmt_ratio(ratio):
    if ratio is None:
        return "n/a"
    if ratio >= 100:
        return f"{ratio:,.0f}x"
    return f"{ratio:.3g}x" if ratio < 10 else f"{ratio:.1f}x"


def rows(figures):
    header = ("figure", "value", "baseline", "ratio", "target", "met?")
    body = []
    for f in figures:
        baseline = fmt(f.baseline, f.unit) if f.baseline is not None else ""
        if f.baseline_label:
            baseline = f"{baseline} ({f.baseline_label})" if baseline else f.baseline_label
        met = {True: "yes", False: "NO", None: ""}[f.met]
        value = fmt(f.value, f.unit) if f.value is not None or not f.note else f.note
        body.append((f.name, value, baseline, fmt_ratio(f.ratio), f.target, met))
    return header, body


def table(figures):
    header, body = rows(figures)
    widths = [max(len(str(r[i])) for r in [header, *body]) for i in range(len(header))]

    def line(cells):
        return " | ".join(str(c).ljust(w) for c, w in zip(cells, widths, strict=True)).rstrip()

    out = [line(header), "-+-".join("-" * w for w in widths)]
    out += [line(r) for r in body]
    return "\n".join(out)


def write_json(path, figures, details):
    path.parent.mkdir(parents=True, exist_ok=True)
    data = {
        "figures": [{**asdict(f), "ratio": f.ratio} for f in figures],
        "details": details,
    }
    path.write_text(json.dumps(data, indent=2, default=str) + "\n", encoding="utf-8")
