"""Nothing under /api/v3/ answers 500 to a client's input, and every error there is
RFC 9457 ``application/problem+json`` (docs/api.md#what-v3-serves-here), whoever
answered: Wagtail's views, the site's guard, or Django's error handlers.

A fuzzing run found the one input that still reached the database unchecked: an
``offset`` beyond PostgreSQL's bigint, on every v3 listing, with or without a token.
"""

import pytest

from django.core.exceptions import FieldDoesNotExist
from django.db import DataError, transaction
from django.http import HttpResponse
from django.test import RequestFactory

import wagtail_factories
from wagtail.api.v3.urls import api
from wagtail.contrib.redirects.models import Redirect

from cms.api_v3.guard import guard

pytestmark = pytest.mark.django_db

PROBLEM_MEMBERS = {"type", "title", "status", "detail", "errors"}
BIGINT_MAX = 2**63 - 1
HUGE = "9" * 400
# Every v3 listing; `{page}` is the procedure's id (its revisions need a token).
LISTINGS = [
    "/api/v3/pages/",
    "/api/v3/pages/?version=draft",
    "/api/v3/images/",
    "/api/v3/documents/",
    "/api/v3/redirects/",
]
TOKEN_LISTINGS = ["/api/v3/pages/{page}/revisions/"]


@pytest.fixture
def content(procedure):
    wagtail_factories.ImageFactory()
    wagtail_factories.DocumentFactory()
    Redirect.objects.create(old_path="/old", redirect_link="/procedures/")
    return procedure


def problem(response, status):
    """The body of a problem detail answer with `status`, checked for v3's shape."""
    assert response.status_code == status, response.content[:300]
    assert response["Content-Type"] == "application/problem+json", response.content[:300]
    body = response.json()
    assert {"type", "title", "status"} <= set(body) <= PROBLEM_MEMBERS
    assert body["status"] == status
    assert isinstance(body["title"], str)
    assert body["title"]
    return body


def assert_names(response, parameter, maximum):
    """A 400 naming the parameter: in `errors` (as v3's own 422s do) and in `detail`."""
    body = problem(response, 400)
    assert body["detail"] == f"{parameter} cannot be higher than {maximum}"
    assert body["errors"] == [
        {
            "type": "less_than_equal",
            "loc": ["query", parameter],
            "msg": f"Input should be less than or equal to {maximum}",
            "ctx": {"le": maximum},
        }
    ]


def urls(page, with_token):
    templates = LISTINGS + (TOKEN_LISTINGS if with_token else [])
    return [template.format(page=page.pk) for template in templates]


def with_query(url, query):
    return f"{url}{'&' if '?' in url else '?'}{query}"


@pytest.mark.parametrize("with_token", [False, True])
@pytest.mark.parametrize("value", [str(BIGINT_MAX + 1), str(2**64), HUGE, "10001"])
def test_an_offset_above_the_cap_is_a_400_naming_offset(
    client, content, bearer, settings, with_token, value
):
    settings.API_OFFSET_MAX = 10_000
    headers = bearer if with_token else {}
    for url in urls(content, with_token):
        assert_names(client.get(with_query(url, f"offset={value}"), **headers), "offset", 10_000)


@pytest.mark.parametrize("with_token", [False, True])
def test_the_deepest_offset_is_an_empty_page(client, content, bearer, settings, with_token):
    settings.API_OFFSET_MAX = 10_000
    headers = bearer if with_token else {}
    for url in urls(content, with_token):
        response = client.get(with_query(url, "offset=10000"), **headers)
        assert response.status_code == 200, url
        assert response.json()["items"] == []


def test_without_a_cap_of_its_own_the_bigint_is_the_limit(client, content, bearer, settings):
    settings.API_OFFSET_MAX = 0  # as for v2: no cap, PostgreSQL's OFFSET is a bigint
    for url in urls(content, with_token=True):
        big = client.get(with_query(url, f"offset={BIGINT_MAX}"), **bearer)
        assert big.status_code == 200
        assert big.json()["items"] == []
        too_big = client.get(with_query(url, f"offset={BIGINT_MAX + 1}"), **bearer)
        assert_names(too_big, "offset", BIGINT_MAX)


@pytest.mark.parametrize("with_token", [False, True])
@pytest.mark.parametrize("value", ["101", str(2**64), HUGE])
def test_a_limit_above_wagtailapi_limit_max_is_a_400_naming_limit(
    client, content, bearer, with_token, value
):
    headers = bearer if with_token else {}
    for url in urls(content, with_token):
        assert_names(client.get(with_query(url, f"limit={value}"), **headers), "limit", 100)


def test_every_value_of_a_repeated_offset_is_checked(client, content):
    assert_names(client.get(f"/api/v3/pages/?offset=1&offset={HUGE}"), "offset", 10_000)
    assert_names(client.get(f"/api/v3/pages/?offset={HUGE}&offset=1"), "offset", 10_000)


def test_what_is_no_number_stays_wagtails_422(client, content):
    """The cap only refuses numbers: a value of the wrong type is v3's validation error,
    as for every other parameter."""
    for query in ("offset=abc", "offset=-1", "limit=0", "limit=x"):
        body = problem(client.get(f"/api/v3/pages/?{query}"), 422)
        assert body["errors"][0]["loc"] == ["query", query.split("=")[0]]


@pytest.mark.parametrize("with_token", [False, True])
@pytest.mark.parametrize("search", [" ".join(["word"] * 160), "x" * 256])
def test_a_search_too_long_to_run_is_a_400_naming_search(
    client, content, bearer, with_token, search
):
    """v2's bounds (the same search backend recurses once per word): a 500 otherwise."""
    headers = bearer if with_token else {}
    for url in ("/api/v3/pages/", "/api/v3/images/", "/api/v3/documents/"):
        body = problem(client.get(url, {"search": search}, **headers), 400)
        assert body["detail"].startswith("search: ")
        assert [error["loc"] for error in body["errors"]] == [["query", "search"]]
    words = " ".join(["Vertebroplasty"] + ["spine"] * 31)
    assert client.get("/api/v3/pages/", {"search": words}, **headers).status_code == 200


def test_pk_on_the_pages_list_is_a_400_naming_pk_and_id_filters(client, content, bearer):
    for headers in ({}, bearer):
        body = problem(client.get(f"/api/v3/pages/?pk={content.pk}", **headers), 400)
        assert [error["loc"] for error in body["errors"]] == [["query", "pk"]]
        listed = client.get(f"/api/v3/pages/?id={content.pk}", **headers).json()["items"]
        assert [page["id"] for page in listed] == [content.pk]


@pytest.mark.parametrize("value", ["abc", "", "1.5", "²"])
def test_a_revision_user_id_that_is_no_user_id_is_a_422_naming_it(client, content, bearer, value):
    url = f"/api/v3/pages/{content.pk}/revisions/"
    body = problem(client.get(url, {"user_id": value}, **bearer), 422)
    assert [error["loc"] for error in body["errors"]] == [["query", "user_id"]]
    assert client.get(url, {"user_id": str(2**64)}, **bearer).json()["items"] == []


# The upstream bugs the guard covers, on Wagtail's own unguarded views: when one of
# these fails, Wagtail fixed it; update docs/upstream/wagtail-api-v3.md.


def wagtails_view(name):
    patterns, _app, _namespace = api.urls
    return next(pattern.callback for pattern in patterns if pattern.name == name)


@pytest.mark.parametrize(
    ("name", "query", "error"),
    [
        ("list_pages", {"offset": str(BIGINT_MAX + 1)}, DataError),
        ("list_pages", {"pk": "1"}, FieldDoesNotExist),
        ("list_pages", {"search": " ".join(["word"] * 160)}, RecursionError),
        ("list_page_revisions", {"user_id": "abc"}, ValueError),
    ],
)
def test_wagtails_own_views_fail_on_what_the_guard_refuses(content, bearer, name, query, error):
    request = RequestFactory().get("/", query, **bearer)
    with pytest.raises(error), transaction.atomic():
        wagtails_view(name)(request, page_id=content.pk)


# Every error is a problem detail, whoever answers it.


def test_a_v3_path_nothing_serves_is_a_problem_404(client, content):
    problem(client.get("/api/v3/nope/"), 404)
    problem(client.get("/api/v3/"), 404)


def test_401_and_403_are_problem_details(client, content, bearer):
    problem(client.get("/api/v3/whoami/"), 401)
    problem(client.get(f"/api/v3/pages/{content.pk}/revisions/"), 401)
    problem(client.get("/api/v3/sites/", **bearer), 403)  # an editor, not an administrator


@pytest.mark.parametrize("method", ["head", "options"])
def test_methods_other_than_get_are_a_problem_405(client, content, bearer, method):
    response = getattr(client, method)(f"/api/v3/pages/{content.pk}/", **bearer)
    assert response.status_code == 405
    assert response["Content-Type"] == "application/problem+json"
    assert response["Allow"] == "GET"


def test_get_on_a_write_only_route_is_a_problem_405(client, content, bearer):
    """Wagtail's action routes take only POST; Django Ninja refuses a GET in plain text.
    The site turns writes off, so nothing is allowed there: an empty Allow."""
    response = client.get(f"/api/v3/pages/{content.pk}/actions/publish/", **bearer)
    problem(response, 405)
    assert response["Allow"] == ""


def test_a_request_django_refuses_is_a_problem_400(client, content, settings):
    settings.DATA_UPLOAD_MAX_NUMBER_FIELDS = 10
    query = "&".join(f"p{number}=1" for number in range(20))
    problem(client.get(f"/api/v3/pages/?{query}"), 400)


def test_an_unexpected_exception_is_a_problem_500_that_hides_the_bug(client, content, monkeypatch):
    def boom(*args, **kwargs):
        raise RuntimeError("a bug with a secret")

    monkeypatch.setattr("wagtail.api.v3.routers.pages.get_pages_queryset", boom)
    client.raise_request_exception = False
    body = problem(client.get("/api/v3/pages/"), 500)
    assert "secret" not in str(body)
    # v2 keeps its own shape.
    monkeypatch.setattr("cms.api.PagesEndpoint.listing_view", boom)
    assert client.get("/api/v2/pages/")["Content-Type"] == "application/json"


def test_a_plain_error_from_below_the_guard_becomes_a_problem_detail():
    """v3 has no rate limit of its own (docs/api.md): should a view or a later Wagtail
    answer a plain 429 (or any other error), it still reaches the client as a problem
    detail, with the headers that tell it when to retry."""

    def throttled(request):
        response = HttpResponse("Too many requests", status=429, content_type="text/plain")
        response["Retry-After"] = "7"
        return response

    response = guard(throttled)(RequestFactory().get("/api/v3/pages/"))
    assert response.status_code == 429
    assert response["Content-Type"] == "application/problem+json"
    assert response["Retry-After"] == "7"
    assert b'"status":429' in response.content
