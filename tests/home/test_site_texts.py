"""The site settings' texts (tagline, footer, disclaimer, trust statements, site name)
in every language: editors write a row per language in the settings form, pages and
the API show the page's language's text, the shipped defaults keep their catalog
translation, and an editor's English stays English where no row says otherwise."""

import pytest
from bs4 import BeautifulSoup

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from wagtail.models import Site
from wagtail.test.utils.form_data import querydict_from_html, rich_text

from core.http_cache.version import content_changed
from home.models import SiteSettings, SiteSettingsTranslation

pytestmark = pytest.mark.django_db

ENGLISH_URL = "/procedures/vertebroplasty/"
SPANISH_URL = "/es/procedimientos/vertebroplastia/"
SPANISH_DEFAULT_DISCLAIMER = "Este contenido es solo información general"
ENGLISH_DEFAULT_DISCLAIMER = "This content is for general information only"
SPANISH_DISCLAIMER = "Esto no es consejo médico: consulte a su médico."


@pytest.fixture
def site_settings(home):
    return SiteSettings.for_site(Site.objects.get(is_default_site=True))


def spanish_row(site_settings, **texts):
    return SiteSettingsTranslation.objects.create(settings=site_settings, language="es", **texts)


def html(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    return BeautifulSoup(response.content, "html.parser")


def text(page, selector):
    found = page.select_one(selector)
    return found.get_text(strip=True) if found is not None else None


def disclaimer(client, page):
    response = client.get(f"/api/v2/pages/{page.pk}/")
    assert response.status_code == 200
    return response.json()["disclaimer"]


def test_a_spanish_page_and_its_api_answer_show_the_spanish_rows_texts(
    client, site_settings, procedure, spanish_procedure
):
    site_settings.funding_statement = "Funded by a charitable grant."
    site_settings.save()
    spanish_row(
        site_settings,
        site_name="Mejor Salud",
        tagline="¡Merece algo mejor!",
        footer_text='<p>Escríbanos a <a href="https://example.com/">nuestro equipo</a>.</p>',
        medical_disclaimer=SPANISH_DISCLAIMER,
        funding_statement="Financiado por una beca benéfica.",
    )
    page = html(client, SPANISH_URL)
    assert text(page, ".site-footer__disclaimer") == SPANISH_DISCLAIMER
    assert text(page, ".about-page__disclaimer") == SPANISH_DISCLAIMER
    assert text(page, ".about-page__funding") == "Financiado por una beca benéfica."
    assert text(page, ".tagline__heading") == "¡Merece algo mejor!"
    assert text(page, ".site-header__name") == "Mejor Salud"
    assert page.title.get_text().endswith("| Mejor Salud")
    # Rich text is rendered as before (`|richtext`): its link and markup kept.
    footer = page.select_one(".site-footer__text")
    assert footer.find("a")["href"] == "https://example.com/"
    assert footer.get_text(strip=True) == "Escríbanos anuestro equipo."
    # An empty field of the row: the English default's catalog translation.
    assert text(page, ".tagline__text").startswith("Información clara y revisada")
    # The API gives the page's language, whatever the request's.
    assert disclaimer(client, spanish_procedure) == SPANISH_DISCLAIMER
    listed = client.get(
        "/api/v2/pages/?type=procedures.ProcedurePage&locale=es&fields=disclaimer"
    ).json()["items"]
    assert [item["disclaimer"] for item in listed] == [SPANISH_DISCLAIMER]


def test_english_pages_are_unchanged_by_a_spanish_row(
    client, site_settings, procedure, spanish_procedure
):
    spanish_row(site_settings, medical_disclaimer=SPANISH_DISCLAIMER, tagline="¡Merece más!")
    page = html(client, ENGLISH_URL)
    assert text(page, ".site-footer__disclaimer").startswith(ENGLISH_DEFAULT_DISCLAIMER)
    assert text(page, ".tagline__heading") == "You deserve better healthcare!"
    assert text(page, ".site-header__name") == site_settings.site_name
    assert disclaimer(client, procedure).startswith(ENGLISH_DEFAULT_DISCLAIMER)


def test_without_a_row_an_edited_text_stays_english_and_a_default_is_translated(
    client, site_settings, procedure, spanish_procedure
):
    page = html(client, SPANISH_URL)
    assert text(page, ".site-footer__disclaimer").startswith(SPANISH_DEFAULT_DISCLAIMER)
    assert disclaimer(client, spanish_procedure).startswith(SPANISH_DEFAULT_DISCLAIMER)

    site_settings.medical_disclaimer = "Not medical advice: ask your doctor."
    site_settings.save()
    page = html(client, SPANISH_URL)
    assert text(page, ".site-footer__disclaimer") == "Not medical advice: ask your doctor."
    assert disclaimer(client, spanish_procedure) == "Not medical advice: ask your doctor."
    # The tagline is still the shipped one: translated.
    assert text(page, ".tagline__heading") == "¡Usted merece una mejor atención médica!"


def test_text_follows_the_configured_languages(settings, site_settings):
    """A third language is configuration: its rows are offered and read, no code."""
    field = SiteSettingsTranslation._meta.get_field("language")
    assert dict(field.choices) == {"es": "Español"}  # never the default language
    settings.LANGUAGES = [*settings.LANGUAGES, ("fr", "Français")]
    assert dict(field.choices) == {"es": "Español", "fr": "Français"}
    SiteSettingsTranslation.objects.create(
        settings=site_settings, language="fr", tagline="Vous méritez mieux !"
    )
    site_settings = SiteSettings.for_site(site_settings.site)
    assert site_settings.text("tagline", "fr") == "Vous méritez mieux !"
    assert site_settings.text("tagline", "es") == "¡Usted merece una mejor atención médica!"
    assert site_settings.text("tagline", "en") == "You deserve better healthcare!"
    with pytest.raises(ValueError):
        site_settings.text("logo")


def settings_url(site):
    return reverse("wagtailsettings:edit", args=("home", "sitesettings", site.pk))


def test_the_admin_settings_form_saves_a_spanish_row(admin_client, site_settings):
    url = settings_url(site_settings.site)
    response = admin_client.get(url)
    assert response.status_code == 200
    data = querydict_from_html(response.content.decode(), form_id="w-editor-form")
    data.update(
        {
            "translations-TOTAL_FORMS": "1",
            "translations-0-id": "",
            "translations-0-DELETE": "",
            "translations-0-language": "es",
            "translations-0-medical_disclaimer": SPANISH_DISCLAIMER,
            "translations-0-tagline": "¡Merece algo mejor!",
            "translations-0-footer_text": rich_text("<p>Pie en <b>español</b>.</p>"),
        }
    )
    response = admin_client.post(url, data)
    assert response.status_code == 302, response.context["form"].errors
    row = SiteSettingsTranslation.objects.get(settings=site_settings)
    assert (row.language, row.medical_disclaimer, row.tagline) == (
        "es",
        SPANISH_DISCLAIMER,
        "¡Merece algo mejor!",
    )
    assert "Pie en <b>español</b>." in row.footer_text  # Draftail's HTML, block keys and all
    # The form opens again with the row; a second row for Spanish is refused.
    response = admin_client.get(url)
    assert SPANISH_DISCLAIMER in response.content.decode()
    data = querydict_from_html(response.content.decode(), form_id="w-editor-form")
    data.update(
        {
            "translations-TOTAL_FORMS": "2",
            "translations-1-id": "",
            "translations-1-DELETE": "",
            "translations-1-language": "es",
            "translations-1-tagline": "Otro lema",
        }
    )
    assert admin_client.post(url, data).status_code == 200  # the form, with its error
    assert SiteSettingsTranslation.objects.count() == 1


def test_the_settings_form_is_spanish_for_a_spanish_speaking_editor(admin_client, admin_user, home):
    from wagtail.users.models import UserProfile

    profile = UserProfile.get_for_user(admin_user)
    profile.preferred_language = "es"
    profile.save()
    page = admin_client.get(settings_url(Site.objects.get())).content.decode()
    assert "Otros idiomas" in page
    assert "aviso médico" in page.lower()


def count_queries(client, url):
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return [q["sql"] for q in captured.captured_queries]


def test_a_spanish_page_costs_what_the_english_page_costs(
    client, site_settings, procedure, spanish_procedure
):
    """The rows come with the settings (a prefetch): a Spanish page reads no more than
    the English one, with or without rows, however many texts it shows."""
    client.get(ENGLISH_URL)
    client.get(SPANISH_URL)  # warm the per-process caches (site root paths)
    english = len(count_queries(client, ENGLISH_URL))
    without_rows = len(count_queries(client, SPANISH_URL))
    spanish_row(
        site_settings,
        site_name="Mejor Salud",
        tagline="¡Merece algo mejor!",
        tagline_text="Texto",
        footer_text="<p>Pie</p>",
        medical_disclaimer=SPANISH_DISCLAIMER,
        funding_statement="Financiado.",
        conflict_of_interest_statement="Sin conflictos.",
    )
    with_rows = count_queries(client, SPANISH_URL)
    assert len(with_rows) == without_rows == english
    assert sum('FROM "home_sitesettingstranslation"' in sql for sql in with_rows) == 1


def test_the_rows_are_remembered_with_the_settings_and_a_new_row_shows_at_once(
    client, settings, site_settings, procedure, spanish_procedure
):
    settings.HTTP_CACHE_REMEMBER_SITE = True
    content_changed()
    tables = ('FROM "home_sitesettings"', 'FROM "home_sitesettingstranslation"')
    for url in (SPANISH_URL, f"/api/v2/pages/{spanish_procedure.pk}/"):
        client.get(url)
        warm = count_queries(client, url)
        assert not any(table in sql for sql in warm for table in tables), url
    row = spanish_row(site_settings, medical_disclaimer=SPANISH_DISCLAIMER)  # moves the version
    assert text(html(client, SPANISH_URL), ".site-footer__disclaimer") == SPANISH_DISCLAIMER
    assert disclaimer(client, spanish_procedure) == SPANISH_DISCLAIMER
    row.delete()
    assert text(html(client, SPANISH_URL), ".site-footer__disclaimer").startswith(
        SPANISH_DEFAULT_DISCLAIMER
    )
