"""`python -m bench.run`: the whole benchmark, from an empty database to one table.

Steps (docs/performance.md says what each target protects):

a. the demo site topped up to ~1,000 providers: SQL queries per request;
b. raw COPY of the file: the upper bound for any loader (the import baseline);
c. `import_nppes --limit 100000` into a scratch database: time and peak RSS;
d. `import_nppes` of the whole file, then `import_procedure_volume` of a
   synthetic Medicare file, so rankings include billing-volume links;
e. top up to exactly BENCH_PROVIDERS (1,000,000) providers, VACUUM ANALYZE;
f. DB time of a state page's listing, in-process request latency (vs /healthz);
f2. provider search, the admin provider list and chooser, the API's ?search=;
f3. the sitemap index and its files (the last file of profiles as fast as the first);
f4. every provider listing the API offers (`bench.listings`): p95 and query plans;
g. HTTP requests/s under gunicorn (vs /healthz), the API's provider and page lists
   uncached, and revalidations (If-None-Match answered 304) of the procedure page and
   an API list;
f5. the site search page (/search/?q=) over 1,000 procedures and the whole directory, and
    the Spanish one (/es/search/?q=) over their 1,000 Spanish translations;
h. SQL queries per request again: they must not grow with the directory;
i. a 30,000-row NPPES weekly update file applied to the full directory (`bench.weekly`),
   timed until its counts are current, then the counts and sitemaps checked.
"""

import importlib.util
import json
import os
import sys
import time
import unicodedata
from urllib.parse import urlencode

from . import commands, db, report
from .config import (
    BENCH_PROCEDURES,
    OUT_DIR,
    ROOT,
    SETTINGS,
    TARGET_ADMIN_DASHBOARD_RATIO,
    TARGET_API_LIST_RPS_SHARE,
    TARGET_API_P50_MS,
    TARGET_IMPORT_COPY_RATIO,
    TARGET_IMPORT_ROWS_PER_S,
    TARGET_LISTING_P95_MS,
    TARGET_PAGE_CACHE_RPS_SHARE,
    TARGET_PEAK_RSS_MB,
    TARGET_PROCEDURE_RPS_SHARE,
    TARGET_REVALIDATION_RPS_SHARE,
    TARGET_SEARCH_DB_P95_MS,
    TARGET_SITE_SEARCH_P95_MS,
    TARGET_STATE_DB_P95_MS,
    TARGET_WEEKLY_SECONDS,
    load,
)
from .report import Figure

FEATURED_ON = "vertebroplasty"
POPULOUS_STATE = ("CA", "california")
STEP_A_PROVIDERS = 1000
SMALL_IMPORT_ROWS = 100_000
# (procedure slug, state): two large states, a middling one and a small one.
LATENCY_PAIRS = [
    ("vertebroplasty", "CA"),
    ("vertebroplasty", "TX"),
    ("total-knee-replacement", "FL"),
    ("colonoscopy", "NY"),
    ("vertebroplasty", "WY"),
]
LATENCY_RUNS = 250
REQUEST_RUNS = 100


# The procedure page with its one template fragment cache off too (the target is for
# the page uncached, which it is; this row shows what the fragment cache is worth).
NO_FRAGMENT_CACHE = "procedure page, map fragment not cached either"
# Prepared statements are opt-in (DATABASE_PREPARE_THRESHOLD); the bench runs with them
# on, as a deployment without a transaction-pooling pgbouncer would, and shows this row
# for the default.
PREPARE_THRESHOLD = "5"
NO_PREPARED_STATEMENTS = "procedure page, prepared statements off (the default)"


def urls():
    """The directory URLs whose SQL count must not grow with the directory, in English
    and in every other language (same targets, same number of queries)."""
    code, slug = POPULOUS_STATE
    english = {
        "procedure page": f"/procedures/{FEATURED_ON}/",
        "state page": f"/procedures/{FEATURED_ON}/doctors/{slug}/",
        "API list": f"/api/v2/providers/?procedure={FEATURED_ON}&state={code}",
    }
    return {**english, **translated_urls()}


def translated_urls():
    """The featured procedure's translations (their slugs are the language's own, so
    they come from the database), its state page, and the API list in that language."""
    from django.utils import translation

    from procedures.models import ProcedurePage

    code, slug = POPULOUS_STATE
    source = ProcedurePage.objects.filter(slug=FEATURED_ON, locale__language_code="en").first()
    if source is None:
        return {}
    found = {}
    for page in source.get_translations().live().select_related("locale"):
        language = page.locale.language_code
        with translation.override(language):
            url = page.url
            state = page.reverse_subpage("doctors_in_state", kwargs={"state_slug": slug})
        found[f"procedure page ({language})"] = url
        found[f"state page ({language})"] = url + state
        found[f"API list ({language})"] = (
            f"/api/v2/providers/?procedure={FEATURED_ON}&state={code}&locale={language}"
        )
    return found


def api_list_urls():
    """The API lists apps page through, uncached: each >= 5% of /healthz req/s, in
    English and in Spanish (labels in the language asked for, same queries)."""
    pages = "/api/v2/pages/?type=procedures.ProcedurePage&fields=summary,sections&limit=20"
    return {
        "API provider list": "/api/v2/providers/?limit=50",
        "API pages list": pages,
        "API provider list (es)": "/api/v2/providers/?limit=50&locale=es",
        "API pages list (es)": f"{pages}&locale=es",
    }


def revalidation_urls():
    """Revalidated with their own ETag: each request must be a 304 (docs/api.md#caching)."""
    return {
        "revalidation: procedure page": f"/procedures/{FEATURED_ON}/",
        "revalidation: API pages list": (
            "/api/v2/pages/?type=procedures.ProcedurePage&fields=summary,sections&limit=20"
        ),
    }


def say(message):
    sys.stdout.write(message + "\n")
    sys.stdout.flush()


class Bench:
    def __init__(self, cfg):
        self.cfg = cfg
        self.figures = []
        self.details = {
            "database": cfg.database_name,
            "file": str(cfg.file),
            "providers_target": cfg.providers,
            "cpu_count": os.cpu_count(),
        }
        self.has_importer = commands.has_command("import_nppes")
        self.has_volume_importer = commands.has_command("import_procedure_volume")
        self.reject_file = commands.LOG_DIR / "rejects.csv"

    def add(self, *args, **kwargs):
        figure = Figure(*args, **kwargs)
        self.figures.append(figure)
        return figure

    def step(self, label, function):
        say(f"[{label}]")
        started = time.perf_counter()
        function()
        say(f"    done in {time.perf_counter() - started:.1f} s")

    # -- setup ---------------------------------------------------------------

    def setup_databases(self):
        cfg = self.cfg
        self.details["postgresql"] = db.check_server(cfg.maintenance_url)
        db.recreate(cfg.maintenance_url, cfg.database_name)
        commands.manage(cfg.database_url, "migrate", "--noinput", log="migrate")
        commands.manage(cfg.database_url, "load_demo_content", log="load_demo_content")
        # The scratch database starts as the same demo site, without a second migrate.
        db.recreate(cfg.maintenance_url, cfg.small_database_name, template=cfg.database_name)

    def import_nppes(self, url, *args, log):
        summary = commands.LOG_DIR / f"{log}.summary.json"
        return commands.manage(
            url,
            "import_nppes",
            self.cfg.file,
            *args,
            "--reject-file",
            self.reject_file,
            log=log,
            json_summary=summary,
        )

    # -- a -------------------------------------------------------------------

    def step_a(self):
        from . import dataset, inprocess

        limit, count = STEP_A_PROVIDERS, dataset.provider_count()
        while self.has_importer and count < STEP_A_PROVIDERS:
            self.import_nppes(self.cfg.database_url, "--limit", limit, log="import_1k")
            count, before = dataset.provider_count(), count
            if count == before:  # the file has no more importable rows
                break
            limit *= 2
        dataset.top_up_providers(STEP_A_PROVIDERS)  # no importer, or a file with few rows
        featured = dataset.feature_providers(FEATURED_ON)
        self.counts_1k, slowest = inprocess.query_counts(urls())
        self.details["step_a"] = {
            "providers": dataset.provider_count(),
            "links": dataset.link_count(),
            "featured": featured,
            "queries": self.counts_1k,
            "slowest_queries": slowest,
        }
        step_a = self.details["step_a"]
        say(f"    {step_a['providers']:,} providers, {step_a['links']:,} links")
        say(f"    SQL queries per request: {self.counts_1k}")

    # -- b -------------------------------------------------------------------

    def step_b(self):
        lines, seconds = db.copy_baseline(self.cfg.small_database_url, self.cfg.file)
        self.copy_lines = lines
        self.copy_rate = lines / seconds
        size_mb = self.cfg.file.stat().st_size / 1e6
        self.details["copy"] = {"lines": lines, "seconds": seconds, "mb": size_mb}
        self.add("raw COPY of the file", self.copy_rate, "rows/s", note="")
        say(f"    {lines:,} lines, {size_mb:,.0f} MB in {seconds:.1f} s")

    # -- c -------------------------------------------------------------------

    def step_c(self):
        idle = commands.manage(self.cfg.database_url, "check", log="check")
        self.idle_rss = idle.maxrss_mb
        self.details["idle_django_rss_mb"] = self.idle_rss
        if not self.has_importer:
            self.skipped("import 100k", "import_nppes missing")
            return
        run = self.import_nppes(
            self.cfg.small_database_url, "--limit", SMALL_IMPORT_ROWS, log="import_100k"
        )
        self.details["import_100k"] = {**run.summary, "wall_seconds": run.seconds}
        rate = run.summary["rows"] / run.seconds
        self.add("import --limit 100k: rows/s (wall)", rate, "rows/s", self.copy_rate, "COPY")
        self.add(
            "import --limit 100k: peak RSS",
            run.maxrss_mb,
            "MB",
            self.idle_rss,
            "manage.py check",
            target=f"<= {TARGET_PEAK_RSS_MB} MB",
            met=run.maxrss_mb <= TARGET_PEAK_RSS_MB,
        )
        say(f"    {run.summary['rows']:,} rows in {run.seconds:.1f} s, {run.maxrss_mb:.0f} MB")

    # -- d -------------------------------------------------------------------

    def step_d(self):
        if not self.has_importer:
            self.skipped("import 1M", "import_nppes missing")
            return
        run = self.import_nppes(self.cfg.database_url, log="import_full")
        rows = run.summary["rows"]
        rate = rows / run.seconds
        self.details["import_full"] = {**run.summary, "wall_seconds": run.seconds}
        self.add(
            f"import {rows:,} rows: rows/s (wall)",
            rate,
            "rows/s",
            self.copy_rate,
            "COPY",
            target=f">= {TARGET_IMPORT_ROWS_PER_S:,}, >= {TARGET_IMPORT_COPY_RATIO}x COPY",
            met=rate >= TARGET_IMPORT_ROWS_PER_S
            and rate >= TARGET_IMPORT_COPY_RATIO * self.copy_rate,
        )
        self.add(
            "import full file: importer's own rows/s",
            run.summary.get("rows_per_second"),
            "rows/s",
            self.copy_rate,
            "COPY",
        )
        self.add(
            "import full file: peak RSS",
            run.maxrss_mb,
            "MB",
            self.idle_rss,
            "manage.py check",
            target=f"<= {TARGET_PEAK_RSS_MB} MB",
            met=run.maxrss_mb <= TARGET_PEAK_RSS_MB,
        )
        say(f"    {rows:,} rows in {run.seconds:.1f} s, {run.maxrss_mb:.0f} MB")
        self.import_volume()

    def import_volume(self):
        from bench.synthetic import write_synthetic_volume

        from . import dataset

        if not self.has_volume_importer:
            self.details["import_volume"] = "skipped: import_procedure_volume missing"
            say("    import_procedure_volume missing: no billing-volume links from a file")
            return
        npis, codes = dataset.volume_npis(), dataset.volume_codes()
        path = OUT_DIR / "medicare_volume_2023.csv"
        written = write_synthetic_volume(path, npis, codes, seed=2023)
        run = commands.manage(
            self.cfg.database_url,
            "import_procedure_volume",
            path,
            "--year",
            "2023",
            "--reject-file",
            commands.LOG_DIR / "volume_rejects.csv",
            log="import_volume",
            json_summary=commands.LOG_DIR / "import_volume.summary.json",
        )
        self.details["import_volume"] = {
            "file_rows": written["rows"],
            "npis": len(npis),
            "codes": codes,
            "summary": run.summary,
            "wall_seconds": run.seconds,
            "maxrss_mb": run.maxrss_mb,
        }
        say(f"    volume: {written['rows']:,} rows for {len(npis):,} NPIs in {run.seconds:.1f} s")

    # -- d2 ------------------------------------------------------------------

    def step_by_provider(self):
        """The by-provider import keeping each doctor's figures, on a file of
        BENCH_BY_PROVIDER_ROWS rows (default: a year's size), in the scratch database."""
        from .by_provider import DEFAULT_ROWS, measure, page_codes_from_database

        if not self.has_volume_importer:
            self.skipped("by-provider import", "import_procedure_volume missing")
            return
        rows = int(os.environ.get("BENCH_BY_PROVIDER_ROWS", DEFAULT_ROWS))
        result = measure(self.cfg.small_database_url, rows, page_codes_from_database())
        self.details["import_by_provider"] = result
        self.add(
            f"by-provider import {result['rows']:,} rows: rows/s (wall)",
            result["import_rows_per_s"],
            "rows/s",
            result["copy_rows_per_s"],
            "COPY",
            target=f">= {TARGET_IMPORT_COPY_RATIO}x COPY",
            met=result["ratio_met"],
        )
        self.add(
            "by-provider import: peak RSS",
            result["maxrss_mb"],
            "MB",
            self.idle_rss,
            "manage.py check",
            target=f"<= {TARGET_PEAK_RSS_MB} MB",
            met=result["rss_met"],
        )
        say(
            f"    {result['rows']:,} rows in {result['import_seconds']:.1f} s "
            f"({result['ratio_to_copy']:.2f}x COPY), {result['maxrss_mb']:.0f} MB, "
            f"{result['figures_kept']:,} figures kept"
        )

    # -- e -------------------------------------------------------------------

    def step_e(self):
        from . import dataset

        added = dataset.top_up_providers(self.cfg.providers)
        dataset.vacuum_analyze()
        providers, links = dataset.provider_count(), dataset.link_count()
        self.details["population"] = {"providers": providers, "links": links, "copied": added}
        self.add("providers in the directory", providers, "providers", note="")
        self.add("provider-procedure links", links, "links", note="")
        say(f"    {providers:,} providers ({added:,} copied), {links:,} links")

    # -- f -------------------------------------------------------------------

    def step_f(self):
        from procedures.models import ProcedurePage

        from . import inprocess

        pages = {page.slug: page for page in ProcedurePage.objects.all()}
        pairs = [(pages[slug], state) for slug, state in LATENCY_PAIRS]
        round_trip = inprocess.round_trip()
        listing = inprocess.first_page_db_time(pairs, LATENCY_RUNS)
        self.details["round_trip"] = round_trip
        self.details["first_page_db"] = listing
        self.details["explain_state_listing"] = inprocess.explain(*pairs[0])
        for key, value in sorted(listing["by_pair"].items()):
            say(f"    listing {key}: p50 {value['p50_ms']:.2f} ms, p95 {value['p95_ms']:.2f} ms")
        if listing["p95_ms"] > TARGET_STATE_DB_P95_MS:
            for plan in self.details["explain_state_listing"]:
                say(f"    EXPLAIN ANALYZE ({pairs[0][0].slug}, {pairs[0][1]}):\n{plan}")
        rt = round_trip["p50_ms"]
        self.add("state listing DB time p50", listing["p50_ms"], "ms", rt, "SELECT 1")
        self.add(
            "state listing DB time p95",
            listing["p95_ms"],
            "ms",
            rt,
            "SELECT 1",
            target=f"<= {TARGET_STATE_DB_P95_MS} ms",
            met=listing["p95_ms"] <= TARGET_STATE_DB_P95_MS,
        )
        healthz = inprocess.request_latency(["/healthz"], REQUEST_RUNS)
        procedure_urls = sorted({pages[slug].url for slug, _ in LATENCY_PAIRS})
        state_urls = [
            f"{pages[slug].url}doctors/{state_slug(state)}/" for slug, state in LATENCY_PAIRS
        ]
        api_urls = [
            f"/api/v2/providers/?procedure={slug}&state={state}" for slug, state in LATENCY_PAIRS
        ]
        measured = {
            "procedure page": (inprocess.request_latency(procedure_urls, REQUEST_RUNS), None),
            "state page": (inprocess.request_latency(state_urls, REQUEST_RUNS), None),
            "API list": (inprocess.request_latency(api_urls, REQUEST_RUNS), TARGET_API_P50_MS),
        }
        self.details["in_process"] = {
            "healthz": healthz,
            **{name: result for name, (result, _) in measured.items()},
        }
        for name, (result, target) in measured.items():
            share = f"DB {100 * result['db_share']:.0f}%"
            self.add(
                f"{name} request p50 (in-process)",
                result["p50_ms"],
                "ms",
                healthz["p50_ms"],
                "/healthz",
                target=f"<= {target} ms" if target else "",
                met=result["p50_ms"] <= target if target else None,
            )
            self.add(
                f"{name} request p95 (in-process, {share})",
                result["p95_ms"],
                "ms",
                healthz["p95_ms"],
                "/healthz",
            )

    def middle_provider(self):
        """The provider in the middle of the directory (by id): what editors look for."""
        from providers.models import Provider

        count = Provider.objects.count()
        return Provider.objects.order_by("pk")[count // 2]

    def search_queries(self):
        """What editors type, taken from a provider in the middle of the directory.

        The synthetic file draws surnames from a short list, so a bare surname matches
        some 5% of the directory (a real common surname, Smith, about 1%): it is
        measured on its own, the searches that name one doctor together.
        """
        provider = self.middle_provider()
        one_doctor = {
            "first and last name": f"{provider.first_name} {provider.last_name}",
            "name as the site shows it": provider.display_name,
            "NPI": provider.npi,
            "NPI prefix": provider.npi[:6],
        }
        return one_doctor, provider.last_name.title()

    def step_search(self):
        """Provider search at full size: the admin list, the chooser and the API."""
        from django.urls import reverse

        from providers.models import Provider

        from . import inprocess

        one_doctor, surname = self.search_queries()
        specific = inprocess.search_db_time(list(one_doctor.values()), LATENCY_RUNS)
        common = inprocess.search_db_time([surname], LATENCY_RUNS // 5)
        matches = Provider.objects.matching(surname).count()
        self.details["search_db"] = {"one doctor": specific, "surname": common}
        self.details["explain_search"] = {
            name: inprocess.explain_search(query)
            for name, query in {**one_doctor, "surname": surname}.items()
        }
        for name, query in one_doctor.items():
            value = specific["by_query"][query]
            say(
                f"    search {name} ({query}): p50 {value['p50_ms']:.2f} ms, "
                f"p95 {value['p95_ms']:.2f} ms"
            )
        say(f"    search surname ({surname}, {matches:,} matches): p50 {common['p50_ms']:.1f} ms")
        rt = self.details["round_trip"]["p50_ms"]
        self.add("search naming one doctor: DB time p50", specific["p50_ms"], "ms", rt, "SELECT 1")
        self.add(
            "search naming one doctor: DB time p95",
            specific["p95_ms"],
            "ms",
            rt,
            "SELECT 1",
            target=f"<= {TARGET_SEARCH_DB_P95_MS} ms",
            met=specific["p95_ms"] <= TARGET_SEARCH_DB_P95_MS,
        )
        self.add(
            f"search by surname alone ({matches:,} matches): DB time p50",
            common["p50_ms"],
            "ms",
            rt,
            "SELECT 1",
        )
        editor = inprocess.editor_client()
        middle = self.middle_provider()
        listing = reverse("wagtailsnippets_providers_provider:list")
        chooser = reverse("wagtailsnippetchoosers_providers_provider:choose_results")
        runs = REQUEST_RUNS // 4
        dashboard = inprocess.request_latency(["/admin/"], runs, browser=editor)
        queries = list(one_doctor.values())
        admin = {
            "admin provider list": [listing],
            "admin provider list, searched for one doctor": [
                f"{listing}?{urlencode({'q': q})}" for q in queries
            ],
            "admin provider list, searched by surname": [f"{listing}?{urlencode({'q': surname})}"],
            # As an editor narrows it: the state, then the primary specialty, of the
            # provider the searches name.
            "admin provider list, filtered by state or specialty": [
                f"{listing}?{urlencode({'state': middle.state})}",
                f"{listing}?{urlencode({'specialty': middle.primary_specialty_id or ''})}",
            ],
            "provider chooser, searched for one doctor": [
                f"{chooser}?{urlencode({'q': q})}" for q in queries
            ],
        }
        measured = {
            name: inprocess.request_latency(urls, runs, browser=editor)
            for name, urls in admin.items()
        }
        measured["API provider search for one doctor"] = inprocess.request_latency(
            [f"/api/v2/providers/?{urlencode({'search': q})}" for q in queries], runs
        )
        self.details["search_requests"] = {"admin dashboard": dashboard, **measured}
        for name, result in measured.items():
            if name.startswith("API"):
                baseline, label = self.details["in_process"]["healthz"]["p50_ms"], "/healthz"
                target = {}
            else:  # the admin's provider list and chooser
                baseline, label = dashboard["p50_ms"], "admin dashboard"
                target = {
                    "target": f"<= {TARGET_ADMIN_DASHBOARD_RATIO}x admin dashboard",
                    "met": result["p50_ms"] <= TARGET_ADMIN_DASHBOARD_RATIO * baseline,
                }
            self.add(
                f"{name} p50 (in-process, DB {100 * result['db_share']:.0f}%)",
                result["p50_ms"],
                "ms",
                baseline,
                label,
                **target,
            )

    def site_search_queries(self):
        """What visitors type into the site search: a procedure's title, one of its other
        names, a common surname, a first and last name, a city and a specialty."""
        from providers.models import Provider

        from . import dataset

        one_doctor, surname = self.search_queries()
        provider = (
            Provider.objects.filter(primary_specialty__isnull=False)
            .select_related("primary_specialty")
            .order_by("pk")
            .first()
        )
        titles = dataset.bench_procedure_titles(BENCH_PROCEDURES)
        middle = len(titles) // 2
        return {
            "procedure title": titles[middle],
            "also-known-as": f"variant{middle}",
            "common surname": surname,
            "first and last name": one_doctor["first and last name"],
            "city": provider.city.title() if provider else "Austin",
            "specialty": provider.primary_specialty.classification if provider else "Cardiology",
        }

    def spanish_site_search_queries(self):
        """What Spanish readers type into /es/search/: a Spanish procedure title without
        its accents, one in capitals, a plural of a title's words (stemmed), one of its
        other names, and a common surname (doctors are the same rows in every language)."""
        from . import dataset

        _one_doctor, surname = self.search_queries()
        names = dataset.bench_spanish_names(BENCH_PROCEDURES)
        middle = len(names) // 2
        title, organ = names[middle]
        operation = title.split(" de ")[0]
        return {
            "es: title without accents": unaccented(title).lower(),
            "es: title in capitals": title.upper(),
            "es: plural": f"{operation.lower()} de {spanish_plural(organ)}",
            "es: also-known-as": f"variante{middle}",
            "es: common surname": surname,
        }

    def step_site_search(self):
        """The site search page at 1,000 procedures and the full directory, in English
        and in Spanish (/es/search/, over the procedures' 1,000 Spanish translations)."""
        from . import dataset, inprocess

        started = time.perf_counter()
        added = dataset.add_procedures(BENCH_PROCEDURES)
        say(f"    {added:,} procedure pages added in {time.perf_counter() - started:.0f} s")
        started = time.perf_counter()
        added = dataset.add_spanish_procedures(BENCH_PROCEDURES)
        say(f"    {added:,} Spanish translations added in {time.perf_counter() - started:.0f} s")
        english = self.site_search_queries()
        spanish = self.spanish_site_search_queries()
        queries = {**english, **spanish}
        urls = {name: f"/search/?{urlencode({'q': q})}" for name, q in english.items()}
        urls |= {name: f"/es/search/?{urlencode({'q': q})}" for name, q in spanish.items()}
        runs = REQUEST_RUNS // 2
        by_query = {name: inprocess.request_latency([url], runs) for name, url in urls.items()}
        overall = inprocess.request_latency(list(urls.values()), REQUEST_RUNS)
        spanish_overall = inprocess.request_latency(
            [urls[name] for name in spanish], REQUEST_RUNS // 2
        )
        self.details["site_search"] = {
            "queries": queries,
            "urls": urls,
            "overall": overall,
            "spanish": spanish_overall,
            "by_query": by_query,
        }
        for name, result in by_query.items():
            say(
                f"    site search {name} ({queries[name]}): p50 {result['p50_ms']:.1f} ms, "
                f"p95 {result['p95_ms']:.1f} ms, {result['queries_per_request']} queries"
            )
        healthz = self.details["in_process"]["healthz"]
        self.add(
            f"site search p95 (in-process, DB {100 * overall['db_share']:.0f}%)",
            overall["p95_ms"],
            "ms",
            healthz["p95_ms"],
            "/healthz",
            target=f"< {TARGET_SITE_SEARCH_P95_MS} ms",
            met=overall["p95_ms"] < TARGET_SITE_SEARCH_P95_MS,
        )
        self.add(
            f"site search p95, Spanish queries (/es/search/, DB "
            f"{100 * spanish_overall['db_share']:.0f}%)",
            spanish_overall["p95_ms"],
            "ms",
            healthz["p95_ms"],
            "/healthz",
            target=f"< {TARGET_SITE_SEARCH_P95_MS} ms",
            met=spanish_overall["p95_ms"] < TARGET_SITE_SEARCH_P95_MS,
        )
        slowest = max(by_query, key=lambda name: by_query[name]["p95_ms"])
        self.add(
            f"site search p95, slowest query ({slowest})",
            by_query[slowest]["p95_ms"],
            "ms",
            healthz["p95_ms"],
            "/healthz",
        )

    def step_sitemaps(self):
        """The sitemap index and its files at full size: the last page as fast as the first.

        Profiles are split by id range (`providers.sitemaps`); with Django's paginator
        the last of twenty files would be an OFFSET of 950,000 rows.
        """
        from providers.models import Provider
        from providers.sitemaps import IdRangePaginator, urls_per_sitemap

        from . import inprocess

        pages = IdRangePaginator(Provider.objects.filter(live=True), urls_per_sitemap())
        deepest = max(pages.num_pages - 1, 1)
        runs = 5
        measured = {
            "sitemap index": inprocess.request_latency(["/sitemap.xml"], runs * 4),
            "sitemap of state pages": inprocess.request_latency(["/sitemap-doctors.xml"], runs),
            "sitemap, first file of profiles": inprocess.request_latency(
                ["/sitemap-providers.xml"], runs, warmup=1
            ),
            # The deepest full file (the last one holds the remainder, maybe a few rows).
            f"sitemap, file {deepest} of {pages.num_pages} of profiles": inprocess.request_latency(
                [f"/sitemap-providers.xml?p={deepest}"], runs, warmup=1
            ),
        }
        self.details["sitemaps"] = measured
        healthz = self.details["in_process"]["healthz"]["p50_ms"]
        first = None
        for name, result in measured.items():
            queries = result["queries_per_request"]
            say(f"    {name}: p50 {result['p50_ms']:.1f} ms, {queries} queries")
            if "first file" in name:
                first = result["p50_ms"]
            if name.startswith("sitemap, file "):
                ratio = result["p50_ms"] / first
                self.add(
                    f"{name} p50 (in-process)",
                    result["p50_ms"],
                    "ms",
                    first,
                    "first file",
                    target="<= 1.5x first file",
                    met=ratio <= 1.5,
                )
            else:
                self.add(f"{name} p50 (in-process)", result["p50_ms"], "ms", healthz, "/healthz")

    def step_listings(self):
        """Every provider listing of the API at full size (`bench.listings`)."""
        from . import listings

        results, slowest, scanned = listings.run(listings.middle_provider(), say)
        self.details["listings"] = results
        worst = results[slowest]
        self.add(
            f"slowest of {len(results)} API provider listings p95 (in-process): {slowest}",
            worst["p95_ms"],
            "ms",
            self.details["in_process"]["healthz"]["p95_ms"],
            "/healthz",
            target=f"< {TARGET_LISTING_P95_MS} ms",
            met=worst["p95_ms"] < TARGET_LISTING_P95_MS,
        )
        self.add(
            "API provider listings planning a Seq Scan of a provider table",
            len(scanned),
            "listings",
            len(results),
            "all",
            target="0",
            met=not scanned,
        )

    # -- g -------------------------------------------------------------------

    def step_g(self):
        from . import server

        cfg = self.cfg

        def load(base, path, headers=None):
            result = server.load(
                base, path, cfg.http_threads, cfg.http_seconds, cfg.http_warmup, headers
            )
            say(
                f"    {path}{' (revalidated)' if headers else ''}: "
                f"{result['requests_per_s']:,.0f} req/s, p50 {result['p50_ms']:.1f} ms,"
                f" p95 {result['p95_ms']:.1f} ms, statuses {result['statuses']}, "
                f"errors {result['errors']}"
            )
            return result

        def revalidate(base, path):
            return load(base, path, {"If-None-Match": server.etag(base, path)})

        # The trivial view before and after the pages: its rate is the baseline of
        # every ratio, so both go in the results and the ratio uses their mean.
        with server.gunicorn(cfg.database_url) as base:
            before = load(base, "/healthz")
            results = {name: load(base, path) for name, path in urls().items()}
            api_lists = {name: load(base, path) for name, path in api_list_urls().items()}
            revalidations = {
                name: revalidate(base, path) for name, path in revalidation_urls().items()
            }
            after = load(base, "/healthz")
        # The procedure page again with nothing cached at all: the map fragment and the
        # fragments kept under the content version (costs, featured articles and doctors),
        # which the page normally keeps (see docs/performance.md), rendered every request.
        with server.gunicorn(
            cfg.database_url, DIRECTORY_MAP_CACHE_SECONDS="0", CONTENT_FRAGMENT_CACHE_SECONDS="0"
        ) as base:
            results[NO_FRAGMENT_CACHE] = load(base, urls()["procedure page"])
        # And with prepared statements off, the default (see docs/deployment.md).
        with server.gunicorn(cfg.database_url, DATABASE_PREPARE_THRESHOLD="off") as base:
            results[NO_PREPARED_STATEMENTS] = load(base, urls()["procedure page"])
        # With the anonymous full-page cache on (core.http_cache.page_cache), as
        # production runs: every request after the first is served whole from the cache.
        with server.gunicorn(cfg.database_url, PAGE_CACHE_SECONDS="300") as base:
            page_cached = {
                f"{name}, page cache": load(base, urls()[name])
                for name in ("procedure page", "state page")
            }
        results.update(page_cached)
        results["/healthz (before)"], results["/healthz (after)"] = before, after
        self.details["http"] = results
        trivial = (before["requests_per_s"] + after["requests_per_s"]) / 2
        self.add("HTTP /healthz (mean of before/after)", trivial, "req/s")
        for name in [*urls(), NO_FRAGMENT_CACHE, NO_PREPARED_STATEMENTS]:
            rps = results[name]["requests_per_s"]
            target = met = None
            if name.startswith("procedure page") and name in urls():
                target = f">= {TARGET_PROCEDURE_RPS_SHARE:.0%} of /healthz"
                met = rps >= TARGET_PROCEDURE_RPS_SHARE * trivial
            self.add(
                f"HTTP {name} (p50 {results[name]['p50_ms']:.0f} ms)",
                rps,
                "req/s",
                trivial,
                "/healthz",
                target=target or "",
                met=met,
            )
        self.details["http_revalidation"] = revalidations
        results.update(api_lists)
        for share, measured in (
            (TARGET_API_LIST_RPS_SHARE, api_lists),
            (TARGET_PAGE_CACHE_RPS_SHARE, page_cached),
            (TARGET_REVALIDATION_RPS_SHARE, revalidations),
        ):
            for name, result in measured.items():
                rps = result["requests_per_s"]
                self.add(
                    f"HTTP {name} (p50 {result['p50_ms']:.1f} ms)",
                    rps,
                    "req/s",
                    trivial,
                    "/healthz",
                    target=f">= {share:.0%} of /healthz",
                    met=rps >= share * trivial,
                )
        not_304 = sum(
            r["requests"] - r["statuses"].get("304", 0) + r["errors"]
            for r in revalidations.values()
        )
        self.add(
            "HTTP revalidations not 304",
            not_304,
            "responses",
            sum(r["requests"] for r in revalidations.values()),
            "all",
            target="0",
            met=not_304 == 0,
        )
        bad = sum(r["non_2xx"] + r["errors"] for r in results.values())
        total = sum(r["requests"] for r in results.values())
        self.add(
            "HTTP responses not 200",
            bad,
            "responses",
            total,
            "all",
            target="0",
            met=bad == 0,
        )

    # -- h -------------------------------------------------------------------

    def step_h(self):
        from . import inprocess

        counts, slowest = inprocess.query_counts(urls())
        self.details["queries_full"] = {"queries": counts, "slowest_queries": slowest}
        for name, queries in slowest.items():
            ms, sql = queries[0]
            say(f"    {name}: {counts[name]} queries, slowest {ms:.0f} ms: {shorten(sql)}")
        for name, count in counts.items():
            english = name.split(" (")[0]
            if english != name and english in counts:
                self.add(
                    f"SQL queries: {name} vs English",
                    count,
                    "queries",
                    counts[english],
                    "English",
                    target="same as English",
                    met=count == counts[english],
                )
            before = self.counts_1k.get(name)
            self.add(
                f"SQL queries: {name}",
                count,
                "queries",
                before,
                "at 1k",
                target="same as at 1k",
                met=count == before,
            )

    # -- i -------------------------------------------------------------------

    def step_weekly(self):
        from . import weekly

        if not self.has_importer:
            self.skipped("weekly update file", "import_nppes missing")
            return
        result = weekly.run(self.cfg.database_url, say, self.cfg.weekly_rows)
        self.details["weekly"] = result
        providers = self.details["population"]["providers"]
        seconds = result["seconds"]
        self.add(
            f"weekly file, {result['rows']:,} rows over {providers:,} providers: import "
            "until counts are current (wall)",
            seconds,
            "s",
            TARGET_WEEKLY_SECONDS,
            "target",
            target=f"<= {TARGET_WEEKLY_SECONDS} s",
            met=seconds <= TARGET_WEEKLY_SECONDS,
        )
        self.add(
            "weekly file: sitemap index and state pages sitemap right afterwards",
            result["sitemaps_ms"],
            "ms",
            self.details["in_process"]["healthz"]["p50_ms"],
            "/healthz",
        )
        self.add(
            "weekly file: pairs counted wrong afterwards",
            result["wrong_counts_after"],
            "pairs",
            target="0",
            met=result["wrong_counts_after"] == 0,
        )
        self.add(
            "weekly file: deactivated or new providers wrong in the profile sitemaps",
            result["sitemap_mistakes"],
            "providers",
            result["sitemap_checked"],
            "checked",
            target="0",
            met=result["sitemap_mistakes"] == 0,
        )

    def skipped(self, name, why):
        self.add(name, None, "", note=f"skipped: {why}")

    # -- all -----------------------------------------------------------------

    def resume(self):
        """BENCH_FROM=f: measure a database an earlier run filled (steps f to i), for a
        size whose import and top-up take longer than the measurements (8M rows). The
        database is migrated to today's code; SQL per request is compared with step a of
        the latest full run's results (`.bench/results.json`: step a runs at ~1k providers
        whatever the size, so its counts hold for the same code)."""
        say(f"[resume: measuring {self.cfg.database_name} as filled by an earlier run]")
        commands.manage(self.cfg.database_url, "migrate", "--noinput", log="migrate")
        # Today's demo content too (idempotent), so the pages show what step a counted.
        commands.manage(self.cfg.database_url, "load_demo_content", log="load_demo_content")
        setup_django(self.cfg)
        from . import dataset

        earlier = json.loads((OUT_DIR / "results.json").read_text())["details"]
        self.counts_1k = earlier["step_a"]["queries"]
        self.details["step_a"] = {**earlier["step_a"], "from": "the latest full run"}
        providers, links = dataset.provider_count(), dataset.link_count()
        self.details["population"] = {"providers": providers, "links": links, "copied": None}
        say(f"    {providers:,} providers, {links:,} links; SQL at 1k: {self.counts_1k}")

    def run(self):
        if self.cfg.start_at:
            self.resume()
        else:
            self.step("setup: databases, migrate, demo content", self.setup_databases)
            setup_django(self.cfg)
            self.step("a: queries per request at ~1k providers", self.step_a)
            self.step("b: raw COPY baseline", self.step_b)
            self.step("c: import 100k rows (peak RSS)", self.step_c)
            self.step("d: full import and billing volume", self.step_d)
            self.step("d2: by-provider file with Medicare figures (costs)", self.step_by_provider)
            self.step(f"e: top up to {self.cfg.providers:,} providers", self.step_e)
        self.step("f: query and request latency (in-process)", self.step_f)
        self.step("f2: provider search, admin list and chooser (in-process)", self.step_search)
        self.step("f3: sitemaps (in-process)", self.step_sitemaps)
        self.step("f4: every API provider listing (in-process)", self.step_listings)
        self.step("f5: site search (in-process)", self.step_site_search)
        self.step("g: HTTP load (gunicorn)", self.step_g)
        self.step("h: queries per request at full size", self.step_h)
        self.step(f"i: weekly update file of {self.cfg.weekly_rows:,} rows", self.step_weekly)


def unaccented(text):
    """`text` without its accents ("vía" -> "via"), as a reader without them types it."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def spanish_plural(word):
    """A Spanish noun's plural, near enough for a query: "tobillo" -> "tobillos",
    "riñón" -> "riñones"; a word ending in "s" as it is."""
    if word.endswith("s"):
        return word
    return f"{word}s" if word[-1] in "aeiouáéíóú" else f"{unaccented(word)}es"


def shorten(sql, head=60, tail=50):
    """Start and end of a statement, unquoted: enough to recognise it in a log line."""
    sql = sql.replace('"', "")
    return sql if len(sql) <= head + tail + 3 else f"{sql[:head]} … {sql[-tail:]}"


def state_slug(code):
    from providers.geography import state_slug as slug

    return slug(code)


def setup_django(cfg):
    os.environ["DJANGO_SETTINGS_MODULE"] = SETTINGS
    os.environ["DATABASE_URL"] = cfg.database_url
    import django

    django.setup()
    # As a served worker does (cms.wsgi): full collections skip what start-up loaded.
    from core.memory import freeze_startup_objects

    freeze_startup_objects()


def main():
    cfg = load()
    if not cfg.file.is_file():
        name = cfg.file.relative_to(ROOT) if cfg.file.is_relative_to(ROOT) else cfg.file
        rows = cfg.file.stem.removeprefix("nppes_")
        rows = rows if rows.isdigit() else "1000000"
        sys.stderr.write(
            f"No input file {name}.\nWrite one first: make bench-data N={rows} "
            "(or set BENCH_FILE to an NPPES-format CSV).\n"
        )
        return 2
    if importlib.util.find_spec("gunicorn") is None:
        sys.stderr.write('gunicorn is missing: pip install -e ".[dev]" (make install does).\n')
        return 2
    os.chdir(ROOT)
    # For this process and every command and server it starts (see PREPARE_THRESHOLD).
    os.environ.setdefault("DATABASE_PREPARE_THRESHOLD", PREPARE_THRESHOLD)
    started = time.perf_counter()
    bench = Bench(cfg)
    say(f"Benchmark database {cfg.database_name} (and {cfg.small_database_name}), file {cfg.file}")
    try:
        bench.run()
    except (commands.CommandFailed, RuntimeError) as error:
        sys.stderr.write(f"\nBenchmark failed: {error}\n")
        return 1
    bench.details["total_seconds"] = time.perf_counter() - started
    say("\n" + report.table(bench.figures))
    out = OUT_DIR / "results.json"
    report.write_json(out, bench.figures, bench.details)
    say(f"\nTotal {bench.details['total_seconds']:.0f} s. Results: {out.relative_to(ROOT)}")
    failed = [f.name for f in bench.figures if f.met is False]
    if failed:
        say("Targets missed: " + "; ".join(failed))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
