"""ETag and Last-Modified on public pages and API v2, answered 304 before the view runs."""

from datetime import UTC, datetime, timedelta

import pytest

from django.utils.http import http_date

from wagtail.images.tests.utils import get_test_image_file
from wagtail.models import Page

from core.http_cache.version import State
from procedures.factories import ArticlePageFactory

from .conftest import settle_last_modified

PUBLIC_URLS = [
    "/",
    "/procedures/vertebroplasty/",
    "/procedures/vertebroplasty/doctors/",
    "/procedures/vertebroplasty/doctors/texas/",
    "/doctors/1234567893-jane-sample/",
    "/articles/recovery/",
    "/api/v2/pages/",
    "/api/v2/pages/?type=procedures.ProcedurePage&fields=summary,sections",
    "/api/v2/images/",
    "/api/v2/documents/",
    "/api/v2/providers/?limit=50",
    "/api/v2/providers/states/?procedure=vertebroplasty",
]


@pytest.fixture
def site_content(texan, article):
    """Every kind of public URL has something to show."""
    from wagtail.images.models import Image

    Image.objects.create(title="Spine", file=get_test_image_file())


def revalidate(client, url, etag):
    return client.get(url, HTTP_IF_NONE_MATCH=etag)


@pytest.mark.django_db
@pytest.mark.parametrize("url", PUBLIC_URLS)
def test_public_pages_and_api_answer_304_to_their_etag(
    client, site_content, url, django_assert_max_num_queries
):
    response = client.get(url)
    assert response.status_code == 200, response.content[:300]
    etag = response["ETag"]
    assert etag.startswith('W/"')
    assert "Last-Modified" in response
    assert response["Cache-Control"] == "public, max-age=60"

    # A revalidation is one primary-key query, whatever the page costs to render.
    with django_assert_max_num_queries(1):
        again = revalidate(client, url, etag)
    assert again.status_code == 304
    assert again.content == b""
    assert again["ETag"] == etag
    assert again["Cache-Control"] == "public, max-age=60"


@pytest.mark.django_db
def test_each_url_has_its_own_etag(client, site_content):
    first = client.get("/api/v2/providers/?limit=50")["ETag"]
    assert client.get("/api/v2/providers/?limit=20")["ETag"] != first
    assert revalidate(client, "/api/v2/providers/?limit=20", first).status_code == 200


@pytest.mark.django_db
def test_tracking_parameters_share_the_etag_and_read_parameters_do_not(
    client, site_content, django_assert_max_num_queries
):
    page = "/procedures/vertebroplasty/"
    etag = client.get(page + "?utm_source=newsletter")["ETag"]
    assert client.get(page)["ETag"] == etag
    assert client.get(page + "?gclid=1&fbclid=2&whatever=3")["ETag"] == etag
    with django_assert_max_num_queries(1):
        assert revalidate(client, page + "?utm_campaign=spring", etag).status_code == 304

    state = "/procedures/vertebroplasty/doctors/texas/"
    second = client.get(state + "?page=2")["ETag"]
    assert client.get(state + "?page=3")["ETag"] != second
    assert revalidate(client, state + "?page=3", second).status_code == 200
    assert revalidate(client, state + "?utm_source=x&page=2", second).status_code == 304
    # Sorted: the same parameters in another order are the same response.
    both = client.get(state + "?telehealth=true&page=2")["ETag"]
    assert both != second
    assert client.get(state + "?page=2&telehealth=true")["ETag"] == both

    # The API keeps every parameter (it refuses those it does not know).
    api = "/api/v2/providers/?limit=50"
    assert revalidate(client, api + "&utm_source=x", client.get(api)["ETag"]).status_code == 400


@pytest.mark.django_db
def test_a_stale_etag_gets_the_full_response(client, site_content):
    response = revalidate(client, "/procedures/vertebroplasty/", 'W/"stale"')
    assert response.status_code == 200
    assert b"Vertebroplasty" in response.content


@pytest.mark.django_db
def test_if_modified_since_answers_304_when_nothing_changed_since(client, site_content):
    url = "/procedures/vertebroplasty/"
    settle_last_modified()
    last_modified = client.get(url)["Last-Modified"]
    assert client.get(url, HTTP_IF_MODIFIED_SINCE=last_modified).status_code == 304
    assert client.get(url, HTTP_IF_MODIFIED_SINCE=http_date(0)).status_code == 200
    # If-None-Match decides when both are sent (RFC 9110): a wrong ETag is a 200.
    both = client.get(url, HTTP_IF_MODIFIED_SINCE=last_modified, HTTP_IF_NONE_MATCH='W/"x"')
    assert both.status_code == 200


@pytest.mark.django_db
def test_etag_changes_when_the_page_is_published(client, vertebroplasty, site_content):
    url = "/procedures/vertebroplasty/"
    before = client.get(url)
    vertebroplasty.title = "Vertebroplasty (updated)"
    vertebroplasty.save_revision().publish()

    after = revalidate(client, url, before["ETag"])
    assert after.status_code == 200
    assert b"Vertebroplasty (updated)" in after.content
    assert after["ETag"] != before["ETag"]
    # Every other public URL's validator is stale too (one site-wide version).
    api = client.get("/api/v2/pages/")
    assert revalidate(client, "/api/v2/pages/", api["ETag"]).status_code == 304


@pytest.mark.django_db
def test_etag_changes_when_an_article_is_unpublished_or_a_page_deleted(
    client, article_index, vertebroplasty, site_content
):
    other = ArticlePageFactory(parent=article_index, title="Other", slug="other")
    etag = client.get("/articles/")["ETag"]
    other.unpublish()
    assert revalidate(client, "/articles/", etag).status_code == 200

    etag = client.get("/articles/")["ETag"]
    Page.objects.get(pk=other.pk).delete()
    assert revalidate(client, "/articles/", etag).status_code == 200


@pytest.mark.django_db
def test_etag_changes_when_a_provider_is_published_through_the_admin(
    admin_client, texan, site_content
):
    from django.test import Client
    from django.urls import reverse

    from tests.providers.forms import provider_form

    anonymous = Client()
    url = "/procedures/vertebroplasty/doctors/texas/"
    etag = anonymous.get(url)["ETag"]
    edit = reverse("wagtailsnippets_providers_provider:edit", args=[texan.pk])
    response = admin_client.post(
        edit, {**provider_form(last_name="Samples"), "action-publish": "publish"}
    )
    assert response.status_code == 302
    fresh = revalidate(anonymous, url, etag)
    assert fresh.status_code == 200
    assert b"Samples" in fresh.content


@pytest.mark.django_db
def test_etag_changes_when_a_reviewers_name_is_corrected(client, vertebroplasty, site_content):
    """People have no draft state: the corrected name is public at once, on every page
    that credits them (editorial.signals)."""
    from editorial.factories import PersonFactory

    reviewer = PersonFactory(name="Dr Rhea Revieww")
    vertebroplasty.reviewer = reviewer
    vertebroplasty.last_reviewed = datetime(2026, 3, 2, tzinfo=UTC).date()
    vertebroplasty.save_revision().publish()
    url = "/procedures/vertebroplasty/"
    before = client.get(url)
    assert b"Dr Rhea Revieww" in before.content
    reviewer.name = "Dr Rhea Reviewer"
    reviewer.save()
    fresh = revalidate(client, url, before["ETag"])
    assert fresh.status_code == 200
    assert b"Dr Rhea Reviewer" in fresh.content


@pytest.mark.django_db
def test_etag_changes_when_an_image_is_added(client, site_content):
    from wagtail.images.models import Image

    etag = client.get("/api/v2/images/")["ETag"]
    Image.objects.create(title="Knee", file=get_test_image_file())
    assert revalidate(client, "/api/v2/images/", etag).status_code == 200


@pytest.mark.django_db
def test_errors_and_redirects_carry_no_validators(client, site_content):
    for url in ("/procedures/nope/", "/api/v2/pages/?bogus=1", "/doctors/1234567893/"):
        response = client.get(url)
        assert response.status_code in (301, 400, 404)
        assert "ETag" not in response
        assert "public" not in response.get("Cache-Control", "")


@pytest.mark.django_db
def test_healthz_is_left_alone(client, django_assert_num_queries):
    with django_assert_num_queries(0):
        response = client.get("/healthz")
    assert "ETag" not in response and "Cache-Control" not in response


def test_if_modified_since_is_not_trusted_when_two_changes_share_a_second():
    """Last-Modified has whole seconds: a client that saw the first of two changes in one
    second holds the same date as one that saw the second, so neither gets a 304."""
    second = datetime(2026, 11, 30, 12, 0, 0, tzinfo=UTC)
    lone = State(7, second + timedelta(seconds=0.7), second - timedelta(seconds=3))
    shared = State(8, second + timedelta(seconds=0.7), second + timedelta(seconds=0.2))
    date = int(second.timestamp())
    assert lone.last_modified == date
    assert lone.unmodified_since(date)
    assert lone.unmodified_since(date + 5)
    assert not lone.unmodified_since(date - 1)
    assert not shared.unmodified_since(date)
    assert shared.unmodified_since(date + 1)  # after the whole second: nothing since
