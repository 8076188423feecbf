"""Keep derived directory data in step with what is published.

Links copy a provider's state, live flag and ranking inputs, and the map reads a
per-state count summary: both are public. So they are only ever copied from the
provider's saved row, and only when a save wrote a field they copy. For a live
provider only publishing writes that row: Wagtail keeps an editor's draft of a live
snippet in a revision and saves nothing but revision bookkeeping on the row
(`save(update_fields=[...])`), which leaves links and counts alone.
"""

from django.db.models.signals import post_delete, post_save, pre_delete, pre_save
from django.dispatch import receiver

from wagtail.signals import page_published, page_unpublished, post_page_move, published, unpublished

from core.http_cache.purge import purge_after_commit
from core.http_cache.version import content_changed

from .counts import provider_pairs, refresh_counts, refresh_pairs
from .linking import refresh_links_from_providers, sync_provider_links, sync_specialty_links
from .models import (
    PROVIDER_LINK_SOURCES,
    Language,
    Provider,
    ProviderProcedure,
    Specialty,
    procedure_model,
)
from .purge import (
    procedure_event_urls,
    purge_deleted_provider,
    purge_provider,
    remember_provider_urls,
)

# What Wagtail writes on the row when an editor saves a draft, and the import's own flag.
REVISION_BOOKKEEPING = frozenset(
    ["latest_revision", "live_revision", "has_unpublished_changes", "unpublished_by_import"]
)


def writes_public_fields(update_fields):
    """A full save, or one that writes a field the links copy (not revision bookkeeping)."""
    return update_fields is None or bool(set(update_fields) & set(PROVIDER_LINK_SOURCES))


@receiver(pre_save, sender=Provider)
@receiver(pre_delete, sender=Provider)
def provider_changing(sender, instance, update_fields=None, **kwargs):
    """Note the provider's public URLs before the change (its old name and states)."""
    if writes_public_fields(update_fields):
        remember_provider_urls(instance)


@receiver(post_save, sender=Provider)
def provider_saved(sender, instance, update_fields=None, **kwargs):
    """Copy a provider's saved ranking and filtering fields onto its links."""
    if not writes_public_fields(update_fields):
        # e.g. a draft of a live provider: nothing public changed, unless the save wrote
        # a shown field the links do not copy (a script saving the bio, say).
        if not set(update_fields) <= REVISION_BOOKKEEPING:
            content_changed()
        return
    before = provider_pairs([instance.pk])
    refresh_links_from_providers([instance.pk])
    refresh_pairs(before | provider_pairs([instance.pk]))
    purge_provider(instance)


@receiver(post_delete, sender=Provider)
def provider_deleted(sender, instance, **kwargs):
    content_changed()
    purge_deleted_provider(instance)


@receiver(page_published)
def procedure_published(sender, instance, **kwargs):
    """A procedure's performing specialties may have changed: re-derive its links."""
    if isinstance(instance, procedure_model()):
        sync_specialty_links(instance)
        refresh_counts([instance.pk])
        purge_after_commit(procedure_event_urls(instance))


@receiver(page_unpublished)
@receiver(post_page_move)
def procedure_unpublished_or_moved(sender, instance, **kwargs):
    """Profiles name and link the procedure; its counts in the API carry its URL."""
    # A move sends the plain `Page`: the sender is the page's class.
    if issubclass(sender, procedure_model()):
        purge_after_commit(procedure_event_urls(instance))


@receiver(pre_delete)
def procedure_deleting(sender, instance, **kwargs):
    """Before its links are deleted with it: the profiles that list it."""
    if type(instance) is procedure_model():
        purge_after_commit(procedure_event_urls(instance))


@receiver(published, sender=Provider)
@receiver(unpublished, sender=Provider)
def provider_published(sender, instance, **kwargs):
    """The provider's verified procedures and specialties may have changed: re-derive
    their links from what is now published."""
    before = provider_pairs([instance.pk])
    sync_provider_links([instance.pk])
    refresh_pairs(before | provider_pairs([instance.pk]))
    purge_provider(instance)


@receiver(published, sender=Provider)
@receiver(unpublished, sender=Provider)
def publication_is_the_editors(sender, instance, **kwargs):
    """An editor published or unpublished the provider: from now on an NPPES
    reactivation must not publish it again (see `Provider.unpublished_by_import`)."""
    Provider.objects.filter(pk=instance.pk, unpublished_by_import=True).update(
        unpublished_by_import=False
    )
    instance.unpublished_by_import = False


@receiver(post_save, sender=ProviderProcedure)
@receiver(post_delete, sender=ProviderProcedure)
def link_changed(sender, instance, **kwargs):
    """A link saved or deleted one at a time (editors, tests): recount its pair."""
    refresh_pairs({(instance.procedure_id, instance.state)})


@receiver(post_save, sender=Specialty)
@receiver(post_delete, sender=Specialty)
@receiver(post_save, sender=Language)
@receiver(post_delete, sender=Language)
def vocabulary_changed(sender, **kwargs):
    """Specialty and language names are on profiles, state pages and in the API."""
    content_changed()
