"""The procedure page's costs section, cached under the content version for public views
only (core.http_cache.fragments): new on the next request after an import or a publish,
never read or written for editors, previews or private pages."""

from types import SimpleNamespace

import pytest

from django.core.cache import cache
from django.db import connection
from django.test import override_settings
from django.test.utils import CaptureQueriesContext

from core.http_cache import fragments
from core.http_cache.version import current
from costs.models import ProcedureBillingCode

from .conftest import import_file
from .test_import_files import pprrvu_with
from .test_procedure_page import money

PAGE = "/procedures/vertebroplasty/"
CACHED = override_settings(CONTENT_FRAGMENT_CACHE_SECONDS=300)
LABEL = "<caption>First bone, neck or upper back (code 22510), 2026</caption>"


def costs_queries(client):
    """How many of one GET's queries read the costs tables."""
    with CaptureQueriesContext(connection) as captured:
        assert client.get(PAGE).status_code == 200
    return sum('"costs_' in q["sql"] for q in captured.captured_queries)


def cached_keys():
    return [key for key in cache._cache if "medicare_costs" in key]  # LocMemCache


@pytest.mark.django_db
@CACHED
def test_the_section_is_rendered_once_and_shown_the_same(client, cost_files, vertebroplasty_page):
    client.get(PAGE)  # warm per-process caches
    cache.clear()
    first = client.get(PAGE)
    assert LABEL in first.content.decode()
    assert costs_queries(client) == 0  # the section is cached now
    assert client.get(PAGE).content == first.content
    with override_settings(CONTENT_FRAGMENT_CACHE_SECONDS=0):
        # datasets, codes, fee schedule, OPPS and ASC rows
        assert costs_queries(client) == 5


@pytest.mark.django_db
@CACHED
def test_an_import_shows_on_the_next_request(client, cost_files, vertebroplasty_page, tmp_path):
    client.get(PAGE)
    path, _ = pprrvu_with(tmp_path)
    text = path.read_text().replace(
        "22510,,(descriptor not stored: sample row),A,,8.05", "22510,,x,A,,9.05"
    )
    path.write_text(text)
    import_file("pprrvu", path, tmp_path=tmp_path)
    assert money("$7,009.72", strong=True) in client.get(PAGE).content.decode()


@pytest.mark.django_db
@CACHED
def test_publishing_new_codes_shows_on_the_next_request(client, cost_files, vertebroplasty_page):
    client.get(PAGE)
    page = vertebroplasty_page
    page.billing_codes.get(code="22510").delete()
    page.refresh_from_db()
    page.save_revision().publish()
    html = client.get(PAGE).content.decode()
    assert "(code 22510)" not in html and "(code 22511)" in html


@pytest.mark.django_db
@CACHED
def test_editors_never_read_or_write_the_cached_section(
    client, cost_files, vertebroplasty_page, editor
):
    editor_client = type(client)()
    editor_client.force_login(editor)
    assert LABEL in editor_client.get(PAGE).content.decode()
    assert cached_keys() == []  # an editor's view stored nothing
    client.get(PAGE)
    assert len(cached_keys()) == 1
    # A change no visitor may see yet (written without bumping the content version):
    # the public view keeps its cached section, the editor's is rendered afresh.
    ProcedureBillingCode.objects.filter(code="22510").update(label="Unpublished label")
    assert LABEL in client.get(PAGE).content.decode()
    assert "Unpublished label" in editor_client.get(PAGE).content.decode()


@pytest.mark.django_db
@CACHED
def test_no_key_for_previews_drafts_or_private_pages(cost_files, vertebroplasty_page):
    page = vertebroplasty_page
    public = SimpleNamespace(has_restriction=False, alias_of_id=None)

    def key(page=page, lineage=(public,), **request):
        if lineage is not None:
            page.__dict__[fragments.LINEAGE_ATTRIBUTE] = list(lineage)
        else:
            page.__dict__.pop(fragments.LINEAGE_ATTRIBUTE, None)
        defaults = {"content_state": current(), "get_host": lambda: "testserver"}
        return fragments.fragment_key(SimpleNamespace(**{**defaults, **request}), page, "x")

    assert key() is not None
    assert key(content_state=None) is None  # private request: the middleware read nothing
    assert key(is_preview=True) is None
    assert key(lineage=None) is None  # not reached by the router
    assert key(lineage=[public, SimpleNamespace(has_restriction=True, alias_of_id=None)]) is None
    assert key(lineage=[SimpleNamespace(has_restriction=False, alias_of_id=1)]) is None
    page.live = False
    assert key() is None
    page.live = True
    with override_settings(CONTENT_FRAGMENT_CACHE_SECONDS=0):
        assert key() is None
