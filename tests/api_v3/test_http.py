"""API v3 responses are never cached or revalidated across users, and cross-origin
apps may send their token (CORS on /api/v3/ with `Authorization` allowed)."""

import pytest

from django.test import override_settings

from .conftest import DRAFT_SUMMARY, LIVE_SUMMARY

pytestmark = pytest.mark.django_db

ALLOWED = "https://app.example.com"  # cms/settings/test.py
CACHED = override_settings(PAGE_CACHE_SECONDS=300)
VALIDATORS = ("ETag", "Last-Modified", "Expires")


def assert_private(response):
    assert response["Cache-Control"] == "private, no-store"
    for header in VALIDATORS:
        assert header not in response, header
    assert "X-Page-Cache" not in response


@CACHED
def test_a_token_draft_read_is_private_and_never_stored(client, procedure, bearer):
    url = f"/api/v3/pages/{procedure.pk}/?version=draft"
    draft = client.get(url, **bearer)
    assert draft.json()["summary"] == DRAFT_SUMMARY
    assert_private(draft)
    # The same URL without the token: the live version, not a stored copy of the draft.
    anonymous = client.get(url)
    assert anonymous.json()["summary"] == LIVE_SUMMARY
    assert_private(anonymous)


@CACHED
def test_a_token_read_is_never_answered_304(client, procedure, bearer):
    url = f"/api/v3/pages/{procedure.pk}/?version=draft"
    for validator in ('W/"anything"', "*"):
        response = client.get(url, HTTP_IF_NONE_MATCH=validator, **bearer)
        assert response.status_code == 200
        assert_private(response)


@CACHED
def test_an_authorization_header_keeps_v2_out_of_the_shared_cache(client, procedure, bearer):
    """The middleware treats any `Authorization` header as private, on v2 as well: a
    token sent to v2 by mistake neither fills nor reads the anonymous page cache."""
    url = f"/api/v2/pages/{procedure.pk}/"
    with_token = client.get(url, **bearer)
    assert with_token.status_code == 200
    assert_private(with_token)
    anonymous = client.get(url)
    assert anonymous["X-Page-Cache"] == "miss"
    etag = anonymous["ETag"]
    assert client.get(url)["X-Page-Cache"] == "hit"
    # A shared validator never revalidates a request that carries a token.
    again = client.get(url, HTTP_IF_NONE_MATCH=etag, **bearer)
    assert again.status_code == 200
    assert_private(again)


def test_a_cross_origin_app_may_send_its_token(client):
    preflight = client.options(
        "/api/v3/pages/1/",
        HTTP_ORIGIN=ALLOWED,
        HTTP_ACCESS_CONTROL_REQUEST_METHOD="GET",
        HTTP_ACCESS_CONTROL_REQUEST_HEADERS="authorization",
    )
    assert preflight.status_code == 200
    assert preflight["Access-Control-Allow-Origin"] == ALLOWED
    assert "authorization" in preflight["Access-Control-Allow-Headers"]


def test_v3_answers_carry_cors_headers_for_an_allowed_origin_only(client, procedure, bearer):
    url = f"/api/v3/pages/{procedure.pk}/?version=draft"
    response = client.get(url, HTTP_ORIGIN=ALLOWED, **bearer)
    assert response.status_code == 200
    assert response["Access-Control-Allow-Origin"] == ALLOWED
    other = client.get(url, HTTP_ORIGIN="https://evil.example.net", **bearer)
    assert "Access-Control-Allow-Origin" not in other
