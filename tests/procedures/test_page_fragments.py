"""A procedure page's featured articles and featured doctors, cached for public views
under the content version (core.http_cache.fragments): the same HTML, no query for them
once cached, and new on the next request after whatever changes them is published."""

import pytest
from bs4 import BeautifulSoup

from django.db import connection
from django.test import override_settings
from django.test.utils import CaptureQueriesContext

from procedures.factories import (
    ArticlePageFactory,
    ProcedureFeaturedArticleFactory,
    ProcedurePageFactory,
)
from providers.factories import ProviderFactory
from providers.models import ProcedureFeaturedProvider

PAGE = "/procedures/knee/"
CACHED = override_settings(CONTENT_FRAGMENT_CACHE_SECONDS=300)


@pytest.fixture
def knee(procedure_index, article_index):
    page = ProcedurePageFactory(parent=procedure_index, title="Knee", slug="knee")
    for order, title in enumerate(["Before surgery", "After surgery"]):
        article = ArticlePageFactory(parent=article_index, title=title)
        ProcedureFeaturedArticleFactory(page=page, article=article, sort_order=order)
    provider = ProviderFactory(first_name="Ada", last_name="Lovelace", state="TX")
    ProcedureFeaturedProvider.objects.create(page=page, provider=provider, reason="Skilled.")
    return page


def sql_of(client, url):
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return response, " ".join(q["sql"] for q in captured.captured_queries)


def article_titles(response):
    html = BeautifulSoup(response.content, "html.parser")
    return [a.get_text(strip=True) for a in html.select(".featured-articles .card__title a")]


@pytest.mark.django_db
@CACHED
def test_cached_sections_read_nothing_and_show_the_same(client, knee):
    first, sql = sql_of(client, PAGE)
    assert "procedures_procedurefeaturedarticle" in sql
    assert "providers_procedurefeaturedprovider" in sql
    again, sql = sql_of(client, PAGE)
    assert again.content == first.content
    assert "procedures_procedurefeaturedarticle" not in sql
    assert "providers_procedurefeaturedprovider" not in sql
    assert article_titles(again) == ["Before surgery", "After surgery"]
    assert "Lovelace" in again.content.decode() and "Skilled." in again.content.decode()


@pytest.mark.django_db
@CACHED
def test_unpublishing_an_article_hides_it_on_the_next_request(client, knee):
    assert article_titles(client.get(PAGE)) == ["Before surgery", "After surgery"]
    knee.featured_article_links.first().article.unpublish()
    assert article_titles(client.get(PAGE)) == ["After surgery"]


@pytest.mark.django_db
@CACHED
def test_a_renamed_doctor_shows_on_the_next_request(client, knee):
    assert "Lovelace" in client.get(PAGE).content.decode()
    provider = ProcedureFeaturedProvider.objects.get(page=knee).provider
    provider.last_name = "Byron"
    provider.save()  # a public field: bumps the content version
    html = client.get(PAGE).content.decode()
    assert "Byron" in html and "Lovelace" not in html


@pytest.mark.django_db
@CACHED
def test_an_editor_sees_the_sections_rendered_afresh(client, admin_client, knee):
    client.get(PAGE)
    # Written without a publish (no content version bump): only an editor sees it now.
    ProcedureFeaturedProvider.objects.filter(page=knee).update(reason="Changed, unpublished.")
    assert "Changed, unpublished." not in client.get(PAGE).content.decode()
    assert "Changed, unpublished." in admin_client.get(PAGE).content.decode()
