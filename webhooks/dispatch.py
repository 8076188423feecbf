"""Turn an event into deliveries once the change that raised it has committed.

`send_after_commit` is what the signal handlers call. On commit it writes one
`Delivery` per subscribed, active endpoint and enqueues the delivery task on the
"webhooks" task backend (django-tasks-db: a row in the same database, run by
`manage.py db_worker --backend webhooks`). A rolled-back publish therefore sends
nothing, and publishing never waits on a receiver: the request only inserts rows.
Anything that goes wrong here is logged, never raised into the publish.
"""

import json
import logging
import uuid

from django.db import transaction

from .models import Delivery, WebhookEndpoint
from .tasks import deliver_webhook

logger = logging.getLogger(__name__)


def encode(payload):
    """The exact bytes sent (and signed): compact JSON, keys in a stable order."""
    return json.dumps(payload, separators=(",", ":"), sort_keys=True)


def subscribed_endpoints(event):
    """Active endpoints subscribed to the event. A handful of rows: filtered in Python,
    since SQLite (development) has no JSON containment lookup."""
    return [
        endpoint
        for endpoint in WebhookEndpoint.objects.filter(active=True)
        if event in endpoint.events
    ]


def enqueue_delivery(endpoint, payload):
    """Record a pending delivery and queue its first attempt."""
    with transaction.atomic():
        delivery = Delivery.objects.create(
            endpoint=endpoint,
            event=payload["event"],
            event_id=uuid.UUID(payload["event_id"]),
            payload=payload,
            body=encode(payload),
        )
        deliver_webhook.enqueue(delivery.pk)
    return delivery


def dispatch(payload):
    """One delivery per subscribed endpoint; errors are logged, not raised."""
    try:
        for endpoint in subscribed_endpoints(payload["event"]):
            enqueue_delivery(endpoint, payload)
    except Exception:
        logger.exception("Could not queue webhook deliveries for %s", payload.get("event"))


def send_after_commit(payload):
    """Dispatch the event when the current transaction commits (now, outside one)."""
    transaction.on_commit(lambda: dispatch(payload), robust=True)
