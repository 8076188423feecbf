"""`make bench`: the development settings with production's request path.

DEBUG off, because with DEBUG on Django keeps every SQL statement of a request in
memory and renders error pages differently, so timings and memory would measure
a stack nobody deploys. Development-only apps (a debug toolbar, should one be
added to `dev`) are dropped for the same reason, and logging is quiet so that a
load test does not time the console. The database comes from DATABASE_URL, which
`bench.run` always sets to its own PostgreSQL database.
"""

import warnings

from .dev import *  # noqa: F403

DEBUG = False
ALLOWED_HOSTS = ["127.0.0.1", "localhost"]

_DEV_ONLY = ("debug_toolbar",)
INSTALLED_APPS = [app for app in INSTALLED_APPS if not app.startswith(_DEV_ONLY)]  # noqa: F405
MIDDLEWARE = [m for m in MIDDLEWARE if not m.startswith(_DEV_ONLY)]  # noqa: F405

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": "ERROR"},
}

# The bench times pages, not their CSS: static files are not collected for a run.
warnings.filterwarnings("ignore", message="No directory at", category=UserWarning)

# The load test sends thousands of requests a second from one address: measure the
# API, not its rate limit (which `make bench` leaves to tests/test_security.py).
API_THROTTLE_RATE = None

# Production's request path: the page fragments cached under the content version
# (`dev` renders them every time, for templates edited under `make run`).
CONTENT_FRAGMENT_CACHE_SECONDS = env_int("CONTENT_FRAGMENT_CACHE_SECONDS", 3600)  # noqa: F405
