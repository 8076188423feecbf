"""Step i: an NPPES weekly update file applied to the full directory (issue 19).

Writes a weekly file in the real layout for the bench's directory
(`bench.synthetic.write_synthetic_update`: records of the full file changed that week,
NPIs deactivated, newly enumerated NPIs), applies it with `import_nppes` in its own
process as an operator would, and times the command: it returns once the per-state
counts are current (an update file moves them batch by batch) and the sitemaps read
the directory as it is. Then, right afterwards, it checks that the counts equal a
recount of every link and that the profile sitemaps list the new providers and none
of the deactivated ones.

`python -m bench.weekly` runs this step alone against a database `python -m bench.run`
filled; it changes the directory, so the full bench runs it last.
"""

import os
import sys
import time
from datetime import date, timedelta

from django.db import connection

from bench.synthetic import full_file_row, write_synthetic_update

from . import commands
from .config import OUT_DIR, TARGET_WEEKLY_SECONDS, WEEKLY_ROWS

# How many deactivated and new providers the sitemap check looks for.
SITEMAP_SAMPLE = 50
# The first weekly file's last day: after every date of the synthetic full file.
FIRST_WEEK_END = date(2025, 1, 4)
WEEK = timedelta(weeks=1)


def full_file_rows():
    """The number of rows of the full file the directory was loaded from (its NPIs are
    numbered in row order; the bench's copies and the demo's start with 8 and 9)."""
    from providers.models import Provider

    last = (
        Provider.objects.filter(npi__startswith="1")
        .order_by("-npi")
        .values_list("npi", flat=True)
        .first()
    )
    return full_file_row(last) + 1 if last else 0


def wrong_counts():
    """Pairs whose summary count differs from a recount of their live links."""
    from providers.models import ProcedureStateCount, ProviderProcedure

    links, counts = ProviderProcedure._meta.db_table, ProcedureStateCount._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT COUNT(*) FROM (SELECT procedure_id, state, COUNT(*) AS n "  # noqa: S608
            f"FROM {links} WHERE provider_live GROUP BY procedure_id, state) AS truth "
            f"FULL JOIN {counts} AS c USING (procedure_id, state) "
            "WHERE truth.n IS DISTINCT FROM c.providers"
        )
        return cursor.fetchone()[0]


def profile_prefix(language):
    """What a profile's path starts with in `language`, up to its NPI ("/doctors/",
    "/es/medicos/")."""
    from django.urls import reverse
    from django.utils import translation

    with translation.override(language):
        sample = reverse("providers:profile", kwargs={"npi": "0000000000", "slug": "x"})
    return sample[: sample.index("0000000000")]


def sitemap_mistakes(deactivated_npis, new_npis):
    """Deactivated providers a profile sitemap still lists, and new ones it misses, in
    any language: (providers wrong, providers checked, files read).

    File N of every language's section covers the same id range (`providers.sitemaps`).
    """
    from providers.models import Provider
    from providers.sitemaps import IdRangePaginator, profile_sections, urls_per_sitemap

    from . import inprocess

    pages = IdRangePaginator(Provider.objects.filter(live=True), urls_per_sitemap())
    ids = dict(
        Provider.objects.filter(npi__in=[*deactivated_npis, *new_npis]).values_list("npi", "id")
    )
    wanted = {npi: npi in new_npis for npi in [*deactivated_npis, *new_npis] if npi in ids}
    files = {}
    for npi in wanted:
        files.setdefault((ids[npi] - pages.low) // pages.per_page + 1, []).append(npi)
    browser = inprocess.client()
    wrong = set()
    sections = profile_sections()
    for number, npis in files.items():
        for section, language in sections.items():
            response = browser.get(f"/sitemap-{section}.xml?p={number}")
            if response.status_code != 200:
                raise inprocess.BadResponse(
                    f"sitemap-{section} file {number} answered {response.status_code}"
                )
            body = b"".join(response.streaming_content).decode()
            # The English file names the Spanish URL too (an alternate), and vice versa:
            # either is there exactly when the provider's `<url>` is.
            prefix = profile_prefix(language)
            wrong |= {npi for npi in npis if (f"{prefix}{npi}-" in body) != wanted[npi]}
    return len(wrong), len(wanted), len(files) * len(sections)


def run(database_url, say, rows=WEEKLY_ROWS, week=1):
    """Write and apply the file of the `week`-th week after the full file; returns the
    figures' values and details."""
    from providers.models import Provider

    from . import inprocess

    full_rows = full_file_rows()
    path = OUT_DIR / f"nppes_weekly_{rows}.csv"
    written = write_synthetic_update(
        path, rows, full_rows=full_rows, seed=week + 1, week_end=FIRST_WEEK_END + (week - 1) * WEEK
    )
    npis = written["npis"]
    live_before = set(
        Provider.objects.filter(npi__in=npis["deactivated"], live=True).values_list(
            "npi", flat=True
        )
    )
    held_before = set(Provider.objects.filter(npi__in=npis["new"]).values_list("npi", flat=True))
    wrong_before = wrong_counts()
    say(
        f"    {rows:,} rows for a full file of {full_rows:,}: {written['changed']:,} changed, "
        f"{written['deactivated']:,} deactivated, {written['new']:,} new "
        f"({path.stat().st_size / 1e6:,.0f} MB)"
    )
    applied = commands.manage(
        database_url,
        "import_nppes",
        path,
        "--reject-file",
        commands.LOG_DIR / "weekly_rejects.csv",
        log="import_weekly",
        json_summary=commands.LOG_DIR / "import_weekly.summary.json",
    )
    summary = applied.summary
    say(
        f"    applied in {applied.seconds:.1f} s: {summary['inserted']:,} inserted, "
        f"{summary['updated']:,} updated, {summary['deactivated']:,} deactivated, "
        f"{summary['skipped']:,} skipped"
    )
    started = time.perf_counter()
    browser = inprocess.client()
    for url in ("/sitemap.xml", "/sitemap-doctors.xml"):
        inprocess.get_ok(browser, url)
    sitemaps_ms = (time.perf_counter() - started) * 1000
    deactivated = sorted(live_before)[:SITEMAP_SAMPLE]
    new = sorted(
        set(Provider.objects.filter(npi__in=npis["new"], live=True).values_list("npi", flat=True))
        - held_before
    )[:SITEMAP_SAMPLE]
    mistakes, checked, files = sitemap_mistakes(deactivated, new)
    wrong_after = wrong_counts()
    say(
        f"    right afterwards: index and state pages sitemaps in {sitemaps_ms:.0f} ms; "
        f"{wrong_after} pairs counted wrong (before: {wrong_before}); {mistakes} of "
        f"{checked} providers wrong in {files} profile sitemap files"
    )
    return {
        "rows": rows,
        "full_file_rows": full_rows,
        "written": {key: value for key, value in written.items() if key != "npis"},
        "summary": summary,
        "seconds": applied.seconds,
        "maxrss_mb": applied.maxrss_mb,
        "sitemaps_ms": sitemaps_ms,
        "wrong_counts_before": wrong_before,
        "wrong_counts_after": wrong_after,
        "sitemap_mistakes": mistakes,
        "sitemap_checked": checked,
        "target_seconds": TARGET_WEEKLY_SECONDS,
    }


def main(argv=None):
    """Step i alone, against a database `python -m bench.run` filled. Each run changes
    the directory: give `--week 2`, 3… to apply the following weeks' files."""
    import argparse

    from .config import load

    parser = argparse.ArgumentParser(prog="python -m bench.weekly")
    parser.add_argument("--week", type=int, default=1)
    args = parser.parse_args(argv)

    cfg = load()
    os.environ["DJANGO_SETTINGS_MODULE"] = "cms.settings.bench"
    os.environ["DATABASE_URL"] = cfg.database_url
    import django

    django.setup()

    def say(message):
        sys.stdout.write(message + "\n")
        sys.stdout.flush()

    result = run(cfg.database_url, say, cfg.weekly_rows, args.week)
    ok = (
        result["seconds"] <= TARGET_WEEKLY_SECONDS
        and not result["wrong_counts_after"]
        and not result["sitemap_mistakes"]
    )
    say(
        f"\nweekly file of {result['rows']:,} rows: {result['seconds']:.1f} s "
        f"(target <= {TARGET_WEEKLY_SECONDS} s, {result['seconds'] / TARGET_WEEKLY_SECONDS:.2f}x)"
    )
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
