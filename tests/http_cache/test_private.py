"""No caching header can leak a draft: editors, previews, the admin and token requests
get ``private, no-store`` and no validator, and a draft changes no public validator."""

import pytest

from django.test import Client
from django.urls import reverse

from wagtail.models import PageViewRestriction

from tests.providers.forms import provider_form

PRIVATE = "private, no-store"
PAGE = "/procedures/vertebroplasty/"


def assert_private(response):
    assert response["Cache-Control"] == PRIVATE
    assert "ETag" not in response
    assert "Last-Modified" not in response


@pytest.mark.django_db
def test_an_editors_request_is_private_and_never_revalidated(admin_client, texan):
    anonymous = Client()
    etag = anonymous.get(PAGE)["ETag"]

    response = admin_client.get(PAGE, HTTP_IF_NONE_MATCH=etag)
    assert response.status_code == 200  # the editor's page (with the userbar), not a 304
    assert_private(response)
    assert_private(admin_client.get("/api/v2/pages/"))


@pytest.mark.django_db
def test_preview_and_view_draft_are_private(admin_client, vertebroplasty):
    vertebroplasty.title = "Draft title"
    vertebroplasty.save_revision()

    draft = admin_client.get(reverse("wagtailadmin_pages:view_draft", args=[vertebroplasty.pk]))
    assert draft.status_code == 200
    assert b"Draft title" in draft.content
    assert_private(draft)

    preview_url = reverse("wagtailadmin_pages:preview_on_edit", args=[vertebroplasty.pk])
    preview = admin_client.get(preview_url)
    assert preview.status_code == 200
    assert_private(preview)


@pytest.mark.django_db
def test_admin_pages_are_private(admin_client):
    assert_private(admin_client.get("/admin/"))
    assert_private(Client().get("/admin/login/"))


@pytest.mark.django_db
def test_a_request_with_authorization_is_private(client, texan):
    etag = client.get("/api/v2/providers/")["ETag"]
    response = client.get(
        "/api/v2/providers/", HTTP_AUTHORIZATION="Bearer abc", HTTP_IF_NONE_MATCH=etag
    )
    assert response.status_code == 200
    assert_private(response)


@pytest.mark.django_db
def test_a_password_protected_page_is_never_public(client, vertebroplasty):
    PageViewRestriction.objects.create(
        page=vertebroplasty, restriction_type=PageViewRestriction.PASSWORD, password="pw"
    )
    response = client.get(PAGE)
    assert response.status_code == 200  # Wagtail's password form
    assert_private(response)


@pytest.mark.django_db
def test_a_page_draft_does_not_change_the_public_etag(client, vertebroplasty, texan):
    etag = client.get(PAGE)["ETag"]
    vertebroplasty.title = "Unpublished title"
    vertebroplasty.save_revision()  # what the editor's "Save draft" does

    response = client.get(PAGE, HTTP_IF_NONE_MATCH=etag)
    assert response.status_code == 304
    full = client.get(PAGE)
    assert b"Unpublished title" not in full.content
    assert full["ETag"] == etag


@pytest.mark.django_db
def test_a_provider_draft_saved_in_the_admin_does_not_change_the_public_etag(admin_client, texan):
    anonymous = Client()
    urls = ["/doctors/1234567893-jane-sample/", "/api/v2/providers/", PAGE]
    etags = {url: anonymous.get(url)["ETag"] for url in urls}
    edit = reverse("wagtailsnippets_providers_provider:edit", args=[texan.pk])
    response = admin_client.post(edit, provider_form(last_name="Drafted", state="AK"))
    assert response.status_code == 302  # "Save draft"

    for url, etag in etags.items():
        assert anonymous.get(url, HTTP_IF_NONE_MATCH=etag).status_code == 304, url
    assert b"Drafted" not in anonymous.get(urls[0]).content
