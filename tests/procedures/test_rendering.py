"""What a visitor reads: the procedure page, its table of contents and listings."""

import pytest
from bs4 import BeautifulSoup

from django.db import connection
from django.test.utils import CaptureQueriesContext

from wagtail.models import PageViewRestriction

from procedures.factories import (
    ArticlePageFactory,
    ProcedureFeaturedArticleFactory,
    ProcedurePageFactory,
)

SEED_HEADINGS = [
    "Overview of Vertebroplasty",
    "Preparation",
    "Procedure",
    "Recovery",
    "Risks",
    "Aftercare",
]


def soup(response):
    assert response.status_code == 200
    return BeautifulSoup(response.content, "html.parser")


@pytest.mark.django_db
def test_vertebroplasty_page_shows_the_six_sections_in_order(client, demo_site):
    html = soup(client.get("/procedures/vertebroplasty/"))
    body_headings = [h2.get_text(strip=True) for h2 in html.select(".procedure__body section > h2")]
    assert body_headings == SEED_HEADINGS
    assert html.h1.get_text(strip=True) == "Vertebroplasty"
    assert len(html.find_all("h1")) == 1
    assert (
        "Vertebroplasty: Overview, Preparation, Procedure, Recovery, Risks, and Aftercare"
        in html.get_text()
    )
    assert "medical-grade bone cement is injected into the fractured vertebra" in html.get_text()


@pytest.mark.django_db
def test_table_of_contents_links_resolve_to_section_headings(client, demo_site):
    html = soup(client.get("/procedures/vertebroplasty/"))
    links = html.select("nav.toc a")
    assert [a.get_text(strip=True) for a in links] == SEED_HEADINGS
    for link in links:
        target = html.find(id=link["href"].removeprefix("#"))
        assert target is not None, link["href"]
        assert target.name == "h2"
        assert target.get_text(strip=True) == link.get_text(strip=True)


@pytest.mark.django_db
def test_sections_render_in_the_editors_order(client, procedure_index):
    ProcedurePageFactory(
        parent=procedure_index,
        title="Reordered",
        slug="reordered",
        sections__0="risks",
        sections__1="overview",
        sections__2="aftercare",
    )
    html = soup(client.get("/procedures/reordered/"))
    assert [a["href"] for a in html.select("nav.toc a")] == ["#risks", "#overview", "#aftercare"]


@pytest.mark.django_db
def test_featured_articles_show_in_order_and_drafts_are_hidden(
    client, procedure_index, article_index
):
    page = ProcedurePageFactory(parent=procedure_index, slug="knee")
    first = ArticlePageFactory(parent=article_index, title="Before surgery")
    draft = ArticlePageFactory(parent=article_index, title="Secret draft", live=False)
    last = ArticlePageFactory(parent=article_index, title="After surgery")
    for order, article in enumerate([last, draft, first]):
        ProcedureFeaturedArticleFactory(page=page, article=article, sort_order=order)
    html = soup(client.get("/procedures/knee/"))
    titles = [a.get_text(strip=True) for a in html.select(".featured-articles .card__title a")]
    assert titles == ["After surgery", "Before surgery"]
    assert "Secret draft" not in html.get_text()


@pytest.mark.django_db
def test_tagline_comes_from_site_settings(client, demo_site):
    from home.models import SiteSettings

    settings = SiteSettings.for_site(demo_site)
    settings.tagline = "Care you can understand."
    settings.save()
    html = soup(client.get("/procedures/vertebroplasty/"))
    assert html.select_one(".tagline__heading").get_text(strip=True) == "Care you can understand."


@pytest.mark.django_db
def test_default_tagline_is_the_seed_tagline(client, demo_site):
    html = soup(client.get("/procedures/"))
    assert "You deserve better healthcare!" in html.select_one(".tagline").get_text()


@pytest.mark.django_db
def test_procedure_index_lists_live_public_procedures_a_to_z(client, procedure_index):
    ProcedurePageFactory(parent=procedure_index, title="Colonoscopy")
    ProcedurePageFactory(parent=procedure_index, title="Arthroscopy")
    ProcedurePageFactory(parent=procedure_index, title="Draft procedure", live=False)
    private = ProcedurePageFactory(parent=procedure_index, title="Private procedure")
    PageViewRestriction.objects.create(page=private, restriction_type="login")
    html = soup(client.get("/procedures/"))
    titles = [a.get_text(strip=True) for a in html.select(".card__title a")]
    assert titles == ["Arthroscopy", "Colonoscopy"]
    assert [h2.get_text(strip=True) for h2 in html.select(".az-group h2")] == ["A", "C"]


@pytest.mark.django_db
def test_procedure_index_paginates(client, procedure_index):
    for n in range(procedure_index.per_page + 3):
        ProcedurePageFactory(parent=procedure_index, title=f"Procedure {n:03d}")
    first = soup(client.get("/procedures/"))
    second = soup(client.get("/procedures/?page=2"))
    assert len(first.select(".card__title a")) == procedure_index.per_page
    assert len(second.select(".card__title a")) == 3
    assert soup(client.get("/procedures/?page=nope")).select(".card__title a")


@pytest.mark.django_db
def test_draft_and_private_procedures_are_not_served(client, procedure_index):
    ProcedurePageFactory(parent=procedure_index, slug="draft", live=False)
    private = ProcedurePageFactory(parent=procedure_index, slug="private")
    PageViewRestriction.objects.create(page=private, restriction_type="login")
    assert client.get("/procedures/draft/").status_code == 404
    response = client.get("/procedures/private/")
    assert response.status_code == 302
    assert "/login/" in response["Location"] or "login" in response["Location"]


def count_queries(client, url):
    with CaptureQueriesContext(connection) as context:
        assert client.get(url).status_code == 200
    return len(context.captured_queries)


@pytest.mark.django_db
def test_procedure_page_query_count_does_not_grow_with_featured_articles(
    client, procedure_index, article_index, django_assert_max_num_queries
):
    few = ProcedurePageFactory(parent=procedure_index, slug="few")
    many = ProcedurePageFactory(parent=procedure_index, slug="many")
    ProcedureFeaturedArticleFactory(page=few, article=ArticlePageFactory(parent=article_index))
    for _ in range(12):
        ProcedureFeaturedArticleFactory(page=many, article=ArticlePageFactory(parent=article_index))
    client.get("/procedures/few/")  # warm per-process caches (site root paths)
    baseline = count_queries(client, "/procedures/few/")
    with django_assert_max_num_queries(baseline):
        client.get("/procedures/many/")


@pytest.mark.django_db
def test_procedure_index_query_count_does_not_grow_with_procedures(
    client, procedure_index, django_assert_max_num_queries
):
    ProcedurePageFactory(parent=procedure_index)
    client.get("/procedures/")
    baseline = count_queries(client, "/procedures/")
    for _ in range(20):
        ProcedurePageFactory(parent=procedure_index)
    with django_assert_max_num_queries(baseline):
        client.get("/procedures/")


@pytest.mark.django_db
def test_procedure_index_jump_bar_has_every_letter_and_links_the_ones_in_use(
    client, procedure_index
):
    ProcedurePageFactory(parent=procedure_index, title="Arthroscopy")
    ProcedurePageFactory(parent=procedure_index, title="Colonoscopy")
    html = soup(client.get("/procedures/"))
    bar = html.select_one(".az-jump")
    items = bar.select("li")
    assert [li.get_text(strip=True) for li in items] == list("ABCDEFGHIJKLMNOPQRSTUVWXYZ")
    assert {a.get_text(): a["href"] for a in bar.select("a")} == {
        "A": "#letter-a",
        "C": "#letter-c",
    }
    assert html.select_one("h2#letter-a").get_text(strip=True) == "A"
    assert html.select_one("h2#letter-c")


@pytest.mark.django_db
def test_jump_links_to_letters_on_later_pages_name_the_page(client, procedure_index):
    for n in range(procedure_index.per_page):
        ProcedurePageFactory(parent=procedure_index, title=f"Arthroscopy {n:03d}")
    ProcedurePageFactory(parent=procedure_index, title="Zygoma repair")
    bar = soup(client.get("/procedures/")).select_one(".az-jump")
    assert {a.get_text(): a["href"] for a in bar.select("a")} == {
        "A": "#letter-a",
        "Z": "?page=2#letter-z",
    }
    assert soup(client.get("/procedures/?page=2")).select_one("h2#letter-z")
