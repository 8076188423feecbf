"""The mixed read workload: what visitors and API clients ask for, in its own process.

``python -m ops.workload BASE URLS.json --seconds 60 --connections 16 --out RESULT.json``

N threads each keep one keep-alive connection and send the next request as soon
as the last answer is read (closed loop), walking a shuffled list of the URL mix:
home, procedure pages, state pages, provider profiles, API lists and details,
searches. Every answer is recorded with its wall-clock time, so the fault harness
can tell errors during an outage from errors after it. It runs in a process of
its own so that its work (and its interpreter lock) is not the servers'.

The result has, per URL group and overall: requests, req/s, p50/p95/p99 in ms,
status counts; and every failed request (5xx or no answer) with its time.
"""

import argparse
import http.client
import json
import random
import sys
import threading
import time
from urllib.parse import urlsplit

from bench.stats import percentile

TIMEOUT_SECONDS = 30


def worker(host, port, mix, stop_at, seed, out):
    """Send requests from `mix` until `stop_at` (monotonic); append what happened to `out`."""
    rng = random.Random(seed)  # noqa: S311 - an order, not a secret
    order = mix[:]
    rng.shuffle(order)
    records, conn, i = [], None, 0
    while time.monotonic() < stop_at:
        group, path = order[i % len(order)]
        i += 1
        started = time.monotonic()
        status = None
        try:
            if conn is None:
                conn = http.client.HTTPConnection(host, port, timeout=TIMEOUT_SECONDS)
            conn.request("GET", path, headers={"User-Agent": "ops.workload"})
            response = conn.getresponse()
            response.read()
            status = response.status
            if response.getheader("Connection", "").lower() == "close":
                conn.close()
                conn = None
        except (OSError, http.client.HTTPException):
            if conn is not None:
                conn.close()
            conn = None
        records.append((time.time(), group, path, status, time.monotonic() - started))
        if status is None:
            time.sleep(0.05)  # no server at all: do not spin
    if conn is not None:
        conn.close()
    out.append(records)


def failed(status):
    return status is None or status >= 500


def summarise(records, seconds):
    """Per-group and overall figures from (time, group, path, status, latency) records."""
    groups = {}
    for _, group, _, status, latency in records:
        entry = groups.setdefault(group, {"latencies": [], "statuses": {}})
        entry["latencies"].append(latency * 1000)
        key = str(status) if status is not None else "no answer"
        entry["statuses"][key] = entry["statuses"].get(key, 0) + 1
    groups["all"] = {
        "latencies": [r[4] * 1000 for r in records],
        "statuses": {},
    }
    for entry in list(groups.values())[:-1]:
        for key, n in entry["statuses"].items():
            groups["all"]["statuses"][key] = groups["all"]["statuses"].get(key, 0) + n
    figures = {}
    for group, entry in groups.items():
        lat = entry["latencies"]
        figures[group] = {
            "requests": len(lat),
            "requests_per_s": len(lat) / seconds if seconds else 0.0,
            "p50_ms": percentile(lat, 50),
            "p95_ms": percentile(lat, 95),
            "p99_ms": percentile(lat, 99),
            "statuses": entry["statuses"],
            "failed": sum(
                n for key, n in entry["statuses"].items() if key == "no answer" or key >= "500"
            ),
        }
    return figures


def timeline(records):
    seconds = {}
    for t, _, _, status, _ in records:
        entry = seconds.setdefault(int(t), [int(t), 0, 0])
        entry[2 if failed(status) else 1] += 1
    return [seconds[k] for k in sorted(seconds)]


def run(base, mix, seconds, connections, seed=1):
    parts = urlsplit(base)
    stop_at = time.monotonic() + seconds
    out = []
    started = time.time()
    threads = [
        threading.Thread(
            target=worker, args=(parts.hostname, parts.port, mix, stop_at, seed + n, out)
        )
        for n in range(connections)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.time() - started
    records = sorted(r for records in out for r in records)
    return {
        "base": base,
        "connections": connections,
        "seconds": elapsed,
        "started": started,
        "groups": summarise(records, elapsed),
        "failures": [
            {"time": t, "group": g, "path": p, "status": s}
            for t, g, p, s, _ in records
            if failed(s)
        ],
        # When each 4xx came, too: the load must not be asking for missing pages.
        "client_errors": [
            {"time": t, "path": p, "status": s}
            for t, _, p, s, _ in records
            if s is not None and 400 <= s < 500
        ][:50],
        "last_answer": max((t for t, *_ in records), default=None),
        # Answers per wall-clock second: [second, served, failed].
        "timeline": timeline(records),
    }


def main(argv=None):
    parser = argparse.ArgumentParser(prog="python -m ops.workload", description=__doc__)
    parser.add_argument("base", help="the proxy's base URL, e.g. http://127.0.0.1:8201")
    parser.add_argument("urls", help="JSON file: [[group, path], ...]")
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--out", help="write the result here (default: standard output)")
    args = parser.parse_args(argv)
    with open(args.urls, encoding="utf-8") as f:
        mix = [tuple(pair) for pair in json.load(f)]
    result = run(args.base, mix, args.seconds, args.connections)
    text = json.dumps(result)
    if args.out:
        with open(args.out, "w", encoding="utf-8") as f:
            f.write(text)
    else:
        sys.stdout.write(text + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
