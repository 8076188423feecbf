"""Views of the site root that are not Wagtail pages: probes and the site search."""

import secrets
from pathlib import Path
from urllib.parse import urlencode

from django.core.cache import cache
from django.db import DatabaseError, connection
from django.http import FileResponse, HttpResponse, JsonResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_GET

from wagtail.models import Site

from core import i18n, seo
from core.http_cache.query import keyed_url, reads_query
from procedures.models import ProcedurePage
from providers.directory import DIRECTORY_STATES
from providers.geography import state_code
from providers.paths import doctors_url

from . import search as site_search
from .models import HomePage

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
    fail the probe: the site serves uncached without it (`core.cache`), and failing
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


@reads_query()
@require_GET
@cache_control(public=True, max_age=86400)
def favicon(request):
    """`/favicon.ico`, which browsers and crawlers ask for whatever the page's <link> says.

    Served here rather than redirected to the hashed static URL: a redirect is a
    second request, and a cached permanent one would outlive the next icon.
    """
    return FileResponse(FAVICON.open("rb"), content_type="image/x-icon")


@reads_query("q", "type", "page")
def search(request):
    """The site search page, `/search/?q=`: procedures, articles and doctors for a query.

    Anonymous and cacheable by URL like any public page (it shows only live content,
    and the page cache keys on the content version, which publishing and imports
    bump), but kept out of search engines' indexes with a robots meta tag.
    `?type=procedures|articles|doctors` shows one group, paginated with `?page=`.
    Other parameters change nothing (the page cache serves one copy for all of them).
    """
    query = site_search.clean_query(request.GET.get("q"))
    results = site_search.search(query, request.GET.get("type"), request.GET.get("page"))
    popular = []
    if results.empty:
        site = Site.find_for_request(request)
        # The home page of the language being read: its procedures, not English ones.
        home = site.root_page.localized.specific if site else None
        if isinstance(home, HomePage):
            popular = home.popular_procedures()
    title = _("Search results for “%(query)s”") % {"query": query} if query else _("Search")
    home = i18n.home_path(get_language())
    crumbs = [{"title": _("Home"), "url": home}, {"title": title, "url": ""}]
    return TemplateResponse(
        request,
        "pages/search_results.html",
        {
            # Kept out of search engines' indexes (noindex), titled for the browser tab.
            "seo": seo.page_seo(
                request,
                title=title,
                description=_("Search procedures, articles and doctors."),
                canonical=keyed_url(request),  # the URL without parameters it ignores
                crumbs=crumbs,
                noindex=True,
            ),
            "query": query,
            "results": results,
            "groups": list(results.groups.values()),
            "popular_procedures": popular,
            "type_query": urlencode({"q": query, "type": results.type or ""}),
            "query_string": urlencode({"q": query}),
        },
    )


@reads_query("procedure", "state")
def find_doctor(request):
    """The home page's "Find a doctor" form (a GET, no JavaScript): procedure + state.

    Redirects to that procedure's doctors in that state, or to its every-state page
    when no state is picked; back to the home page's form when the procedure is
    missing or not published (never a 500, never a draft).
    """
    slug = request.GET.get("procedure", "")
    procedure = None
    if isinstance(slug, str) and slug and "\x00" not in slug:
        procedure = (
            ProcedurePage.objects.live().public().filter(slug=slug[:255]).only("url_path").first()
        )
    if procedure is None:
        return redirect(f"{i18n.home_path(get_language())}#find-a-doctor")
    code = state_code(request.GET.get("state"))
    return redirect(doctors_url(procedure, code if code in DIRECTORY_STATES else None, request))
