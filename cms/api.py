"""The Wagtail API v2 router: which endpoints exist under /api/v2/.

Wagtail's own endpoints (pages, images, documents) are subclassed here only to add
what every endpoint of this site has: parameter checks and one JSON error shape
(`core.api_params.APIParametersMixin`, which the providers endpoint uses too), and
strict field filters. The directory's endpoint belongs to `providers` and is only
registered here.
"""

import copy
import re

from django.conf import settings
from django.db.models import QuerySet
from django.http import Http404
from django.urls import NoReverseMatch, reverse
from django.utils import translation

from wagtail.api.v2.filters import LocaleFilter, SearchFilter
from wagtail.api.v2.pagination import WagtailPagination
from wagtail.api.v2.router import WagtailAPIRouter
from wagtail.api.v2.serializers import PageHtmlUrlField, PageSerializer
from wagtail.api.v2.utils import BadRequestError
from wagtail.api.v2.views import PagesAPIViewSet
from wagtail.api.validators import SiteFilterValidator
from wagtail.coreutils import WAGTAIL_APPEND_SLASH, get_supported_content_language_variant
from wagtail.documents.api.v2.views import DocumentsAPIViewSet
from wagtail.fields import StreamField
from wagtail.images.api.v2.views import ImagesAPIViewSet
from wagtail.models import Locale, Page, PageViewRestriction, Site
from wagtail.search.backends import get_search_backend
from wagtail.search.backends.base import FilterFieldError, OrderByFieldError

from core import routing, search_backend
from core.api_errors import bad_parameter
from core.api_params import (
    APIParametersMixin,
    ListedDetailUrlField,
    integer_range,
    page_bounds,
    strict_filter_backends,
    whole_number,
)
from core.api_urls import SLUG_MARK, once_per_response
from core.http_cache.remembered import remembered_count, remembered_lookup
from providers.api import ProvidersAPIViewSet

# Wagtail answers a listing's unknown `?site=` or `?locale=` with a 404 (its
# `get_object_or_404`); for a list that is a bad value of the parameter: a 400.
NOT_FOUND_PARAMETERS = {
    "No Site matches": ("site", "no site has this hostname (and :port)"),
    "No Locale matches": ("locale", "no locale has this language code"),
}


# Page parameters that take a page id or `root` (the site's root page), checked as the
# ids of other parameters are: ASCII digits within the id column's range. Wagtail reads
# them with `int()`, which takes "1_4", " 14" and other scripts' digits as ids.
PAGE_REFERENCES = ("translation_of",)
ROOT = "root"


def check_page_reference(name, value):
    if value != ROOT:
        minimum, maximum = integer_range(Page._meta.pk)
        try:
            whole_number(name, value, minimum, maximum)
        except BadRequestError:
            raise bad_parameter(
                name, f"use a page id (a whole number from {minimum} to {maximum}) or {ROOT}"
            ) from None


class LanguageSearchFilter(SearchFilter):
    """Wagtail's `?search=`, through the search backend of the language `?locale=`
    names (`core.search_backend`), as the site search does: a language's pages are
    indexed with its own text search configuration, so `?locale=es&search=cirugia`
    is searched with the Spanish one and finds "Cirugía". Without `?locale=`, or for a
    language without a backend of its own, Wagtail's filter as it is; otherwise its
    checks and errors, with the language's backend."""

    def filter_queryset(self, request, queryset, view):
        name = search_backend.backend_name(request.GET.get("locale", ""))
        if "search" not in request.GET or name == search_backend.DEFAULT:
            return super().filter_queryset(request, queryset, view)
        if not getattr(settings, "WAGTAILAPI_SEARCH_ENABLED", True):
            raise BadRequestError("search is disabled")
        if getattr(queryset, "_filtered_by_tag", False):
            raise BadRequestError("filtering by tag with a search query is not supported")
        try:
            return get_search_backend(name).search(
                request.GET["search"],
                queryset,
                operator=request.GET.get("search_operator", None),
                order_by_relevance="order" not in request.GET,
            )
        except FilterFieldError as error:
            raise BadRequestError(
                f"cannot filter by '{error.field_name}' while searching (field is not indexed)"
            ) from error
        except OrderByFieldError as error:
            raise BadRequestError(
                f"cannot order by '{error.field_name}' while searching (field is not indexed)"
            ) from error


# The paths Wagtail's `wagtail_serve` pattern matches that Django's `reverse` returns
# as they are (nothing to quote): ASCII slugs, each followed by a slash.
PLAIN_PAGE_PATH = re.compile(r"(?:[A-Za-z0-9_\-]+/)*")
PAGE_PATH_MARK = f"{SLUG_MARK}/"


def serve_prefix(language_code):
    """What `reverse("wagtail_serve", …)` puts before a page's path in a language
    ("/" or "/es/"), or None if it cannot tell."""
    with translation.override(language_code):
        try:
            path = reverse("wagtail_serve", args=(PAGE_PATH_MARK,))
        except NoReverseMatch:
            return None
    prefix, mark, rest = path.rpartition(PAGE_PATH_MARK)
    return prefix if mark and not rest else None


class ListedHtmlUrlField(PageHtmlUrlField):
    """Wagtail's `html_url` (`page.full_url`), the same URL, built from what a response
    reads once: the sites' root paths and, per language, the page URL prefix.

    Wagtail builds each item's URL on its own: it reads `Site.get_site_root_paths()`
    from the cache (a Redis round trip per item in production) and reverses
    `wagtail_serve` inside a language override, a tenth of a list's time. Pages whose
    URLs Wagtail builds otherwise (a model overriding `get_url_parts`, a path Django
    would quote, `WAGTAIL_APPEND_SLASH = False`) get Wagtail's own answer.
    """

    def to_representation(self, page):
        root_paths = once_per_response(self, "site_root_paths", Site.get_site_root_paths)
        page._wagtail_cached_site_root_paths = root_paths
        url = self.listed_url(page, root_paths)
        return url if url is not None else super().to_representation(page)

    def listed_url(self, page, root_paths):
        """`Page.get_full_url()` as Wagtail's `get_url_parts` makes it without a request,
        or None where this does not apply."""
        model = type(page)
        if (
            model.get_url_parts is not Page.get_url_parts
            or model.get_full_url is not Page.get_full_url
            or not WAGTAIL_APPEND_SLASH
            or not getattr(settings, "WAGTAIL_I18N_ENABLED", False)
        ):
            return None
        possible = [root for root in root_paths if page.url_path.startswith(root.root_path)]
        if not possible:
            return None
        _site_id, root_path, root_url, language_code = possible[0]
        path = page.url_path[len(root_path) :]
        if root_url is None or not PLAIN_PAGE_PATH.fullmatch(path):
            return None
        active = translation.get_language()
        try:
            if get_supported_content_language_variant(active) == language_code:
                language_code = active
        except LookupError:
            pass
        prefix = once_per_response(
            self, ("serve_prefix", language_code), lambda: serve_prefix(language_code)
        )
        return None if prefix is None else root_url + prefix + path


class ListedPageSerializer(PageSerializer):
    detail_url = ListedDetailUrlField(read_only=True)
    html_url = ListedHtmlUrlField(read_only=True)

    def get_fields(self):
        """DRF's fields for this serializer class, read from the model once per class
        and copied for each serializer as DRF copies declared fields (`deepcopy` makes
        each field anew from its arguments): a listing's class is made once per process
        (`PagesEndpoint.listing_serializer_class`), and reading the model's fields
        again for every response cost more than the copy."""
        cls = type(self)
        prototypes = cls.__dict__.get("_field_prototypes")
        if prototypes is None:
            prototypes = super().get_fields()
            cls._field_prototypes = prototypes
        return copy.deepcopy(prototypes)


def site_locales(request):
    """The `Locale`s by id, looked up once per content version (a page only shows in a
    new locale once it is published, which bumps the version; so does saving a locale:
    `core.http_cache.signals`)."""
    return remembered_lookup(
        request, ("locales",), lambda: {locale.pk: locale for locale in Locale.objects.all()}
    )


def attach_locales(pages, request):
    """Give each listed page its `Locale` without a query: every item's `meta.locale`
    reads it, which would otherwise cost a query per page."""
    locales = site_locales(request)
    for page in pages:
        if page.locale_id in locales:
            page.locale = locales[page.locale_id]


class RememberedLocaleFilter(LocaleFilter):
    """Wagtail's `?locale=` filter, the same filter and the same 404 for a language with
    no `Locale` (answered as a 400 by `PagesEndpoint`), with the locale from
    `site_locales` rather than a query."""

    def filter_queryset(self, request, queryset, view):
        if "locale" not in request.GET:
            return queryset
        code = request.GET["locale"]
        locales = site_locales(request).values()
        found = [locale for locale in locales if locale.language_code == code]
        if not found:
            raise Http404(f"No {Locale._meta.object_name} matches the given query.")
        _filtered_by_child_of = getattr(queryset, "_filtered_by_child_of", None)
        queryset = queryset.filter(locale=found[0])
        if _filtered_by_child_of:
            queryset._filtered_by_child_of = _filtered_by_child_of
        return queryset


def public_pages_queryset(request):
    """Wagtail's `get_public_pages_queryset(request)` (`wagtail.api.querysets`): the same
    queryset, with its two lookups remembered per content version
    (`core.http_cache.remembered`) instead of made on every request: the view
    restrictions (saving or deleting one bumps the version) and the translations of the
    site's root page (a translated tree's pages are public only once published, which
    bumps it). Whether a restriction lets this request in is still asked per request.
    tests/http_cache/test_remembered.py compares its SQL with Wagtail's."""
    queryset = Page._default_manager.all().live()
    restrictions = remembered_lookup(
        request,
        ("view_restrictions",),
        lambda: list(PageViewRestriction.objects.all().select_related("page")),
    )
    for restriction in restrictions:
        if not restriction.accept_request(request):
            queryset = queryset.not_descendant_of(restriction.page, inclusive=True)
    site = SiteFilterValidator(site=request.GET.get("site"), request=request).site_obj
    if not site:
        return queryset.none()
    base_queryset = queryset
    queryset = base_queryset.descendant_of(site.root_page, inclusive=True)
    if getattr(settings, "WAGTAIL_I18N_ENABLED", False):
        translations = remembered_lookup(
            request,
            ("root_translations", site.root_page_id),
            lambda: list(site.root_page.get_translations()),
        )
        for translation_root in translations:
            queryset |= base_queryset.descendant_of(translation_root, inclusive=True)
    return queryset


# The parameters that choose which part of a list to show, not what the list holds.
PAGING_PARAMETERS = frozenset(["offset", "limit", "fields", "order", "rich_text_format"])


def listing_key(request):
    """What a pages list holds, by its request: the host and path, and every query
    parameter but the paging ones, in a fixed order. The same list paged (or shown
    with other fields) has the same key."""
    parameters = sorted(
        (name, tuple(values))
        for name, values in request.GET.lists()
        if name not in PAGING_PARAMETERS
    )
    return (request._get_raw_host(), request.get_port(), request.path, tuple(parameters))


class PagesPagination(WagtailPagination):
    """Wagtail's offset/limit pagination, the same answers and errors, with the total
    of a public list counted once per content version (`remembered_count`) rather
    than on every page of it: a count is the list's query over every matching page
    (a third of a typed list's database time). Search results are counted each time
    (the search index is not under the content version)."""

    def paginate_queryset(self, queryset, request, view=None):
        start, stop = page_bounds(request)
        self.view = view
        if isinstance(queryset, QuerySet):
            self.total_count = remembered_count(request, listing_key(request), queryset.count)
        else:
            self.total_count = queryset.count()
        return queryset[start:stop]


def unshown_streams(model, fields):
    """The StreamFields of `model` a list showing `fields` does not show: left in the
    database (`defer`), since each loaded one is JSON decoded and wrapped for every
    page of the list (a procedure's references: a tenth of its list's time).
    tests/procedures/test_api.py lists every field alone, so a field that reads
    another (`source="*"`) would show as a query per page."""
    return [
        field.name
        for field in model._meta.concrete_fields
        if isinstance(field, StreamField) and field.name not in fields
    ]


# Listing serializer classes by (endpoint, model, `?fields=`), made by
# `PagesEndpoint.listing_serializer_class`: only valid `?fields=`, at most this many.
LISTING_SERIALIZERS = {}
LISTING_SERIALIZERS_MAX = 64


class PagesEndpoint(APIParametersMixin, PagesAPIViewSet):
    """Wagtail's pages endpoint, with bulk loading for typed listings.

    When a listing is filtered to one page type (``?type=procedures.ProcedurePage``)
    and that model knows how to load many pages at once (``prefetch_for_listing``),
    let it do so, so the number of queries does not grow with the page size.
    """

    filter_backends = [
        {SearchFilter: LanguageSearchFilter, LocaleFilter: RememberedLocaleFilter}.get(
            backend, backend
        )
        for backend in strict_filter_backends(PagesAPIViewSet.filter_backends)
    ]
    base_serializer_class = ListedPageSerializer
    pagination_class = PagesPagination

    def initial(self, request, *args, **kwargs):
        # `?locale=` is checked for every endpoint (core.api_params.check_locale);
        # `?translation_of=` is the pages list's own. An id that is no live, public
        # page is Wagtail's "translation_of page doesn't exist", a 400 naming it too.
        for name in PAGE_REFERENCES:
            for value in request.GET.getlist(name):
                check_page_reference(name, value)
        super().initial(request, *args, **kwargs)

    def find_object(self, queryset, request):
        """`find/?html_path=` in every language: `/es/procedimientos/…` is found from the
        Spanish home page (`core.routing.language_path_route`)."""
        site = Site.find_for_request(request)
        page = routing.NOT_PREFIXED
        if site is not None:
            page = routing.language_path_route(request, site, request.GET.get("html_path", ""))
        if page is routing.NOT_PREFIXED:
            return super().find_object(queryset, request)
        return page if page is not None and queryset.filter(id=page.id).exists() else None

    def get_base_queryset(self):
        # Once per request: Wagtail asks for it three times in a listing (the list, the
        # serializer class, the serializer context), and each reads the site's view
        # restrictions.
        if getattr(self, "_base_queryset", None) is None:
            try:
                self._base_queryset = public_pages_queryset(self.request)
            except ValueError as error:  # as Wagtail's: two sites match `?site=`
                raise BadRequestError(str(error)) from error
        return self._base_queryset.all()

    def get_queryset(self):
        # Once per request: the listing asks, and so does its serializer class (for the
        # model `?type=` names).
        if getattr(self, "_queryset", None) is None:
            self._queryset = super().get_queryset()
        return self._queryset.all()

    def get_serializer_class(self):
        # Once per request: `paginate_queryset` asks which fields are shown, then
        # Wagtail asks again to serialize.
        if getattr(self, "_serializer_class", None) is None:
            self._serializer_class = self.listing_serializer_class() or (
                super().get_serializer_class()
            )
        return self._serializer_class

    def listing_serializer_class(self):
        """A listing's serializer class, made once per process for each model and
        `?fields=`: Wagtail makes a new class on every request (and DRF then reads the
        model's fields for it), but it depends on nothing else. None for other views."""
        if self.action != "listing_view":
            return None
        key = (type(self), self.get_queryset().model, self.request.GET.get("fields"))
        found = LISTING_SERIALIZERS.get(key)
        if found is None:
            found = super().get_serializer_class()  # raises on bad `?fields=`
            if len(LISTING_SERIALIZERS) >= LISTING_SERIALIZERS_MAX:
                LISTING_SERIALIZERS.clear()
            LISTING_SERIALIZERS[key] = found
        return found

    def paginate_queryset(self, queryset):
        if isinstance(queryset, QuerySet):
            unshown = unshown_streams(queryset.model, self.get_serializer_class().Meta.fields)
            queryset = queryset.defer(*unshown) if unshown else queryset
        page = super().paginate_queryset(queryset)
        if page is not None:
            attach_locales(page, self.request)
        model = getattr(queryset, "model", None)
        prefetch = getattr(model, "prefetch_for_listing", None)
        if prefetch is not None and page is not None:
            # Only what the listed fields show (`?fields=`): a list of titles and
            # summaries loads no sections, authors or images.
            page = prefetch(page, fields=frozenset(self.get_serializer_class().Meta.fields))
        return page

    def handle_exception(self, exc):
        if isinstance(exc, Http404) and self.action == "listing_view":
            for start, (name, problem) in NOT_FOUND_PARAMETERS.items():
                if str(exc).startswith(start):
                    exc = bad_parameter(name, problem)
        return super().handle_exception(exc)


class ImagesEndpoint(APIParametersMixin, ImagesAPIViewSet):
    filter_backends = strict_filter_backends(ImagesAPIViewSet.filter_backends)


class DocumentsEndpoint(APIParametersMixin, DocumentsAPIViewSet):
    filter_backends = strict_filter_backends(DocumentsAPIViewSet.filter_backends)


api_router = WagtailAPIRouter("wagtailapi")
api_router.register_endpoint("pages", PagesEndpoint)
api_router.register_endpoint("images", ImagesEndpoint)
api_router.register_endpoint("documents", DocumentsEndpoint)
api_router.register_endpoint("providers", ProvidersAPIViewSet)
