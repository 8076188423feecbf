"""What the benchmark runs against, read once from the environment.

The bench drops and recreates its databases, so like the test suite it never
uses the database DATABASE_URL names as is: it works in ``<name>_bench`` on the
same server (``cms_bench`` by default) unless the name already ends in
``_bench``, plus a scratch ``<that>_small`` for the 100k-row import.
"""

import os
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent
OUT_DIR = ROOT / ".bench"
DEFAULT_SERVER = "postgres://postgres@127.0.0.1:5432/cms"
DEFAULT_FILE = "bench-data/nppes_1000000.csv"
DEFAULT_PROVIDERS = 1_000_000
SETTINGS = "cms.settings.bench"

# Targets (docs/performance.md).
TARGET_IMPORT_ROWS_PER_S = 20_000
TARGET_IMPORT_COPY_RATIO = 0.25
TARGET_PEAK_RSS_MB = 250
TARGET_STATE_DB_P95_MS = 15
TARGET_API_P50_MS = 30
TARGET_PROCEDURE_RPS_SHARE = 0.04
# Procedure and state pages served by the anonymous full-page cache (issue 12).
TARGET_PAGE_CACHE_RPS_SHARE = 0.5
TARGET_SEARCH_DB_P95_MS = 50
# Every admin provider list (unfiltered, searched, filtered) p50 against the admin
# dashboard's, at a million providers (issue 19).
TARGET_ADMIN_DASHBOARD_RATIO = 2
TARGET_REVALIDATION_RPS_SHARE = 0.30
# Every provider listing of the API (bench.listings), and the two API lists under load.
TARGET_LISTING_P95_MS = 100
TARGET_API_LIST_RPS_SHARE = 0.05
# The site search page (/search/?q=) at 1,000 procedures and 1M providers (issue 11).
TARGET_SITE_SEARCH_P95_MS = 100
BENCH_PROCEDURES = 1000
# A weekly NPPES update file over the full directory, counts and sitemaps current when
# the import returns (issue 19).
TARGET_WEEKLY_SECONDS = 60
WEEKLY_ROWS = 30_000


@dataclass(frozen=True)
class Config:
    database_url: str
    small_database_url: str
    maintenance_url: str
    file: Path
    providers: int
    http_seconds: float
    http_warmup: float
    http_threads: int
    weekly_rows: int = WEEKLY_ROWS
    # BENCH_FROM=f: skip setup and steps a to e, measuring the database as filled.
    start_at: str = ""

    @property
    def database_name(self):
        return db_name(self.database_url)

    @property
    def small_database_name(self):
        return db_name(self.small_database_url)


def db_name(url):
    return urlsplit(url).path.lstrip("/")


def with_db_name(url, name):
    parts = urlsplit(url)
    return urlunsplit(parts._replace(path="/" + name))


def bench_database_url(url):
    """The bench's own database next to the one `url` names (never that one)."""
    parts = urlsplit(url)
    if parts.scheme not in ("postgres", "postgresql", "pgsql"):
        raise SystemExit(
            f"make bench measures PostgreSQL only; DATABASE_URL is {parts.scheme}://…\n"
            "Unset it (the default is postgres://postgres@127.0.0.1:5432/cms_bench) "
            "or point it at a PostgreSQL server."
        )
    name = db_name(url) or "cms"
    if not name.endswith("_bench"):
        name += "_bench"
    return with_db_name(url, name)


def load():
    url = bench_database_url(os.environ.get("DATABASE_URL") or DEFAULT_SERVER)
    file = Path(os.environ.get("BENCH_FILE") or DEFAULT_FILE)
    if not file.is_absolute():
        file = ROOT / file
    return Config(
        database_url=url,
        small_database_url=with_db_name(url, db_name(url) + "_small"),
        maintenance_url=with_db_name(url, "postgres"),
        file=file,
        providers=int(os.environ.get("BENCH_PROVIDERS") or DEFAULT_PROVIDERS),
        http_seconds=float(os.environ.get("BENCH_HTTP_SECONDS") or 10),
        http_warmup=float(os.environ.get("BENCH_HTTP_WARMUP") or 2),
        http_threads=int(os.environ.get("BENCH_HTTP_THREADS") or 4),
        weekly_rows=int(os.environ.get("BENCH_WEEKLY_ROWS") or WEEKLY_ROWS),
        start_at=start_at(os.environ.get("BENCH_FROM", "")),
    )


def start_at(value):
    """BENCH_FROM: empty (a full run) or "f" (measure a database an earlier run filled)."""
    value = value.strip().lower()
    if value not in ("", "f"):
        raise SystemExit(f"BENCH_FROM must be f (or unset), not {value!r}")
    return value
