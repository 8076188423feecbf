"""The background task that POSTs one delivery, retrying with exponential backoff.

Runs on the "webhooks" task backend (settings ``TASKS``), which is django-tasks-db:
a failed attempt re-enqueues the task with ``run_after`` set to the next retry, so
retries survive a worker restart and the delivery log always says when the next one
is due. After ``WEBHOOKS_MAX_ATTEMPTS`` attempts the delivery is marked failed.

Success is a 2xx answer. Redirects are not followed (a receiver that moved must be
re-registered, and following one would re-send the signed body somewhere else).
"""

import logging
import urllib.error
import urllib.request
from datetime import timedelta

from django_tasks import task

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from .models import RESPONSE_EXCERPT_CHARS, Delivery
from .signing import SIGNATURE_HEADER, sign

logger = logging.getLogger(__name__)

TASK_BACKEND = "webhooks"
USER_AGENT = "procedures-cms-webhooks/1"


class NoRedirects(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, req, fp, code, msg, headers, newurl):
        return None  # urllib then raises HTTPError with the 3xx code


_opener = urllib.request.build_opener(NoRedirects)


def backoff(attempts):
    """Seconds to wait after the ``attempts``-th failed attempt: base × 2^(attempts-1)
    (30 s, 1 min, 2 min, 4 min, … with the default base)."""
    return settings.WEBHOOKS_RETRY_BASE_SECONDS * 2 ** (attempts - 1)


def headers_for(delivery):
    body = delivery.body.encode()
    return {
        "Content-Type": "application/json",
        "User-Agent": USER_AGENT,
        SIGNATURE_HEADER: sign(delivery.endpoint.secret, body),
        "X-Webhook-Event": delivery.event,
        "X-Webhook-Event-Id": str(delivery.event_id),
        "X-Webhook-Delivery": str(delivery.pk),
        "X-Webhook-Timestamp": delivery.payload.get("timestamp", ""),
    }


def post(delivery):
    """POST the delivery once: (status code or None, response excerpt, error text)."""
    request = urllib.request.Request(  # noqa: S310 (http/https only: the URL's validator)
        delivery.endpoint.url,
        data=delivery.body.encode(),
        headers=headers_for(delivery),
        method="POST",
    )
    try:
        with _opener.open(request, timeout=settings.WEBHOOKS_TIMEOUT_SECONDS) as response:
            excerpt = response.read(RESPONSE_EXCERPT_CHARS).decode("utf-8", "replace")
            return response.status, excerpt, ""
    except urllib.error.HTTPError as error:
        excerpt = error.read(RESPONSE_EXCERPT_CHARS).decode("utf-8", "replace")
        return error.code, excerpt, f"HTTP {error.code}"
    except Exception as error:  # refused, timed out, DNS, TLS: all logged, all retried
        return None, "", f"{type(error).__name__}: {error}"[:RESPONSE_EXCERPT_CHARS]


@task(backend=TASK_BACKEND)
def deliver_webhook(delivery_id):
    """Attempt the delivery; on failure schedule the next attempt or give up."""
    delivery = (
        Delivery.objects.select_related("endpoint")
        .filter(pk=delivery_id, status=Delivery.Status.PENDING)
        .first()
    )
    if delivery is None:
        return "gone"  # deleted with its endpoint, or already settled
    if not delivery.endpoint.active:
        # An administrator switched the endpoint off: stop retrying, say why.
        delivery.status = Delivery.Status.FAILED
        delivery.error = "Endpoint deactivated before this attempt"
        delivery.next_retry_at = None
        delivery.save()
        return delivery.status
    code, excerpt, error = post(delivery)
    delivery.attempts += 1
    delivery.response_status = code
    delivery.response_body = excerpt
    delivery.error = error
    now = timezone.now()
    if code is not None and 200 <= code < 300:
        delivery.status = Delivery.Status.SUCCEEDED
        delivery.delivered_at = now
        delivery.next_retry_at = None
    elif delivery.attempts >= settings.WEBHOOKS_MAX_ATTEMPTS:
        delivery.status = Delivery.Status.FAILED
        delivery.next_retry_at = None
        logger.warning(
            "Webhook delivery %s to %s failed after %s attempts: %s",
            delivery.pk,
            delivery.endpoint.url,
            delivery.attempts,
            error,
        )
    else:
        delivery.next_retry_at = now + timedelta(seconds=backoff(delivery.attempts))
    with transaction.atomic():  # the log never promises a retry that is not queued
        delivery.save()
        if delivery.next_retry_at is not None:
            deliver_webhook.using(run_after=delivery.next_retry_at).enqueue(delivery.pk)
    return delivery.status
