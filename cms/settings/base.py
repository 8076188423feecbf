"""Settings shared by every environment.

Everything that differs between machines comes from the environment, so the
same code runs on a laptop (SQLite), in CI (PostgreSQL) and in production.
"""

import os
from pathlib import Path

import dj_database_url

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


INSTALLED_APPS = [
    "home",
    "procedures",
    "editorial",
    "providers",
    "wagtail.api.v2",
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
    "django_filters",
    "localflavor",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.sitemaps",
    "django.contrib.staticfiles",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
]

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
# PostgreSQL stops planning it on every request (planning was ~0.6 ms of each join query
# on a page view, more than executing it). Off unless set, because it breaks behind a
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
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en-us"
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

STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

DATA_UPLOAD_MAX_NUMBER_FIELDS = 10_000

# Wagtail
WAGTAIL_SITE_NAME = os.environ.get("WAGTAIL_SITE_NAME", "Procedures CMS")
WAGTAILADMIN_BASE_URL = os.environ.get("WAGTAILADMIN_BASE_URL", "http://127.0.0.1:8000")
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database"}}
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
# The site settings that hold the medical disclaimer the API hands to apps.
EDITORIAL_SITE_SETTINGS_MODEL = "home.SiteSettings"
# Absolute URLs in API responses (html_url, find redirects) use this when set,
# rather than the Site's hostname.
WAGTAILAPI_BASE_URL = os.environ.get("WAGTAILAPI_BASE_URL") or None

# Provider directory: how long a procedure page keeps its rendered map, picker and
# state list (a template fragment keyed by a digest of what they show, so a change
# in counts shows at once). 0 renders them on every request (`make bench` measures
# both).
DIRECTORY_MAP_CACHE_SECONDS = env_int("DIRECTORY_MAP_CACHE_SECONDS", 86400)

REST_FRAMEWORK = {
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
    "loggers": {
        "django.request": {"level": "ERROR"},
        **{app: {"level": "INFO"} for app in ("home", "procedures", "providers")},
    },
}
