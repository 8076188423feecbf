"""The directory under /es/ and with `?locale=es`: Spanish labels from the same rows.

The Spanish procedure page is a translation of the English one; providers, their
links and the per-state counts exist once, filed under the English page.
"""

import pytest
from bs4 import BeautifulSoup

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from wagtail.models import Locale

from home.locales import translate_home
from providers.choices import LinkBasis
from providers.counts import refresh_counts
from providers.factories import (
    LanguageFactory,
    ProviderFactory,
    ProviderProcedureFactory,
    SpecialtyFactory,
)
from providers.linking import sync_all_specialty_links, sync_specialty_links
from providers.models import ProcedureSpecialty, ProcedureStateCount, ProviderProcedure
from providers.purge import ProviderSnapshot, provider_urls

ENGLISH_STATE = "/procedures/vertebroplasty/doctors/new-mexico/"
SPANISH_STATE = "/es/procedimientos/vertebroplastia/medicos/new-mexico/"
API = "/api/v2/providers/"


def soup(response):
    assert response.status_code == 200, response.status_code
    return BeautifulSoup(response.content, "html.parser")


def queries(client, url):
    client.get(url)  # warm: caches the site root paths, as a running site has them
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    return [query["sql"] for query in captured.captured_queries]


@pytest.fixture
def spanish_vertebroplasty(home, procedure_index, vertebroplasty):
    """The Spanish tree: home, /es/procedimientos/ and /es/procedimientos/vertebroplastia/."""
    translate_home(home, "es")
    locale = Locale.objects.get(language_code="es")
    index = procedure_index.copy_for_translation(locale)
    index.title, index.slug = "Procedimientos", "procedimientos"
    index.save_revision().publish()
    page = vertebroplasty.copy_for_translation(locale)
    page.title, page.slug = "Vertebroplastia", "vertebroplastia"
    page.save_revision().publish()
    return page.specific


@pytest.fixture
def new_mexico(vertebroplasty, radiology):
    """Providers in New Mexico, one with an untranslated specialty and a language."""
    untranslated = SpecialtyFactory(
        code="207ZZ0000X", classification="Aerospace Medicine", display_name="Aerospace Medicine"
    )
    chinese = LanguageFactory(code="zh", name="Chinese")
    # After the Spanish page was made (when a test has it): it keeps none of its own.
    ProcedureSpecialty.objects.create(page=vertebroplasty, specialty=radiology)
    first = ProviderFactory(
        last_name="Alvarez",
        state="NM",
        city="SANTA FE",
        primary_specialty=radiology,
        languages=[chinese],
    )
    ProviderProcedureFactory(
        procedure=vertebroplasty,
        provider=first,
        basis=LinkBasis.VOLUME,
        annual_volume=1234,
        volume_year=2023,
        volume_source="Medicare",
    )
    second = ProviderFactory(last_name="Baca", state="NM", primary_specialty=untranslated)
    ProviderProcedureFactory(procedure=vertebroplasty, provider=second, basis=LinkBasis.SPECIALTY)
    return first, second


@pytest.mark.django_db
def test_spanish_state_page_reads_the_english_pages_links_without_copies(
    client, spanish_vertebroplasty, new_mexico, vertebroplasty
):
    html = soup(client.get(SPANISH_STATE))
    names = [a.get_text(strip=True) for a in html.select(".provider-card__name a")]
    assert [name.split()[1].rstrip(",") for name in names] == ["Alvarez", "Baca"]
    # Nothing was copied for the Spanish page: links and counts stay the English page's.
    assert not ProviderProcedure.objects.filter(procedure=spanish_vertebroplasty).exists()
    assert not ProcedureStateCount.objects.filter(procedure=spanish_vertebroplasty).exists()


@pytest.mark.django_db
def test_spanish_state_page_labels_are_spanish(client, spanish_vertebroplasty, new_mexico):
    html = soup(client.get(SPANISH_STATE))
    assert html.html["lang"] == "es"
    assert "Nuevo México" in html.title.get_text()
    assert "Primero aparecen los médicos" in html.select_one(".ranking-explanation").text
    # The filters' labels and the order's choices.
    assert html.find("label", attrs={"for": "id_specialty"}).get_text() == "Especialidad"
    assert html.find("label", attrs={"for": "id_order"}).get_text() == "Ordenar por"
    orders = [option.get_text() for option in html.select("#id_order option")]
    assert orders == ["Nuestra clasificación", "Apellido", "Más años de práctica"]
    # The specialty filter offers the English page's performing specialties.
    specialties = [option.get_text() for option in html.select("#id_specialty option")]
    assert "Médico radiólogo vascular e intervencionista" in specialties
    # The language filter's options come from CLDR.
    assert "chino" in [option.get_text() for option in html.select("#id_language option")]
    cards = html.select(".provider-card")
    assert "Los registros de seguros muestran" in cards[0].select_one(".provider-card__why").text
    assert cards[0].select_one(".provider-card__basis").get_text(strip=True) == (
        "≈1,234 al año, Medicare 2023"
    )
    assert "Médico radiólogo vascular e intervencionista" in cards[0].text
    assert "chino" in cards[0].text


@pytest.mark.django_db
def test_an_untranslated_specialty_is_english_marked_lang_en(
    client, spanish_vertebroplasty, new_mexico
):
    html = soup(client.get(SPANISH_STATE))
    marked = html.select('.provider-card span[lang="en"]')
    assert [span.get_text() for span in marked] == ["Aerospace Medicine"]
    # On the English page nothing needs marking.
    english = soup(client.get(ENGLISH_STATE))
    assert english.select('.provider-card span[lang="en"]') == []
    assert "Aerospace Medicine" in english.select(".provider-card")[1].text


@pytest.mark.django_db
def test_counts_are_written_the_spanish_way_on_spanish_pages(
    client, spanish_vertebroplasty, vertebroplasty
):
    # The per-state summary is what state pages and the map count from.
    ProcedureStateCount.objects.update_or_create(
        procedure=vertebroplasty, state="NM", defaults={"providers": 1234}
    )
    ProviderProcedureFactory(procedure=vertebroplasty, provider=ProviderFactory(state="NM"))
    ProcedureStateCount.objects.filter(procedure=vertebroplasty, state="NM").update(providers=1234)
    spanish = soup(client.get(SPANISH_STATE)).select_one(".result-count").get_text()
    english = soup(client.get(ENGLISH_STATE)).select_one(".result-count").get_text()
    assert "1,234" in spanish  # the site's country's Spanish (CLDR es-US)
    assert "1,234" in english
    overview = soup(client.get("/es/procedimientos/vertebroplastia/medicos/"))
    row = [tr for tr in overview.select(".us-map__table tr") if "Nuevo México" in tr.get_text()][0]
    assert row.td.get_text() == "1,234"


@pytest.mark.django_db
def test_spanish_state_page_costs_the_same_queries_as_english(
    client, spanish_vertebroplasty, new_mexico
):
    """A Spanish page costs the same queries as the English one: the directory reads the
    same rows, and routing finds each language's site root alike (core.page_serve)."""
    english_page = len(queries(client, "/procedures/vertebroplasty/"))
    spanish_page = len(queries(client, "/es/procedimientos/vertebroplastia/"))
    assert spanish_page == english_page
    assert len(queries(client, SPANISH_STATE)) == len(queries(client, ENGLISH_STATE))


@pytest.mark.django_db
def test_spanish_profile_has_spanish_labels_and_the_same_queries(
    client, spanish_vertebroplasty, new_mexico
):
    provider = new_mexico[0]
    english_url = provider.get_absolute_url()
    with translation.override("es"):
        spanish_url = provider.get_absolute_url()
    assert spanish_url == english_url.replace("/doctors/", "/es/medicos/")
    html = soup(client.get(spanish_url))
    assert html.html["lang"] == "es"
    specialties = html.select_one(".provider-profile__specialties").get_text()
    assert specialties == "Médico radiólogo vascular e intervencionista"
    assert "chino" in html.text
    # The procedure it performs, and the trail back to its state list, in Spanish.
    procedures = html.select_one("#procedures-heading").find_parent("section")
    assert [(a["href"], a.get_text()) for a in procedures.select("a")] == [
        ("/es/procedimientos/vertebroplastia/", "Vertebroplastia")
    ]
    crumbs = [(a["href"], a.get_text(strip=True)) for a in html.select(".breadcrumb a")]
    assert ("/es/procedimientos/", "Procedimientos") in crumbs
    assert (
        "/es/procedimientos/vertebroplastia/medicos/new-mexico/",
        "Nuevo México",
    ) in crumbs
    assert len(queries(client, spanish_url)) == len(queries(client, english_url))


@pytest.mark.django_db
def test_api_labels_are_spanish_with_locale_es_and_codes_unchanged(
    client, vertebroplasty, new_mexico
):
    url = f"{API}?procedure=vertebroplasty&state=NM&fields=specialties,languages,practice_location"
    english = client.get(url).json()
    spanish_response = client.get(f"{url}&locale=es")
    assert spanish_response["Content-Language"] == "es"
    spanish = spanish_response.json()

    def codes(answer):
        return [
            (
                item["npi"],
                [s["code"] for s in item["specialties"]],
                [language["code"] for language in item["languages"]],
                item["practice_location"]["state"],
                item["procedure_basis"]["basis"],
            )
            for item in answer["items"]
        ]

    assert codes(spanish) == codes(english)
    first = spanish["items"][0]
    assert first["practice_location"]["state_name"] == "Nuevo México"
    assert first["specialties"][0]["name"] == "Médico radiólogo vascular e intervencionista"
    assert first["languages"] == [{"code": "zh", "name": "chino"}]
    assert first["procedure_basis"]["basis_text"] == "≈1,234 al año, Medicare 2023"
    assert spanish["meta"]["ranking"]["order"] == "default"
    assert spanish["meta"]["ranking"]["explanation"].startswith("Primero aparecen")
    assert english["items"][0]["practice_location"]["state_name"] == "New Mexico"
    # An untranslated specialty: English text in the Spanish answer.
    assert spanish["items"][1]["specialties"][0]["name"] == "Aerospace Medicine"


@pytest.mark.django_db
def test_api_in_spanish_costs_the_same_queries_as_english(client, vertebroplasty, new_mexico):
    url = f"{API}?procedure=vertebroplasty&state=NM&fields=specialties,languages,procedures"
    assert len(queries(client, f"{url}&locale=es")) == len(queries(client, url))
    detail = f"{API}{new_mexico[0].pk}/"
    assert len(queries(client, f"{detail}?locale=es")) == len(queries(client, detail))


@pytest.mark.django_db
def test_api_states_are_named_in_spanish_in_the_same_order(client, vertebroplasty, new_mexico):
    url = f"{API}states/?procedure=vertebroplasty"
    english = client.get(url).json()
    spanish = client.get(f"{url}&locale=es").json()
    assert [s["state"] for s in spanish["states"]] == [s["state"] for s in english["states"]]
    assert [s["count"] for s in spanish["states"]] == [s["count"] for s in english["states"]]
    names = {s["state"]: s["name"] for s in spanish["states"]}
    assert names["NC"] == "Carolina del Norte"
    assert names["HI"] == "Hawái"
    assert {s["state"]: s["name"] for s in english["states"]}["NC"] == "North Carolina"


@pytest.mark.django_db
def test_an_unknown_locale_is_a_400_naming_it(client, vertebroplasty):
    for url in (f"{API}?locale=xx", f"{API}states/?procedure=vertebroplasty&locale=xx"):
        response = client.get(url)
        assert response.status_code == 400
        assert response.json()["message"].startswith("locale:")


@pytest.mark.django_db
def test_a_translated_page_gets_no_specialty_links_of_its_own(
    client, home, procedure_index, vertebroplasty, radiology
):
    """The Spanish page copies the performing specialties with the rest of the page;
    the providers they select stay linked to the English page alone."""
    ProcedureSpecialty.objects.create(page=vertebroplasty, specialty=radiology)
    provider = ProviderFactory(state="NM", primary_specialty=radiology)
    sync_specialty_links(vertebroplasty)
    refresh_counts([vertebroplasty.pk])
    english_links = list(ProviderProcedure.objects.values_list("provider_id", "procedure_id"))
    assert english_links == [(provider.pk, vertebroplasty.pk)]

    translate_home(home, "es")
    locale = Locale.objects.get(language_code="es")
    index = procedure_index.copy_for_translation(locale)
    index.slug = "procedimientos"
    index.save_revision().publish()
    spanish = vertebroplasty.copy_for_translation(locale)
    spanish.slug = "vertebroplastia"
    spanish.save()
    # Even a translation that carries performing specialties (an editor added them, or
    # an older copy kept them) derives no links of its own.
    ProcedureSpecialty.objects.get_or_create(page=spanish, specialty=radiology)
    spanish.save_revision().publish()  # publishing re-derives the page's links
    sync_all_specialty_links()
    assert list(ProviderProcedure.objects.values_list("provider_id", "procedure_id")) == (
        english_links
    )
    html = soup(client.get("/es/procedimientos/vertebroplastia/medicos/new-mexico/"))
    assert len(html.select(".provider-card")) == 1


@pytest.mark.django_db
def test_a_provider_change_purges_the_spanish_pages_that_show_it(
    spanish_vertebroplasty, new_mexico
):
    provider = new_mexico[0]
    urls = provider_urls(provider.pk, ProviderSnapshot(provider.pk))
    root = "http://testserver"
    assert {
        f"{root}/procedures/vertebroplasty/doctors/new-mexico/",
        f"{root}/es/procedimientos/vertebroplastia/medicos/new-mexico/",
        f"{root}/es/procedimientos/vertebroplastia/medicos/",
        f"{root}/es/procedimientos/vertebroplastia/",
        f"{root}/es/medicos/{provider.npi}-{provider.slug}/",
    } <= urls
    assert f"{root}/es/procedimientos/vertebroplastia/doctors/new-mexico/" not in urls
