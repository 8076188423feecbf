"""No query string and no URL segment makes the site answer 5xx (property-based).

A fuzzing run once found a thousand server errors in /api/v2/ from six causes
(non-numeric ids, bad dates, unicode digits, NUL bytes, huge offsets, long
searches), and a later one two dozen in /api/v3/ (huge offsets again). This test
throws the same kinds of input, and whatever else Hypothesis draws, at every query
parameter of every public endpoint and page route, and at every v3 operation with
and without a bearer token. The parameter names come from the code (each viewset's
`known_query_parameters`, the field filters of each page type, the provider filter
form, the state-page filters, the parameters of each operation in the v3 document
the site serves), so a parameter added later is fuzzed without editing this file.

Examples are derandomized (the same inputs every run, no example database), so CI
is repeatable and each test stays under a minute.
"""

import copy
from types import SimpleNamespace
from typing import NamedTuple
from urllib.parse import quote, urlencode

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from django.contrib.auth.models import Permission
from django.db import transaction

import wagtail_factories
from wagtail.api.v2.filters import FieldsFilter
from wagtail.api.v3.schemas.pages import BASE_PAGE_READ_FIELDS
from wagtail.api.v3.urls import api as api_v3
from wagtail.contrib.redirects.api.v3.router import BASE_REDIRECT_READ_FIELDS
from wagtail.contrib.redirects.models import Redirect
from wagtail.documents.api.v3.router import BASE_DOCUMENT_READ_FIELDS
from wagtail.images.api.v3.router import BASE_IMAGE_READ_FIELDS
from wagtail.models import Locale, Site, get_page_models

from cms.api import api_router
from cms.api_v3.guard import served_document
from procedures.factories import ArticlePageFactory, ProcedurePageFactory
from providers.factories import (
    LanguageFactory,
    ProviderFactory,
    ProviderProcedureFactory,
    SpecialtyFactory,
)
from providers.filters import STATE_PAGE_FILTERS, ProviderFilterForm
from providers.models import ProcedureSpecialty

# Names nobody declared: each must be refused (API) or ignored (pages), never a 500.
UNKNOWN_NAMES = ["bogus", "", "\x00", "a\x00b", "x" * 300, "²", "fields[]", "id "]

# What the server-rendered pages read: the state page's filters, `page` (every
# paginated page), `state` (the picker on doctors/) and `p` (sitemap pages).
PAGE_ROUTE_PARAMETERS = tuple(sorted({"page", "state", "p", *STATE_PAGE_FILTERS, *UNKNOWN_NAMES}))

# Values that broke the API before, and plausible ones so that the code goes past
# the first check (a valid procedure or state with a hostile neighbour).
HOSTILE_VALUES = [
    "",
    " ",
    "\x00",
    "a\x00b",
    "x" * 5000,
    str(2**64),
    str(-(2**70)),
    str(2**63),
    "9" * 400,
    str(2**63 - 1),
    str(2**31),
    "-1",
    "0",
    "1",
    "²",
    "⑦",
    "٣",
    "３",
    "1e3",
    "NaN",
    "true",
    "maybe",
    "root",
    "2024-05-01",
    "2024-05-01T09:30:00",
    "2024-13-45",
    " ".join(["word"] * 160),
    "-".join(["a"] * 200),
    "a(" * 2000,
    '"' * 50,
    "'",
    "%",
    "../..",
    "<script>alert(1)</script>",
    "vertebroplasty",
    "TX",
    "texas",
    "es",
    "2085R0204X",
    "title",
    "-title",
    "random",
    "*",
    "_,title",
    "procedures.ProcedurePage",
    "wagtailcore.Page",
    "en",
    "testserver",
    "testserver:80",
    "and",
    "or",
    "name",
]

UNICODE = st.characters(exclude_categories=("Cs",))  # anything UTF-8 can carry
WORD = st.text(UNICODE, min_size=1, max_size=8)
VALUES = st.one_of(
    st.sampled_from(HOSTILE_VALUES),
    st.text(UNICODE, max_size=60),
    st.integers(min_value=-(2**70), max_value=2**70).map(str),
    st.lists(WORD, min_size=100, max_size=200).map(" ".join),
)


def queries(names):
    """One to three parameters, sometimes repeated (``?x=1&x=2``)."""
    pair = st.tuples(st.sampled_from(names), VALUES)

    def repeat_first(pairs_and_extra):
        pairs, extra = pairs_and_extra
        return pairs + [(pairs[0][0], extra)] if extra is not None else pairs

    return st.tuples(st.lists(pair, min_size=1, max_size=3), st.none() | VALUES).map(repeat_first)


class Target(NamedTuple):
    """A URL (a template filled from the fixture), a fixed query, the names to fuzz,
    and those the sweep of known bad values covers here (None: all but the unknown)."""

    path: str
    fixed: tuple
    names: tuple
    swept: tuple | None = None

    def url(self, site, pairs=()):
        query = [*self.fixed, *pairs]
        path = self.path.format(**vars(site))
        return path + ("?" + urlencode(query, quote_via=quote) if query else "")

    def swept_names(self):
        if self.swept is not None:
            return self.swept
        return tuple(name for name in self.names if name not in UNKNOWN_NAMES)


def endpoint(name):
    return api_router._endpoints[name]


def names(*groups):
    return tuple(sorted({*UNKNOWN_NAMES}.union(*groups)))


def field_filters(viewset, model):
    """The ``?<field>=`` filters a listing offers: only with Wagtail's FieldsFilter."""
    if not any(issubclass(backend, FieldsFilter) for backend in viewset.filter_backends):
        return set()
    return set(viewset.get_available_fields(model, db_fields_only=True))


def api_targets():
    """Every API view, with the operations and field filters it reads."""
    pages = endpoint("pages")
    page_fields = field_filters(pages, pages.model)
    targets = [Target("/api/v2/pages/", (), names(pages.known_query_parameters, page_fields))]
    for model in get_page_models():  # a page type's own fields filter only with ?type=
        if model is not pages.model:
            fields = field_filters(pages, model)
            targets.append(
                Target(
                    "/api/v2/pages/",
                    (("type", model._meta.label),),
                    names(pages.known_query_parameters, fields),
                    swept=tuple(sorted(fields - page_fields)),
                )
            )
    for name in ("images", "documents", "providers"):
        viewset = endpoint(name)
        fields = field_filters(viewset, viewset.model)
        targets.append(
            Target(f"/api/v2/{name}/", (), names(viewset.known_query_parameters, fields))
        )
    for name in ("pages", "images", "documents", "providers"):
        viewset = endpoint(name)
        known = viewset.known_query_parameters
        targets.append(
            Target(f"/api/v2/{name}/find/", (), names(viewset.find_query_parameters, known))
        )
        targets.append(Target(f"/api/v2/{name}/{{{name}_id}}/", (), names(known)))
    providers = endpoint("providers")
    ranked = (("procedure", "vertebroplasty"),)  # the link-table path of the listing
    form = ProviderFilterForm.base_fields
    targets.append(
        Target("/api/v2/providers/", ranked, names(form, providers.known_query_parameters))
    )
    targets.append(
        Target("/api/v2/providers/states/", (), names(providers.states_query_parameters))
    )
    return targets


API_TARGETS = api_targets()


# Each v3 listing that filters by field (Wagtail's `APIFieldFilterSchema`): its base
# fields, and the v2 endpoint whose models' API fields it also filters by.
V3_FIELD_FILTERS = {
    "/api/v3/pages/": (BASE_PAGE_READ_FIELDS, "pages"),
    "/api/v3/images/": (BASE_IMAGE_READ_FIELDS, "images"),
    "/api/v3/documents/": (BASE_DOCUMENT_READ_FIELDS, "documents"),
    "/api/v3/redirects/": (BASE_REDIRECT_READ_FIELDS, None),
}


def v3_field_filters(path):
    base, name = V3_FIELD_FILTERS.get(path, ((), None))
    if name is None:
        return set(base)
    viewset = endpoint(name)
    return {*base, *field_filters(viewset, viewset.model)}


def v3_targets():
    """Every v3 operation the site serves (its document, `cms.api_v3.guard`), with the
    query parameters it declares, the field filters it reads, and `offset`/`limit`
    everywhere (the guard checks them on every route)."""
    document = served_document(copy.deepcopy(api_v3.get_openapi_schema(path_prefix="/api/v3/")))
    targets = []
    for path, operations in document["paths"].items():
        declared = {
            parameter["name"]
            for parameter in operations["get"].get("parameters", ())
            if parameter["in"] == "query"
        }
        fields = v3_field_filters(path)
        targets.append(Target(path, (), names(declared, fields, {"offset", "limit"})))
        if path == "/api/v3/pages/":  # a page type's own fields filter only with ?type=
            pages = endpoint("pages")
            for model in get_page_models():
                if model is not pages.model:
                    own = field_filters(pages, model)
                    targets.append(
                        Target(
                            path,
                            (("type", model._meta.label),),
                            names(declared, fields, own),
                            swept=tuple(sorted(own - fields)),
                        )
                    )
    return targets


V3_TARGETS = v3_targets()

PAGE_TARGETS = [
    Target(path, (), PAGE_ROUTE_PARAMETERS)
    for path in [
        "/",
        "/procedures/",
        "/procedures/vertebroplasty/",
        "/procedures/vertebroplasty/doctors/",
        "/procedures/vertebroplasty/doctors/texas/",
        "/articles/",
        "/articles/recovery-guide/",
        "{profile_url}",
        "/sitemap.xml",
        "/healthz",
        "/no-such-page/",  # a 404 goes through Wagtail's redirect lookup
    ]
]

SEGMENT_ROUTES = [
    "/{}/",
    "/procedures/{}/",
    "/procedures/vertebroplasty/{}/",
    "/procedures/vertebroplasty/doctors/{}/",
    "/articles/{}/",
    "/doctors/{}/",
    "/api/v2/pages/{}/",
    "/api/v2/providers/{}/",
    "/api/v2/{}/",
    "/api/v3/pages/{}/",
    "/api/v3/pages/{}/revisions/",
    "/api/v3/images/{}/",
    "/api/v3/schema/{}/",
    "/api/v3/{}/",
]


@pytest.fixture
def may_view_locales(editor):
    """The token's user reads /api/v3/locales/ too (docs/api.md#previewing-drafts)."""
    editor.user_permissions.add(Permission.objects.get(codename="view_locale"))
    return editor


@pytest.fixture
def fuzz_site(home, procedure_index, article_index):
    """One of each thing a route can show: procedure, article, provider, image, document."""
    specialty = SpecialtyFactory(code="2085R0204X")
    spanish = LanguageFactory(code="es", name="Spanish")
    ArticlePageFactory(parent=article_index, title="Recovery guide", slug="recovery-guide")
    procedure = ProcedurePageFactory(
        parent=procedure_index, title="Vertebroplasty", slug="vertebroplasty"
    )
    ProcedureSpecialty.objects.create(page=procedure, specialty=specialty)
    provider = ProviderFactory(primary_specialty=specialty, languages=[spanish])
    ProviderProcedureFactory(provider=provider, procedure=procedure)
    image = wagtail_factories.ImageFactory()
    document = wagtail_factories.DocumentFactory()
    return SimpleNamespace(
        pages_id=procedure.pk,
        images_id=image.pk,
        documents_id=document.pk,
        providers_id=provider.pk,
        profile_url=provider.get_absolute_url(),
        # API v3's path parameters, as its document names them.
        page_id=procedure.pk,
        revision_id=procedure.save_revision().pk,
        image_id=image.pk,
        document_id=document.pk,
        redirect_id=Redirect.objects.create(old_path="/old", redirect_link="/articles/").pk,
        site_id=Site.objects.get().pk,
        locale_id=Locale.objects.get(language_code="es").pk,
        type_name="procedures.ProcedurePage",
    )


@pytest.fixture
def fuzz_client(client):
    """A client that returns the 500 page instead of raising, as a visitor sees it."""
    client.raise_request_exception = False
    return client


def is_problem_detail(response):
    """API v3's error shape (RFC 9457), docs/api.md#what-v3-serves-here."""
    if response["Content-Type"] != "application/problem+json":
        return False
    body = response.json()
    return body.get("status") == response.status_code and isinstance(body.get("title"), str)


def server_error(client, url, **headers):
    """None, or what is wrong with the answer to GET `url`.

    Each request runs in a savepoint, so one that breaks the transaction shows as
    its own 500 instead of failing every later request too."""
    savepoint = transaction.savepoint()
    try:
        response = client.get(url, **headers)
    finally:
        transaction.savepoint_rollback(savepoint)
    status, body = response.status_code, response.content[:200]
    if status >= 500:
        return f"{status} for {url[:300]!r}: {body!r}"
    if url.startswith("/api/v3/") and status >= 400:
        if not is_problem_detail(response):
            return f"{status} that is no problem detail for {url[:300]!r}: {body!r}"
    elif url.startswith("/api/") and status >= 400:
        is_json = response["Content-Type"] == "application/json"
        message = response.json().get("message") if is_json else None
        if not (isinstance(message, str) and message):
            return f"{status} without the API's JSON message for {url[:300]!r}: {body!r}"
    return None


FUZZ_SETTINGS = settings(
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[
        HealthCheck.function_scoped_fixture,
        HealthCheck.too_slow,
        HealthCheck.data_too_large,
    ],
)


@pytest.mark.django_db
@settings(FUZZ_SETTINGS, max_examples=250)
@given(data=st.data())
def test_no_query_string_makes_the_api_answer_5xx(fuzz_client, fuzz_site, data):
    target = data.draw(st.sampled_from(API_TARGETS), label="target")
    url = target.url(fuzz_site, data.draw(queries(target.names), label="query"))
    assert server_error(fuzz_client, url) is None


@pytest.mark.django_db
@settings(FUZZ_SETTINGS, max_examples=200)
@given(data=st.data())
def test_no_query_string_makes_api_v3_answer_5xx_with_or_without_a_token(
    fuzz_client, fuzz_site, bearer, may_view_locales, data
):
    target = data.draw(st.sampled_from(V3_TARGETS), label="target")
    url = target.url(fuzz_site, data.draw(queries(target.names), label="query"))
    headers = bearer if data.draw(st.booleans(), label="with token") else {}
    assert server_error(fuzz_client, url, **headers) is None


@pytest.mark.django_db
@settings(FUZZ_SETTINGS, max_examples=80)
@given(data=st.data())
def test_no_query_string_makes_a_page_answer_5xx(fuzz_client, fuzz_site, data):
    target = data.draw(st.sampled_from(PAGE_TARGETS), label="target")
    url = target.url(fuzz_site, data.draw(queries(target.names), label="query"))
    assert server_error(fuzz_client, url) is None


@pytest.mark.django_db
@settings(FUZZ_SETTINGS, max_examples=80)
@given(
    route=st.sampled_from(SEGMENT_ROUTES),
    segment=st.sampled_from(HOSTILE_VALUES) | st.text(UNICODE, min_size=1, max_size=40),
)
def test_no_path_segment_makes_a_5xx(fuzz_client, fuzz_site, route, segment):
    assert server_error(fuzz_client, route.format(quote(segment, safe=""))) is None


# The inputs of the fuzzing run that found the original server errors: each on its
# own, on every parameter, so none depends on what Hypothesis happens to draw.
KNOWN_BAD_VALUES = [
    "abc",
    "a\x00b",
    "x" * 5000,
    str(2**63),
    "9" * 400,
    str(-(2**70)),
    "²",
    "2024-13-45",
    " ".join(["word"] * 160),
    "a(" * 2000,
]


@pytest.mark.django_db
def test_every_api_parameter_survives_the_known_bad_values(fuzz_client, fuzz_site):
    """One request per (view, parameter, value): the first 400 would hide the rest."""
    failures = [
        server_error(fuzz_client, target.url(fuzz_site, [(name, value)]))
        for target in API_TARGETS
        for name in target.swept_names()
        for value in KNOWN_BAD_VALUES
    ]
    failures = [failure for failure in failures if failure]
    assert not failures, "\n".join(failures)


@pytest.mark.django_db
@pytest.mark.parametrize("with_token", [False, True])
def test_every_api_v3_parameter_survives_the_known_bad_values(
    fuzz_client, fuzz_site, bearer, may_view_locales, with_token
):
    """As for v2, anonymously and with a token (which reads drafts and revisions, and
    reaches the operations that answer an anonymous client only 401)."""
    headers = bearer if with_token else {}
    failures = [
        server_error(fuzz_client, target.url(fuzz_site, [(name, value)]), **headers)
        for target in V3_TARGETS
        for name in target.swept_names()
        for value in KNOWN_BAD_VALUES
    ]
    failures = [failure for failure in failures if failure]
    assert not failures, "\n".join(failures)


@pytest.mark.django_db
def test_every_page_parameter_survives_the_known_bad_values(fuzz_client, fuzz_site):
    """Pages ignore or correct what they cannot use, so every parameter goes at once."""
    failures = [
        server_error(fuzz_client, target.url(fuzz_site, [(name, value) for name in target.names]))
        for target in PAGE_TARGETS
        for value in KNOWN_BAD_VALUES
    ]
    failures = [failure for failure in failures if failure]
    assert not failures, "\n".join(failures)
