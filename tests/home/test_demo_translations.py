"""`load_demo_content` builds the Spanish edition from procedures/demo_content/es/:
each page a translation of its English page, created once."""

import io
import shutil

import pytest
from wagtail_localize.models import Translation

from django.core.management import CommandError, call_command

from wagtail.models import Locale, Page

from procedures import demo_translations
from procedures.blocks import SECTION_TYPES
from procedures.demo_files import DEMO_CONTENT_DIR, read_demo_content, read_demo_translations
from procedures.models import ArticlePage, ProcedureIndexPage, ProcedurePage
from providers.models import ProviderProcedure


def load():
    out = io.StringIO()
    call_command("load_demo_content", stdout=out)
    return out.getvalue()


def spanish_files():
    return read_demo_translations("es", read_demo_content(SECTION_TYPES), SECTION_TYPES)


@pytest.fixture
def spanish():
    return Locale.objects.get(language_code="es")


@pytest.mark.django_db
def test_every_spanish_file_names_an_english_demo_page_that_exists():
    load()
    files = spanish_files()
    english = Locale.objects.get(language_code="en")
    for model, pages in ((ProcedurePage, files.procedures), (ArticlePage, files.articles)):
        for data in pages:
            assert model.objects.filter(locale=english, slug=data["translation_of"]).exists()


@pytest.mark.django_db
def test_loading_twice_creates_each_spanish_page_once(spanish):
    load()
    files = spanish_files()
    counts = {
        model: model.objects.filter(locale=spanish).count()
        for model in (ProcedurePage, ArticlePage, ProcedureIndexPage)
    }
    pages = Page.objects.count()
    second = load()
    assert counts == {
        ProcedurePage: len(files.procedures),
        ArticlePage: len(files.articles),
        ProcedureIndexPage: 1,
    }
    assert {model: model.objects.filter(locale=spanish).count() for model in counts} == counts
    assert Page.objects.count() == pages
    assert "translated page" not in second


@pytest.mark.django_db
def test_the_spanish_vertebroplasty_page_is_the_english_pages_translation(client, spanish):
    load()
    english = ProcedurePage.objects.get(locale__language_code="en", slug="vertebroplasty")
    page = ProcedurePage.objects.get(locale=spanish, slug="vertebroplastia")
    assert page.live and not page.has_unpublished_changes
    assert page.translation_key == english.translation_key
    assert page.title == "Vertebroplastia"
    assert page.get_parent().slug == "procedimientos"
    # Same blocks as the English page, in Spanish: each keeps its English block's id.
    assert [(b.block_type, b.id) for b in page.sections] == [
        (b.block_type, b.id) for b in english.sections
    ]
    assert page.sections[0].value["heading"] == "Descripción general de la vertebroplastia"
    # What does not depend on the language is the English page's.
    assert page.reviewer == english.reviewer and page.last_reviewed == english.last_reviewed
    # The directory's and the costs' rows stay the English page's alone: no copy of the
    # specialties or codes, and so no second set of provider links, per language.
    assert english.specialty_links.exists() and english.billing_codes.exists()
    assert ProviderProcedure.objects.filter(procedure=english).exists()
    assert page.procedure_codes == ""
    assert not page.specialty_links.exists()
    assert not page.featured_provider_links.exists()
    assert not page.billing_codes.exists()
    assert not ProviderProcedure.objects.filter(procedure=page).exists()
    # Featured articles: the Spanish translations of the English page's, where they exist.
    assert [link.article.slug for link in page.featured_article_links.all()] == [
        "osteoporosis-y-fracturas-vertebrales-por-compresion"
    ]

    response = client.get("/es/procedimientos/vertebroplastia/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "Descripción general de la vertebroplastia" in html
    assert "cemento óseo de grado médico" in html
    assert "Overview of Vertebroplasty" not in html


@pytest.mark.django_db
def test_an_editors_change_to_a_spanish_page_survives_a_rerun(spanish):
    load()
    page = ProcedurePage.objects.get(locale=spanish, slug="colonoscopia")
    page.summary = "Editado por un redactor médico."
    page.save_revision().publish()
    load()
    assert ProcedurePage.objects.get(pk=page.pk).summary == "Editado por un redactor médico."


@pytest.mark.django_db
def test_each_spanish_page_is_a_wagtail_localize_translation_of_its_english_page(spanish):
    """So editors find it in the translation editor, translated, and see it flagged when
    the English page changes."""
    load()
    english = ProcedurePage.objects.get(locale__language_code="en", slug="vertebroplasty")
    translation = Translation.objects.get(
        source__object_id=english.translation_key, target_locale=spanish
    )
    assert translation.source.locale == english.locale
    untranslated = {
        entry.msgctxt.split(".")[0]
        for entry in translation.export_po()
        if not entry.obsolete and not entry.msgstr
    }
    # The codes stay on the English page alone (test above): nothing else is left over.
    assert untranslated <= {"procedure_codes"}
    entries = {entry.msgid: entry.msgstr for entry in translation.export_po()}
    assert entries["Vertebroplasty"] == "Vertebroplastia"
    assert entries["Overview of Vertebroplasty"] == "Descripción general de la vertebroplastia"
    translated = {
        page.translation_key
        for model in (ProcedurePage, ArticlePage, ProcedureIndexPage)
        for page in model.objects.filter(locale=spanish)
    }
    recorded = set(
        Translation.objects.filter(target_locale=spanish).values_list(
            "source__object_id", flat=True
        )
    )
    assert translated <= recorded


@pytest.mark.django_db
def test_a_broken_spanish_file_stops_the_load_with_its_name_before_any_page(tmp_path, monkeypatch):
    broken = tmp_path / "demo_content"
    shutil.copytree(DEMO_CONTENT_DIR, broken)
    path = broken / "es" / "procedures" / "cifoplastia.toml"
    path.write_text(
        path.read_text(encoding="utf-8").replace('"kyphoplasty"', '"kyfoplasty"'),
        encoding="utf-8",
    )
    monkeypatch.setattr(
        demo_translations,
        "read_demo_translations",
        lambda language, content, types: read_demo_translations(language, content, types, broken),
    )
    with pytest.raises(CommandError) as excinfo:
        load()
    assert str(excinfo.value).startswith(str(path))
    assert "'translation_of' names 'kyfoplasty'" in str(excinfo.value)
    assert not ProcedurePage.objects.exists()
    assert not ArticlePage.objects.exists()
