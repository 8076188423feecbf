"""A small closed-loop HTTP load generator: N threads, keep-alive, fixed duration.

``python -m bench.loadgen http://127.0.0.1:8000 /healthz [--threads 4] [--duration 10]
[--warmup 2] [--header "If-None-Match: W/\"...\""]`` prints one JSON object: requests/s,
p50/p95 latency, the count of each status and every non-2xx or failed request.

It runs in its own process so that its work (and its GIL) is not the server's.
Each thread keeps one persistent ``http.client`` connection and sends the next
request as soon as the last answer is read, so the request rate is what the
server sustains at that concurrency. Requests finishing during the warm-up are
not counted (workers load code and fill caches then).
"""

import argparse
import http.client
import json
import sys
import threading
import time
from urllib.parse import urlsplit

from .stats import percentile


def worker(host, port, path, measure_from, stop, out, headers=None):
    latencies, statuses, errors = [], {}, 0
    conn = None
    while True:
        now = time.perf_counter()
        if now >= stop:
            break
        try:
            if conn is None:
                conn = http.client.HTTPConnection(host, port, timeout=30)
            sent = time.perf_counter()
            conn.request("GET", path, headers=headers or {})
            response = conn.getresponse()
            response.read()
            done = time.perf_counter()
            if response.getheader("Connection", "").lower() == "close":
                conn.close()
                conn = None
        except (OSError, http.client.HTTPException):
            errors += int(time.perf_counter() >= measure_from)
            if conn is not None:
                conn.close()
            conn = None
            continue
        if measure_from <= done < stop:
            latencies.append(done - sent)
            statuses[response.status] = statuses.get(response.status, 0) + 1
    if conn is not None:
        conn.close()
    out.append((latencies, statuses, errors))


def run(url, path, threads, duration, warmup, headers=None):
    parts = urlsplit(url)
    measure_from = time.perf_counter() + warmup
    stop = measure_from + duration
    out = []
    pool = [
        threading.Thread(
            target=worker,
            args=(parts.hostname, parts.port, path, measure_from, stop, out, headers),
        )
        for _ in range(threads)
    ]
    for thread in pool:
        thread.start()
    for thread in pool:
        thread.join()
    latencies = [value * 1000 for lat, _, _ in out for value in lat]
    statuses = {}
    for _, counted, _ in out:
        for status, n in counted.items():
            statuses[str(status)] = statuses.get(str(status), 0) + n
    errors = sum(e for _, _, e in out)
    non_2xx = sum(n for status, n in statuses.items() if not status.startswith("2"))
    return {
        "path": path,
        "threads": threads,
        "duration_s": duration,
        "requests": len(latencies),
        "requests_per_s": len(latencies) / duration,
        "p50_ms": percentile(latencies, 50),
        "p95_ms": percentile(latencies, 95),
        "statuses": statuses,
        "non_2xx": non_2xx,
        "errors": errors,
    }


def main(argv=None):
    parser = argparse.ArgumentParser(prog="python -m bench.loadgen", description=__doc__)
    parser.add_argument("url", help="server base URL, e.g. http://127.0.0.1:8000")
    parser.add_argument("path", help="path to request, e.g. /healthz")
    parser.add_argument("--threads", type=int, default=4)
    parser.add_argument("--duration", type=float, default=10.0)
    parser.add_argument("--warmup", type=float, default=2.0)
    parser.add_argument(
        "--header", action="append", default=[], help='a request header, "Name: value"'
    )
    args = parser.parse_args(argv)
    headers = dict(header.split(":", 1) for header in args.header)
    headers = {name.strip(): value.strip() for name, value in headers.items()}
    result = run(args.url, args.path, args.threads, args.duration, args.warmup, headers)
    sys.stdout.write(json.dumps(result) + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
