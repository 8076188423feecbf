"""Bulk imports send no per-provider events (docs/api.md#webhooks): they publish and
unpublish providers with set-based SQL, which sends none of Wagtail's signals."""

import io

import pytest

from django.core.management import call_command

from providers.models import Provider
from tests.providers.test_import_nppes import SAMPLE, UPDATE, run_import
from webhooks.events import EVENT_NAMES
from webhooks.models import Delivery

from .conftest import make_endpoint, run_webhook_tasks


@pytest.mark.django_db
def test_an_nppes_import_that_publishes_and_unpublishes_sends_nothing(
    procedure_index, receiver, tmp_path, django_capture_on_commit_callbacks
):
    make_endpoint(receiver.url, EVENT_NAMES)
    call_command("load_nucc_taxonomy", stdout=io.StringIO())
    with django_capture_on_commit_callbacks(execute=True):
        run_import(SAMPLE, tmp_path)
        run_import(UPDATE, tmp_path)  # deactivates (unpublishes) some providers
    assert Provider.objects.filter(live=True).exists()
    assert Provider.objects.filter(live=False, deactivated_on__isnull=False).exists()
    assert not Delivery.objects.exists()
    assert run_webhook_tasks() == 0
    assert receiver.received == []
