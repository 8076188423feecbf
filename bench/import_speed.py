"""`python -m bench.import_speed [--runs N] [--rows N]`: the raw COPY baseline (step b)
and an initial `import_nppes` (step d) back to back, nothing else.

For work on the importer: each run recreates the benchmark database from a migrated
copy with the demo content (made once, in ``<bench database>_small``), measures the
raw COPY of the file into it, then imports the whole file, and prints rows/s, the
ratio to COPY, peak RSS and the importer's own phase timings (`phases` in its JSON
summary). Machines shared with other work make single figures noisy: the ratio of
the two measured in the same run is the one to compare. ``--rows N`` stops the
import after N rows (`--limit`), for quick loops.
"""

import argparse
import json
import os
import sys

from . import commands, db
from .config import OUT_DIR, TARGET_IMPORT_COPY_RATIO, TARGET_IMPORT_ROWS_PER_S, load


def say(message):
    sys.stdout.write(message + "\n")
    sys.stdout.flush()


def prepare_template(cfg):
    db.check_server(cfg.maintenance_url)
    db.recreate(cfg.maintenance_url, cfg.small_database_name)
    commands.manage(cfg.small_database_url, "migrate", "--noinput", log="speed_migrate")
    commands.manage(cfg.small_database_url, "load_demo_content", log="speed_demo")


def one_run(cfg, number, rows=None, log_slow=None):
    db.recreate(cfg.maintenance_url, cfg.database_name, template=cfg.small_database_name)
    if log_slow is not None:
        # The server log then names every statement slower than this, with its time,
        # and the plan of those slower than ten times it (auto_explain).
        with db.connect(cfg.maintenance_url, autocommit=True) as conn:
            for setting, value in (
                ("log_min_duration_statement", int(log_slow)),
                ("session_preload_libraries", "'auto_explain'"),
                ("auto_explain.log_min_duration", max(10 * int(log_slow), 5)),
            ):
                conn.execute(f'ALTER DATABASE "{cfg.database_name}" SET {setting} = {value}')
    lines, seconds = db.copy_baseline(cfg.database_url, cfg.file)
    copy_rate = lines / seconds
    args = ["import_nppes", cfg.file, "--reject-file", commands.LOG_DIR / "speed_rejects.csv"]
    if rows:
        args += ["--limit", rows]
    run = commands.manage(
        cfg.database_url,
        *args,
        log=f"speed_import_{number}",
        json_summary=commands.LOG_DIR / f"speed_import_{number}.summary.json",
    )
    rate = run.summary["rows"] / run.seconds
    result = {
        "copy_rows_per_s": round(copy_rate),
        "rows": run.summary["rows"],
        "wall_seconds": round(run.seconds, 1),
        "rows_per_s": round(rate),
        "x_copy": round(rate / copy_rate, 3),
        "peak_rss_mb": round(run.maxrss_mb),
        "phases": run.summary.get("phases"),
    }
    met = rate >= TARGET_IMPORT_ROWS_PER_S and rate >= TARGET_IMPORT_COPY_RATIO * copy_rate
    say(
        f"run {number}: COPY {copy_rate:,.0f} rows/s; import {run.summary['rows']:,} rows in "
        f"{run.seconds:.1f} s = {rate:,.0f} rows/s = {rate / copy_rate:.3f}x COPY, "
        f"peak RSS {run.maxrss_mb:.0f} MB ({'met' if met else 'missed'})"
    )
    for name, value in (run.summary.get("phases") or {}).items():
        if isinstance(value, dict):
            for index, seconds in value.items():
                say(f"    {name}: {index} {seconds} s")
        else:
            say(f"    {name}: {value} s")
    return result


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=1)
    parser.add_argument("--rows", type=int, help="import only this many rows (--limit)")
    parser.add_argument("--reuse-template", action="store_true", help="skip migrate/demo")
    parser.add_argument(
        "--log-slow", type=int, metavar="MS", help="log statements slower than MS ms (server log)"
    )
    options = parser.parse_args(argv)
    cfg = load()
    os.environ.setdefault("DATABASE_PREPARE_THRESHOLD", "5")  # as bench.run
    say(f"Databases {cfg.database_name} (template {cfg.small_database_name}), file {cfg.file}")
    if not options.reuse_template:
        prepare_template(cfg)
    results = [
        one_run(cfg, number, options.rows, options.log_slow)
        for number in range(1, options.runs + 1)
    ]
    OUT_DIR.mkdir(exist_ok=True)
    out = OUT_DIR / "import_speed.json"
    out.write_text(json.dumps(results, indent=2))
    say(f"Results: {out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
