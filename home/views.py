"""Views of the site root that are not Wagtail pages."""

from django.core.cache import cache
from django.db import DatabaseError, connection
from django.http import HttpResponse, JsonResponse


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
    """Readiness probe: can this instance serve pages now? The database and the cache.

    Unlike /healthz, a load balancer uses it to hold traffic back from an instance
    that cannot reach its database (or cache) yet, e.g. while it starts. Answers 200
    with each check's result, or 503 naming what failed; never an error page.
    """
    checks = {}
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
        checks["database"] = "ok"
    except DatabaseError as error:
        checks["database"] = f"unavailable: {error.__class__.__name__}"
    try:
        cache.set(READINESS_CACHE_KEY, "ok", 10)
        checks["cache"] = "ok" if cache.get(READINESS_CACHE_KEY) == "ok" else "not storing"
    except Exception as error:  # any cache backend's connection error
        checks["cache"] = f"unavailable: {error.__class__.__name__}"
    ready = all(value == "ok" for value in checks.values())
    response = JsonResponse({"ready": ready, "checks": checks}, status=200 if ready else 503)
    response["Cache-Control"] = "no-store"
    return response
