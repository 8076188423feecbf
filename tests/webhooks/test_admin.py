"""The admin: endpoints and the delivery log, for administrators only."""

import json

import pytest

from django.contrib.auth.models import Group, Permission
from django.test import RequestFactory
from django.urls import reverse

from webhooks.models import Delivery, WebhookEndpoint
from webhooks.signing import sign
from webhooks.views import demo_receiver

from .conftest import SECRET, make_endpoint, run_webhook_tasks

pytestmark = pytest.mark.django_db

ENDPOINTS = reverse("webhooks_webhookendpoint_modeladmin_index")
CREATE = reverse("webhooks_webhookendpoint_modeladmin_create")
DELIVERIES = reverse("webhooks_delivery_modeladmin_index")


def edit_url(endpoint):
    return reverse("webhooks_webhookendpoint_modeladmin_edit", args=[endpoint.pk])


@pytest.fixture
def admin_client(client, django_user_model):
    user = django_user_model.objects.create_superuser("admin", "admin@example.com", "pw")
    client.force_login(user)
    return client


@pytest.fixture
def editor_client(client, django_user_model):
    """An editor given every permission on the webhooks models, but no superuser."""
    user = django_user_model.objects.create_user("editor", "editor@example.com", "pw")
    group = Group.objects.create(name="Webhook fans")
    group.permissions.set(
        Permission.objects.filter(content_type__app_label__in=["webhooks", "wagtailadmin"])
    )
    user.groups.add(group)
    client.force_login(user)
    return client


def test_an_administrator_registers_an_endpoint_and_its_secret_is_then_masked(admin_client):
    form = admin_client.get(CREATE)
    assert form.status_code == 200
    offered = form.context["form"].fields["secret"].initial
    assert len(offered) == 64
    response = admin_client.post(
        CREATE,
        {
            "name": "Mobile app",
            "url": "https://app.example.com/hooks",
            "events": ["procedure.published", "provider.deleted"],
            "secret": offered,
            "active": "on",
        },
    )
    assert response.status_code == 302, response.context["form"].errors
    endpoint = WebhookEndpoint.objects.get()
    assert endpoint.events == ["procedure.published", "provider.deleted"]
    assert endpoint.secret == offered

    listing = admin_client.get(ENDPOINTS).content.decode()
    assert "Mobile app" in listing and offered[-4:] in listing
    assert offered not in listing
    edit = admin_client.get(edit_url(endpoint)).content.decode()
    assert offered not in edit

    # Saving with the secret left blank keeps it.
    response = admin_client.post(
        edit_url(endpoint),
        {"name": "Mobile app", "url": endpoint.url, "events": ["article.published"], "secret": ""},
    )
    assert response.status_code == 302
    endpoint.refresh_from_db()
    assert (endpoint.secret, endpoint.events, endpoint.active) == (
        offered,
        ["article.published"],
        False,
    )


@pytest.mark.parametrize("url", ["ftp://example.com/hooks", "file:///etc/passwd", "not a url"])
def test_only_http_and_https_urls_are_accepted(admin_client, url):
    response = admin_client.post(
        CREATE, {"name": "Bad", "url": url, "events": [], "secret": SECRET, "active": "on"}
    )
    assert response.status_code == 200
    assert "url" in response.context["form"].errors
    assert not WebhookEndpoint.objects.exists()


def test_an_unknown_event_is_refused(admin_client):
    response = admin_client.post(
        CREATE,
        {"name": "X", "url": "https://a.example/", "events": ["page.moved"], "secret": SECRET},
    )
    assert "events" in response.context["form"].errors


def test_editors_see_neither_list_whatever_their_permissions(editor_client):
    endpoint = make_endpoint("https://app.example.com/hooks", ["procedure.published"])
    for url in (ENDPOINTS, CREATE, edit_url(endpoint), DELIVERIES):
        response = editor_client.get(url)
        assert response.status_code in (302, 403), url
        assert SECRET not in response.content.decode()
    dashboard = editor_client.get(reverse("wagtailadmin_home")).content.decode()
    assert ENDPOINTS not in dashboard


def test_the_delivery_log_lists_filters_and_inspects_but_cannot_edit(admin_client):
    endpoint = make_endpoint("https://app.example.com/hooks", ["procedure.published"])
    payload = {"event_id": "0b6f6f0e-4c55-4f8e-9a43-5d1c6c1f1f0e", "event": "procedure.published"}
    common = {"endpoint": endpoint, "payload": payload, "event_id": payload["event_id"]}
    failed = Delivery.objects.create(
        event="procedure.published", body="{}", status="failed", attempts=6,
        response_status=500, response_body="Internal trouble", **common,
    )  # fmt: skip
    Delivery.objects.create(event="article.deleted", body="{}", status="succeeded", **common)

    listing = admin_client.get(DELIVERIES, {"status": "failed"})
    assert listing.status_code == 200
    assert list(listing.context["object_list"]) == [failed]
    inspect = admin_client.get(
        reverse("webhooks_delivery_modeladmin_inspect", args=[failed.pk])
    ).content.decode()
    assert "Internal trouble" in inspect and "500" in inspect
    assert admin_client.get(reverse("webhooks_delivery_modeladmin_create")).status_code in (
        302,
        403,
    )
    assert admin_client.get(
        reverse("webhooks_delivery_modeladmin_edit", args=[failed.pk])
    ).status_code in (302, 403)


def test_send_test_event_delivers_a_signed_test_event(admin_client, receiver):
    endpoint = make_endpoint(receiver.url, [])
    url = reverse("webhooks_webhookendpoint_modeladmin_send_test", args=[endpoint.pk])
    assert url in admin_client.get(ENDPOINTS).content.decode()
    assert admin_client.get(url).status_code == 200  # asks first
    assert not Delivery.objects.exists()
    assert admin_client.post(url).status_code == 302
    run_webhook_tasks()
    [got] = receiver.received
    assert got["verified"]
    assert got["payload"]["event"] == "endpoint.test"
    assert Delivery.objects.get().status == "succeeded"


def test_editors_cannot_send_test_events(editor_client):
    endpoint = make_endpoint("https://app.example.com/hooks", [])
    url = reverse("webhooks_webhookendpoint_modeladmin_send_test", args=[endpoint.pk])
    assert editor_client.post(url).status_code in (302, 403)
    assert not Delivery.objects.exists()


def test_the_demo_receiver_accepts_only_a_valid_signature():
    """`make run`'s receiver (routed only when DEBUG) checks what a receiving app checks."""
    url = "http://testserver/webhooks/demo-receiver/"
    make_endpoint(url, [])
    body = json.dumps({"event": "procedure.published", "id": 1, "url": "http://x/"}).encode()
    factory = RequestFactory()

    def post(signature):
        request = factory.post(
            url, body, content_type="application/json", HTTP_X_WEBHOOK_SIGNATURE=signature
        )
        return demo_receiver(request).status_code

    assert post(sign(SECRET, body)) == 204
    assert post(sign("wrong-secret-0123456789", body)) == 401
    assert post("") == 401
