"""Oversized and hostile input through HAProxy to production app servers: a clean 4xx.

The Django-level checks are tested in-process (tests/test_api_errors.py,
tests/test_fuzz.py); this is what a client meets in front of them. A request
line over 4,094 bytes is refused by gunicorn (414), one over HAProxy's buffer by
HAProxy (400): never a 5xx, never a hang. Marked `loadtest` with the other tests
that need the two-server setup.
"""

import http.client
import json

import pytest

pytestmark = pytest.mark.loadtest


def get(cluster, path, headers=None):
    conn = http.client.HTTPConnection("127.0.0.1", cluster.proxy_port, timeout=30)
    try:
        conn.request("GET", path, headers=headers or {})
        response = conn.getresponse()
        return response.status, response.getheader("Content-Type", ""), response.read()
    finally:
        conn.close()


@pytest.mark.parametrize(
    "path",
    [
        "/api/v2/providers/?search=" + "x" * 10_000,  # 10 kB query string
        "/procedures/?page=" + "9" * 10_000,
        "/" + "a/" * 5_000,
        "/api/v2/pages/?" + "&".join(f"f{n}=1" for n in range(2_000)),
        "/" + "x" * 40_000,  # beyond HAProxy's buffer
    ],
    ids=["10kB-api-search", "10kB-page-number", "10kB-path", "2000-parameters", "40kB"],
)
def test_an_oversized_request_line_is_a_clean_4xx(cluster, path):
    status, _, _ = get(cluster, path)
    assert 400 <= status < 500, status


def test_oversized_headers_are_a_clean_4xx(cluster):
    status, _, _ = get(cluster, "/", headers={"X-Big": "x" * 20_000})
    assert 400 <= status < 500, status


@pytest.mark.parametrize(
    ("path", "parameter"),
    [
        ("/api/v2/providers/?search=" + "x" * 3_000, "search"),  # under the line limit
        ("/api/v2/providers/?limit=99999999999999999999", "limit"),
        ("/api/v2/pages/?limit=1000000", "limit"),
        ("/api/v2/providers/?offset=100000000", "offset"),
        ("/api/v2/pages/?offset=9223372036854775808", "offset"),
        ("/api/v2/providers/?search=a%00b", "search"),
        ("/api/v2/pages/?search=a%00b", "search"),
        ("/api/v2/providers/?state=%00", "state"),
    ],
)
def test_hostile_api_parameters_are_a_400_naming_the_parameter(cluster, path, parameter):
    status, content_type, body = get(cluster, path)
    assert status == 400, (status, body[:300])
    assert content_type == "application/json"
    assert json.loads(body)["message"].startswith(f"{parameter}: ")


@pytest.mark.parametrize("path", ["/procedures/%00/", "/?page=%00", "/doctors/%00/"])
def test_nul_bytes_in_pages_are_not_server_errors(cluster, path):
    status, _, _ = get(cluster, path)
    assert status < 500, status


def test_the_admin_answers_only_with_its_login_without_a_session(cluster):
    for path in ("/admin/", "/admin/pages/", "/admin/users/"):
        conn = http.client.HTTPConnection("127.0.0.1", cluster.proxy_port, timeout=30)
        conn.request("GET", path)
        response = conn.getresponse()
        response.read()
        assert response.status == 302, (path, response.status)
        assert response.getheader("Location").startswith("/admin/login/")
    assert get(cluster, "/django-admin/")[0] == 404  # not served in production
