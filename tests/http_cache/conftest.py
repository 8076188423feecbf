"""Fixtures for HTTP caching tests: a procedure with a listed doctor, an article featured
on it, and the purges the recording backend (tests/frontend_cache.py) receives."""

import time
from contextlib import contextmanager

import pytest

from core.http_cache.version import content_changed
from procedures.factories import ArticlePageFactory, ProcedureFeaturedArticleFactory
from providers.choices import LinkBasis
from providers.directory import DIRECTORY_STATES
from providers.factories import ProviderFactory, ProviderProcedureFactory
from providers.geography import state_slug
from tests import frontend_cache
from tests.providers.conftest import admin_client, kyphoplasty, vertebroplasty  # noqa: F401

ROOT = "http://testserver"


def site(*paths):
    """Absolute URLs on the test site."""
    return {ROOT + path for path in paths}


def procedure_page_urls(path):
    """A procedure page, its doctors/ page and its page for every directory state."""
    base = ROOT + path
    return {base, base + "doctors/"} | {
        f"{base}doctors/{state_slug(code)}/" for code in DIRECTORY_STATES
    }


@pytest.fixture
def texan(vertebroplasty):  # noqa: F811
    """A live doctor in Texas listed for Vertebroplasty (a billing-volume link)."""
    provider = ProviderFactory(
        npi="1234567893", first_name="Jane", last_name="Sample", state="TX", city="Austin"
    )
    ProviderProcedureFactory(
        provider=provider, procedure=vertebroplasty, basis=LinkBasis.VOLUME, annual_volume=12
    )
    return provider


@pytest.fixture
def article(article_index, vertebroplasty):  # noqa: F811
    """An article featured on the Vertebroplasty page."""
    page = ArticlePageFactory(parent=article_index, title="Recovery", slug="recovery")
    ProcedureFeaturedArticleFactory(page=vertebroplasty, article=page)
    return page


@pytest.fixture
def recorded_purges(django_capture_on_commit_callbacks):
    """``with recorded_purges() as purged:`` runs the block's on-commit purges at its end
    and fills ``purged`` with every URL the frontend cache backend was asked to purge."""

    @contextmanager
    def recording():
        frontend_cache.reset()
        purged = set()
        with django_capture_on_commit_callbacks(execute=True):
            yield purged
        purged.update(frontend_cache.purged())

    return recording


def settle_last_modified():
    """Make the last content change the only one in its second. Fixtures change content
    many times within a second, and Last-Modified (whole seconds) cannot tell those
    changes apart, so If-Modified-Since rightly gets full responses until a change
    stands alone in its second."""
    time.sleep(1.01 - time.time() % 1)
    content_changed()
