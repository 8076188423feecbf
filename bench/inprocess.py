"""Measurements inside one Django process: SQL per request, DB time, latency.

The test `Client` runs the full middleware stack without a network or WSGI
server, so these numbers isolate the application and the database; HTTP
throughput is measured separately against gunicorn (`bench.server`).
"""

import time

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from providers.directory_query import DirectoryQuery, paged_count
from providers.views import PER_PAGE

from .stats import summary_ms

HOST = "127.0.0.1"  # in the bench settings' ALLOWED_HOSTS, and the demo Site's hostname


class BadResponse(RuntimeError):
    pass


class DBTimer:
    """`connection.execute_wrapper` hook adding up the time spent in cursor.execute.

    psycopg's client-side cursors fetch the whole result inside execute, so this is
    the database's time plus the network round trip and row decoding.
    """

    def __init__(self):
        self.seconds = 0.0
        self.queries = 0

    def __call__(self, execute, sql, params, many, context):
        started = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            self.seconds += time.perf_counter() - started
            self.queries += 1


def client():
    return Client(HTTP_HOST=HOST)


def editor_client():
    """A client logged in as a superuser, as an editor uses the admin."""
    from django.contrib.auth import get_user_model

    user, _ = get_user_model().objects.get_or_create(
        username="bench-editor", defaults={"is_superuser": True, "is_staff": True}
    )
    browser = client()
    browser.force_login(user)
    return browser


def get_ok(browser, url):
    response = browser.get(url)
    if response.status_code != 200:
        raise BadResponse(f"GET {url} answered {response.status_code}")
    if response.streaming:  # a streamed body (the profile sitemaps) is made as it is read
        b"".join(response.streaming_content)
    return response


def query_counts(urls):
    """SQL statements of one warm request to each URL.

    Returns ({name: count}, {name: the three slowest statements as (ms, sql)}):
    the second says where a slow page spends its database time.
    """
    browser = client()
    counts, slowest = {}, {}
    for name, url in urls.items():
        get_ok(browser, url)  # warm the per-process caches (site root paths, settings)
        with CaptureQueriesContext(connection) as captured:
            get_ok(browser, url)
        counts[name] = len(captured)
        timed = [(float(q["time"]) * 1000, q["sql"]) for q in captured.captured_queries]
        slowest[name] = sorted(timed, key=lambda item: -item[0])[:3]
    return counts, slowest


def explain(page, state):
    """EXPLAIN (ANALYZE, BUFFERS) of the statements a state page's listing runs."""
    with CaptureQueriesContext(connection) as captured:
        _first_page(page, state)
    plans = []
    with connection.cursor() as cursor:
        for query in captured.captured_queries:
            cursor.execute("EXPLAIN (ANALYZE, BUFFERS) " + query["sql"])  # our own ORM's SQL
            plans.append(query["sql"] + "\n" + "\n".join(row[0] for row in cursor.fetchall()))
    return plans


def round_trip(runs=200):
    """`SELECT 1`: the floor under any query's time, the baseline for DB times."""
    samples = []
    with connection.cursor() as cursor:
        for _ in range(runs):
            started = time.perf_counter()
            cursor.execute("SELECT 1")
            cursor.fetchone()
            samples.append(time.perf_counter() - started)
    return summary_ms(samples)


def first_page_db_time(pairs, runs, warmup=2):
    """DB time of a state page's listing: the first PER_PAGE ranked links and their
    count as `providers.views.procedure_doctors_in_state` counts a filtered list
    (`DirectoryQuery` under `paged_count()`: exactly, up to the deepest item a list
    shows); unfiltered, the page takes its total from the summary, which costs less.
    `pairs` are (ProcedurePage, USPS code); runs cycle through them.
    """
    samples, by_pair = [], {}
    for pair in pairs:
        for _ in range(warmup):
            _first_page(*pair)
    for i in range(runs):
        page, state = pairs[i % len(pairs)]
        timer = DBTimer()
        with connection.execute_wrapper(timer):
            _first_page(page, state)
        samples.append(timer.seconds)
        by_pair.setdefault(f"{page.slug}/{state}", []).append(timer.seconds)
    result = summary_ms(samples)
    result["by_pair"] = {key: summary_ms(values) for key, values in by_pair.items()}
    return result


def _first_page(page, state):
    query = DirectoryQuery({"procedure": page, "state": state})
    rows = list(query.rows()[:PER_PAGE])
    return rows, paged_count().total(query.count_parts()).count


def search_db_time(queries, runs, per_page=50, warmup=2):
    """DB time of a provider search as the admin list asks it: a page of matches by name
    and their count (`providers.search`, on the full-text index)."""
    from providers.models import Provider
    from providers.search import SEARCH_ORDER

    def search(query):
        found = Provider.objects.matching(query).order_by(*SEARCH_ORDER)
        return list(found[:per_page]), found.count()

    for query in queries:
        for _ in range(warmup):
            search(query)
    samples, by_query = [], {}
    for i in range(runs):
        query = queries[i % len(queries)]
        timer = DBTimer()
        with connection.execute_wrapper(timer):
            search(query)
        samples.append(timer.seconds)
        by_query.setdefault(query, []).append(timer.seconds)
    result = summary_ms(samples)
    result["by_query"] = {key: summary_ms(values) for key, values in by_query.items()}
    return result


def explain_search(query):
    """EXPLAIN (ANALYZE) of the admin list's search count: shows the index it uses."""
    from providers.models import Provider

    sql, params = Provider.objects.matching(query).order_by().values("pk").query.sql_with_params()
    with connection.cursor() as cursor:
        count = f"SELECT COUNT(*) FROM ({sql}) AS found"  # noqa: S608 - our ORM's SQL
        cursor.execute(f"EXPLAIN (ANALYZE, BUFFERS) {count}", params)
        return "\n".join(row[0] for row in cursor.fetchall())


def request_latency(urls, runs, warmup=2, browser=None):
    """Full in-process request time and its DB share, cycling through `urls`."""
    browser = browser or client()
    for url in urls:
        for _ in range(warmup):
            get_ok(browser, url)
    totals, db = [], []
    for i in range(runs):
        url = urls[i % len(urls)]
        timer = DBTimer()
        started = time.perf_counter()
        with connection.execute_wrapper(timer):
            get_ok(browser, url)
        totals.append(time.perf_counter() - started)
        db.append(timer.seconds)
    result = summary_ms(totals)
    result["db"] = summary_ms(db)
    result["db_share"] = sum(db) / sum(totals) if totals else None
    result["queries_per_request"] = timer.queries
    return result
