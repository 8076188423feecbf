"""Each language's page says its own language and its own canonical URL: a Spanish
page (made as an editor's "Translate" makes it) is canonical at its /es/ URL, and its
JSON-LD nodes are `inLanguage` es-US, whatever language the request is in."""

import pytest
from bs4 import BeautifulSoup

from django.utils import translation

from procedures import jsonld
from procedures.factories import ArticlePageFactory, ProcedurePageFactory
from providers.factories import ProviderFactory, ProviderProcedureFactory
from tests.jsonld import node
from tests.translations import translate

pytestmark = pytest.mark.django_db

BASE = "http://testserver"


def canonical(response):
    assert response.status_code == 200, response.status_code
    html = BeautifulSoup(response.content, "html.parser")
    (link,) = html.select('link[rel="canonical"]')
    (og_url,) = html.select('meta[property="og:url"]')
    assert og_url["content"] == link["href"]
    return link["href"]


@pytest.fixture
def procedures(procedure_index):
    english = ProcedurePageFactory(
        parent=procedure_index, title="Vertebroplasty", slug="vertebroplasty"
    )
    english.save_revision().publish()
    translate(procedure_index, title="Procedimientos", slug="procedimientos")
    spanish = translate(english, title="Vertebroplastia", slug="vertebroplastia")
    return english, spanish


def test_a_spanish_procedure_is_canonical_at_its_es_url_and_in_spanish(client, procedures):
    response = client.get("/es/procedimientos/vertebroplastia/")
    url = f"{BASE}/es/procedimientos/vertebroplastia/"
    assert canonical(response) == url
    page = node(response.content, "MedicalWebPage")
    assert page["inLanguage"] == "es-US"
    assert page["url"] == url
    assert page["about"]["url"] == url
    crumbs = node(response.content, "BreadcrumbList")["itemListElement"]
    assert [crumb["item"] for crumb in crumbs] == [
        f"{BASE}/es/",
        f"{BASE}/es/procedimientos/",
        url,
    ]


def test_the_english_page_keeps_its_url_and_language(client, procedures):
    response = client.get("/procedures/vertebroplasty/")
    assert canonical(response) == f"{BASE}/procedures/vertebroplasty/"
    assert node(response.content, "MedicalWebPage")["inLanguage"] == "en-US"


def test_a_spanish_index_is_a_spanish_collection_page(client, procedures):
    response = client.get("/es/procedimientos/")
    assert canonical(response) == f"{BASE}/es/procedimientos/"
    assert node(response.content, "CollectionPage")["inLanguage"] == "es-US"
    english = client.get("/procedures/")
    assert node(english.content, "CollectionPage")["inLanguage"] == "en-US"


def test_a_spanish_article_and_its_page_are_in_spanish(client, article_index):
    article = ArticlePageFactory(parent=article_index, title="Recovery", slug="recovery")
    article.save_revision().publish()
    translate(article_index, title="Artículos", slug="articulos")
    translate(article, title="Recuperación", slug="recuperacion")
    response = client.get("/es/articulos/recuperacion/")
    assert canonical(response) == f"{BASE}/es/articulos/recuperacion/"
    page = node(response.content, "MedicalWebPage")
    assert page["inLanguage"] == "es-US"
    assert page["mainEntity"]["inLanguage"] == "es-US"


def test_the_language_is_the_pages_not_the_requests(procedures):
    """An editor previews a Spanish page in the admin's language (English)."""
    english, spanish = procedures
    with translation.override("en"):
        assert jsonld.page_data(spanish, "https://x/")["inLanguage"] == "es-US"
    with translation.override("es"):
        assert jsonld.page_data(english, "https://x/")["inLanguage"] == "en-US"


@pytest.mark.parametrize("listed", [False, True], ids=["no procedure", "a procedure"])
def test_a_spanish_profile_says_spanish_in_its_json_ld(client, procedures, listed):
    """A profile is a Django view under /es/: its language is the URL's (es-US, as the
    Spanish pages say), its canonical and its trail Spanish, home included."""
    english_page, _spanish_page = procedures
    provider = ProviderFactory()
    if listed:
        ProviderProcedureFactory(procedure=english_page, provider=provider)
    english = provider.get_absolute_url()
    with translation.override("es"):
        spanish = provider.get_absolute_url()
    assert spanish.startswith("/es/medicos/")
    url = f"{BASE}{spanish}"
    response = client.get(spanish)
    assert canonical(response) == url
    page = node(response.content, "ProfilePage")
    assert (page["inLanguage"], page["url"]) == ("es-US", url)
    crumbs = node(response.content, "BreadcrumbList")["itemListElement"]
    assert crumbs[0]["item"] == f"{BASE}/es/"
    assert crumbs[-1]["item"] == url

    response = client.get(english)
    assert canonical(response) == f"{BASE}{english}"
    assert node(response.content, "ProfilePage")["inLanguage"] == "en-US"
    assert node(response.content, "BreadcrumbList")["itemListElement"][0]["item"] == f"{BASE}/"
