"""Two small views: the admin's "Send test event" and, in development only, a receiver.

The demo receiver (``/webhooks/demo-receiver/``, routed only when DEBUG) is how
`make run` shows a delivery end to end: the demo content registers an endpoint
pointing at it, the worker started by `make run` posts to it, and it verifies the
signature exactly as docs/api.md tells a receiving app to, with the endpoint's
secret, then logs what it got. It answers 401 to a bad signature, so a broken
signature shows as a failed delivery in the admin's log.
"""

import json
import logging

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_POST

from .dispatch import enqueue_delivery
from .events import test_payload
from .models import WebhookEndpoint
from .signing import SIGNATURE_HEADER, verify

logger = logging.getLogger(__name__)


@require_http_methods(["GET", "POST"])
def send_test_event(request, instance_pk):
    """Ask, then queue an ``endpoint.test`` delivery to one endpoint (administrators only)."""
    if not request.user.is_superuser:
        raise PermissionDenied
    endpoint = get_object_or_404(WebhookEndpoint, pk=instance_pk)
    index_url = reverse("webhooks_webhookendpoint_modeladmin_index")
    if request.method == "GET":
        context = {
            "endpoint": endpoint,
            "index_url": index_url,
            "page_title": _("Send test event"),
            "header_icon": "link-external",
        }
        return TemplateResponse(request, "webhooks/send_test_confirm.html", context)
    enqueue_delivery(endpoint, test_payload())
    messages.success(
        request,
        _("Test event queued for %(name)s: see Webhook deliveries.") % {"name": endpoint.name},
    )
    return redirect(index_url)


@csrf_exempt
@require_POST
def demo_receiver(request):
    """Development only: verify a delivery's signature and log it."""
    endpoint = WebhookEndpoint.objects.filter(url=request.build_absolute_uri()).first()
    signature = request.headers.get(SIGNATURE_HEADER, "")
    if endpoint is None or not verify(endpoint.secret, request.body, signature):
        logger.warning("Demo receiver: signature did not verify")
        return JsonResponse({"verified": False}, status=401)
    payload = json.loads(request.body)
    logger.info("Demo receiver: verified %s %s %s", payload["event"], payload["id"], payload["url"])
    return HttpResponse(status=204)
