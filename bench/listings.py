"""Every provider listing the API offers, at full size: latency and query plans.

`/api/v2/providers/` (`providers.api.ProvidersAPIViewSet.listing_view`) answers any mix
of `procedure`, `state`, `specialty`, `accepting_new_patients`, `telehealth`,
`language`, `search` and `order`, paged by `limit`/`offset` up to API_OFFSET_MAX. Each
combination below is requested in-process (Django test `Client`, as step f) and must
answer with p95 under TARGET_LISTING_P95_MS at a million providers; and no statement
it runs may plan a sequential scan of the provider or link table (`EXPLAIN`, no
ANALYZE: the plan PostgreSQL chooses for exactly that SQL).

Run as step f4 of `python -m bench.run`, or alone against a database the bench already
filled: `DATABASE_URL=postgres://…/cms_bench python -m bench.listings`.
"""

import os
import sys
import time
from urllib.parse import urlencode

from django.conf import settings
from django.db import connection
from django.test.utils import CaptureQueriesContext

from .config import TARGET_LISTING_P95_MS
from .stats import summary_ms

LIST = "/api/v2/providers/"
PROCEDURE = "vertebroplasty"
SCANNED_TABLES = ("providers_provider", "providers_providerprocedure")


def parameters(provider):
    """Filter values that exist in the directory: the most and least common primary
    specialty, a language some providers speak, a common surname and one doctor."""
    from django.db.models import Count

    from providers.models import Language, Provider

    specialties = (
        Provider.objects.filter(live=True, primary_specialty__isnull=False)
        .values_list("primary_specialty__code")
        .annotate(n=Count("pk"))
        .order_by("-n")
    )
    common = specialties.first()[0]
    rare = specialties.order_by("n").first()[0]
    language = (
        Language.objects.filter(providers__live=True)
        .annotate(n=Count("providers"))
        .order_by("-n")
        .values_list("code", flat=True)
        .first()
        or "es"
    )
    return {
        "common_specialty": common,
        "rare_specialty": rare,
        "language": language,
        "surname": provider.last_name.title(),
        "one_doctor": f"{provider.first_name} {provider.last_name}",
    }


def urls(values):
    """{name: URL}: each filter and order alone, some combinations, each with and without
    `procedure`, and the deepest page a client can ask for."""
    deepest = {"limit": settings.WAGTAILAPI_LIMIT_MAX, "offset": settings.API_OFFSET_MAX}
    filters = {
        "unfiltered": {},
        "state CA": {"state": "CA"},
        "state WY": {"state": "WY"},
        "common specialty": {"specialty": values["common_specialty"]},
        "rare specialty": {"specialty": values["rare_specialty"]},
        "accepting new patients": {"accepting_new_patients": "true"},
        "telehealth": {"telehealth": "true"},
        "language": {"language": values["language"]},
        "search: surname": {"search": values["surname"]},
        "search: one doctor": {"search": values["one_doctor"]},
        "order name": {"order": "name"},
        "order -years": {"order": "-years_in_practice"},
        "state CA, order -years": {"state": "CA", "order": "-years_in_practice"},
        # A state page searched by name (the same list as a state page's search box).
        "state CA, search: surname": {"state": "CA", "search": values["surname"]},
        "state CA, search: one doctor": {"state": "CA", "search": values["one_doctor"]},
        "state CA, specialty, search: surname": {
            "state": "CA",
            "specialty": values["common_specialty"],
            "search": values["surname"],
        },
        "state CA, specialty, accepting": {
            "state": "CA",
            "specialty": values["common_specialty"],
            "accepting_new_patients": "false",
        },
    }
    deep = ("unfiltered", "state CA", "order name", "order -years", "common specialty")
    found = {}
    for procedure in (False, True):
        for name, query in filters.items():
            query = {**({"procedure": PROCEDURE} if procedure else {}), **query}
            label = f"{'procedure, ' if procedure else ''}{name}"
            found[f"{label}, limit 50"] = f"{LIST}?{urlencode({**query, 'limit': 50})}"
            if name in deep:
                found[f"{label}, deepest page"] = f"{LIST}?{urlencode({**query, **deepest})}"
    return found


def seq_scans(sql, params=None):
    """The provider tables a statement's plan reads with a sequential scan."""
    with connection.cursor() as cursor:
        cursor.execute("EXPLAIN " + sql, params)  # our own ORM's SQL
        plan = "\n".join(row[0] for row in cursor.fetchall())
    return sorted(
        {table for table in SCANNED_TABLES if f"Seq Scan on {table} " in plan + " "}
    ), plan


def measure(named_urls, runs=5, warmup=1, say=None):
    """{name: summary_ms of `runs` requests, plus 'queries' and 'seq_scans'}; each line
    said as it is measured."""
    from . import inprocess

    browser = inprocess.client()
    results = {}
    for name, url in named_urls.items():
        for _ in range(warmup):
            inprocess.get_ok(browser, url)
        with CaptureQueriesContext(connection) as captured:
            inprocess.get_ok(browser, url)
        # Read now: the next request's `request_started` empties the query log.
        queries = captured.captured_queries
        scans, plans = set(), []
        for query in queries:
            tables, plan = seq_scans(query["sql"])
            scans.update(tables)
            if tables:
                plans.append(query["sql"] + "\n" + plan)
        samples = []
        for _ in range(runs):
            started = time.perf_counter()
            inprocess.get_ok(browser, url)
            samples.append(time.perf_counter() - started)
        result = results[name] = {
            **summary_ms(samples),
            "url": url,
            "queries": len(queries),
            "seq_scans": sorted(scans),
            "seq_scan_plans": plans,
        }
        if say:
            scanned = f", SEQ SCAN of {', '.join(scans)}" if scans else ""
            say(
                f"    {name}: p50 {result['p50_ms']:.1f} ms, p95 {result['p95_ms']:.1f} ms, "
                f"{result['queries']} queries{scanned}"
            )
    return results


def run(provider, say):
    """Measure every listing; returns (results, slowest name, listings with a seq scan)."""
    named = urls(parameters(provider))
    # BENCH_LISTING_ONLY=deepest measures only the listings whose name contains it.
    only = os.environ.get("BENCH_LISTING_ONLY", "")
    named = {name: url for name, url in named.items() if only in name}
    results = measure(named, runs=int(os.environ.get("BENCH_LISTING_RUNS") or 5), say=say)
    slowest = max(results, key=lambda name: results[name]["p95_ms"])
    scanned = [name for name, result in results.items() if result["seq_scans"]]
    for name in scanned:
        for plan in results[name]["seq_scan_plans"]:
            say(f"    plan of {name}:\n{plan}")
    return results, slowest, scanned


def middle_provider():
    from providers.models import Provider

    count = Provider.objects.count()
    return Provider.objects.order_by("pk")[count // 2]


def main():
    """Step f4 alone, against a database `python -m bench.run` filled."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cms.settings.bench")
    import django

    django.setup()
    # As a served worker does (cms.wsgi): full collections skip what start-up loaded.
    from core.memory import freeze_startup_objects

    freeze_startup_objects()

    def say(message):
        sys.stdout.write(message + "\n")
        sys.stdout.flush()

    results, slowest, scanned = run(middle_provider(), say)
    worst = results[slowest]
    say(
        f"\nslowest listing: {slowest}, p95 {worst['p95_ms']:.1f} ms "
        f"(target < {TARGET_LISTING_P95_MS} ms); listings planning a seq scan: {len(scanned)}"
    )
    return 0 if worst["p95_ms"] < TARGET_LISTING_P95_MS and not scanned else 1


if __name__ == "__main__":
    raise SystemExit(main())
