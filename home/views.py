"""Views of the site root that are not Wagtail pages."""

import secrets
from pathlib import Path

from django.core.cache import cache
from django.db import DatabaseError, connection
from django.http import FileResponse, HttpResponse, JsonResponse
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_GET

# Drawn by scripts/make_icons.py; served from the source tree, which every deploy has.
FAVICON = Path(__file__).resolve().parent.parent / "static" / "favicon.ico"


def healthz(request):
    """Liveness probe for load balancers: answers "ok" without touching the database.

    A probe must say whether this process can serve requests, not whether
    PostgreSQL is up: failing it on a database blip would take every instance out
    of rotation at once. It is also the trivial baseline view of `make bench`,
    so request rates of real pages are reported as a share of what the stack
    (WSGI server, middleware, URL routing) can do with no work at all.
    """
    return HttpResponse("ok", content_type="text/plain")


READINESS_CACHE_KEY = "readyz"


def readyz(request):
    """Readiness probe: can this instance serve pages now? Asks the database and the cache.

    A load balancer holds traffic back from an instance that answers 503: one that
    cannot reach PostgreSQL cannot serve a page. The cache is reported but does not
    fail the probe: the site serves uncached without it (`cms.cache`), and failing
    every instance at once because Redis restarts would turn a slower site into none.
    """
    checks = {"database": database_status(), "cache": cache_status()}
    ready = checks["database"] == "ok"
    response = JsonResponse({"ready": ready, "checks": checks}, status=200 if ready else 503)
    response["Cache-Control"] = "no-store"
    return response


def database_status():
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError as error:
        return f"unavailable: {error.__class__.__name__}"
    return "ok"


def cache_status():
    """ "ok" when a value written to the cache reads back (an unreachable Redis cannot)."""
    token = secrets.token_hex(8)
    cache.set(READINESS_CACHE_KEY, token, 10)
    return "ok" if cache.get(READINESS_CACHE_KEY) == token else "unavailable: serving uncached"


@require_GET
@cache_control(public=True, max_age=86400)
def favicon(request):
    """`/favicon.ico`, which browsers and crawlers ask for whatever the page's <link> says.

    Served here rather than redirected to the hashed static URL: a redirect is a
    second request, and a cached permanent one would outlive the next icon.
    """
    return FileResponse(FAVICON.open("rb"), content_type="image/x-icon")
