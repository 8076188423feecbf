"""`make loadtest`: the mixed read workload against the two-server setup, with figures.

``python -m ops.loadtest`` starts the cluster (`ops.cluster`), warms it up, runs
`ops.workload` from a second process for LOADTEST_SECONDS (60) at
LOADTEST_CONNECTIONS (16), prints req/s and p50/p95/p99 per URL group, writes
.ops/loadtest.json, and exits 1 on any 5xx or unanswered request.
LOADTEST_PROVIDERS (3000) sizes the directory; LOADTEST_VARIANT picks the app
servers' variant (`ops.cluster.VARIANTS`).
"""

import json
import os
import platform
import sys
import time

from .cluster import ROOT, Cluster, finish_workload, run_workload, say

OUT = ROOT / ".ops"
WARMUP_SECONDS = 5


def env_number(name, default, kind=float):
    return kind(os.environ.get(name) or default)


def table(result):
    """The figures as a Markdown table, one row per URL group."""
    lines = [
        "| group | requests | req/s | p50 ms | p95 ms | p99 ms | 5xx or no answer |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    groups = result["groups"]
    for name in [*sorted(g for g in groups if g != "all"), "all"]:
        g = groups[name]
        label = "**all**" if name == "all" else name
        lines.append(
            f"| {label} | {g['requests']:,} | {g['requests_per_s']:,.1f} | {g['p50_ms']:.0f} "
            f"| {g['p95_ms']:.0f} | {g['p99_ms']:.0f} | {g['failed']} |"
        )
    return "\n".join(lines)


def machine():
    return f"{platform.node()}, {os.cpu_count()} cores, Python {platform.python_version()}"


def run_load(cluster, seconds, connections):
    mix = cluster.url_mix()
    warm, out = run_workload(cluster, mix, WARMUP_SECONDS, 4)
    finish_workload(warm, out, WARMUP_SECONDS + 120)
    process, out = run_workload(cluster, mix, seconds, connections)
    result = finish_workload(process, out, seconds + 180)
    result["urls"] = len(mix)
    return result


def main():
    seconds = env_number("LOADTEST_SECONDS", 60)
    connections = env_number("LOADTEST_CONNECTIONS", 16, int)
    providers = env_number("LOADTEST_PROVIDERS", 3000, int)
    variant = os.environ.get("LOADTEST_VARIANT", "uncached")
    say(f"loadtest: {seconds:.0f} s at {connections} connections, variant {variant}")
    with Cluster(providers=providers, variant=variant) as cluster:
        result = run_load(cluster, seconds, connections)
    result.update(
        variant=variant,
        providers=providers,
        date=time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()),
        machine=machine(),
    )
    OUT.mkdir(exist_ok=True)
    (OUT / "loadtest.json").write_text(json.dumps(result, indent=1))
    say(
        f"\n{result['date']}, {result['machine']}; {result['urls']} URLs, "
        f"{connections} connections, {result['seconds']:.0f} s, variant {variant}\n"
    )
    say(table(result))
    failed = result["groups"]["all"]["failed"]
    for failure in result["failures"][:10]:
        say(f"  failed: {failure}")
    for error in result["client_errors"][:10]:
        say(f"  4xx: {error}")
    say(f"\n{'PASS' if not failed else 'FAIL'}: {failed} responses 5xx or unanswered")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
