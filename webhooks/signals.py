"""Raise webhook events from Wagtail's own signals, as the cache purge does
(`core.http_cache.signals`): pages send ``page_published`` / ``page_unpublished``,
publishable snippets (providers) ``published`` / ``unpublished``, and deletions
Django's ``pre_delete`` (Wagtail 8 has no page-deleted signal).

What does not raise events:
- Drafts: ``save_revision()`` without publishing sends no publish signal.
- Deleting content that was not live: it was never public.
- Private pages (a view restriction on them or above them): like drafts, they appear
  in no API, so their existence is not told to a receiver either.
- Bulk imports (``import_nppes`` and friends) publish and unpublish providers with
  set-based SQL, which sends no signal: one import can change a hundred thousand
  providers, and a webhook each would flood every receiver. Receivers that mirror the
  directory re-read it from the API after an import (docs/api.md#webhooks).
"""

import threading

from django.db.models.signals import post_delete, pre_delete
from django.dispatch import receiver

from wagtail.models import Page
from wagtail.signals import page_published, page_unpublished, published, unpublished

from .dispatch import send_after_commit
from .events import DELETED, PUBLISHED, UNPUBLISHED, build_payload, content_type


def raise_event(instance, action):
    kind = content_type(instance)
    if kind is None:
        return
    if isinstance(instance, Page) and instance.get_view_restrictions().exists():
        return  # a private page appears in no API, and so in no webhook either
    send_after_commit(build_payload(kind, action, instance))


@receiver(page_published)
def page_went_live(sender, instance, **kwargs):
    raise_event(instance, PUBLISHED)


@receiver(page_unpublished)
def page_went_offline(sender, instance, **kwargs):
    deleting = _deleting_pages()
    if instance.pk in deleting:
        deleting.discard(instance.pk)  # the unpublish that goes with a delete: once
        return
    raise_event(instance, UNPUBLISHED)


# Wagtail sends these for pages too, after the page_* signals: pages are handled above.
@receiver(published)
def snippet_went_live(sender, instance, **kwargs):
    if not isinstance(instance, Page):
        raise_event(instance, PUBLISHED)


@receiver(unpublished)
def snippet_went_offline(sender, instance, **kwargs):
    if not isinstance(instance, Page):
        raise_event(instance, UNPUBLISHED)


# Pages being deleted in this thread. Wagtail unpublishes a live page as it deletes it
# (its own pre_delete handler on `Page`, connected after this app's): a receiver is
# told "deleted", not "unpublished" and then "deleted".
_local = threading.local()


def _deleting_pages():
    if not hasattr(_local, "pages"):
        _local.pages = set()
    return _local.pages


@receiver(pre_delete)
def content_deleting(sender, instance, **kwargs):
    """Before the row goes, while a page still knows its URL. A page sends this for its
    `Page` row too, which `content_type` does not recognise: one event per page."""
    if isinstance(instance, Page):
        _deleting_pages().add(instance.pk)
    if getattr(instance, "live", False):
        raise_event(instance, DELETED)


@receiver(post_delete, sender=Page)
def page_deleted(sender, instance, **kwargs):
    _deleting_pages().discard(instance.pk)
