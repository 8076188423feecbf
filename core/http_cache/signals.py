"""Wagtail-wide events: bump the content version and purge a page's URLs.

What only an app knows is added by that app: the directory's state pages, profiles and
imports (`providers.signals`), articles featured on procedure pages
(`procedures.signals`).

A draft save or a new revision changes nothing public and bumps nothing: only
publishing, unpublishing, moving and deleting do, and changes to what every page or
the API shows (images, documents, sites, locales, view restrictions, site settings).
"""

import threading

from django.apps import apps
from django.db import DEFAULT_DB_ALIAS, connections
from django.db.models.signals import post_delete, post_migrate, post_save, pre_delete
from django.dispatch import receiver

from wagtail.contrib.settings.models import BaseGenericSetting, BaseSiteSetting
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import CollectionViewRestriction, Locale, PageViewRestriction, Site
from wagtail.signals import (
    page_published,
    page_slug_changed,
    page_unpublished,
    post_page_move,
    pre_page_move,
    published,
    unpublished,
)

from .models import ContentVersion
from .purge import is_specific_instance, page_event_urls, purge_after_commit
from .version import content_changed


def content_models():
    """Models whose saved rows are public as they are (no draft state of their own)."""
    return (
        get_image_model(),
        get_document_model(),
        Site,
        Locale,
        PageViewRestriction,
        CollectionViewRestriction,
        BaseSiteSetting,
        BaseGenericSetting,
    )


@receiver(page_published)
@receiver(page_unpublished)
def page_went_live_or_not(sender, instance, **kwargs):
    content_changed()
    purge_after_commit(page_event_urls(instance))


@receiver(page_slug_changed)
def page_slug_changed_(sender, instance, instance_before, **kwargs):
    """The old address serves nothing now (or a redirect): purge it too."""
    purge_after_commit(page_event_urls(instance_before))


# The old addresses of pages being moved in this thread, purged once the move is done
# (purging them before it, a proxy could fetch and keep the old page again).
_moving = threading.local()


@receiver(pre_page_move)
def page_moving(sender, instance, **kwargs):
    if not hasattr(_moving, "urls"):
        _moving.urls = {}
    _moving.urls[instance.pk] = page_event_urls(instance.specific_deferred)


@receiver(post_page_move)
def page_moved(sender, instance, **kwargs):
    """Sent after the move has committed (Wagtail sends the plain `Page`)."""
    content_changed()
    before = getattr(_moving, "urls", {}).pop(instance.pk, set())
    purge_after_commit(before | page_event_urls(instance.specific_deferred))


@receiver(pre_delete)
def page_deleting(sender, instance, **kwargs):
    if is_specific_instance(instance) and instance.depth > 1:
        purge_after_commit(page_event_urls(instance))


@receiver(post_delete)
def content_deleted(sender, instance, **kwargs):
    if is_specific_instance(instance) or isinstance(instance, content_models()):
        content_changed()


# Wagtail fills these in lazily, on a read (an image's size for the API): not a change.
BOOKKEEPING_FIELDS = frozenset(["file_size", "file_hash"])


@receiver(post_save)
def content_saved(sender, instance, created=False, update_fields=None, **kwargs):
    if not isinstance(instance, content_models()):
        return
    if update_fields is not None and set(update_fields) <= BOOKKEEPING_FIELDS:
        return
    if created and isinstance(instance, BaseSiteSetting | BaseGenericSetting):
        return  # created with its defaults on first read, which pages showed already
    content_changed()


@receiver(published)
@receiver(unpublished)
def snippet_went_live_or_not(sender, instance, **kwargs):
    """Any publishable snippet (providers among them): what the public sees changed."""
    content_changed()


@receiver(post_migrate)
def code_deployed(sender, app_config, using=DEFAULT_DB_ALIAS, **kwargs):
    """A deploy runs migrate: clients holding only a Last-Modified (which has no code
    release in it, unlike the ETag) revalidate once against the new code."""
    if app_config is not apps.get_app_config("http_cache"):
        return
    if ContentVersion._meta.db_table in connections[using].introspection.table_names():
        content_changed()
