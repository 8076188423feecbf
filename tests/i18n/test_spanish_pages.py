"""The interface in Spanish under /es/, and unchanged in English.

What the visitor reads around the content (navigation, skip link, search, error pages,
dates) comes from the catalogs; these tests read the rendered pages as a visitor would.
"""

import datetime
from types import SimpleNamespace

import pytest
from bs4 import BeautifulSoup

from django.template.loader import render_to_string
from django.utils import translation

from wagtail.models import Locale

from core.api_errors import friendly_server_error
from core.seo import DEFAULT_SITE_NAME
from home.locales import translate_home
from procedures.factories import ProcedurePageFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def spanish_home(home):
    return translate_home(home, "es", title="Inicio")


@pytest.fixture
def production_errors(settings):
    settings.DEBUG = False
    return settings


def page(response, status=200):
    assert response.status_code == status, response.status_code
    return BeautifulSoup(response.content, "html.parser")


def nav(html):
    return {a.get_text(strip=True): a["href"] for a in html.select(".site-nav a")}


def footer_links(html):
    return {a.get_text(strip=True): a["href"] for a in html.select(".site-footer__links a")}


ENGLISH_CHROME = (
    "Skip to content",
    "All procedures",
    "Search procedures, articles and doctors",
    "This content is for general information only",
    "You deserve better healthcare!",
)


def test_the_spanish_home_page_speaks_spanish(client, spanish_home):
    html = page(client.get("/es/"))
    assert html.html["lang"] == "es"
    assert html.select_one(".skip-link").get_text(strip=True) == "Saltar al contenido"
    assert nav(html) == {
        "Procedimientos": "/es/procedimientos/",
        "Artículos": "/es/articulos/",
        "Buscar": "/es/search/",
    }
    assert footer_links(html)["Todos los procedimientos"] == "/es/procedimientos/"
    # The site settings' shipped words come through the catalog too.
    disclaimer = html.select_one(".site-footer__disclaimer").get_text(strip=True)
    assert disclaimer.startswith("Este contenido es solo información general")
    assert html.select_one(".tagline__heading").get_text(strip=True) == (
        "¡Usted merece una mejor atención médica!"
    )
    assert html.select_one("#home-find-doctor").get_text(strip=True) == "Encontrar un médico"
    text = html.get_text()
    for english in ENGLISH_CHROME:
        assert english not in text, english


def test_the_english_home_page_is_unchanged(client, spanish_home):
    html = page(client.get("/"))
    assert html.html["lang"] == "en"
    assert html.select_one(".skip-link").get_text(strip=True) == "Skip to content"
    assert nav(html) == {
        "Procedures": "/procedures/",
        "Articles": "/articles/",
        "Search": "/search/",
    }
    assert footer_links(html)["All procedures"] == "/procedures/"
    assert "This content is for general information only" in html.get_text()
    assert html.select_one("#home-find-doctor").get_text(strip=True) == "Find a doctor"


def translated(page, locale, **fields):
    """`page` copied into `locale` with `fields` changed, and published."""
    copy = page.copy_for_translation(locale)
    for name, value in fields.items():
        setattr(copy, name, value)
    copy.save_revision().publish()
    return copy


@pytest.fixture
def vertebroplasty(procedure_index, spanish_home):
    """An English procedure page and its Spanish translation."""
    english = ProcedurePageFactory(
        parent=procedure_index, title="Vertebroplasty", slug="vertebroplasty"
    )
    spanish = Locale.objects.get(language_code="es")
    translated(procedure_index, spanish, title="Procedimientos", slug="procedimientos")
    translated(english, spanish, title="Vertebroplastia", slug="vertebroplastia")
    return english


def test_the_chrome_of_a_spanish_procedure_page_is_spanish(client, vertebroplasty):
    html = page(client.get("/es/procedimientos/vertebroplastia/"))
    assert html.html["lang"] == "es"
    assert html.select_one(".procedure__subtitle").get_text(strip=True) == (
        "Vertebroplastia: Descripción general, Preparación, Procedimiento, Recuperación, "
        "Riesgos y Cuidados posteriores"
    )
    assert html.select_one(".toc__heading").get_text(strip=True) == "En esta página"
    assert html.select_one("#about-page-heading").get_text(strip=True) == (
        "Acerca de esta información"
    )
    assert html.select_one(".find-doctor-link").get_text(strip=True) == (
        "Encuentre por estado a los mejores médicos que realizan Vertebroplastia"
    )
    assert html.select_one(".state-picker__label").get_text(strip=True) == "Su estado"
    assert html.select_one(".breadcrumb")["aria-label"] == "Ruta de navegación"


def test_the_english_procedure_page_is_unchanged(client, vertebroplasty):
    html = page(client.get("/procedures/vertebroplasty/"))
    assert html.select_one(".procedure__subtitle").get_text(strip=True) == (
        "Vertebroplasty: Overview, Preparation, Procedure, Recovery, Risks, and Aftercare"
    )
    assert html.select_one(".toc__heading").get_text(strip=True) == "On this page"
    assert html.select_one(".find-doctor-link").get_text(strip=True) == (
        "Find top doctors who perform Vertebroplasty by state"
    )


def test_the_spanish_search_page_speaks_spanish(client, spanish_home):
    html = page(client.get("/es/search/"))
    assert html.html["lang"] == "es"
    assert html.h1.get_text(strip=True) == "Buscar"
    assert html.select_one(".search-box label").get_text(strip=True) == (
        "Busque procedimientos, artículos y médicos"
    )
    assert html.select_one(".search-box")["action"] == "/es/search/"
    assert nav(html)["Procedimientos"] == "/es/procedimientos/"

    html = page(client.get("/es/search/", {"q": "zzqqxx"}))
    assert html.h1.get_text(strip=True) == "Resultados de búsqueda para “zzqqxx”"
    assert "No se encontró nada para “zzqqxx”." in html.get_text()
    assert html.title.get_text().startswith("Resultados de búsqueda para")


def test_the_english_search_page_is_unchanged(client, spanish_home):
    html = page(client.get("/search/", {"q": "zzqqxx"}))
    assert html.h1.get_text(strip=True) == "Search results for “zzqqxx”"
    assert "Nothing was found for “zzqqxx”." in html.get_text()


def test_the_spanish_404_page_speaks_spanish(client, spanish_home, production_errors):
    html = page(client.get("/es/no-existe/"), status=404)
    assert html.html["lang"] == "es"
    assert html.title.get_text() == f"Página no encontrada | {DEFAULT_SITE_NAME}"
    assert html.h1.get_text(strip=True) == "Página no encontrada"
    search = html.select_one('form[role="search"]')
    assert search["action"] == "/es/search/"
    assert search.label.get_text(strip=True) == "Buscar en el sitio"
    links = {a.get_text(strip=True): a["href"] for a in html.select(".error-page__links a")}
    assert links == {
        "Procedimientos de la A a la Z": "/es/procedimientos/",
        "Encuentre un médico: elija un procedimiento y luego su estado": "/es/procedimientos/",
        "Artículos": "/es/articulos/",
        "Página de inicio": "/es/",
    }


def test_the_english_404_page_is_unchanged(client, spanish_home, production_errors):
    html = page(client.get("/no-such-page/"), status=404)
    assert html.html["lang"] == "en"
    assert html.h1.get_text(strip=True) == "Page not found"
    links = {a.get_text(strip=True): a["href"] for a in html.select(".error-page__links a")}
    assert links["Procedures A to Z"] == "/procedures/"
    assert links["Home page"] == "/"


def test_the_500_page_speaks_the_request_language_without_the_database(
    django_assert_num_queries,
):
    with django_assert_num_queries(0), translation.override("es"):
        html = BeautifulSoup(friendly_server_error().content, "html.parser")
    assert html.html["lang"] == "es"
    assert html.h1.get_text(strip=True) == "Algo salió mal"
    assert nav(html) == {"Procedimientos": "/es/procedimientos/", "Artículos": "/es/articulos/"}
    assert html.select_one(".site-header__brand")["href"] == "/es/"
    with translation.override("en"):
        html = BeautifulSoup(friendly_server_error().content, "html.parser")
    assert html.h1.get_text(strip=True) == "Something went wrong"
    assert nav(html) == {"Procedures": "/procedures/", "Articles": "/articles/"}


def test_review_dates_are_written_the_way_each_language_writes_dates():
    reviewer = SimpleNamespace(display_name="Ana Ruiz", profile_url="", role="")
    reviewed = SimpleNamespace(
        authors=[],
        is_reviewed=True,
        reviewer=reviewer,
        last_reviewed=datetime.date(2026, 3, 2),
        next_review_due=datetime.date(2027, 3, 2),
    )

    def byline(language):
        with translation.override(language):
            html = render_to_string("components/review_byline.html", {"page": reviewed})
        return " ".join(BeautifulSoup(html, "html.parser").get_text().split())

    text = byline("es")
    assert "Revisado médicamente por Ana Ruiz." in text
    assert "Última revisión: 2 de marzo de 2026" in text
    assert "Próxima revisión: 2 de marzo de 2027" in text
    text = byline("en")
    assert "Last reviewed: March 2, 2026" in text and "Next review due: March 2, 2027" in text
