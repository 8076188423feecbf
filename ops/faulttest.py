"""`make faulttest`: break PostgreSQL, Redis, a worker and a publish under load; print figures.

``python -m ops.faulttest [postgres redis worker publish]`` starts the cluster
(`ops.cluster`, its own PostgreSQL and Redis), runs each scenario of
`ops.faults` in turn, prints one table, writes .ops/faulttest.json, and exits 1
if any check failed. FAULTTEST_PROVIDERS (3000) sizes the directory;
FAULTTEST_VARIANT picks the app servers' variant (`ops.cluster.VARIANTS`).
"""

import json
import os
import sys
import time

from .cluster import Cluster, say
from .faults import SCENARIOS
from .loadtest import OUT, machine


def table(scenarios):
    lines = ["| scenario | figure | value |", "| --- | --- | ---: |"]
    for scenario in scenarios:
        for name, value in scenario.figures.items():
            if not name.startswith("_"):
                lines.append(f"| {scenario.name} | {name} | {value} |")
    lines += ["", "| scenario | check | |", "| --- | --- | --- |"]
    for scenario in scenarios:
        for name, ok in scenario.checks.items():
            lines.append(f"| {scenario.name} | {name} | {'pass' if ok else '**FAIL**'} |")
    return "\n".join(lines)


def main(argv=None):
    names = (argv if argv is not None else sys.argv[1:]) or list(SCENARIOS)
    providers = int(os.environ.get("FAULTTEST_PROVIDERS") or 3000)
    variant = os.environ.get("FAULTTEST_VARIANT", "uncached")
    say(f"faulttest: {', '.join(names)}; variant {variant}")
    scenarios = []
    with Cluster(providers=providers, variant=variant) as cluster:
        mix = cluster.url_mix()
        for name in names:
            say(f"  {name} ...")
            scenarios.append(SCENARIOS[name](cluster, mix))
    date = time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime())
    OUT.mkdir(exist_ok=True)
    (OUT / "faulttest.json").write_text(
        json.dumps(
            {
                "date": date,
                "machine": machine(),
                "variant": variant,
                "scenarios": [vars(s) | {"passed": s.passed} for s in scenarios],
            },
            indent=1,
            default=str,
        )
    )
    say(f"\n{date}, {machine()}\n")
    say(table(scenarios))
    failed = [s for s in scenarios if not s.passed]
    for scenario in failed:
        say(f"\nFAIL {scenario.name}: {scenario.failed_checks()}")
        for failure in scenario.figures.get("_failures", [])[:10]:
            say(f"  {failure}")
    say(f"\n{'PASS' if not failed else 'FAIL'}: {len(scenarios) - len(failed)}/{len(scenarios)}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
