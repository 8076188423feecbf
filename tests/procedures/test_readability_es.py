"""Reading measures by language: Spanish pages on the INFLESZ scale (Szigriszt-Pazos),
English pages on their grade, offline, in the editor panel and the preview mode."""

from types import SimpleNamespace

import pytest
from bs4 import BeautifulSoup
from textstat.backend import metrics
from wagtail_localize.models import Translation
from wagtail_localize.operations import translate_object

from django.urls import reverse

from wagtail.models import Locale

from home.locales import translate_home
from procedures import readability
from procedures.models import ProcedurePage
from procedures.readability import (
    FLESCH_KINCAID,
    INFLESZ,
    ReadingMeasure,
    grade_text,
    measure_for,
    page_reading_grades,
)

from .readability_texts import PLAIN
from .test_readability import FakePage, procedure_stream, section
from .test_reading_grade_admin import procedure

# Short sentences and everyday words, as the demo's Spanish pages are written (usted).
PLAIN_ES = (
    "La vertebroplastia trata una vértebra rota. El médico pone cemento en el hueso. "
    "Usted está acostado boca abajo. La piel se duerme con un poco de anestesia. "
    "El cemento se seca en pocos minutos. Casi todas las personas vuelven a casa el mismo "
    "día. El dolor suele bajar pronto."
)
# One long sentence of long clinical words.
DENSE_ES = (
    "La consolidación radiológicamente insuficiente de fracturas vertebrales osteoporóticas "
    "sintomáticas, particularmente cuando coexisten comorbilidades cardiopulmonares "
    "significativas y limitaciones funcionales progresivamente incapacitantes, justifica "
    "habitualmente la consideración interdisciplinaria de procedimientos percutáneos "
    "mínimamente invasivos, cuya indicación requiere documentación imagenológica "
    "complementaria mediante resonancia magnética con secuencias específicamente sensibles "
    "al edema medular óseo."
)


def with_locale(page, language_code):
    """Give a stub page a loaded locale, as a page fetched with its locale has."""
    locale = SimpleNamespace(language_code=language_code)
    page.locale_id = 2
    page._state = SimpleNamespace(fields_cache={"locale": locale})
    page.locale = locale
    return page


def spanish_page(**values):
    return with_locale(FakePage(ProcedurePage, **values), "es")


def test_the_measure_is_chosen_by_language_code():
    assert measure_for("en") is FLESCH_KINCAID
    assert measure_for("es") is INFLESZ
    assert measure_for("es-MX") is INFLESZ  # a regional variant reads as its language
    assert measure_for("fr") is None


def test_a_third_language_is_one_registry_entry(monkeypatch):
    gulpease = ReadingMeasure(
        name="Gulpease",
        textstat_lang="it",
        formula=lambda text, _lang: metrics.gulpease_index(text),
        lower_is_easier=False,
        default_target=60,
        target_setting="EDITORIAL_READING_GULPEASE_TARGET",
    )
    monkeypatch.setitem(readability.READING_MEASURES, "it", gulpease)
    page = with_locale(
        FakePage(
            ProcedurePage,
            sections=procedure_stream(section("overview", "Panoramica", f"<p>{PLAIN}</p>")),
        ),
        "it",
    )
    assert page_reading_grades(page).measure is gulpease


def test_spanish_text_is_scored_on_the_inflesz_scale(no_network):
    plain = grade_text(PLAIN_ES, measure=INFLESZ)
    dense = grade_text(DENSE_ES, measure=INFLESZ)
    # Szigriszt-Pazos with Spanish syllables (pyphen's Spanish dictionary, offline).
    assert plain.grade == round(metrics.szigriszt_pazos(PLAIN_ES, "es"), 1)
    assert plain.grade >= 80 and plain.band == "muy fácil" and not plain.misses_target
    assert dense.grade < 40 and dense.band == "muy difícil" and dense.misses_target
    assert plain.target == 55
    assert INFLESZ.describe_target(55) == "55 (normal) or higher"
    bands = [INFLESZ.band(score) for score in (10, 40, 54.9, 55, 64.9, 65, 80, 100)]
    assert bands == [
        "muy difícil",
        "algo difícil",
        "algo difícil",
        "normal",
        "normal",
        "bastante fácil",
        "muy fácil",
        "muy fácil",
    ]


def test_the_inflesz_target_is_a_setting(settings):
    settings.EDITORIAL_READING_INFLESZ_TARGET = 65
    assert grade_text(PLAIN_ES, measure=INFLESZ).target == 65


def test_a_spanish_page_report_is_inflesz_per_section_and_overall(no_network):
    page = spanish_page(
        sections=procedure_stream(
            section("overview", "Descripción general", f"<p>{PLAIN_ES}</p>"),
            section("risks", "Riesgos", f"<p>{DENSE_ES}</p>"),
        )
    )
    report = page_reading_grades(page)
    assert report.measure is INFLESZ and report.target == 55
    overview, risks = report.sections
    assert report.missing_target == [risks]
    assert not overview.misses_target
    assert report.overall.grade == grade_text(f"{PLAIN_ES} {DENSE_ES}", measure=INFLESZ).grade
    # An English page (no locale on the stub: the default language) keeps its grade.
    english = FakePage(
        ProcedurePage,
        sections=procedure_stream(section("overview", "Overview", f"<p>{PLAIN}</p>")),
    )
    assert page_reading_grades(english).measure is FLESCH_KINCAID


def reading_report(response):
    assert response.status_code == 200
    report = BeautifulSoup(response.content, "html.parser").select_one("[data-reading-grade]")
    assert report is not None
    return report


@pytest.mark.django_db
def test_the_editor_panel_of_a_spanish_page_reads_inflesz(admin_client, home, procedure_index):
    es = Locale.objects.get(language_code="es")
    translate_home(home, "es")
    english = procedure(procedure_index, overview=PLAIN)
    page = english.copy_for_translation(es, copy_parents=True)
    page.sections = procedure_stream(
        section("overview", "Descripción general", f"<p>{PLAIN_ES}</p>"),
        section("risks", "Riesgos", f"<p>{DENSE_ES}</p>"),
    )
    page.save_revision()

    report = reading_report(admin_client.get(reverse("wagtailadmin_pages:edit", args=[page.pk])))
    text = " ".join(report.get_text(" ", strip=True).split())
    assert report["data-reading-measure"] == "es"
    assert "Target: 55 (normal) or higher for patient content" in text
    assert "INFLESZ" in text
    assert "Below the target: Riesgos" in text
    assert "muy fácil" in text

    english_report = reading_report(
        admin_client.get(reverse("wagtailadmin_pages:edit", args=[english.pk]))
    )
    assert "Target: grade 8 or lower" in english_report.get_text(" ", strip=True)


@pytest.mark.django_db
def test_the_translation_editor_preview_reads_inflesz(admin_client, home, procedure_index):
    """wagtail-localize's translation editor offers the page's preview modes: the
    *Reading grade* mode grades the translation as it stands, in Spanish."""
    es = Locale.objects.get(language_code="es")
    translate_home(home, "es")
    english = procedure(procedure_index, overview=PLAIN)
    translate_object(english, [es])
    translation = Translation.objects.get(target_locale=es)
    url = reverse("wagtail_localize:preview_translation", args=[translation.pk, "reading-grade"])
    report = reading_report(admin_client.get(url))
    assert report["data-reading-measure"] == "es"
    assert "INFLESZ" in report.get_text(" ", strip=True)


@pytest.mark.django_db
def test_the_translation_editor_says_the_reading_level(admin_client, home, procedure_index):
    """The translation editor replaces the page editor and its panels: it says the
    translation's reading level in a message instead."""
    es = Locale.objects.get(language_code="es")
    translate_home(home, "es")
    english = procedure(procedure_index, overview=PLAIN)
    translate_object(english, [es])
    page = english.get_translation(es)
    response = admin_client.get(reverse("wagtailadmin_pages:edit", args=[page.pk]))
    assert "js-translation-editor" in response.text
    text = " ".join(BeautifulSoup(response.content, "html.parser").get_text(" ").split())
    assert "Reading level (Szigriszt-Pazos perspicuity on the INFLESZ scale)" in text
    assert "target 55 (normal) or higher" in text
