"""Webhook endpoints registered by administrators, and the log of every delivery.

A delivery keeps the exact body it signed, so every retry sends the same bytes and
signature, and an administrator can see what was sent, how often, and what the
receiver answered.
"""

from django.core.validators import URLValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from .events import EVENT_CHOICES
from .signing import mask, new_secret

# A receiver's answer kept in the log: enough to see an error message, not a page.
RESPONSE_EXCERPT_CHARS = 1000


class WebhookEndpoint(models.Model):
    """A URL that receives a signed POST for each subscribed event."""

    name = models.CharField(_("name"), max_length=100)
    url = models.URLField(
        _("URL"),
        max_length=500,
        validators=[URLValidator(schemes=["http", "https"])],
        help_text=_("Receives a POST for each event (http or https)."),
    )
    secret = models.CharField(
        _("secret"),
        max_length=128,
        default=new_secret,
        help_text=_("Signs every delivery (HMAC-SHA256). Give it to the receiving app."),
    )
    events = models.JSONField(_("events"), default=list, blank=True)
    active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("webhook endpoint")
        verbose_name_plural = _("webhook endpoints")
        ordering = ["name"]

    def __str__(self):
        return self.name

    def subscribes_to(self, event):
        return self.active and event in self.events

    def masked_secret(self):
        return mask(self.secret)

    masked_secret.short_description = _("secret")

    def event_labels(self):
        labels = dict(EVENT_CHOICES)
        return ", ".join(str(labels.get(event, event)) for event in self.events)

    event_labels.short_description = _("events")


class Delivery(models.Model):
    """One event sent to one endpoint: its payload, attempts and last answer."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Pending")
        SUCCEEDED = "succeeded", _("Succeeded")
        FAILED = "failed", _("Failed")

    endpoint = models.ForeignKey(
        WebhookEndpoint,
        verbose_name=_("endpoint"),
        on_delete=models.CASCADE,
        related_name="deliveries",
    )
    event = models.CharField(_("event"), max_length=50)
    event_id = models.UUIDField(_("event id"))
    payload = models.JSONField(_("payload"))
    body = models.TextField(_("body"), help_text=_("The exact JSON sent and signed."))
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PENDING
    )
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    response_status = models.PositiveSmallIntegerField(_("last response code"), null=True)
    response_body = models.TextField(_("last response"), blank=True)
    error = models.TextField(_("last error"), blank=True)
    next_retry_at = models.DateTimeField(_("next retry at"), null=True, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    delivered_at = models.DateTimeField(_("delivered at"), null=True, blank=True)

    class Meta:
        verbose_name = _("webhook delivery")
        verbose_name_plural = _("webhook deliveries")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["status", "-created_at"], name="webhooks_status_created")]

    def __str__(self):
        return f"{self.event} → {self.endpoint}"
