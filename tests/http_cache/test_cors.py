"""CORS headers on /api/ only, for the origins in CORS_ALLOWED_ORIGINS."""

import pytest

ALLOWED = "https://app.example.com"  # cms/settings/test.py
OTHER = "https://evil.example.net"


@pytest.mark.django_db
def test_the_api_allows_a_configured_origin_and_exposes_validators(client, texan):
    response = client.get("/api/v2/providers/", HTTP_ORIGIN=ALLOWED)
    assert response.status_code == 200
    assert response["Access-Control-Allow-Origin"] == ALLOWED
    assert {"etag", "last-modified"} <= {
        name.strip().lower() for name in response["Access-Control-Expose-Headers"].split(",")
    }
    # A revalidation from the app carries the CORS headers as well.
    etag = response["ETag"]
    again = client.get("/api/v2/providers/", HTTP_ORIGIN=ALLOWED, HTTP_IF_NONE_MATCH=etag)
    assert again.status_code == 304
    assert again["Access-Control-Allow-Origin"] == ALLOWED


@pytest.mark.django_db
def test_a_preflight_for_a_conditional_request_is_allowed(client):
    response = client.options(
        "/api/v2/pages/",
        HTTP_ORIGIN=ALLOWED,
        HTTP_ACCESS_CONTROL_REQUEST_METHOD="GET",
        HTTP_ACCESS_CONTROL_REQUEST_HEADERS="if-none-match",
    )
    assert response.status_code == 200
    assert response["Access-Control-Allow-Origin"] == ALLOWED
    assert "if-none-match" in response["Access-Control-Allow-Headers"]


@pytest.mark.django_db
def test_no_cors_header_for_another_origin(client, texan):
    response = client.get("/api/v2/providers/", HTTP_ORIGIN=OTHER)
    assert response.status_code == 200
    assert "Access-Control-Allow-Origin" not in response


@pytest.mark.django_db
def test_no_cors_header_on_html_pages(client, texan):
    for url in ("/", "/procedures/vertebroplasty/", "/doctors/1234567893-jane-sample/"):
        response = client.get(url, HTTP_ORIGIN=ALLOWED)
        assert response.status_code == 200
        assert "Access-Control-Allow-Origin" not in response, url
