"""What the site lets through to Wagtail's v3: reads only, no snippets unless listed,
and no 500 for a snippet pk of the wrong type (Wagtail 8.0.1's bug,
docs/upstream/wagtail-api-v3.md)."""

import pytest

from django.contrib.auth import get_user_model
from django.test import RequestFactory, override_settings

from wagtail.api.v3.urls import api

from providers.factories import ProviderFactory
from tests.support import create_token

pytestmark = pytest.mark.django_db

PROVIDERS_ON = override_settings(API_V3_SNIPPET_TYPES=["providers.Provider"])


@pytest.fixture
def superuser_bearer(db):
    user = get_user_model().objects.create_superuser("root", "root@example.org", "pw")
    return {"HTTP_AUTHORIZATION": f"Bearer {create_token(user.username)}"}


def assert_problem(response, status):
    assert response.status_code == status
    assert response["Content-Type"] == "application/problem+json"
    assert response.json()["status"] == status


@pytest.mark.parametrize(
    "url",
    [
        "/api/v3/snippets/providers.Provider/",
        "/api/v3/snippets/providers.Provider/1/",
        "/api/v3/snippets/providers.Provider/abc/",
        "/api/v3/snippets/providers.Provider/1/revisions/",
        "/api/v3/snippets/providers.Provider/abc/revisions/1/",
        "/api/v3/schema/providers.Provider/",
    ],
)
def test_providers_are_not_in_v3_even_with_a_token(client, superuser_bearer, url):
    ProviderFactory(npi="1234567893", live=False)
    assert_problem(client.get(url), 404)
    assert_problem(client.get(url, **superuser_bearer), 404)


def test_schema_discovery_lists_pages_but_not_providers(client, bearer):
    names = {entry["name"] for entry in client.get("/api/v3/schema/", **bearer).json()["types"]}
    assert {"procedures.ProcedurePage", "procedures.ArticlePage"} <= names
    assert "providers.Provider" not in names
    with PROVIDERS_ON:
        names = {e["name"] for e in client.get("/api/v3/schema/", **bearer).json()["types"]}
        assert "providers.Provider" in names


@PROVIDERS_ON
@pytest.mark.parametrize(
    "url",
    [
        "/api/v3/snippets/providers.Provider/abc/",
        "/api/v3/snippets/providers.Provider/1.5/",
        "/api/v3/snippets/providers.Provider/abc/revisions/",
        "/api/v3/snippets/providers.Provider/abc/revisions/1/",
    ],
)
def test_a_non_integer_snippet_pk_is_404_not_500(client, superuser_bearer, url):
    assert_problem(client.get(url, **superuser_bearer), 404)


@PROVIDERS_ON
def test_an_unpublished_provider_is_never_readable_anonymously(client, superuser_bearer):
    provider = ProviderFactory(npi="1234567893", live=False)
    url = f"/api/v3/snippets/providers.Provider/{provider.pk}/"
    assert_problem(client.get(url), 401)
    assert client.get(url, **superuser_bearer).json()["npi"] == "1234567893"


def test_wagtails_own_snippet_view_fails_on_a_non_integer_pk(superuser_bearer):
    """The upstream bug the guard covers, on Wagtail's unguarded view: when this test
    fails, Wagtail fixed it; update docs/upstream/wagtail-api-v3.md."""
    patterns, _app, _namespace = api.urls
    view = next(p.callback for p in patterns if p.name == "detail_snippet")
    request = RequestFactory().get("/", **superuser_bearer)
    with pytest.raises(ValueError, match="expected a number"):
        view(request, type="providers.Provider", pk="abc")


@pytest.mark.parametrize("method", ["post", "put", "patch", "delete"])
def test_v3_is_read_only(client, procedure, bearer, method):
    response = getattr(client, method)(
        f"/api/v3/pages/{procedure.pk}/", data={}, content_type="application/json", **bearer
    )
    assert_problem(response, 405)
    assert response["Allow"] == "GET"
    procedure.refresh_from_db()
    assert procedure.live


def test_an_unknown_page_is_a_json_404(client, procedure, bearer):
    assert_problem(client.get("/api/v3/pages/987654321/"), 404)
    assert_problem(client.get("/api/v3/pages/987654321/?version=draft", **bearer), 404)


def test_a_nul_byte_in_the_query_is_a_400(client, procedure, bearer):
    for url in ("/api/v3/pages/?search=a%00b", "/api/v3/pages/find/?html_path=/%00/"):
        assert_problem(client.get(url), 400)
        assert_problem(client.get(url, **bearer), 400)
