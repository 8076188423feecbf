"""Settings shared by every environment.

Everything that differs between machines comes from the environment, so the
same code runs on a laptop (SQLite), in CI (PostgreSQL) and in production.
"""

import os
import re
from datetime import timedelta
from pathlib import Path

import dj_database_url
from csp.constants import NONE, SELF, UNSAFE_INLINE

from django.core.exceptions import ImproperlyConfigured

PROJECT_DIR = Path(__file__).resolve().parent.parent
BASE_DIR = PROJECT_DIR.parent


def env_list(name, default=""):
    """Read a comma-separated environment variable as a list of non-empty items."""
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


def env_int(name, default):
    """Read a whole number (0 or more) from the environment; refuse anything else by name."""
    value = os.environ.get(name, str(default)).strip()
    if not (value.isascii() and value.isdigit()):
        raise ImproperlyConfigured(f"{name} must be a whole number, not {value!r}.")
    return int(value)


def env_optional_int(name):
    """A whole number from the environment, or None when unset or empty."""
    return env_int(name, 0) if os.environ.get(name, "").strip() else None


RATE_PERIODS = {"s": 1, "m": 60, "h": 3600, "d": 86400}


def env_rate(name, default):
    """A rate "N/second|minute|hour|day" from the environment (as DRF writes them), as
    (N, seconds); None for "off". Anything else is refused by name."""
    value = os.environ.get(name, default).strip().lower()
    if value == "off":
        return None
    count, _, period = value.partition("/")
    if not (count.isascii() and count.isdigit() and period[:1] in RATE_PERIODS):
        raise ImproperlyConfigured(
            f"{name} must be a rate such as 10/minute, or off, not {value!r}."
        )
    return int(count), RATE_PERIODS[period[0]]


def frontend_cache_backends():
    """WAGTAILFRONTENDCACHE from the environment (docs/deployment.md#http-caching): the
    CDN or proxy to purge when content changes. None when FRONTEND_CACHE_BACKEND is unset."""
    kind = os.environ.get("FRONTEND_CACHE_BACKEND", "").strip().lower()
    if not kind:
        return None
    backends = {
        "http": ("HTTPBackend", {"LOCATION": "FRONTEND_CACHE_LOCATION"}),
        "cloudflare": (
            "CloudflareBackend",
            {"ZONEID": "CLOUDFLARE_ZONE_ID", "BEARER_TOKEN": "CLOUDFLARE_BEARER_TOKEN"},
        ),
        "cloudfront": ("CloudfrontBackend", {"DISTRIBUTION_ID": "CLOUDFRONT_DISTRIBUTION_ID"}),
    }
    if kind not in backends:
        raise ImproperlyConfigured(
            f"FRONTEND_CACHE_BACKEND must be one of {', '.join(backends)}, not {kind!r}."
        )
    class_name, required = backends[kind]
    backend = {"BACKEND": f"wagtail.contrib.frontend_cache.backends.{class_name}"}
    for param, name in required.items():
        value = os.environ.get(name, "").strip()
        if not value:
            raise ImproperlyConfigured(f"FRONTEND_CACHE_BACKEND={kind} needs {name}.")
        backend[param] = value
    hostnames = env_list("FRONTEND_CACHE_HOSTNAMES")
    if hostnames:
        backend["HOSTNAMES"] = hostnames
    return {"default": backend}


INSTALLED_APPS = [
    "core.http_cache",
    "home",
    "procedures",
    "editorial",
    "providers",
    "costs",
    "webhooks",
    # The translation workflow (docs/translation.md); its locales admin replaces Wagtail's.
    "wagtail_localize",
    "wagtail_localize.locales",
    "django_tasks_db",
    # Before wagtail.api.v3 and wagtail.snippets: see cms/api_v3/apps.py.
    "cms.api_v3",
    "wagtail.api.v2",
    "wagtail.api.v3",
    "wagtail.contrib.settings",
    "wagtail.contrib.redirects",
    "wagtail.contrib.routable_page",
    "wagtail.contrib.sitemaps",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "wagtail_modeladmin",
    "modelcluster",
    "taggit",
    "rest_framework",
    # django-ninja (API v3): its Swagger UI from our static files, not a CDN (CSP, offline).
    "ninja",
    "django_filters",
    "localflavor",
    "axes",
    "csp",
    "corsheaders",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.sitemaps",
    "django.contrib.staticfiles",
]

MIDDLEWARE = [
    "core.request_id.RequestIdMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "core.security.AreaContentSecurityPolicyMiddleware",
    # Before anything that can answer on its own, so 304s and errors carry CORS headers.
    "corsheaders.middleware.CorsMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Pages and API answers compressed for clients that accept gzip. After WhiteNoise,
    # which serves static files precompressed; Django's GZip pads its output with random
    # bytes against BREACH (and public pages carry no secret token).
    "django.middleware.gzip.GZipMiddleware",
    # Before the session: a revalidation answers 304 without loading anything else.
    "core.http_cache.middleware.HttpCacheMiddleware",
    # The language from the URL alone (core.i18n): one URL, one language, no Vary.
    "core.i18n.PathLanguageMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    # Last, as django-axes asks: it turns a locked-out login into its 429 answer.
    "axes.middleware.AxesMiddleware",
]

# The probes answer over plain HTTP even where production redirects http to https
# (SECURE_SSL_REDIRECT): a load balancer checks each app server directly, often without
# TLS or X-Forwarded-Proto, and a 301 would take every server out of rotation. Django
# matches these against the path without its leading slash; anchored, so only the two
# exact paths are exempt.
SECURE_REDIRECT_EXEMPT = [r"^healthz$", r"^readyz$"]

ROOT_URLCONF = "cms.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "wagtail.contrib.settings.context_processors.settings",
            ],
        },
    },
]

WSGI_APPLICATION = "cms.wsgi.application"

# PostgreSQL through psycopg 3 when DATABASE_URL is set (CI, production);
# an embedded SQLite file otherwise, so `make run` needs no server.
DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=env_int("DATABASE_CONN_MAX_AGE", 60),
        conn_health_checks=True,
    )
}
# Opt-in, PostgreSQL only: server-side parameter binding with prepared statements. A
# statement a connection has run DATABASE_PREPARE_THRESHOLD times is prepared, so
# PostgreSQL stops planning it on every request (planning a page view's join queries
# cost more than executing them). Off unless set, because it breaks behind a
# transaction-pooling pgbouncer (prepared statements live per server connection) and
# Django documents queries that fail with server-side binding (a GROUP BY over an
# expression holding a parameter), in code we do not control: Wagtail's admin. See
# docs/deployment.md for the trade-off.
_prepare_threshold = os.environ.get("DATABASE_PREPARE_THRESHOLD", "off").strip()
if (
    DATABASES["default"].get("ENGINE") == "django.db.backends.postgresql"
    and _prepare_threshold != "off"
):
    DATABASES["default"]["OPTIONS"] = {
        **DATABASES["default"].get("OPTIONS", {}),
        "server_side_binding": True,
        "prepare_threshold": env_int("DATABASE_PREPARE_THRESHOLD", 5),
    }
# PostgreSQL's JIT compiler off for the site's connections (DATABASE_JIT=on keeps the
# server's setting). It pays off for long analytical queries; for the site's short ones,
# whenever the planner's estimate crosses PostgreSQL's thresholds it compiles them, and
# a provider search within a procedure spent many times its own run time in JIT
# inlining, optimisation and emission (a generic plan, with prepared statements on,
# gets there; EXPLAIN ANALYZE in docs/performance.md). Sent as a connection option; behind
# pgbouncer, add `options` to its `ignore_startup_parameters` or set DATABASE_JIT=on
# and `ALTER DATABASE … SET jit = off` (docs/deployment.md).
_session_settings = []
if os.environ.get("DATABASE_JIT", "off").strip().lower() not in ("on", "true", "1"):
    _session_settings.append("-c jit=off")
# Memory each sort, hash or bitmap of one of the site's queries may use before it spills
# or turns lossy (DATABASE_WORK_MEM, e.g. 32MB; "server" keeps the server's setting). At
# national size the bitmap of a two-word name search's matches outgrows PostgreSQL's
# default 4MB and turns lossy: PostgreSQL then rechecks every row of every page it covers,
# recomputing each one's search document (docs/performance.md). Sent like `jit` above.
_work_mem = os.environ.get("DATABASE_WORK_MEM", "32MB").strip()
if _work_mem != "server":
    if not re.fullmatch(r"[1-9][0-9]*(kB|MB|GB)", _work_mem):
        raise ImproperlyConfigured(
            f"DATABASE_WORK_MEM must be a size such as 32MB (kB, MB or GB) or 'server', "
            f"not {_work_mem!r}."
        )
    _session_settings.append(f"-c work_mem={_work_mem}")
if DATABASES["default"].get("ENGINE") == "django.db.backends.postgresql" and _session_settings:
    DATABASES["default"]["OPTIONS"] = {
        **DATABASES["default"].get("OPTIONS", {}),
        "options": " ".join(_session_settings),
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Brute-force protection on every login form (the Wagtail admin's included), by
# django-axes: AXES_FAILURE_LIMIT wrong passwords for one username from one client
# lock that pair out for AXES_COOLOFF_MINUTES; the answer is a 429. Keyed on the pair,
# so an attacker cannot lock an editor out from elsewhere, and an office behind one
# address is not locked out by one person's typos. Password spraying (a few guesses at
# each of many usernames) is caught by a second, higher limit: AXES_ADDRESS_FAILURE_LIMIT
# wrong passwords for any usernames from one client lock the address out
# (core.login_lockout: axes counts both, but compares them with one limit). The client
# address is read behind TRUSTED_PROXY_COUNT proxies (core.security.client_ip).
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_HANDLER = "core.login_lockout.PairAndAddressHandler"
AXES_FAILURE_LIMIT = env_int("AXES_FAILURE_LIMIT", 5)
AXES_ADDRESS_FAILURE_LIMIT = env_int("AXES_ADDRESS_FAILURE_LIMIT", 10)
if AXES_ADDRESS_FAILURE_LIMIT <= AXES_FAILURE_LIMIT:
    raise ImproperlyConfigured(
        f"AXES_ADDRESS_FAILURE_LIMIT ({AXES_ADDRESS_FAILURE_LIMIT}) must be higher than "
        f"AXES_FAILURE_LIMIT ({AXES_FAILURE_LIMIT}): it counts every username's failures."
    )
AXES_COOLOFF_TIME = timedelta(minutes=env_int("AXES_COOLOFF_MINUTES", 15))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"], "ip_address"]
AXES_RESET_ON_SUCCESS = True
AXES_CLIENT_IP_CALLABLE = "core.security.axes_client_ip"
TRUSTED_PROXY_COUNT = env_int("TRUSTED_PROXY_COUNT", 0)
# Password-protected pages (Wagtail's page privacy): guesses at one page's password
# per client address, as (guesses, seconds); over it the form answers 429 with
# Retry-After (core.page_passwords). None for no limit.
PAGE_PASSWORD_RATE = env_rate("PAGE_PASSWORD_RATE", "10/minute")

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# English and Spanish (docs/translation.md). English, the default, keeps unprefixed URLs;
# Spanish pages live under /es/. Each name is the language's own, as the switch shows it.
LANGUAGE_CODE = "en"
LANGUAGES = [("en", "English"), ("es", "Español")]
WAGTAIL_I18N_ENABLED = True
WAGTAIL_CONTENT_LANGUAGES = LANGUAGES
# wagtail-localize: a new translation starts as a draft and goes live through Clinical
# review like any page, never published as soon as it is made (docs/translation.md).
WAGTAILLOCALIZE_SYNC_LIVE_STATUS_ON_TRANSLATE = False
LOCALE_PATHS = [BASE_DIR / "locale"]
# Date formats that differ from Django's for a language (cms/formats/<code>/formats.py).
FORMAT_MODULE_PATH = ["cms.formats"]
# The audience's country: language tags in JSON-LD ("es-US") and Open Graph ("es_US").
SITE_COUNTRY = "US"
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

STATICFILES_FINDERS = [
    "django.contrib.staticfiles.finders.FileSystemFinder",
    "django.contrib.staticfiles.finders.AppDirectoriesFinder",
]
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", BASE_DIR / "static_collected"))
STATIC_URL = "/static/"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", BASE_DIR / "media"))
MEDIA_URL = "/media/"


def media_storage():
    """Where uploaded images, renditions and documents go: S3 when MEDIA_S3_BUCKET is set.

    Any S3-compatible store works (AWS, MinIO, R2: MEDIA_S3_ENDPOINT_URL); credentials
    come from the usual AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY variables or the
    machine's role. Image files are public objects with stable URLs (through
    MEDIA_CDN_DOMAIN when set), so pages that show them can be cached; documents are
    streamed through Wagtail's view (WAGTAILDOCS_SERVE_METHOD below), which enforces
    collection privacy, never linked straight to the bucket. Unset: local files under
    MEDIA_ROOT, for one server.
    """
    bucket = os.environ.get("MEDIA_S3_BUCKET", "").strip()
    if not bucket:
        return {"BACKEND": "django.core.files.storage.FileSystemStorage"}
    return {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": bucket,
            "endpoint_url": os.environ.get("MEDIA_S3_ENDPOINT_URL") or None,
            "region_name": os.environ.get("MEDIA_S3_REGION") or None,
            "custom_domain": os.environ.get("MEDIA_CDN_DOMAIN") or None,
            "location": os.environ.get("MEDIA_S3_PREFIX", "media"),
            "querystring_auth": False,
            "file_overwrite": False,
            "object_parameters": {"CacheControl": "public, max-age=31536000"},
        },
    }


STORAGES = {
    "default": media_storage(),
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
# Documents are always served through Wagtail's view, whatever the storage, so a
# document in a private collection is never reachable by its storage URL.
WAGTAILDOCS_SERVE_METHOD = "serve_view"

DATA_UPLOAD_MAX_NUMBER_FIELDS = 10_000

# Wagtail
WAGTAIL_SITE_NAME = os.environ.get("WAGTAIL_SITE_NAME", "Procedures CMS")
WAGTAILADMIN_BASE_URL = os.environ.get("WAGTAILADMIN_BASE_URL", "http://127.0.0.1:8000")
# The admin calls no third party: no avatars from gravatar.com (an editor's email hash
# sent to an outside service) and no release check against releases.wagtail.org. The
# admin's Content-Security-Policy would block both anyway.
WAGTAIL_GRAVATAR_PROVIDER_URL = None
WAGTAIL_ENABLE_UPDATE_CHECK = False
# Wagtail's database search (PostgreSQL full text; SQLite's FTS5 for `make run`), one
# backend per language with a text search configuration of its own: Spanish pages are
# indexed and searched with `spanish_unaccent` (Spanish stems, accents folded; created by
# home's migration 0005), English ones with the database's default (`english`).
# Each page is indexed once, in its own language, by "default" (core.search_backend).
WAGTAILSEARCH_BACKENDS = {
    "default": {"BACKEND": "core.search_backend"},
    "es": {
        "BACKEND": "core.search_backend",
        "SEARCH_CONFIG": "spanish_unaccent",
        "AUTO_UPDATE": False,
    },
}
WAGTAILDOCS_EXTENSIONS = ["csv", "docx", "odt", "pdf", "pptx", "rtf", "txt", "xlsx"]
WAGTAILIMAGES_EXTENSIONS = ["gif", "jpg", "jpeg", "png", "webp", "avif"]

# Wagtail API v2 (see docs/api.md).
# Rich text goes out as display HTML (internal links expanded), not Wagtail's
# database HTML, so apps can render it as is.
WAGTAILAPI_RICH_TEXT_FORMAT = "html"
# The largest page a client may ask for with ?limit=. Above it: 400.
WAGTAILAPI_LIMIT_MAX = 100

# Clinical governance (editorial app): a reviewed page is due again this many months
# after its last review, and counts as "due soon" this many days before that.
EDITORIAL_REVIEW_PERIOD_MONTHS = env_int("EDITORIAL_REVIEW_PERIOD_MONTHS", 12)
EDITORIAL_DUE_SOON_DAYS = env_int("EDITORIAL_DUE_SOON_DAYS", 30)
# Approving the Clinical review publishes the page, though reviewers cannot publish.
WAGTAIL_FINISH_WORKFLOW_ACTION = "editorial.publishing.publish_approved"
# The site settings that hold the medical disclaimer the API hands to apps (their
# `text("medical_disclaimer", language)` gives it in a page's language).
EDITORIAL_SITE_SETTINGS_MODEL = "home.SiteSettings"
# The deepest ?offset= a listing answers (400 above it): a deep offset makes
# PostgreSQL read and discard that many rows. Narrow with filters (state, procedure,
# specialty) to reach the rest of the directory. 0 allows any offset a bigint holds.
API_OFFSET_MAX = env_int("API_OFFSET_MAX", 10_000)
# Absolute URLs in API responses (html_url, find redirects) use this when set,
# rather than the Site's hostname.
WAGTAILAPI_BASE_URL = os.environ.get("WAGTAILAPI_BASE_URL") or None

# The cache: shared by every app server through Redis when REDIS_URL is set (the map
# fragments, the API's rate-limit counts), else each process's memory. A Redis outage
# degrades to uncached pages, never to errors (core.cache.ResilientRedisCache); short
# socket timeouts keep a hung Redis from holding requests.
REDIS_URL = os.environ.get("REDIS_URL", "").strip()
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "core.cache.ResilientRedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": os.environ.get("CACHE_KEY_PREFIX", "cms"),
            "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 0.5},
        }
    }

# Provider directory: how long a procedure page keeps its rendered map, picker and
# state list (a template fragment keyed by a digest of what they show, so a change
# in counts shows at once). 0 renders them on every request (`make bench` measures
# both).
DIRECTORY_MAP_CACHE_SECONDS = env_int("DIRECTORY_MAP_CACHE_SECONDS", 86400)

# Editorial: the highest Flesch–Kincaid grade patient content should read at. The
# editor's reading grade panel lists the sections above it (procedures/readability.py).
EDITORIAL_READING_GRADE_TARGET = env_int("EDITORIAL_READING_GRADE_TARGET", 8)

# HTTP caching (core.http_cache, docs/api.md#caching). Anonymous GETs answered 200 get
# `Cache-Control: public, max-age=HTTP_CACHE_MAX_AGE` (plus `s-maxage` for shared caches
# when HTTP_CACHE_SHARED_MAX_AGE is set: a CDN that is purged on publish can keep pages
# longer than browsers do) and an ETag / Last-Modified from the site's content version.
HTTP_CACHE_MAX_AGE = env_int("HTTP_CACHE_MAX_AGE", 60)
HTTP_CACHE_SHARED_MAX_AGE = env_optional_int("HTTP_CACHE_SHARED_MAX_AGE")
# Identifies the deployed code in ETags (a commit id); a digest of the code when unset.
HTTP_CACHE_RELEASE = os.environ.get("HTTP_CACHE_RELEASE", "").strip()
# Always `private, no-store`, whoever asks.
HTTP_CACHE_PRIVATE_PATHS = ["/admin/", "/django-admin/", "/api/v3/"]
# Left alone: the health check, files, documents (which may be private by collection).
HTTP_CACHE_UNCACHED_PATHS = ["/healthz", "/readyz", "/static/", "/media/", "/documents/"]
# The anonymous full-page cache (core.http_cache.page_cache): public responses kept
# whole in the cache (shared through Redis) under the content version, so a publish
# shows on the next request on every app server; 0 turns it off.
PAGE_CACHE_SECONDS = env_int("PAGE_CACHE_SECONDS", 300)
# Fragments of public pages that only published content decides (a procedure page's
# costs table), kept in the cache under the content version like the page cache
# (core.http_cache.fragments): never for previews, editors or private pages. How long
# an entry may stay unread; 0 renders them on every request.
CONTENT_FRAGMENT_CACHE_SECONDS = env_int("CONTENT_FRAGMENT_CACHE_SECONDS", 3600)
# The site serving a public request, and the pages API's view restrictions, root-page
# translations and locales, looked up once per content version in each process rather
# than once per request (`core.http_cache.remembered`).
HTTP_CACHE_REMEMBER_SITE = True
# A procedure's event purges the profiles that list it only up to this many.
HTTP_CACHE_PURGE_PROFILE_LIMIT = env_int("HTTP_CACHE_PURGE_PROFILE_LIMIT", 1000)
# Purge backend (a CDN or proxy), from the environment; none when unset.
WAGTAILFRONTENDCACHE = frontend_cache_backends()

# Background tasks (django-tasks). Wagtail's own tasks (search index, frontend cache
# purges) stay on the "default" immediate backend, as before. Webhook deliveries go to
# the "webhooks" backend: django-tasks-db, a queue table in the same database, run by
# `manage.py db_worker --backend webhooks` (docs/deployment.md; `make run` starts one).
TASKS = {
    "default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"},
    "webhooks": {"BACKEND": "django_tasks_db.DatabaseBackend"},
}
# Webhooks (webhooks app, docs/api.md#webhooks): a receiver has this long to answer;
# a failed attempt is retried after WEBHOOKS_RETRY_BASE_SECONDS × 2^(attempts-1), up
# to WEBHOOKS_MAX_ATTEMPTS attempts in all (30 s … 8 min: about 16 minutes).
WEBHOOKS_TIMEOUT_SECONDS = env_int("WEBHOOKS_TIMEOUT_SECONDS", 5)
WEBHOOKS_RETRY_BASE_SECONDS = env_int("WEBHOOKS_RETRY_BASE_SECONDS", 30)
WEBHOOKS_MAX_ATTEMPTS = max(1, env_int("WEBHOOKS_MAX_ATTEMPTS", 6))

# CORS (django-cors-headers) for the API only: browsers on these origins may read
# /api/ responses, ETags included, and revalidate them. Nothing else is cross-origin.
CORS_URLS_REGEX = r"^/api/.*$"
CORS_ALLOWED_ORIGINS = env_list("CORS_ALLOWED_ORIGINS")
CORS_ALLOW_METHODS = ["GET", "HEAD", "OPTIONS"]
CORS_ALLOW_HEADERS = ["accept", "authorization", "if-modified-since", "if-none-match"]
CORS_EXPOSE_HEADERS = ["ETag", "Last-Modified"]

REST_FRAMEWORK = {
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_THROTTLE_CLASSES": ["core.api_throttle.APIClientRateThrottle"],
    # Errors DRF raises itself (a 429 from the rate limit) in the API's one JSON shape.
    "EXCEPTION_HANDLER": "core.api_errors.drf_exception_handler",
}
# Requests per client to /api/ ("N/second|minute|hour|day"); "off" for none.
API_THROTTLE_RATE = os.environ.get("API_THROTTLE_RATE", "300/minute").strip()
if API_THROTTLE_RATE.lower() == "off":
    API_THROTTLE_RATE = None

# Content-Security-Policy (django-csp). The public pages load scripts, styles, fonts
# and images from this origin only and run nothing inline; JSON-LD blocks are data,
# not script, so they need no exception. The Wagtail admin gets the additions below
# (core.security.AreaContentSecurityPolicyMiddleware). CSP_EXTRA_IMG_SRC adds image
# origins (a media CDN or bucket) to both.
WAGTAIL_ADMIN_PATH_PREFIX = "/admin/"
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:", *env_list("CSP_EXTRA_IMG_SRC")],
        "font-src": [SELF],
        "connect-src": [SELF],
        "frame-src": [SELF],
        # As strict as X-Frame-Options DENY, which it overrides in browsers that know
        # both; a response that allows SAMEORIGIN framing gets 'self' (core.security).
        "frame-ancestors": [NONE],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
    }
}
CONTENT_SECURITY_POLICY_ADMIN_UPDATE = {
    "script-src": [UNSAFE_INLINE],
    "style-src": [UNSAFE_INLINE],
    "img-src": ["blob:"],
    "font-src": ["data:"],
}

# Django's own admin at /django-admin/ (production turns it off unless asked).
DJANGO_ADMIN_ENABLED = True

# Logs go to standard output. LOG_FORMAT=json (production's default) writes one JSON
# object per line for a log collector, "text" one readable line; both carry the
# request's id (core.request_id).
LOG_FORMAT = os.environ.get("LOG_FORMAT", "text").strip().lower()
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"request_id": {"()": "core.request_id.RequestIdFilter"}},
    "formatters": {
        "text": {"format": "%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s"},
        "json": {
            "()": "pythonjsonlogger.json.JsonFormatter",
            "format": "%(asctime)s %(levelname)s %(name)s %(request_id)s %(message)s",
            "rename_fields": {"asctime": "time", "levelname": "level", "name": "logger"},
        },
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "filters": ["request_id"],
            "formatter": "json" if LOG_FORMAT == "json" else "text",
        }
    },
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
    "loggers": {
        "django.request": {"level": "ERROR"},
        **{app: {"level": "INFO"} for app in ("home", "procedures", "providers", "webhooks")},
    },
}
