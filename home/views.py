"""Views of the site root that are not Wagtail pages."""

from django.http import HttpResponse


def healthz(request):
    """Liveness probe for load balancers: answers "ok" without touching the database.

    A probe must say whether this process can serve requests, not whether
    PostgreSQL is up: failing it on a database blip would take every instance out
    of rotation at once. It is also the trivial baseline view of `make bench`,
    so request rates of real pages are reported as a share of what the stack
    (WSGI server, middleware, URL routing) can do with no work at all.
    """
    return HttpResponse("ok", content_type="text/plain")
