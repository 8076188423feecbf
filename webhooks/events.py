"""The events an endpoint can subscribe to, and the payload each one sends.

Three kinds of public content raise events: procedure pages, articles and providers,
each when it is published (first time or an update), unpublished, or deleted while
live. Content that was never public raises nothing: drafts appear in no API, so a
webhook must not reveal them either.

Models are named by app label ("procedures.ProcedurePage"), not imported: this app
only needs to recognise them, and a label keeps it free of their code.
"""

import uuid

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from wagtail.models import Site

PUBLISHED = "published"
UNPUBLISHED = "unpublished"
DELETED = "deleted"
ACTIONS = (PUBLISHED, UNPUBLISHED, DELETED)

# Model label (lower case, as `Model._meta.label_lower`) -> the payload's "type".
CONTENT_TYPES = {
    "procedures.procedurepage": "procedure",
    "procedures.articlepage": "article",
    "providers.provider": "provider",
}
TYPE_LABELS = {
    "procedure": _("Procedure"),
    "article": _("Article"),
    "provider": _("Provider"),
}
ACTION_LABELS = {
    PUBLISHED: _("published"),
    UNPUBLISHED: _("unpublished"),
    DELETED: _("deleted"),
}
# "procedure.published", … : what an endpoint subscribes to.
EVENT_NAMES = [f"{kind}.{action}" for kind in TYPE_LABELS for action in ACTIONS]
EVENT_CHOICES = [
    (f"{kind}.{action}", f"{TYPE_LABELS[kind]} {ACTION_LABELS[action]}")
    for kind in TYPE_LABELS
    for action in ACTIONS
]
# Sent only by the admin's "Send test event" button, to every endpoint asked.
TEST_EVENT = "endpoint.test"

API_ROOT = "/api/v2/"


def content_type(instance):
    """The payload "type" of a model instance, or None when it raises no events."""
    return CONTENT_TYPES.get(instance._meta.label_lower)


def base_url():
    """Where absolute URLs point: the API's base URL when set, else the default site."""
    configured = getattr(settings, "WAGTAILAPI_BASE_URL", None)
    if configured:
        return configured.rstrip("/")
    site = Site.objects.filter(is_default_site=True).first()
    return site.root_url if site else ""


def content_urls(kind, instance):
    """The public URL and the API URL of the content, absolute."""
    base = base_url()
    if kind == "provider":
        return base + instance.get_absolute_url(), f"{base}{API_ROOT}providers/{instance.pk}/"
    return instance.get_full_url() or "", f"{base}{API_ROOT}pages/{instance.pk}/"


def content_locale(instance):
    """The language code of a page ("en", "es"), or None for content that is one record
    shown in every language (a provider)."""
    locale = getattr(instance, "locale", None)
    return locale.language_code if locale is not None else None


def build_payload(kind, action, instance):
    """The JSON document every subscribed endpoint receives for this event.

    Built when the signal fires (a deleted page still knows its URL then), sent after
    the transaction commits. ``event_id`` is the same for every endpoint, so a
    receiver subscribed twice can tell a repeat from a new event.
    """
    url, api_url = content_urls(kind, instance)
    return {
        "event_id": str(uuid.uuid4()),
        "event": f"{kind}.{action}",
        "type": kind,
        "id": instance.pk,
        "url": url,
        "api_url": api_url,
        # Each language's page is its own page (its own id and URL): a receiver that
        # mirrors one language filters on this, and finds the others through
        # `/api/v2/pages/?translation_of=<id>`.
        "locale": content_locale(instance),
        "timestamp": timezone.now().isoformat(),
    }


def test_payload():
    return {
        "event_id": str(uuid.uuid4()),
        "event": TEST_EVENT,
        "type": "test",
        "id": None,
        "url": base_url() + "/",
        "api_url": f"{base_url()}{API_ROOT}",
        "locale": None,
        "timestamp": timezone.now().isoformat(),
    }
