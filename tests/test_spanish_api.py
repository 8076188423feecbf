"""The Spanish edition in API v2: pages by language (`?locale=`) and by the page they
translate (`?translation_of=`), each page's language in its meta, and every bad value
of either a 400 naming it, as the OpenAPI document says."""

import pytest

from django.conf import settings

from cms.openapi.document import document
from procedures.factories import ProcedurePageFactory

from .translations import translate

pytestmark = pytest.mark.django_db

PAGES = "/api/v2/pages/"


@pytest.fixture
def untranslated(procedure_index):
    page = ProcedurePageFactory(parent=procedure_index, title="Kyphoplasty", slug="kyphoplasty")
    page.save_revision().publish()
    return page


def items(client, query):
    response = client.get(f"{PAGES}?{query}")
    assert response.status_code == 200, response.content
    return response.json()["items"]


def test_locale_lists_only_that_languages_pages(client, spanish_procedure, untranslated):
    spanish = items(client, "locale=es&type=procedures.ProcedurePage")
    assert [(item["title"], item["meta"]["locale"]) for item in spanish] == [
        ("Vertebroplastia", "es")
    ]
    assert spanish[0]["meta"]["html_url"].endswith("/es/procedimientos/vertebroplastia/")
    english = items(client, "locale=en&type=procedures.ProcedurePage")
    assert {item["title"] for item in english} == {"Vertebroplasty", "Kyphoplasty"}
    assert {item["meta"]["locale"] for item in english} == {"en"}


def test_translation_of_lists_the_pages_translations_not_the_page(
    client, procedure, spanish_procedure, untranslated
):
    found = items(client, f"translation_of={procedure.pk}")
    assert [item["id"] for item in found] == [spanish_procedure.pk]
    back = items(client, f"translation_of={spanish_procedure.pk}&locale=en")
    assert [item["id"] for item in back] == [procedure.pk]
    assert items(client, f"translation_of={untranslated.pk}") == []
    assert items(client, f"translation_of={procedure.pk}&locale=en") == []


def test_a_page_detail_says_its_language(client, spanish_procedure):
    body = client.get(f"{PAGES}{spanish_procedure.pk}/").json()
    assert body["meta"]["locale"] == "es"
    assert body["meta"]["html_url"].endswith("/es/procedimientos/vertebroplastia/")


@pytest.mark.parametrize("value", ["xx", "ES", "es-mx", "en-us", "", "fr"])
@pytest.mark.parametrize("path", [PAGES, "/api/v2/images/", "/api/v2/providers/"])
def test_an_unknown_locale_is_a_400_naming_locale(client, home, path, value):
    response = client.get(path, {"locale": value})
    assert response.status_code == 400
    assert list(response.json()["errors"]) == ["locale"]
    assert "use one of en, es" in response.json()["errors"]["locale"]


def test_an_unknown_locale_among_good_ones_is_a_400_too(client, home):
    response = client.get(f"{PAGES}?locale=es&locale=xx")
    assert response.status_code == 400
    assert list(response.json()["errors"]) == ["locale"]


@pytest.mark.parametrize(
    "value",
    [
        "abc",
        "-1",
        "0",
        "1e3",
        "1_4",  # int() reads 14
        " 14",
        "\u0663",  # ARABIC-INDIC DIGIT THREE: int() reads 3
        "99999999999999999999999",
        "",
    ],
)
def test_translation_of_that_is_no_page_id_is_a_400_naming_it(client, procedure, value):
    response = client.get(PAGES, {"translation_of": value})
    assert response.status_code == 400, response.content
    assert list(response.json()["errors"]) == ["translation_of"]


def test_translation_of_a_page_that_is_not_live_is_a_400_naming_it(client, procedure):
    draft = translate(procedure, publish=False)
    for page_id in (draft.pk, 2_000_000_000):
        response = client.get(PAGES, {"translation_of": page_id})
        assert response.status_code == 400, response.content
        assert response.json()["errors"] == {"translation_of": "translation_of page doesn't exist"}


def test_translation_of_root_lists_the_home_pages_translations(client, spanish_procedure):
    found = items(client, "translation_of=root")
    assert [item["meta"]["type"] for item in found] == ["home.HomePage"]
    assert found[0]["meta"]["locale"] == "es"


def test_the_document_types_locale_and_translation_of_on_the_pages_list():
    parameters = {
        parameter["name"]: parameter
        for parameter in document()["paths"][PAGES]["get"]["parameters"]
    }
    codes = [code for code, _name in settings.LANGUAGES]
    assert parameters["locale"]["schema"]["enum"] == codes == ["en", "es"]
    branches = parameters["translation_of"]["schema"]["anyOf"]
    assert {"type": "string", "const": "root"} in branches
    assert {branch["type"] for branch in branches} == {"integer", "string"}
    item = document()["components"]["schemas"]["PagesItem"]
    assert "locale" in item["properties"]["meta"]["properties"]


@pytest.mark.parametrize(
    "path", ["/api/v2/providers/", "/api/v2/providers/{id}/", "/api/v2/providers/states/"]
)
def test_the_document_gives_every_directory_operation_locale(path):
    parameters = {p["name"]: p for p in document()["paths"][path]["get"]["parameters"]}
    assert parameters["locale"]["schema"]["enum"] == ["en", "es"]
    assert "labels" in parameters["locale"]["description"]


@pytest.mark.parametrize("query", ["?locale=es", "states/?procedure=vertebroplasty&locale=es"])
def test_the_directory_takes_locale_as_documented(client, procedure, query):
    response = client.get(f"/api/v2/providers/{query}")
    assert response.status_code == 200, response.content
    assert response["Content-Language"] == "es"


def test_find_by_html_path_finds_a_spanish_page_from_the_spanish_home(client, spanish_procedure):
    response = client.get(f"{PAGES}find/?html_path=/es/procedimientos/vertebroplastia/")
    assert response.status_code == 302
    assert response["Location"].startswith(f"http://testserver{PAGES}{spanish_procedure.pk}/")
    english = client.get(f"{PAGES}find/?html_path=/procedures/vertebroplasty/")
    assert english.status_code == 302
    assert f"{PAGES}{spanish_procedure.pk}/" not in english["Location"]
    for missing in ("/es/procedimientos/nada/", "/es/procedures/vertebroplasty/"):
        assert client.get(f"{PAGES}find/?html_path={missing}").status_code == 404
    # A route of the page, in the path's language's words (`providers.paths`).
    state = client.get(f"{PAGES}find/?html_path=/es/procedimientos/vertebroplastia/medicos/texas/")
    assert state.status_code == 302
    assert state["Location"].startswith(f"http://testserver{PAGES}{spanish_procedure.pk}/")


def test_html_url_is_wagtails_full_url_in_every_language(client, spanish_procedure, untranslated):
    """`cms.api.ListedHtmlUrlField` builds the URLs of a list from one prefix per
    language; a slug Django quotes is left to Wagtail. Each is `Page.full_url`."""
    from wagtail.models import Page

    from procedures.factories import ProcedurePageFactory

    quoted = ProcedurePageFactory(
        parent=untranslated.get_parent(), title="Cirugía", slug="cirugía-de-rodilla"
    )
    quoted.save_revision().publish()
    listed = items(client, "limit=50") + items(client, "locale=es&limit=50")
    assert {item["meta"]["html_url"] for item in listed} >= {
        "http://testserver/es/procedimientos/vertebroplastia/",
        "http://testserver/procedures/cirug%C3%ADa-de-rodilla/",
    }
    for item in listed:
        assert item["meta"]["html_url"] == Page.objects.get(pk=item["id"]).specific.full_url
