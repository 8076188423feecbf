"""What search engines and link previews read: each page type's head and JSON-LD.

Every visitor page has one title with the site's name once, one meta description,
one canonical URL, Open Graph and Twitter tags, and one JSON-LD graph that says what
the page shows (its breadcrumbs, its doctors, in order). Parsed, not grepped.
"""

import json

import pytest
from bs4 import BeautifulSoup
from PIL import Image

from django.conf import settings
from django.test import override_settings

import wagtail_factories

from core.api_errors import friendly_server_error
from core.seo import DEFAULT_SITE_NAME
from home.models import SiteSettings
from procedures.factories import ArticlePageFactory, ProcedurePageFactory
from providers.factories import ProviderFactory, ProviderProcedureFactory
from tests.jsonld import graph, node

pytestmark = pytest.mark.django_db

SITE = DEFAULT_SITE_NAME
BASE = "http://testserver"


def head(response, status=200):
    """The page's head tags, checked for what every page must have exactly once."""
    assert response.status_code == status, response.status_code
    html = BeautifulSoup(response.content, "html.parser")
    (title,) = html.head.find_all("title")
    assert title.get_text().count(SITE) == 1, title.get_text()
    (description,) = html.select('meta[name="description"]')
    assert 0 < len(description["content"]) <= 160
    meta = {
        tag.get("property") or tag.get("name"): tag["content"]
        for tag in html.select("meta[property], meta[name]")
    }
    for name in ("og:title", "og:description", "og:type", "og:site_name", "twitter:card"):
        assert meta.get(name), name
    assert meta["og:site_name"] == SITE
    assert meta["og:description"] == description["content"]
    canonical = html.select('link[rel="canonical"]')
    if status == 200:
        (canonical,) = canonical
        assert canonical["href"].startswith(BASE + "/")
        assert meta["og:url"] == canonical["href"]
        meta["canonical"] = canonical["href"]
    meta["title"] = title.get_text()
    meta["description"] = description["content"]
    meta["html"] = html
    return meta


def visible_breadcrumbs(html):
    """[(name, absolute URL)] of the breadcrumb nav; the current page has no link."""
    crumbs = []
    for item in html.select("nav.breadcrumb li"):
        link = item.find("a")
        crumbs.append((item.get_text(strip=True), BASE + link["href"] if link else None))
    return crumbs


def assert_breadcrumb_list_is_the_visible_one(response, canonical):
    html = BeautifulSoup(response.content, "html.parser")
    visible = visible_breadcrumbs(html)
    assert len(visible) >= 2
    items = node(response.content, "BreadcrumbList")["itemListElement"]
    assert [item["position"] for item in items] == list(range(1, len(visible) + 1))
    assert [(item["name"], item["item"]) for item in items] == [
        (name, url or canonical) for name, url in visible
    ]
    return visible


@pytest.fixture
def vertebroplasty(procedure_index):
    return ProcedurePageFactory(
        parent=procedure_index, title="Vertebroplasty", slug="vertebroplasty"
    )


def test_home_has_the_site_name_and_tagline_and_a_website_with_a_search_action(client, home):
    home.intro = "<p>Plain guides to <b>procedures</b> and the doctors who do them.</p>"
    home.save_revision().publish()
    meta = head(client.get("/"))
    assert meta["title"] == f"{SITE} – You deserve better healthcare!"
    assert meta["description"] == "Plain guides to procedures and the doctors who do them."
    assert meta["canonical"] == f"{BASE}/"
    assert meta["og:type"] == "website"
    website = node(client.get("/").content, "WebSite")
    assert website["name"] == SITE
    assert website["url"] == f"{BASE}/"
    action = website["potentialAction"]
    assert action["@type"] == "SearchAction"
    assert action["target"]["urlTemplate"] == f"{BASE}/search/?q={{search_term_string}}"
    assert action["query-input"] == "required name=search_term_string"
    assert meta["html"].select("nav.breadcrumb") == []


def test_site_name_logo_description_and_social_image_come_from_the_site_settings(
    client, procedure_index
):
    settings_row = SiteSettings.for_site(procedure_index.get_site())
    settings_row.site_name = "Spine Guide"
    settings_row.default_description = "Guides to spine procedures."
    settings_row.social_image = wagtail_factories.ImageFactory()
    settings_row.logo = wagtail_factories.ImageFactory()
    settings_row.save()
    html = BeautifulSoup(client.get("/procedures/").content, "html.parser")
    assert html.title.get_text() == "Procedures | Spine Guide"
    brand = html.select_one(".site-header__brand")
    assert brand.get_text(strip=True) == "Spine Guide"
    assert brand.find("img") is not None
    og = {tag["property"]: tag["content"] for tag in html.select("meta[property]")}
    assert og["og:site_name"] == "Spine Guide"
    assert og["og:image"].startswith(f"{BASE}/media/images/")
    assert html.select_one('meta[name="twitter:card"]')["content"] == "summary_large_image"


def test_procedure_index_is_paginated_with_its_own_canonical_and_breadcrumbs(
    client, procedure_index
):
    for number in range(procedure_index.per_page + 1):
        ProcedurePageFactory(parent=procedure_index, title=f"Procedure {number:02d}")
    first = head(client.get("/procedures/"))
    assert first["title"] == f"Procedures | {SITE}"
    assert first["canonical"] == f"{BASE}/procedures/"
    assert "A to Z" in first["description"]  # no intro: the index's own sentence
    second_response = client.get("/procedures/?page=2")
    second = head(second_response)
    assert second["canonical"] == f"{BASE}/procedures/?page=2"
    assert second["title"] == f"Procedures (page 2) | {SITE}"
    crumbs = assert_breadcrumb_list_is_the_visible_one(second_response, second["canonical"])
    assert [name for name, _ in crumbs] == [procedure_index.get_parent().title, "Procedures"]
    assert node(second_response.content, "CollectionPage")["url"] == second["canonical"]


def test_article_index_has_breadcrumbs_and_a_description_from_its_intro(client, article_index):
    article_index.intro = "<p>Articles for patients, reviewed by clinicians.</p>"
    article_index.save_revision().publish()
    response = client.get("/articles/")
    meta = head(response)
    assert meta["description"] == "Articles for patients, reviewed by clinicians."
    assert_breadcrumb_list_is_the_visible_one(response, meta["canonical"])
    assert node(response.content, "CollectionPage")["name"] == article_index.title


def test_procedure_page_head_and_graph_match_the_page(client, vertebroplasty):
    vertebroplasty.search_description = "What vertebroplasty is, and who performs it."
    vertebroplasty.hero_image = wagtail_factories.ImageFactory()
    vertebroplasty.save_revision().publish()
    response = client.get("/procedures/vertebroplasty/")
    meta = head(response)
    assert meta["title"] == f"Vertebroplasty | {SITE}"
    assert meta["description"] == "What vertebroplasty is, and who performs it."
    assert meta["canonical"] == f"{BASE}/procedures/vertebroplasty/"
    assert meta["og:type"] == "article"
    assert meta["og:image"].startswith(f"{BASE}/media/images/")
    assert ".fill-1200x630" in meta["og:image"]
    assert meta["twitter:card"] == "summary_large_image"
    page = node(response.content, "MedicalWebPage")
    assert page["about"]["@type"] == "MedicalProcedure"
    assert page["about"]["name"] == meta["html"].h1.get_text(strip=True)
    assert page["breadcrumb"] == {"@id": f"{meta['canonical']}#breadcrumb"}
    crumbs = assert_breadcrumb_list_is_the_visible_one(response, meta["canonical"])
    assert crumbs[-1] == ("Vertebroplasty", None)


def test_a_long_summary_is_cut_to_160_characters_at_a_word(client, procedure_index):
    ProcedurePageFactory(parent=procedure_index, slug="long", summary="Word " * 59 + "end.")
    meta = head(client.get("/procedures/long/"))
    assert len(meta["description"]) <= 160
    assert meta["description"].endswith("Word…")


def test_article_page_is_an_article_as_shown(client, article_index):
    article = ArticlePageFactory(parent=article_index, title="Preparing for surgery", slug="prep")
    article.save_revision().publish()
    response = client.get("/articles/prep/")
    meta = head(response)
    assert meta["og:type"] == "article"
    assert meta["description"] == "A short guide for patients."
    article_page, article = article, node(response.content, "MedicalWebPage")["mainEntity"]
    article_page.refresh_from_db()
    assert article["@type"] == "Article"
    assert article["headline"] == meta["html"].h1.get_text(strip=True)
    assert article["datePublished"].startswith(str(article_page.first_published_at.date()))
    assert_breadcrumb_list_is_the_visible_one(response, meta["canonical"])


def performs(procedure, **provider_fields):
    provider = ProviderFactory(**provider_fields)
    ProviderProcedureFactory(procedure=procedure, provider=provider)
    return provider


def test_doctors_overview_has_its_head_and_breadcrumbs(client, vertebroplasty):
    response = client.get("/procedures/vertebroplasty/doctors/")
    meta = head(response)
    assert meta["title"] == f"Vertebroplasty doctors by state | {SITE}"
    assert meta["canonical"] == f"{BASE}/procedures/vertebroplasty/doctors/"
    crumbs = assert_breadcrumb_list_is_the_visible_one(response, meta["canonical"])
    assert crumbs[-1] == ("Doctors", None)


def test_state_page_item_list_is_the_doctors_shown_in_order_with_their_profiles(
    client, vertebroplasty
):
    for _ in range(23):
        performs(vertebroplasty, state="TX")
    url = "/procedures/vertebroplasty/doctors/texas/"
    for query, canonical, start in (
        ("", f"{BASE}{url}", 1),
        ("?page=2", f"{BASE}{url}?page=2", 21),
        ("?page=2&accepting_new_patients=true", f"{BASE}{url}", 1),
    ):
        response = client.get(url + query)
        meta = head(response)
        assert meta["canonical"] == canonical, query
        cards = meta["html"].select(".provider-card__name a")
        listing = node(response.content, "CollectionPage")
        items = listing["mainEntity"]["itemListElement"]
        assert [(item["item"]["name"], item["item"]["url"]) for item in items] == [
            (card.get_text(strip=True), BASE + card["href"]) for card in cards
        ]
        assert [item["position"] for item in items] == list(range(start, start + len(cards)))
        assert_breadcrumb_list_is_the_visible_one(response, canonical)
    first = head(client.get(url))
    assert first["description"].startswith("23 doctors who perform Vertebroplasty in Texas")
    assert first["title"] == f"Vertebroplasty doctors in Texas | {SITE}"


def test_profile_breadcrumbs_lead_back_to_the_state_list(client, vertebroplasty):
    provider = performs(vertebroplasty, state="TX", first_name="JANE", last_name="DOE")
    response = client.get(provider.get_absolute_url())
    meta = head(response)
    assert meta["canonical"] == BASE + provider.get_absolute_url()
    assert meta["og:type"] == "profile"
    crumbs = assert_breadcrumb_list_is_the_visible_one(response, meta["canonical"])
    assert crumbs[-3:] == [
        ("Doctors", f"{BASE}/procedures/vertebroplasty/doctors/"),
        ("Texas", f"{BASE}/procedures/vertebroplasty/doctors/texas/"),
        (provider.name_for_visitors, None),
    ]
    physician = node(response.content, "IndividualPhysician")
    assert node(response.content, "ProfilePage")["mainEntity"] == {"@id": physician["@id"]}


def test_no_provider_name_breaks_out_of_any_json_ld_node(client, vertebroplasty):
    """The name is in the profile's physician, its breadcrumbs and the state list."""
    name = "</script><script>alert(1)"
    provider = performs(vertebroplasty, state="TX", last_name=name)
    for url in (provider.get_absolute_url(), "/procedures/vertebroplasty/doctors/texas/"):
        response = client.get(url)
        assert b"<script>alert(1)" not in response.content
        assert any(name in json.dumps(item) for item in graph(response.content))


@pytest.fixture
def production_errors(settings):
    """Django's error pages as production serves them: DEBUG off."""
    settings.DEBUG = False
    return settings


def test_an_unknown_url_gets_the_friendly_404(client, home, production_errors):
    response = client.get("/no-such-page/")
    meta = head(response, status=404)
    assert meta["title"] == f"Page not found | {SITE}"
    assert meta["robots"] == "noindex"
    html = meta["html"]
    assert html.select_one(".site-header") and html.select_one(".site-footer")
    search = html.select_one('form[role="search"]')
    assert search["action"] == "/search/" and search.find("input")["name"] == "q"
    links = {a["href"] for a in html.select(".error-page__links a")}
    assert {"/procedures/", "/articles/"} <= links
    # The API's own 404 stays JSON.
    assert client.get("/api/v2/nope/").json()["message"] == "not found"


def boom(request):
    raise RuntimeError("a bug")


urlpatterns = []  # filled below: this module is the URLconf of the 500 test


@pytest.fixture
def broken_view_urls(production_errors):
    from django.urls import path

    from cms import urls

    urlpatterns[:] = [path("boom/", boom), *urls.urlpatterns]
    with override_settings(ROOT_URLCONF=__name__):
        yield


handler404 = "core.api_errors.page_not_found"
handler500 = "core.api_errors.server_error"


def test_a_server_error_gets_the_friendly_500_in_the_site_design(
    client, home, broken_view_urls, django_assert_num_queries
):
    client.raise_request_exception = False
    response = client.get("/boom/")
    assert response.status_code == 500
    html = BeautifulSoup(response.content, "html.parser")
    assert html.title.get_text() == f"Something went wrong | {SITE}"
    assert html.select_one(".site-header__brand").get_text(strip=True) == SITE
    assert html.select_one('form[role="search"]')["action"] == "/search/"
    with django_assert_num_queries(0):  # rendered when the database may be what broke
        assert friendly_server_error().status_code == 500


def test_favicon_and_touch_icon_are_served_and_linked(client, home):
    response = client.get("/favicon.ico")
    assert response.status_code == 200
    assert response["Content-Type"] == "image/x-icon"
    assert b"".join(response.streaming_content)[:4] == b"\x00\x00\x01\x00"  # ICO header
    html = BeautifulSoup(client.get("/").content, "html.parser")
    icons = {link["href"] for link in html.select('link[rel="icon"], link[rel="apple-touch-icon"]')}
    assert "/favicon.ico" in icons
    assert any(href.endswith(".svg") for href in icons)
    with Image.open(settings.BASE_DIR / "static" / "apple-touch-icon.png") as touch:
        assert touch.size == (180, 180)
