"""API v3 for previews: a token reads drafts and revisions; anonymous clients see only
live, public pages, whatever they ask for."""

import pytest

from wagtail.models import PageViewRestriction

from .conftest import DRAFT_SUMMARY, LIVE_SUMMARY

pytestmark = pytest.mark.django_db


def detail(client, page, query="", **headers):
    return client.get(f"/api/v3/pages/{page.pk}/{query}", **headers)


def test_v3_draft_read_with_token_serves_the_latest_revision(client, procedure, bearer):
    response = detail(client, procedure, "?version=draft", **bearer)
    assert response.status_code == 200
    body = response.json()
    assert body["title"] == "Vertebroplasty (draft)"
    assert body["summary"] == DRAFT_SUMMARY
    assert body["meta"]["type"] == "procedures.ProcedurePage"
    assert [section["type"] for section in body["sections"]][:1] == ["overview"]


def test_v3_draft_read_without_token_serves_the_live_version(client, procedure):
    response = detail(client, procedure, "?version=draft")
    assert response.status_code == 200
    body = response.json()
    assert body["title"] == "Vertebroplasty"
    assert body["summary"] == LIVE_SUMMARY


def test_v3_with_token_and_no_version_serves_the_live_version(client, procedure, bearer):
    assert detail(client, procedure, **bearer).json()["summary"] == LIVE_SUMMARY


def test_a_never_published_page_is_404_anonymously_and_a_draft_with_a_token(
    client, unpublished, bearer
):
    anonymous = detail(client, unpublished, "?version=draft")
    assert anonymous.status_code == 404
    assert anonymous["Content-Type"] == "application/problem+json"
    assert anonymous.json()["status"] == 404
    assert detail(client, unpublished, "?version=draft", **bearer).json()["title"] == "Kyphoplasty"


def test_anonymous_listing_has_only_live_public_pages(client, procedure, unpublished, bearer):
    PageViewRestriction.objects.create(
        page=procedure, restriction_type=PageViewRestriction.PASSWORD, password="secret"
    )
    anonymous = client.get("/api/v3/pages/?type=procedures.ProcedurePage").json()
    assert anonymous["items"] == []
    assert detail(client, procedure).status_code == 404
    with_token = client.get("/api/v3/pages/?type=procedures.ProcedurePage", **bearer).json()
    assert {item["id"] for item in with_token["items"]} == {procedure.pk, unpublished.pk}


def test_an_article_draft_is_readable_with_a_token(client, article, bearer):
    assert detail(client, article, "?version=draft").json()["summary"] == (
        "A short guide for patients."
    )
    draft = detail(client, article, "?version=draft", **bearer).json()
    assert draft["summary"] == "Draft: what recovery looks like, reworded."
    assert draft["body"][0]["type"] == "paragraph"


def test_revisions_need_a_token_and_show_each_saved_version(client, procedure, bearer):
    assert client.get(f"/api/v3/pages/{procedure.pk}/revisions/").status_code == 401
    listing = client.get(f"/api/v3/pages/{procedure.pk}/revisions/", **bearer)
    assert listing.status_code == 200
    revisions = listing.json()["items"]
    assert len(revisions) == 2
    newest = max(revisions, key=lambda revision: revision["id"])
    one = client.get(f"/api/v3/pages/{procedure.pk}/revisions/{newest['id']}/", **bearer)
    assert one.status_code == 200
    assert one.json()["content_object"]["summary"] == DRAFT_SUMMARY


def test_a_revoked_token_reads_only_live_content(client, procedure, bearer, editor):
    from wagtail.models import APIToken

    APIToken.objects.filter(user=editor).update(revoked_at="2026-01-01T00:00:00Z")
    body = detail(client, procedure, "?version=draft", **bearer).json()
    assert body["summary"] == LIVE_SUMMARY


def test_a_session_does_not_unlock_drafts(client, procedure, editor):
    """v3 trusts bearer tokens only: an editor's admin session reads the live page."""
    client.force_login(editor)
    assert detail(client, procedure, "?version=draft").json()["summary"] == LIVE_SUMMARY


def test_listing_runs_a_constant_number_of_queries(
    client, procedure_index, bearer, django_assert_max_num_queries
):
    from procedures.factories import ProcedurePageFactory

    for number in range(12):
        ProcedurePageFactory(parent=procedure_index, title=f"Procedure {number}")
    url = "/api/v3/pages/?type=procedures.ProcedurePage&limit=20"
    with django_assert_max_num_queries(12):
        assert len(client.get(url).json()["items"]) == 12
    with django_assert_max_num_queries(16):
        assert len(client.get(url, **bearer).json()["items"]) == 12
