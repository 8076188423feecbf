"""One real server with the demo content and one Chromium, shared by every browser test.

The server is `manage.py runserver` (test settings, so `DEBUG` is off and errors render
the site's own pages) in its own process, on a copy of the migrated test database
(`database.py`, made when the test database is) that `tests.browser.demo_site` fills as
`make demo` would, so the demo content never reaches the database the rest of the suite
uses.

Chromium is Debian's (`apt-get install chromium`, which `.ci/run` does); without one the
tests skip and say so. Screenshots go to `.screenshots/browser/` (git-ignored).
"""

import json
import os
import subprocess
import sys
import time
import urllib.request
from dataclasses import dataclass
from pathlib import Path

import pytest

from ..support import database_url, free_port
from .chromium import CHROMIUM_ARGS, chromium_path
from .database import copy

ROOT = Path(__file__).resolve().parents[2]
SCREENSHOTS = ROOT / ".screenshots" / "browser"
DESKTOP, PHONE = 1280, 360
HEIGHT = {DESKTOP: 900, PHONE: 740}
START_TIMEOUT = 120  # seconds; the machine may be busy


@pytest.fixture(scope="session")
def chromium():
    path = chromium_path()
    if path is None:
        pytest.skip("no Chromium found: install Debian's chromium: apt-get install chromium")
    return path


@dataclass(frozen=True)
class Site:
    """The running server and what `demo_site` reported about its content."""

    url: str
    facts: dict


def _get(url):
    with urllib.request.urlopen(url, timeout=10) as response:  # noqa: S310 - 127.0.0.1
        return response.status


@pytest.fixture(scope="package")
def site(chromium, django_db_setup, tmp_path_factory):
    if not copy:
        pytest.skip("the browser tests need PostgreSQL; run with DATABASE_URL=postgres://…")
    logs = tmp_path_factory.mktemp("browser-server")
    port = free_port()
    environment = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "cms.settings.test",
        # A throwaway copy: commits need not wait for the disk.
        "DATABASE_URL": database_url(copy) + "?options=-c%20synchronous_commit%3Doff",
        "DEMO_SITE_HOSTNAME": "127.0.0.1",
        "DEMO_SITE_PORT": str(port),
        "PYTHONPATH": str(ROOT),
    }
    server = None
    try:
        prepared = subprocess.run(
            [sys.executable, "-m", "tests.browser.demo_site"],
            cwd=ROOT,
            env=environment,
            capture_output=True,
            text=True,
            timeout=600,
            check=False,
        )
        assert prepared.returncode == 0, prepared.stderr[-4000:]
        facts = json.loads(prepared.stdout.strip().splitlines()[-1])

        log = (logs / "runserver.log").open("w")
        server = subprocess.Popen(  # noqa: S603 - our own manage.py, fixed arguments
            [
                sys.executable,
                "manage.py",
                "runserver",
                f"127.0.0.1:{port}",
                "--noreload",
                "--insecure",  # static files from the apps, as `make run` serves them
                "--skip-checks",
            ],
            cwd=ROOT,
            env=environment,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        base = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + START_TIMEOUT
        while True:
            assert server.poll() is None, (logs / "runserver.log").read_text()[-4000:]
            try:
                if _get(base + "/healthz") == 200:
                    break
            except OSError:
                pass
            assert time.monotonic() < deadline, "runserver did not answer in time"
            time.sleep(0.25)
        yield Site(url=base, facts=facts)
    finally:
        if server is not None:  # its connections must end before the copy is dropped
            server.terminate()
            server.wait(timeout=30)


@pytest.fixture(scope="package")
def browser(chromium, site):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture(scope="package")
def _contexts(browser):
    """One browser context per (width, JavaScript on), made on first use and reused."""
    contexts = {}
    yield contexts
    for context in contexts.values():
        context.close()


@pytest.fixture
def open_page(_contexts, browser, site):
    """`open_page(width, javascript=True)`: a fresh tab, closed after the test."""
    pages = []

    def open_page(width=DESKTOP, javascript=True):
        key = (width, javascript)
        if key not in _contexts:
            _contexts[key] = browser.new_context(
                viewport={"width": width, "height": HEIGHT[width]},
                java_script_enabled=javascript,
                base_url=site.url,
            )
        page = _contexts[key].new_page()
        # Pages may load slowly on a busy machine; a missing element fails sooner.
        page.set_default_navigation_timeout(90_000)
        page.set_default_timeout(15_000)
        pages.append(page)
        return page

    yield open_page
    for page in pages:
        page.close()


def screenshot(page, name):
    """Save the whole page as `.screenshots/browser/<name>-<width>.png`, transitions
    finished (a menu just opened is shown open, not half faded in)."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    width = page.viewport_size["width"]
    page.screenshot(path=SCREENSHOTS / f"{name}-{width}.png", full_page=True, animations="disabled")


def scrolls_sideways(page):
    """True when the page is wider than the window (a phone user must scroll sideways)."""
    return page.evaluate("document.documentElement.scrollWidth > window.innerWidth")
