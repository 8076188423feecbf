"""The anonymous full-page cache: served whole, never to editors, new on the next request
after a publish, on every app server."""

import os
import subprocess
import sys
import time
import urllib.request
import uuid
from pathlib import Path

import pytest

from django.test import Client, override_settings

from providers.factories import ProviderFactory, ProviderProcedureFactory
from providers.views import PER_PAGE

from ..support import PRODUCTION_SECRET_KEY, free_port, migrated_database_url, redis_reachable

ROOT = Path(__file__).resolve().parent.parent.parent
PAGE = "/procedures/vertebroplasty/"
CACHED = override_settings(PAGE_CACHE_SECONDS=300)


@pytest.mark.django_db
@CACHED
def test_a_public_page_is_served_whole_from_the_cache(client, texan, django_assert_max_num_queries):
    first = client.get(PAGE)
    assert first["X-Page-Cache"] == "miss"
    with django_assert_max_num_queries(1):  # the content version, nothing else
        again = client.get(PAGE)
    assert again["X-Page-Cache"] == "hit"
    assert again.content == first.content
    assert again["ETag"] == first["ETag"]
    assert again["Cache-Control"] == "public, max-age=60"
    assert again["X-Request-ID"] != first["X-Request-ID"]  # per request, never stored
    api = "/api/v2/providers/?procedure=vertebroplasty&state=TX"
    assert client.get(api)["X-Page-Cache"] == "miss"
    assert client.get(api).json() == client.get(api).json()
    assert client.get(api)["X-Page-Cache"] == "hit"


@pytest.mark.django_db
@CACHED
def test_publishing_shows_on_the_next_request(client, vertebroplasty):
    client.get(PAGE)
    assert client.get(PAGE)["X-Page-Cache"] == "hit"

    # A draft changes nothing public: the cached copy still answers.
    vertebroplasty.title = "Vertebroplasty (draft title)"
    vertebroplasty.save_revision()
    response = client.get(PAGE)
    assert response["X-Page-Cache"] == "hit"
    assert b"draft title" not in response.content

    vertebroplasty.title = "Vertebroplasty, revised"
    vertebroplasty.save_revision().publish()
    response = client.get(PAGE)
    assert response["X-Page-Cache"] == "miss"
    assert b"Vertebroplasty, revised" in response.content


@pytest.mark.django_db
@CACHED
def test_editors_never_get_or_fill_the_cache(admin_client, vertebroplasty):
    visitor = Client()
    assert visitor.get(PAGE)["X-Page-Cache"] == "miss"  # an anonymous copy now exists
    editor = admin_client.get(PAGE)
    assert "X-Page-Cache" not in editor
    assert editor["Cache-Control"] == "private, no-store"
    assert b"wagtail-userbar" in editor.content  # the editor's own page, not the copy
    # ...and the editor's page was not stored for visitors.
    anonymous = visitor.get(PAGE)
    assert anonymous["X-Page-Cache"] == "hit"
    assert b"wagtail-userbar" not in anonymous.content


STATE_PAGE = "/procedures/vertebroplasty/doctors/texas/"


def served(client, url):
    """How the page cache answered, and whether the view rendered a template for it."""
    response = client.get(url)
    assert response.status_code == 200, response.content[:300]
    return response["X-Page-Cache"], bool(response.templates)


@pytest.mark.django_db
@CACHED
def test_tracking_and_unknown_parameters_share_one_entry(
    client, texan, django_assert_max_num_queries
):
    first = client.get(PAGE + "?utm_source=newsletter&utm_medium=email")
    assert first["X-Page-Cache"] == "miss"
    # `specialty` is read by the state pages below this page, not by the page itself.
    for query in (
        "?utm_source=partner",
        "?gclid=abc&fbclid=def",
        "?anything=1",
        "",
        "?specialty=X",
    ):
        with django_assert_max_num_queries(1):  # the content version: nothing rendered
            again = client.get(PAGE + query)
        assert again["X-Page-Cache"] == "hit", query
        assert not again.templates
        assert again["ETag"] == first["ETag"]
        assert again.content == first.content


@pytest.mark.django_db
@CACHED
def test_parameters_a_page_reads_keep_their_own_entries(client, texan):
    assert served(client, STATE_PAGE + "?page=2") == ("miss", True)
    assert served(client, STATE_PAGE + "?page=3") == ("miss", True)
    assert served(client, STATE_PAGE + "?utm_campaign=spring&page=2") == ("hit", False)
    # The filters the state page declares, in any order, with or without tracking.
    assert served(client, STATE_PAGE + "?telehealth=true&page=2") == ("miss", True)
    assert served(client, STATE_PAGE + "?page=2&gclid=x&telehealth=true") == ("hit", False)
    assert served(client, STATE_PAGE + "?telehealth=false&page=2") == ("miss", True)
    assert served(client, STATE_PAGE + "?specialty=&page=2") == ("miss", True)
    assert client.get(STATE_PAGE + "?page=2")["ETag"] != client.get(STATE_PAGE + "?page=3")["ETag"]


@pytest.mark.django_db
@CACHED
def test_a_shared_copy_shows_no_visitor_s_dropped_parameters(client, vertebroplasty):
    """What one visitor's parameters put in a page would be served to the next: the pages
    that read some parameters build their links from those alone."""
    for _ in range(PER_PAGE + 1):
        ProviderProcedureFactory(procedure=vertebroplasty, provider=ProviderFactory(state="TX"))
    alice = client.get(STATE_PAGE + "?utm_source=alice&specialty=")
    assert alice["X-Page-Cache"] == "miss"
    assert b"alice" not in alice.content
    assert b'href="?specialty=&amp;page=2"' in alice.content  # the next page keeps the filter
    bob = client.get(STATE_PAGE + "?specialty=&utm_source=bob")
    assert bob["X-Page-Cache"] == "hit"

    search = client.get("/search/?q=vertebroplasty&utm_source=alice")
    assert search["X-Page-Cache"] == "miss"
    assert b"alice" not in search.content  # not in the canonical URL either
    assert served(client, "/search/?utm_source=bob&q=vertebroplasty") == ("hit", False)
    assert served(client, "/search/?q=kyphoplasty") == ("miss", True)
    assert served(client, "/search/?q=vertebroplasty&type=doctors") == ("miss", True)


@pytest.mark.django_db
@CACHED
def test_the_api_keeps_refusing_unknown_parameters(client, texan):
    """The API answers a parameter it does not know with a 400: never with the cached 200
    of the same URL without it."""
    for url in ("/api/v2/providers/?procedure=vertebroplasty", "/api/v2/pages/?limit=5"):
        assert client.get(url)["X-Page-Cache"] == "miss"
        assert client.get(url)["X-Page-Cache"] == "hit"
        refused = client.get(url + "&utm_source=newsletter")
        assert refused.status_code == 400
        assert "utm_source" in refused.json()["message"]
        assert "X-Page-Cache" not in refused


@pytest.mark.django_db
@CACHED
def test_profiles_and_sitemaps_share_entries_across_tracking_parameters(client, texan):
    profile = texan.get_absolute_url()
    assert served(client, profile + "?utm_source=a")[0] == "miss"
    assert served(client, profile + "?fbclid=b") == ("hit", False)
    assert client.get("/sitemap-pages.xml?utm_source=a")["X-Page-Cache"] == "miss"
    assert client.get("/sitemap-pages.xml?utm_source=b")["X-Page-Cache"] == "hit"
    assert client.get("/sitemap-pages.xml?p=1")["X-Page-Cache"] == "miss"


# Two app servers (gunicorn, production settings) sharing the database and Redis.

SECRET_KEY = PRODUCTION_SECRET_KEY
REDIS_URL = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/15")


def fetch(base, path):
    request = urllib.request.Request(  # noqa: S310 - our own servers on 127.0.0.1
        base + path, headers={"Host": "testserver", "X-Forwarded-Proto": "https"}
    )
    with urllib.request.urlopen(request, timeout=30) as response:  # noqa: S310
        return response.headers.get("X-Page-Cache"), response.read().decode()


@pytest.fixture
def app_servers(tmp_path):
    database_url = migrated_database_url()
    if not redis_reachable():
        pytest.skip("needs Redis on 127.0.0.1:6379 (apt-get install redis-server)")
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "cms.settings.production",
        "SECRET_KEY": SECRET_KEY,
        "ALLOWED_HOSTS": "testserver,127.0.0.1",
        "DATABASE_URL": database_url,
        "REDIS_URL": REDIS_URL,
        "CACHE_KEY_PREFIX": f"test-{uuid.uuid4().hex}",
        "PAGE_CACHE_SECONDS": "300",
        "WEB_CONCURRENCY": "1",
        "GUNICORN_THREADS": "2",
        "GUNICORN_ACCESS_LOG": "",
    }
    servers, processes = [], []
    try:
        for name in ("a", "b"):
            port = free_port()
            log = (tmp_path / f"gunicorn-{name}.log").open("w")
            processes.append(
                subprocess.Popen(  # noqa: S603 - our own interpreter
                    [sys.executable, "-m", "gunicorn", "-c", "python:cms.gunicorn"]
                    + ["cms.wsgi:application"],
                    cwd=ROOT,
                    # Each server collects its own static files, as two machines would:
                    # two collectstatic runs into one folder race each other.
                    env={
                        **env,
                        "GUNICORN_BIND": f"127.0.0.1:{port}",
                        "STATIC_ROOT": str(tmp_path / f"static-{name}"),
                    },
                    stdout=log,
                    stderr=subprocess.STDOUT,
                )
            )
            servers.append(f"http://127.0.0.1:{port}")
        deadline = time.monotonic() + 90
        for base, process in zip(servers, processes, strict=True):
            while True:
                assert process.poll() is None, "gunicorn exited; see its log in " + str(tmp_path)
                try:
                    fetch(base, "/healthz")
                    break
                except OSError:
                    assert time.monotonic() < deadline, "gunicorn did not start within 90 s"
                    time.sleep(0.3)
        yield servers
    finally:
        for process in processes:
            process.terminate()
            process.wait(timeout=30)


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_publish_reaches_every_app_server_on_the_next_request(texan, vertebroplasty, app_servers):
    server_a, server_b = app_servers
    assert fetch(server_a, PAGE)[0] == "miss"
    state, body = fetch(server_b, PAGE)
    assert state == "hit"  # what server A rendered, from the shared cache
    assert "Vertebroplasty" in body

    vertebroplasty.title = "Vertebroplasty, revised"
    vertebroplasty.save_revision().publish()

    state, body = fetch(server_b, PAGE)
    assert state == "miss"
    assert "Vertebroplasty, revised" in body
    assert fetch(server_a, PAGE) == ("hit", body)
