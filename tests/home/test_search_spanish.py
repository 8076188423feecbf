"""The Spanish search page, /es/search/?q=: Spanish pages only, whatever the accents and
case of the query, with Spanish stems; doctors as in English; and English search kept
to English pages."""

import pytest

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from wagtail.models import Locale
from wagtail.search.models import IndexEntry

from home.locales import translate_home
from procedures.factories import ArticlePageFactory, ProcedurePageFactory
from providers.factories import ProviderFactory, SpecialtyFactory

pytestmark = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="the Spanish configuration is PostgreSQL's"
)

ENGLISH_URL = reverse("search")
with translation.override("es"):
    SPANISH_URL = reverse("search")


def get(client, url, **params):
    response = client.get(url, params)
    assert response.status_code == 200
    return response


def titles(response, kind="procedures"):
    group = response.context["results"].groups.get(kind)
    return [page.title for page in group.items] if group else []


def publish_translation(page, locale, **fields):
    """`page` copied into `locale` as a translator would, given its translated fields,
    and published."""
    translated = page.copy_for_translation(locale)
    for name, value in fields.items():
        setattr(translated, name, value)
    translated.save_revision().publish()
    return translated.specific


@pytest.fixture
def spanish(home):
    return Locale.objects.get(language_code="es")


@pytest.fixture
def spanish_index(home, procedure_index, spanish):
    translate_home(home, "es", title="Inicio")
    return publish_translation(
        procedure_index, spanish, title="Procedimientos", slug="procedimientos"
    )


@pytest.fixture
def pages(procedure_index, spanish_index, spanish):
    """Vertebroplasty translated into Spanish, and a Spanish page of its own. Both
    languages' summaries name the cement ("PMMA"), a word stemmed alike in both."""
    english = ProcedurePageFactory(
        parent=procedure_index,
        title="Vertebroplasty",
        summary="Bone cement (PMMA) injected into a broken vertebra.",
    )
    vertebroplastia = publish_translation(
        english,
        spanish,
        title="Vertebroplastia",
        slug="vertebroplastia",
        summary="Se inyecta cemento óseo (PMMA) en una vértebra fracturada.",
    )
    cataratas = ProcedurePageFactory(
        parent=spanish_index,
        title="Cirugía de cataratas",
        slug="cirugia-de-cataratas",
        summary="Se cambia el cristalino nublado por una lente artificial.",
    )
    return {"english": english, "vertebroplastia": vertebroplastia, "cataratas": cataratas}


@pytest.mark.parametrize(
    "query", ["vertebroplastía", "VERTEBROPLASTIA", "Vertebroplastia", "vértebroplastia"]
)
def test_the_spanish_page_is_found_whatever_the_accents_and_case(client, pages, query):
    assert titles(get(client, SPANISH_URL, q=query)) == ["Vertebroplastia"]


@pytest.mark.parametrize(
    "query", ["cirugia de cataratas", "CIRUGÍA DE CATARATAS", "cirugías de catarata", "cataratas"]
)
def test_words_are_matched_by_their_spanish_stems(client, pages, query):
    """ "de" is a Spanish stop word; plurals and singulars share a stem."""
    assert titles(get(client, SPANISH_URL, q=query)) == ["Cirugía de cataratas"]


def test_a_title_typed_without_its_accents_comes_first(client, pages, spanish_index):
    """Its exact name, as a reader without a Spanish keyboard types it, before a page
    that repeats its words more often."""
    many = " ".join(["Cirugía de cataratas."] * 10)
    ProcedurePageFactory(
        parent=spanish_index,
        title="Cirugía de cataratas con láser",
        slug="cirugia-de-cataratas-con-laser",
        summary=f"Cirugía de cataratas con láser. {many}",
    )
    found = titles(get(client, SPANISH_URL, q="CIRUGIA DE CATARATAS"))
    assert found == ["Cirugía de cataratas", "Cirugía de cataratas con láser"]


def test_each_language_finds_only_its_own_pages(client, pages):
    assert titles(get(client, SPANISH_URL, q="PMMA")) == ["Vertebroplastia"]
    assert titles(get(client, ENGLISH_URL, q="PMMA")) == ["Vertebroplasty"]
    assert titles(get(client, ENGLISH_URL, q="cirugia de cataratas")) == []
    assert titles(get(client, ENGLISH_URL, q="vertebroplasty")) == ["Vertebroplasty"]


def test_each_page_is_indexed_in_its_own_language(pages):
    """Each page's row of the search index is written with its language's stems (and
    accents folded in Spanish), whichever page was published last."""

    def vectors(page):
        entry = IndexEntry.objects.get(content_type_id=page.content_type_id, object_id=str(page.pk))
        return str(entry.title) + str(entry.body)

    assert "'cirugi'" in vectors(pages["cataratas"])
    assert "'vertebr'" in vectors(pages["vertebroplastia"])
    assert "vértebra" not in vectors(pages["vertebroplastia"])
    # English's stemmer keeps "vertebra" whole.
    assert "'vertebra'" in vectors(pages["english"])
    pages["english"].save_revision().publish()
    assert "'vertebr'" in vectors(pages["vertebroplastia"])
    assert "'vertebra'" in vectors(pages["english"])


def test_spanish_articles_are_searched_too(client, home, article_index, spanish):
    translate_home(home, "es")
    index = publish_translation(article_index, spanish, title="Artículos", slug="articulos")
    ArticlePageFactory(parent=index, title="Cómo prepararse para la anestesia")
    ArticlePageFactory(parent=article_index, title="Preparing for anaesthesia")
    response = get(client, SPANISH_URL, q="ANESTESIA como prepararse")
    assert titles(response, "articles") == ["Cómo prepararse para la anestesia"]


def test_doctors_are_found_from_the_spanish_page_accents_aside(client, pages):
    def doctors(query):
        group = get(client, SPANISH_URL, q=query).context["results"].groups["doctors"]
        return {provider.npi for provider in group.items}

    doctor = ProviderFactory(first_name="Lucia", last_name="Mockington", city="El Paso")
    nppes = ProviderFactory(first_name="JOSE", last_name="NUNEZ")
    editor = ProviderFactory(first_name="José", last_name="Núñez")
    assert doctors("mockington") == {doctor.npi}
    assert doctors("nunez") == doctors("Núñez") == {nppes.npi, editor.npi}
    assert doctors("josé núñez") == {nppes.npi, editor.npi}


def test_a_specialty_is_found_by_its_spanish_name_accents_aside(client, pages):
    gastro = SpecialtyFactory(
        code="207RG0100X",
        classification="Internal Medicine",
        specialization="Gastroenterology",
        display_name="Gastroenterology Physician",
    )
    doctor = ProviderFactory(last_name="Quill", primary_specialty=gastro)
    ProviderFactory(last_name="Quill")

    def doctors(url, query):
        group = get(client, url, q=query).context["results"].groups.get("doctors")
        return ([p.npi for p in group.items], group.specialty_matched) if group else ([], False)

    for query in ("gastroenterólogo", "GASTROENTEROLOGO", "gastroenterology"):
        assert doctors(SPANISH_URL, query) == ([doctor.npi], True), query
    # English pages match the English names only.
    assert doctors(ENGLISH_URL, "gastroenterologo") == ([], False)
    assert doctors(ENGLISH_URL, "gastroenterology") == ([doctor.npi], True)


def test_no_results_in_spanish_suggest_spanish_procedures(client, pages):
    body = get(client, SPANISH_URL, q="qwxzv").content.decode()
    assert "Vertebroplastia" in body
    assert "Cirugía de cataratas" in body
    assert "Vertebroplasty" not in body
    assert "Vertebroplasty" in get(client, ENGLISH_URL, q="qwxzv").content.decode()


def test_the_spanish_page_runs_the_same_queries_however_much_it_finds(
    client, spanish_index, django_assert_max_num_queries
):
    ProcedurePageFactory(parent=spanish_index, title="Biopsia única", slug="biopsia-unica")
    ProviderFactory(first_name="Biopsia", last_name="Lopez")
    with CaptureQueriesContext(connection) as captured:
        assert titles(get(client, SPANISH_URL, q="biopsia")) == ["Biopsia única"]
    for n in range(12):
        ProcedurePageFactory(parent=spanish_index, title=f"Biopsia {n}", slug=f"biopsia-{n}")
        ProviderFactory(first_name=f"Biopsia{n}", last_name="Lopez")
    with django_assert_max_num_queries(len(captured)):
        assert len(titles(get(client, SPANISH_URL, q="biopsia"))) == 5


@pytest.mark.parametrize("query", ["vertebroplastía", "VERTEBROPLASTIA"])
def test_the_api_searches_a_locale_in_its_language(client, pages, query):
    """`/api/v2/pages/?locale=es&search=` as the Spanish search page does."""

    def api_titles(**params):
        response = client.get("/api/v2/pages/", {"type": "procedures.ProcedurePage", **params})
        assert response.status_code == 200, response.content
        return [item["title"] for item in response.json()["items"]]

    assert api_titles(locale="es", search=query) == ["Vertebroplastia"]
    assert api_titles(locale="es", search="cirugias de catarata") == ["Cirugía de cataratas"]
    assert api_titles(locale="en", search="PMMA") == ["Vertebroplasty"]
    assert api_titles(locale="es", search="PMMA", search_operator="or") == ["Vertebroplastia"]
