"""Register the development receiver as a webhook endpoint (`make demo` runs this).

With `make run` serving the site and the webhooks worker, publishing a procedure,
article or provider in the admin then shows a succeeded delivery under Webhooks →
Deliveries, and the receiver's "verified" line in the server's log. Development only:
the receiver's route exists only when DEBUG is on.
"""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from webhooks.events import EVENT_NAMES
from webhooks.models import WebhookEndpoint

NAME = "Demo receiver (development)"


class Command(BaseCommand):
    help = "Register /webhooks/demo-receiver/ for every event (DEBUG only; safe to re-run)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--url",
            default="http://127.0.0.1:8000/webhooks/demo-receiver/",
            help="The receiver's absolute URL, as the development server serves it.",
        )

    def handle(self, *args, url, **options):
        if not settings.DEBUG:
            raise CommandError("The demo receiver is served only when DEBUG is on.")
        endpoint, created = WebhookEndpoint.objects.update_or_create(
            name=NAME, defaults={"url": url, "events": EVENT_NAMES, "active": True}
        )
        verb = "Registered" if created else "Updated"
        self.stdout.write(f"{verb} webhook endpoint {endpoint.name!r} → {endpoint.url}")
