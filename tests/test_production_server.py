"""The production start-up path, as an operator runs it: gunicorn with cms/gunicorn.py.

A fresh deploy has no collected static files; production stores them under hashed
names from a manifest, and rendering a page without the manifest is a 500. The
gunicorn config collects them before any worker serves, so the first request works.
"""

import os
import re
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from .support import PRODUCTION_SECRET_KEY, free_port, migrated_database_url

ROOT = Path(__file__).resolve().parent.parent
HOST = "www.example.org"
SECRET_KEY = PRODUCTION_SECRET_KEY


def get(base, path):
    request = urllib.request.Request(  # noqa: S310 - our own server on 127.0.0.1
        base + path, headers={"Host": HOST, "X-Forwarded-Proto": "https"}
    )
    try:
        with urllib.request.urlopen(request, timeout=10) as response:  # noqa: S310
            return response.status, dict(response.headers), response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), error.read().decode()


@pytest.fixture
def production_server(db, tmp_path):
    port = free_port()
    static_root = tmp_path / "static"  # empty: nothing collected yet
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "cms.settings.production",
        "SECRET_KEY": SECRET_KEY,
        "ALLOWED_HOSTS": HOST,
        "DATABASE_URL": migrated_database_url(),
        "STATIC_ROOT": str(static_root),
        "GUNICORN_BIND": f"127.0.0.1:{port}",
        "WEB_CONCURRENCY": "1",
        "GUNICORN_THREADS": "2",
        "GUNICORN_ACCESS_LOG": "",
    }
    log = (tmp_path / "gunicorn.log").open("w")
    process = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "-c", "python:cms.gunicorn", "cms.wsgi:application"],
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            assert process.poll() is None, (tmp_path / "gunicorn.log").read_text()
            try:
                if get(base, "/healthz")[0] == 200:
                    break
            except OSError:
                pass
            assert time.monotonic() < deadline, "gunicorn did not answer within 60 s"
            time.sleep(0.2)
        yield base, static_root
    finally:
        process.terminate()
        process.wait(timeout=30)
        log.close()


def test_a_fresh_deploy_collects_static_files_and_serves_pages(production_server):
    base, static_root = production_server
    assert (static_root / "staticfiles.json").exists()

    # A page rendered with the site's templates (the 404, as the database is empty):
    # rendered, not a 500, and linking the stylesheet under its hashed name.
    status, headers, body = get(base, "/no-such-page/")
    assert status == 404, body[:500]
    stylesheet = re.search(r'href="(/static/css/site\.[0-9a-f]{12}\.css)"', body)
    assert stylesheet, body[:1000]
    policy = dict(
        part.strip().split(" ", 1) for part in headers["Content-Security-Policy"].split(";")
    )
    assert policy["script-src"] == "'self'"
    assert headers["Strict-Transport-Security"].startswith("max-age=31536000")

    status, headers, _ = get(base, stylesheet.group(1))
    assert status == 200
    assert "immutable" in headers["Cache-Control"]  # hashed: cached for good

    status, _, body = get(base, "/readyz")
    assert status == 200, body


def test_the_wsgi_application_keeps_start_up_objects_out_of_garbage_collections():
    """`cms.wsgi` freezes what loading the site created (core.memory): full collections
    then skip Wagtail's models, blocks and URL patterns in every request."""
    script = (
        "import gc, sys; import cms.wsgi; print(gc.get_freeze_count(), 'cms.urls' in sys.modules)"
    )
    done = subprocess.run(  # noqa: S603 - our own interpreter
        [sys.executable, "-c", script],
        cwd=ROOT,
        env={**os.environ, "DJANGO_SETTINGS_MODULE": "cms.settings.test"},
        capture_output=True,
        text=True,
        check=True,
    )
    frozen, urls_loaded = done.stdout.split()
    # Hundreds of thousands of objects: the site loaded, URLconf included.
    assert int(frozen) > 100_000
    assert urls_loaded == "True"
