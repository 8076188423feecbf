"""Publishing, unpublishing and deleting content POSTs signed events to a real receiver.

Each test publishes through Wagtail's own APIs (`revision.publish()`,
`page.unpublish()`, `delete()`), lets the transaction's on-commit callbacks run,
then runs the "webhooks" queue with django-tasks-db's worker against a receiver
listening on 127.0.0.1.
"""

import uuid
from datetime import datetime

import pytest

from django.db import transaction

from wagtail.models import PageViewRestriction

from procedures.factories import ArticlePageFactory, ProcedurePageFactory
from providers.factories import ProviderFactory
from tests.translations import translate
from webhooks.models import Delivery

from .conftest import SECRET, make_endpoint, queued, run_webhook_tasks

pytestmark = pytest.mark.django_db


def publish(page, capture):
    with capture(execute=True):
        page.save_revision().publish()


@pytest.fixture
def procedure(procedure_index):
    return ProcedurePageFactory(parent=procedure_index, title="Knee replacement")


def test_publishing_a_procedure_posts_a_payload_the_receiver_verifies(
    procedure, receiver, django_capture_on_commit_callbacks
):
    endpoint = make_endpoint(receiver.url, ["procedure.published"])
    publish(procedure, django_capture_on_commit_callbacks)
    assert run_webhook_tasks() == 1

    [got] = receiver.received
    assert got["verified"], "the HMAC-SHA256 of the body with the secret must match"
    payload = got["payload"]
    assert payload["event"] == "procedure.published"
    assert payload["type"] == "procedure"
    assert payload["id"] == procedure.pk
    assert payload["url"] == procedure.get_full_url()
    assert payload["url"].startswith("http://testserver/")
    assert payload["api_url"] == f"http://testserver/api/v2/pages/{procedure.pk}/"
    assert payload["locale"] == "en"
    assert datetime.fromisoformat(payload["timestamp"]).tzinfo is not None
    headers = got["headers"]
    assert headers["Content-Type"] == "application/json"
    assert headers["X-Webhook-Event"] == "procedure.published"
    assert headers["X-Webhook-Event-Id"] == payload["event_id"]
    assert headers["X-Webhook-Timestamp"] == payload["timestamp"]
    uuid.UUID(payload["event_id"])

    delivery = Delivery.objects.get()
    assert delivery.endpoint == endpoint
    assert delivery.status == Delivery.Status.SUCCEEDED
    assert delivery.attempts == 1
    assert delivery.response_status == 200
    assert delivery.response_body == "answered 200"
    assert delivery.delivered_at is not None
    assert delivery.body.encode() == got["body"]
    assert headers["X-Webhook-Delivery"] == str(delivery.pk)


def test_a_wrong_secret_does_not_verify(procedure, receiver, django_capture_on_commit_callbacks):
    """The receiver's check is real: another secret gives another signature."""
    make_endpoint(receiver.url, ["procedure.published"])
    receiver.secret = SECRET + "-not-it"
    publish(procedure, django_capture_on_commit_callbacks)
    run_webhook_tasks()
    assert [got["verified"] for got in receiver.received] == [False]


def test_unpublishing_and_deleting_an_article(
    article_index, receiver, django_capture_on_commit_callbacks
):
    make_endpoint(receiver.url, ["article.unpublished", "article.deleted"])
    article = ArticlePageFactory(parent=article_index)
    publish(article, django_capture_on_commit_callbacks)
    url = article.get_full_url()
    with django_capture_on_commit_callbacks(execute=True):
        article.unpublish()
    publish(article, django_capture_on_commit_callbacks)  # not subscribed: nothing
    article.refresh_from_db()
    article_id = article.pk
    with django_capture_on_commit_callbacks(execute=True):
        article.delete()
    run_webhook_tasks()

    events = [(got["payload"]["event"], got["payload"]["id"]) for got in receiver.received]
    # Wagtail unpublishes a live page as it deletes it: that sends "deleted" alone.
    assert events == [("article.unpublished", article_id), ("article.deleted", article_id)]
    assert receiver.received[1]["payload"]["url"] == url, "a deleted page still says where it was"
    assert all(got["verified"] for got in receiver.received)


def test_provider_publish_unpublish_and_delete(receiver, home, django_capture_on_commit_callbacks):
    make_endpoint(receiver.url, ["provider.published", "provider.unpublished", "provider.deleted"])
    provider = ProviderFactory(live=False)
    with django_capture_on_commit_callbacks(execute=True):
        provider.save_revision().publish()
    provider.refresh_from_db()
    with django_capture_on_commit_callbacks(execute=True):
        provider.unpublish()
    with django_capture_on_commit_callbacks(execute=True):
        provider.save_revision().publish()
    provider.refresh_from_db()
    provider_id = provider.pk
    with django_capture_on_commit_callbacks(execute=True):
        provider.delete()
    run_webhook_tasks()

    payloads = [got["payload"] for got in receiver.received]
    assert [p["event"] for p in payloads] == [
        "provider.published",
        "provider.unpublished",
        "provider.published",
        "provider.deleted",
    ]
    assert {p["id"] for p in payloads} == {provider_id}
    assert payloads[0]["type"] == "provider"
    assert payloads[0]["url"] == f"http://testserver{provider.get_absolute_url()}"
    assert payloads[0]["api_url"] == f"http://testserver/api/v2/providers/{provider_id}/"
    # One record shown in every language: no language of its own.
    assert {p["locale"] for p in payloads} == {None}


def test_a_spanish_page_sends_its_own_events_with_its_locale(
    procedure, receiver, django_capture_on_commit_callbacks
):
    make_endpoint(receiver.url, ["procedure.published", "procedure.unpublished"])
    publish(procedure, django_capture_on_commit_callbacks)
    with django_capture_on_commit_callbacks(execute=True):
        translate(procedure.get_parent().specific, slug="procedimientos")
        spanish = translate(procedure, title="Reemplazo de rodilla", slug="reemplazo-de-rodilla")
    with django_capture_on_commit_callbacks(execute=True):
        spanish.unpublish()
    run_webhook_tasks()

    payloads = [got["payload"] for got in receiver.received]
    assert [(p["event"], p["id"], p["locale"]) for p in payloads] == [
        ("procedure.published", procedure.pk, "en"),
        ("procedure.published", spanish.pk, "es"),
        ("procedure.unpublished", spanish.pk, "es"),
    ]
    assert payloads[1]["url"] == "http://testserver/es/procedimientos/reemplazo-de-rodilla/"
    assert payloads[1]["api_url"] == f"http://testserver/api/v2/pages/{spanish.pk}/"


def test_failed_deliveries_are_retried_with_backoff_then_logged_as_failed(
    procedure, receiver, settings, django_capture_on_commit_callbacks
):
    settings.WEBHOOKS_MAX_ATTEMPTS = 3
    settings.WEBHOOKS_RETRY_BASE_SECONDS = 0.3
    receiver.status = 500
    make_endpoint(receiver.url, ["procedure.published"])
    publish(procedure, django_capture_on_commit_callbacks)

    run_webhook_tasks(max_tasks=1)
    delivery = Delivery.objects.get()
    assert delivery.status == Delivery.Status.PENDING
    assert delivery.attempts == 1
    assert delivery.response_status == 500
    # The retry is queued for when the log says it is due.
    [retry] = queued()
    assert retry.run_after == delivery.next_retry_at
    assert abs((delivery.next_retry_at - delivery.updated_at).total_seconds() - 0.3) < 0.05

    run_webhook_tasks()
    delivery.refresh_from_db()
    assert delivery.status == Delivery.Status.FAILED
    assert delivery.attempts == 3
    assert delivery.response_status == 500
    assert delivery.response_body == "answered 500"
    assert delivery.error == "HTTP 500"
    assert delivery.next_retry_at is None
    assert not queued().exists(), "no retry after the last attempt"

    times = [got["at"] for got in receiver.received]
    assert len(times) == 3
    assert all(got["body"] == receiver.received[0]["body"] for got in receiver.received)
    # Exponential: 0.3 s, then 0.6 s.
    assert times[1] - times[0] >= 0.3
    assert times[2] - times[1] >= 0.6


def test_a_receiver_that_recovers_gets_the_retry(
    procedure, receiver, settings, django_capture_on_commit_callbacks
):
    settings.WEBHOOKS_RETRY_BASE_SECONDS = 0.1
    receiver.status = 503
    make_endpoint(receiver.url, ["procedure.published"])
    publish(procedure, django_capture_on_commit_callbacks)
    run_webhook_tasks(max_tasks=1)
    receiver.status = 200
    run_webhook_tasks()
    delivery = Delivery.objects.get()
    assert (delivery.status, delivery.attempts, delivery.response_status) == ("succeeded", 2, 200)


def test_publishing_succeeds_and_sends_nothing_inline_when_the_receiver_is_down(
    procedure, closed_port_url, receiver, settings, django_capture_on_commit_callbacks
):
    """Publishing only queues: no receiver is contacted during the publish, and one
    that is down shows as a failed attempt in the log, not as an error to the editor."""
    settings.WEBHOOKS_RETRY_BASE_SECONDS = 60
    make_endpoint(closed_port_url, ["procedure.published"])
    make_endpoint(receiver.url, ["procedure.published"])
    publish(procedure, django_capture_on_commit_callbacks)
    procedure.refresh_from_db()
    assert procedure.live and not procedure.has_unpublished_changes
    assert receiver.received == [], "nothing is sent until the worker runs"
    assert Delivery.objects.filter(status="pending", attempts=0).count() == 2

    run_webhook_tasks(max_tasks=2)
    down = Delivery.objects.get(endpoint__url=closed_port_url)
    assert down.status == Delivery.Status.PENDING
    assert down.attempts == 1
    assert down.response_status is None
    assert "Connection refused" in down.error or "URLError" in down.error
    assert down.next_retry_at is not None
    assert Delivery.objects.get(endpoint__url=receiver.url).status == "succeeded"


def test_unsubscribed_events_drafts_and_inactive_endpoints_send_nothing(
    procedure, article_index, receiver, django_capture_on_commit_callbacks
):
    make_endpoint(receiver.url, ["article.published"])
    make_endpoint(receiver.url, ["procedure.published"], active=False)
    publish(procedure, django_capture_on_commit_callbacks)  # not subscribed / inactive
    article = ArticlePageFactory(parent=article_index, live=False)
    with django_capture_on_commit_callbacks(execute=True):
        article.save_revision()  # a draft
    with django_capture_on_commit_callbacks(execute=True):
        ArticlePageFactory(parent=article_index, live=False).delete()  # never public
    assert not Delivery.objects.exists()
    assert run_webhook_tasks() == 0
    assert receiver.received == []


def test_private_pages_send_nothing(procedure, receiver, django_capture_on_commit_callbacks):
    make_endpoint(receiver.url, ["procedure.published", "procedure.unpublished"])
    PageViewRestriction.objects.create(
        page=procedure.get_parent(), restriction_type="password", password="s3cret"
    )
    publish(procedure, django_capture_on_commit_callbacks)
    with django_capture_on_commit_callbacks(execute=True):
        procedure.unpublish()
    assert not Delivery.objects.exists()


def test_a_rolled_back_publish_sends_nothing(
    procedure, receiver, django_capture_on_commit_callbacks
):
    make_endpoint(receiver.url, ["procedure.published"])
    revision = procedure.save_revision()
    with (
        django_capture_on_commit_callbacks(execute=True),
        pytest.raises(RuntimeError),
        transaction.atomic(),
    ):
        revision.publish()
        raise RuntimeError("the publish fails after Wagtail sent its signal")
    assert not Delivery.objects.exists()
    assert run_webhook_tasks() == 0


def test_a_deleted_endpoint_takes_its_queued_deliveries_with_it(
    procedure, receiver, django_capture_on_commit_callbacks
):
    endpoint = make_endpoint(receiver.url, ["procedure.published"])
    publish(procedure, django_capture_on_commit_callbacks)
    endpoint.delete()
    assert run_webhook_tasks() == 1  # the task finds nothing to send
    assert receiver.received == []


def test_deactivating_an_endpoint_stops_its_retries(
    procedure, receiver, settings, django_capture_on_commit_callbacks
):
    settings.WEBHOOKS_RETRY_BASE_SECONDS = 0.1
    receiver.status = 500
    endpoint = make_endpoint(receiver.url, ["procedure.published"])
    publish(procedure, django_capture_on_commit_callbacks)
    run_webhook_tasks(max_tasks=1)
    endpoint.active = False
    endpoint.save()
    run_webhook_tasks()
    delivery = Delivery.objects.get()
    assert (delivery.status, delivery.attempts) == ("failed", 1)
    assert delivery.error == "Endpoint deactivated before this attempt"
    assert len(receiver.received) == 1
