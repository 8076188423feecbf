"""The by-provider importer at scale: `import_procedure_volume`, keeping each doctor's
Medicare figures (the `costs` app), against raw COPY of the same file.

The file is written in the real layout (`bench.synthetic.write_synthetic_volume`) with
ten rows per NPI over a realistic spread of codes, of which the procedure pages' codes
are a small share, as in CMS's file (thousands of codes, a handful per procedure).
Targets: at least `TARGET_IMPORT_COPY_RATIO` x COPY's rows/s, peak RSS at most
`TARGET_PEAK_RSS_MB`. `make bench` runs it on the full-size file (step d2);
`python -m bench.by_provider --rows 200000` runs it alone against DATABASE_URL.
"""

import argparse
import os
import sys

from . import commands, db
from .config import OUT_DIR, SETTINGS, TARGET_IMPORT_COPY_RATIO, TARGET_PEAK_RSS_MB
from .synthetic import full_file_npi, write_synthetic_volume

DEFAULT_ROWS = 10_000_000
ROWS_PER_NPI = 10
# Codes that no procedure page lists, to dilute the pages' codes as the real file does.
OTHER_CODES = [str(code) for code in range(70010, 70010 + 600)]


def measure(database_url, rows, page_codes, out_dir=OUT_DIR):
    """Write a `rows`-row file, COPY it, import it; return the figures as a dict."""
    out_dir.mkdir(parents=True, exist_ok=True)
    path = out_dir / f"by_provider_{rows}.csv"
    npis = [full_file_npi(row) for row in range(max(1, rows // ROWS_PER_NPI))]
    written = write_synthetic_volume(
        path, npis, [*page_codes, *OTHER_CODES], year_rows=rows, seed=2023
    )
    lines, copy_seconds = db.copy_baseline(database_url, path)
    run = commands.manage(
        database_url,
        "import_procedure_volume",
        path,
        "--year",
        "2023",
        "--reject-file",
        commands.LOG_DIR / "by_provider_rejects.csv",
        log="import_by_provider",
        json_summary=commands.LOG_DIR / "import_by_provider.summary.json",
    )
    copy_rate = lines / copy_seconds
    rate = written["rows"] / run.seconds
    # The command's own time, without Django's start-up (which a small file shows
    # out of proportion; the target is judged on the wall time of the full file).
    own_seconds = (run.summary or {}).get("seconds") or run.seconds
    return {
        "rows": written["rows"],
        "file_mb": path.stat().st_size / 1e6,
        "copy_rows_per_s": copy_rate,
        "import_rows_per_s": rate,
        "ratio_to_copy": rate / copy_rate,
        "import_seconds": run.seconds,
        "command_rows_per_s": written["rows"] / own_seconds,
        "command_ratio_to_copy": written["rows"] / own_seconds / copy_rate,
        "maxrss_mb": run.maxrss_mb,
        "figures_kept": (run.summary or {}).get("figures", 0),
        "ratio_met": rate >= TARGET_IMPORT_COPY_RATIO * copy_rate,
        "rss_met": run.maxrss_mb <= TARGET_PEAK_RSS_MB,
    }


def page_codes_from_database():
    """Every procedure page's codes (the figures the importer keeps)."""
    from costs.importers.by_provider import ByProviderFigures

    return sorted(ByProviderFigures().codes())


def main(argv=None):
    parser = argparse.ArgumentParser(prog="python -m bench.by_provider", description=__doc__)
    parser.add_argument("--rows", type=int, default=DEFAULT_ROWS)
    parser.add_argument("--database-url", default=os.environ.get("DATABASE_URL"))
    args = parser.parse_args(argv)
    if not args.database_url:
        parser.error("--database-url or DATABASE_URL is required (PostgreSQL)")
    os.environ["DATABASE_URL"] = args.database_url
    os.environ["DJANGO_SETTINGS_MODULE"] = SETTINGS
    import django

    django.setup()
    result = measure(args.database_url, args.rows, page_codes_from_database())
    for key, value in result.items():
        text = f"{value:,.2f}" if isinstance(value, float) else value
        sys.stdout.write(f"{key:>18}: {text}\n")
    return 0 if result["ratio_met"] and result["rss_met"] else 1


if __name__ == "__main__":
    sys.exit(main())
