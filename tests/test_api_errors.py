"""Bad API input is a 400 naming the parameter, never a 500; errors are JSON under /api/.

One test per cause of the server errors a fuzzing run found in /api/v2/ (see
core/api_params.py), and the error handlers of cms/urls.py. tests/test_fuzz.py
throws everything else.
"""

from datetime import UTC, datetime
from urllib.parse import quote

import pytest

import wagtail_factories

from cms.api import PagesEndpoint
from procedures.factories import ProcedurePageFactory
from providers.api import ProvidersAPIViewSet
from providers.factories import ProviderFactory, ProviderProcedureFactory

ENDPOINTS = ["pages", "images", "documents", "providers"]
BIGINT_MAX = 2**63 - 1


@pytest.fixture
def content(procedure_index):
    """A procedure with a provider, an image and a document: every endpoint has a row."""
    procedure = ProcedurePageFactory(
        parent=procedure_index, title="Vertebroplasty", slug="vertebroplasty"
    )
    provider = ProviderFactory()
    ProviderProcedureFactory(provider=provider, procedure=procedure)
    wagtail_factories.ImageFactory(title="Spine model")
    wagtail_factories.DocumentFactory(title="Consent form")
    return procedure


def get(client, url, status):
    response = client.get(url)
    assert response.status_code == status, response.content
    assert response["Content-Type"] == "application/json"
    body = response.json()
    if status >= 400:  # one shape for every error (core/api_errors.py)
        assert set(body) == {"message", "errors"}, body
        assert isinstance(body["message"], str)
        assert all(isinstance(value, str) for value in body["errors"].values()), body
    return body


def assert_names(client, url, parameter):
    """A 400 naming the parameter twice: in `errors` for programs, and at the start of
    the message for people (``{"message": "<param>: …", "errors": {"<param>": …}}``)."""
    body = get(client, url, 400)
    assert body["message"].startswith(f"{parameter}: "), body
    assert parameter in body["errors"], body


def q(value):
    return quote(value, safe="")


# 1. find/?id= (Wagtail calls get(id=…) with whatever it is given)


@pytest.mark.parametrize("endpoint", ENDPOINTS)
@pytest.mark.parametrize("value", ["abc", "", "1.5", "-1", "0", "²", "⑦", "٣", str(BIGINT_MAX + 1)])
@pytest.mark.django_db
def test_find_by_an_id_that_is_no_id_is_a_400_naming_id(client, content, endpoint, value):
    assert_names(client, f"/api/v2/{endpoint}/find/?id={q(value)}", "id")


@pytest.mark.parametrize("endpoint", ENDPOINTS)
@pytest.mark.django_db
def test_find_by_a_valid_id_still_redirects_or_is_a_404(client, content, endpoint):
    detail = client.get(f"/api/v2/{endpoint}/")
    pk = detail.json()["items"][0]["id"]
    response = client.get(f"/api/v2/{endpoint}/find/?id={pk}")
    assert response.status_code == 302
    assert response["Location"].split("?")[0].endswith(f"/api/v2/{endpoint}/{pk}/")
    assert get(client, f"/api/v2/{endpoint}/find/?id=2147483647", 404) == {
        "message": "not found",
        "errors": {},
    }


# 2. Wagtail's field filters: every filterable field of each endpoint, bad values


@pytest.mark.parametrize(
    ("query", "parameter"),
    [
        ("first_published_at=x", "first_published_at"),
        ("first_published_at=2024-13-45", "first_published_at"),
        ("first_published_at=²", "first_published_at"),
        ("type=procedures.ProcedurePage&first_published_at=5000", "first_published_at"),
        ("id=abc", "id"),
        (f"id={2**31}", "id"),
        ("id=⑦", "id"),
        ("show_in_menus=maybe", "show_in_menus"),
        ("alias_of=abc", "alias_of"),
        (f"alias_of={2**64}", "alias_of"),
        ("type=procedures.ProcedurePage&hero_image=x", "hero_image"),
        (f"type=procedures.ProcedurePage&hero_image={2**64}", "hero_image"),
        ("type=procedures.ArticlePage&hero_image=²", "hero_image"),
    ],
)
@pytest.mark.django_db
def test_a_bad_page_field_filter_is_a_400_naming_the_field(client, content, query, parameter):
    assert_names(client, f"/api/v2/pages/?{query}", parameter)


@pytest.mark.parametrize(
    ("endpoint", "query", "parameter"),
    [
        ("images", "width=wide", "width"),
        ("images", f"width={2**64}", "width"),
        ("images", f"height=-{2**70}", "height"),
        ("images", "id=²", "id"),
        ("documents", "id=x", "id"),
        ("documents", f"id={2**63}", "id"),
    ],
)
@pytest.mark.django_db
def test_a_bad_image_or_document_filter_is_a_400_naming_it(
    client, content, endpoint, query, parameter
):
    assert_names(client, f"/api/v2/{endpoint}/?{query}", parameter)


@pytest.mark.django_db
def test_field_filters_still_filter_with_good_values(client, content):
    content.first_published_at = datetime(2024, 5, 1, 9, 30, tzinfo=UTC)
    content.save()

    def titles(query):
        return [item["title"] for item in get(client, f"/api/v2/pages/?{query}", 200)["items"]]

    assert titles("first_published_at=2024-05-01T09:30:00Z") == ["Vertebroplasty"]
    assert titles("first_published_at=2024-05-01T09:30:00") == ["Vertebroplasty"]  # TIME_ZONE
    assert titles("first_published_at=2024-05-01") == []  # midnight
    assert titles(f"id={content.pk}") == ["Vertebroplasty"]
    assert titles("show_in_menus=false&slug=vertebroplasty") == ["Vertebroplasty"]
    assert titles("type=procedures.ProcedurePage&hero_image=1") == []
    image_titles = get(client, "/api/v2/images/?tags=none", 200)["items"]
    assert image_titles == []


# 3. Unicode digits and ids beyond the columns


@pytest.mark.parametrize("value", ["²", "⑦", "٣", "9" * 30])
@pytest.mark.parametrize("path", ["/api/v2/providers/", "/api/v2/providers/states/"])
@pytest.mark.django_db
def test_a_procedure_that_is_no_id_or_slug_is_a_400_naming_procedure(client, content, path, value):
    assert_names(client, f"{path}?procedure={q(value)}", "procedure")


@pytest.mark.parametrize("parameter", ["offset", "limit"])
@pytest.mark.parametrize("value", ["²", "⑦", "٣", "３", " 1", "+1", "1e3"])
@pytest.mark.django_db
def test_offset_and_limit_take_ascii_digits_only(client, content, parameter, value):
    assert_names(client, f"/api/v2/pages/?{parameter}={q(value)}", parameter)


# 4. NUL bytes (PostgreSQL refuses them in text)


@pytest.mark.parametrize(
    ("url", "parameter"),
    [
        ("/api/v2/providers/find/?npi=%00", "npi"),
        ("/api/v2/providers/find/?npi=123%00", "npi"),
        ("/api/v2/pages/find/?html_path=/procedures/%00/", "html_path"),
        ("/api/v2/pages/?search=a%00b", "search"),
        ("/api/v2/images/?search=%00", "search"),
        ("/api/v2/documents/?search=%00", "search"),
        ("/api/v2/pages/?locale=%00", "locale"),
        ("/api/v2/pages/?site=%00", "site"),
        ("/api/v2/pages/1/?site=%00", "site"),
        ("/api/v2/pages/?title=%00", "title"),
        ("/api/v2/providers/?search=%00", "search"),
        ("/api/v2/providers/states/?procedure=%00", "procedure"),
        ("/api/v2/pages/?format=%00", "format"),
        ("/api/v2/pages/?search=a&search=%00", "search"),
        ("/api/v2/pages/?a%00b=1", "a\\x00b"),
        ("/api/v2/providers/?%00=1", "\\x00"),
    ],
)
@pytest.mark.django_db
def test_a_nul_byte_anywhere_in_the_query_is_a_400_naming_the_parameter(
    client, content, url, parameter
):
    assert_names(client, url, parameter)


@pytest.mark.parametrize(
    "url",
    [
        "/procedures/?page=%00",
        "/procedures/vertebroplasty/doctors/?state=%00",
        "/procedures/vertebroplasty/doctors/texas/?specialty=%00&language=%00&page=%00",
        "/no-such-page/?q=%00",
        "/procedures/%00/",
    ],
)
@pytest.mark.django_db
def test_html_pages_do_not_fail_on_a_nul_byte(client, content, url):
    assert client.get(url).status_code in (200, 400, 404)


# 5. Offsets beyond a bigint, huge limits


@pytest.mark.parametrize(
    "path",
    [
        "/api/v2/pages/",
        "/api/v2/images/",
        "/api/v2/documents/",
        "/api/v2/providers/",
        "/api/v2/providers/?procedure=vertebroplasty&",
    ],
)
@pytest.mark.django_db
def test_an_offset_beyond_a_bigint_is_a_400_and_the_largest_one_is_an_empty_page(
    client, content, path, settings
):
    settings.API_OFFSET_MAX = 0  # no cap of our own: the bigint is the limit
    separator = "" if path.endswith("&") else "?"
    assert_names(client, f"{path}{separator}offset={BIGINT_MAX + 1}", "offset")
    assert_names(client, f"{path}{separator}offset={2**64}", "offset")
    assert_names(client, f"{path}{separator}limit={2**64}", "limit")
    assert get(client, f"{path}{separator}offset={BIGINT_MAX}", 200)["items"] == []


@pytest.mark.parametrize("path", ["/api/v2/pages/", "/api/v2/providers/"])
@pytest.mark.django_db
def test_an_offset_deeper_than_api_offset_max_is_a_400(client, content, path, settings):
    """A deep offset makes PostgreSQL read and discard that many rows: refused first."""
    settings.API_OFFSET_MAX = 10_000
    assert_names(client, f"{path}?offset=10001", "offset")
    assert "from 0 to 10000" in get(client, f"{path}?offset=10001", 400)["message"]
    assert get(client, f"{path}?offset=10000", 200)["items"] == []


# 6. Long searches (Wagtail's search backend recurses once per word)


@pytest.mark.parametrize("endpoint", ["pages", "images", "documents", "providers"])
@pytest.mark.parametrize(
    "search",
    [" ".join(["word"] * 160), "-".join(["a"] * 100), " ".join(["spine"] * 33), "x" * 256],
)
@pytest.mark.django_db
def test_a_search_too_long_to_run_is_a_400_naming_search(client, content, endpoint, search):
    assert_names(client, f"/api/v2/{endpoint}/?search={q(search)}", "search")


@pytest.mark.django_db
def test_a_search_of_32_words_still_runs(client, content):
    words = " ".join(["Vertebroplasty"] + ["spine"] * 31)
    get(client, f"/api/v2/pages/?search={q(words)}&search_operator=or", 200)
    get(client, f"/api/v2/images/?search={q(words)}", 200)


@pytest.mark.django_db
def test_an_unknown_search_operator_is_a_400_naming_it(client, content):
    assert_names(client, "/api/v2/pages/?search=spine&search_operator=xor", "search_operator")


@pytest.mark.django_db
def test_fields_nested_too_deep_is_a_400_naming_fields(client, content):
    assert_names(client, f"/api/v2/pages/?fields={q('a(' * 2000)}", "fields")
    assert_names(client, f"/api/v2/providers/1/?fields={q('a(' * 6 + ')' * 6)}", "fields")


# Error handlers: JSON under /api/, HTML elsewhere


def boom(*args, **kwargs):
    raise RuntimeError("a bug")


@pytest.mark.parametrize(
    ("viewset", "url"),
    [
        (PagesEndpoint, "/api/v2/pages/"),
        (ProvidersAPIViewSet, "/api/v2/providers/"),
    ],
)
@pytest.mark.django_db
def test_an_unexpected_exception_in_the_api_is_a_json_500(
    client, content, monkeypatch, viewset, url
):
    monkeypatch.setattr(viewset, "listing_view", boom)
    client.raise_request_exception = False
    data = get(client, url, 500)
    assert data["message"].startswith("server error: ")
    assert "a bug" not in data["message"]  # no detail of the bug leaks


@pytest.mark.django_db
def test_an_unexpected_exception_on_a_page_is_the_html_500_page(client, content, monkeypatch):
    monkeypatch.setattr(type(content), "get_context", boom)
    client.raise_request_exception = False
    response = client.get("/procedures/vertebroplasty/")
    assert response.status_code == 500
    assert response["Content-Type"].startswith("text/html")
    assert b"Something went wrong" in response.content


@pytest.mark.django_db
def test_an_api_path_no_endpoint_serves_is_a_json_404(client, content):
    assert get(client, "/api/v2/nope/", 404) == {"message": "not found", "errors": {}}
    assert client.get("/no-such-page/")["Content-Type"].startswith("text/html")


@pytest.mark.django_db
def test_drf_errors_keep_the_api_error_shape(client, content):
    response = client.post("/api/v2/pages/")
    assert response.status_code == 405
    assert response.json() == {"message": response.json()["message"], "errors": {}}


# Wagtail's own 400s name their parameter in `errors` too (read from its messages).


@pytest.mark.parametrize(
    ("query", "parameter"),
    [
        ("bogus=1", "bogus"),
        ("type=nope.Nope", "type"),
        ("fields=nope", "fields"),
        ("fields=title(id)", "fields"),
        ("order=nope", "order"),
        ("order=random&offset=1", "order"),
        ("child_of=x", "child_of"),
        ("child_of=999999", "child_of"),
        ("descendant_of=999999", "descendant_of"),
        ("ancestor_of=999999", "ancestor_of"),
        ("rich_text_format=nope", "rich_text_format"),
        ("site=nowhere.example", "site"),
        ("locale=zz", "locale"),
        ("format=xml", "format"),
        ("limit=101", "limit"),
    ],
)
@pytest.mark.django_db
def test_every_400_of_the_pages_list_names_its_parameter_in_errors(
    client, content, query, parameter
):
    assert parameter in get(client, f"/api/v2/pages/?{query}", 400)["errors"]


@pytest.mark.django_db
def test_two_bad_provider_filters_are_both_named(client, content):
    errors = get(client, "/api/v2/providers/?state=ZZ&procedure=nope", 400)["errors"]
    assert set(errors) == {"state", "procedure"}
    assert errors["state"].startswith("Unknown state ZZ")


@pytest.mark.django_db
def test_unknown_parameters_are_each_named(client, content):
    errors = get(client, "/api/v2/providers/?bogus=1&other=2", 400)["errors"]
    assert set(errors) == {"bogus", "other"}
    errors = get(client, "/api/v2/providers/states/?bogus=1", 400)["errors"]
    assert set(errors) == {"bogus"}
