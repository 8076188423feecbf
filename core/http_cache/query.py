"""Which query parameters a response depends on: the ETag and the page cache keep only those.

Keyed on the full URL, every distinct query string was its own ETag and its own page
cache entry, so a campaign link (``?utm_source=…``), an ad click id (``gclid``,
``fbclid``) or a scraper's made-up parameter rendered and stored the page again. Now
each view says which parameters it reads, where it is defined:

- a function view: ``@reads_query("q", "type", "page")``;
- a page model: ``query_parameters = frozenset({"page"})``, what its `serve` and
  `get_context` read (subclasses inherit it);
- a route of a routable page (`RoutablePageMixin`): ``@reads_query(...)`` on the route
  method, next to ``@path``/``@re_path``.

The middleware needs the answer before the view runs (a 304 and a page cache hit skip
the view), from the URL alone and without a query. Django's URL resolver names the
view. Which page type serves a Wagtail path is only known by routing through the page
tree, which costs queries, so a Wagtail path keeps every parameter that any page type
declares, plus those of any page route whose pattern matches the end of the path
(``…/doctors/texas/`` keeps the state page's filters, an article does not): more
entries than strictly needed for some pages, never fewer.

The URL is resolved in its own language (`/es/…` in Spanish), as the view will be:
this middleware runs before `core.i18n.PathLanguageMiddleware` activates it, and the
words of some routes are each language's (`/es/medicos/…`, `providers.paths`).

The parameters kept are sorted by name (repeated values keep their order, since
``QueryDict.get`` answers the last), so ``?a=1&b=2`` and ``?b=2&a=1`` share an entry.
Anything that declares nothing keeps its whole query string verbatim: the API, which
answers a parameter it does not know with a 400 (so ``?utm_source=`` must not get the
cached 200 of the plain URL), its OpenAPI pages, and any view added without a
declaration.

The view still sees the request as sent. A view that declares its parameters must not
let any other one change what it renders (no full URL echoed into a link or a canonical
URL): the copy it renders is served for every query string that shares its key.
"""

from functools import cache, lru_cache

from django.urls import Resolver404, resolve
from django.utils import translation
from django.utils.encoding import escape_uri_path
from django.utils.http import urlencode

from wagtail.contrib.routable_page.models import RoutablePageMixin
from wagtail.models import Page, get_page_models

from core.i18n import default_language

ATTRIBUTE = "query_parameters"
# Not declared: the response may depend on any parameter, in any order.
EVERY = None
# The URL name of Wagtail's page-serving view (`wagtail.urls`). Named rather than
# imported: page models import this module to declare their routes' parameters.
WAGTAIL_SERVE = "wagtail_serve"


def reads_query(*names):
    """Declare the query parameters a view or a page route reads (none: ``reads_query()``)."""

    def declare(view):
        setattr(view, ATTRIBUTE, frozenset(names))
        return view

    return declare


def declared(view):
    """What `view` (a view function, a route method or a page model) declares, or EVERY."""
    return getattr(view, ATTRIBUTE, EVERY)


def union(declarations):
    names = set()
    for declaration in declarations:
        if declaration is EVERY:
            return EVERY
        names |= declaration
    return frozenset(names)


@cache
def page_types():
    """The page models a URL can serve (Wagtail's `Page` itself is the tree's root)."""
    return tuple(model for model in get_page_models() if model is not Page)


@cache
def any_page_reads():
    return union(declared(model) for model in page_types())


def routes_matching_the_end_of(path):
    """The route methods of routable page types whose pattern matches a tail of `path`
    (the page that owns the route can be at any depth)."""
    segments = [segment for segment in path.split("/") if segment]
    for model in page_types():
        if not issubclass(model, RoutablePageMixin):
            continue
        resolver = model.get_resolver()
        for start in range(len(segments)):
            try:
                yield resolver.resolve("/" + "/".join(segments[start:]) + "/").func
            except Resolver404:
                continue


@lru_cache(maxsize=1024)
def page_path_reads(path):
    """What any page or page route that could serve `path` reads."""
    return union([any_page_reads(), *map(declared, routes_matching_the_end_of(path))])


def parameters_read(request):
    """The query parameters the view that will answer `request` reads, or EVERY."""
    path = request.path_info
    with translation.override(translation.get_language_from_path(path) or default_language()):
        try:
            match = resolve(path, getattr(request, "urlconf", None))
        except Resolver404:
            return EVERY
        if match.url_name == WAGTAIL_SERVE:
            return page_path_reads(path)
        return declared(match.func)


def keyed_url(request):
    """The request's path and the query parameters its view reads, sorted: what the ETag
    and the page cache key on (the whole URL for a view that declares nothing)."""
    names = parameters_read(request)
    if names is EVERY:
        return request.get_full_path()
    query = request.GET
    pairs = [
        (name, value) for name in sorted(names.intersection(query)) for value in query.getlist(name)
    ]
    path = escape_uri_path(request.path)
    return f"{path}?{urlencode(pairs)}" if pairs else path
