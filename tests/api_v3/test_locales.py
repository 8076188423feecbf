"""API v3 and the Spanish edition: the site's languages at /api/v3/locales/ (with a
token), pages filtered by `?locale=`, any other locale a 400 naming it, and drafts of
Spanish pages read by token as English ones are."""

import pytest

from django.contrib.auth.models import Permission

from wagtail.models import GroupPagePermission

from procedures.factories import ProcedurePageFactory
from tests.translations import translate

from .conftest import DRAFT_SUMMARY

pytestmark = pytest.mark.django_db

SPANISH_DRAFT = "Borrador: un resumen reescrito, sin publicar."


@pytest.fixture
def may_view_locales(editor):
    """Wagtail's locales API answers users with a permission on locales (any)."""
    editor.user_permissions.add(Permission.objects.get(codename="view_locale"))
    return editor


@pytest.fixture
def spanish(procedure, editor):
    """The vertebroplasty page in Spanish, published, with a newer draft; the preview
    app's group may edit the Spanish tree as it does the English one."""
    index = procedure.get_parent().specific
    translate(index, title="Procedimientos", slug="procedimientos")
    page = translate(procedure, title="Vertebroplastia", slug="vertebroplastia")
    page.summary = SPANISH_DRAFT
    page.save_revision()
    GroupPagePermission.objects.create(
        group=editor.groups.get(),
        page=page.get_parent().get_parent(),
        permission_type="change",
    )
    return page


def test_the_locales_list_names_the_sites_languages(client, may_view_locales, bearer):
    response = client.get("/api/v3/locales/", **bearer)
    assert response.status_code == 200, response.content
    items = response.json()["items"]
    assert [(item["language_code"], item["is_default"]) for item in items] == [
        ("en", True),
        ("es", False),
    ]
    spanish = items[1]
    detail = client.get(f"/api/v3/locales/{spanish['id']}/", **bearer)
    assert detail.status_code == 200
    assert detail.json()["language_code"] == "es"


def test_the_locales_need_a_token_and_a_permission_on_locales(client, editor, bearer):
    anonymous = client.get("/api/v3/locales/")
    assert anonymous.status_code == 401
    assert anonymous["Content-Type"] == "application/problem+json"
    assert client.get("/api/v3/locales/", **bearer).status_code == 403


def test_the_locales_are_read_only(client, may_view_locales, bearer):
    response = client.post(
        "/api/v3/locales/", {"language_code": "fr"}, content_type="application/json", **bearer
    )
    assert response.status_code == 405
    assert response["Allow"] == "GET"


def test_pages_filter_by_locale(client, procedure, spanish):
    found = client.get("/api/v3/pages/?locale=es&type=procedures.ProcedurePage").json()
    assert [(item["id"], item["meta"]["locale"]) for item in found["items"]] == [(spanish.pk, "es")]
    english = client.get("/api/v3/pages/?locale=en&type=procedures.ProcedurePage").json()
    assert [item["id"] for item in english["items"]] == [procedure.pk]


@pytest.mark.parametrize("value", ["xx", "ES", "en-us", ""])
def test_a_locale_that_is_no_site_language_is_a_400_naming_it(client, home, bearer, value):
    response = client.get("/api/v3/pages/", {"locale": value}, **bearer)
    assert response.status_code == 400
    assert response["Content-Type"] == "application/problem+json"
    [error] = response.json()["errors"]
    assert error["loc"] == ["query", "locale"]


def test_a_spanish_draft_is_read_by_token_like_an_english_one(client, procedure, spanish, bearer):
    english = client.get(f"/api/v3/pages/{procedure.pk}/?version=draft", **bearer).json()
    assert english["summary"] == DRAFT_SUMMARY
    draft = client.get(f"/api/v3/pages/{spanish.pk}/?version=draft", **bearer).json()
    assert draft["summary"] == SPANISH_DRAFT
    assert draft["meta"]["locale"] == "es"
    live = client.get(f"/api/v3/pages/{spanish.pk}/?version=draft").json()
    assert live["summary"] != SPANISH_DRAFT


def test_a_never_published_spanish_translation_is_a_draft_only_a_token_reads(
    client, procedure_index, spanish, bearer
):
    english = ProcedurePageFactory(parent=procedure_index, title="Kyphoplasty", slug="kyphoplasty")
    draft = translate(english, title="Cifoplastia", slug="cifoplastia", publish=False)
    assert not draft.live
    assert client.get(f"/api/v3/pages/{draft.pk}/?version=draft").status_code == 404
    with_token = client.get(f"/api/v3/pages/{draft.pk}/?version=draft", **bearer)
    assert with_token.status_code == 200
    assert with_token.json()["title"] == "Cifoplastia"
    assert with_token.json()["meta"]["locale"] == "es"


def test_the_document_lists_the_locales_and_types_locale(client):
    document = client.get("/api/v3/openapi.json").json()
    assert set(document["paths"]["/api/v3/locales/"]) == {"get"}
    assert set(document["paths"]["/api/v3/locales/{locale_id}/"]) == {"get"}
    [locale] = [
        parameter
        for parameter in document["paths"]["/api/v3/pages/"]["get"]["parameters"]
        if parameter["name"] == "locale"
    ]
    assert locale["schema"] == {"type": "string", "enum": ["en", "es"]}


def test_an_administrator_can_give_a_group_the_view_locale_permission(admin_client, home):
    view_locale = Permission.objects.get(
        content_type__app_label="wagtailcore", codename="view_locale"
    )
    response = admin_client.get("/admin/groups/new/")
    assert response.status_code == 200
    assert f'name="permissions" value="{view_locale.pk}"' in response.content.decode()


def test_find_by_html_path_finds_a_spanish_page_from_the_spanish_home(client, spanish, procedure):
    found = client.get("/api/v3/pages/find/?html_path=/es/procedimientos/vertebroplastia/")
    assert found.status_code == 302, found.content
    assert found["Location"].startswith(f"/api/v3/pages/{spanish.pk}/")
    assert "html_path" not in found["Location"]
    english = client.get("/api/v3/pages/find/?html_path=/procedures/vertebroplasty/")
    assert english.status_code == 302
    assert english["Location"].startswith(f"/api/v3/pages/{procedure.pk}/")
    for missing in ("/es/procedimientos/nada/", "/es/procedures/vertebroplasty/"):
        response = client.get(f"/api/v3/pages/find/?html_path={missing}")
        assert response.status_code == 404
        assert response["Content-Type"] == "application/problem+json"


def test_find_by_html_path_does_not_find_an_unpublished_spanish_page(client, spanish):
    spanish.unpublish()
    response = client.get("/api/v3/pages/find/?html_path=/es/procedimientos/vertebroplastia/")
    assert response.status_code == 404
