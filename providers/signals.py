"""Keep derived directory data in step with what is published.

Links copy a provider's state, live flag and ranking inputs, and the map reads a
per-state count summary: both are public. So they are only ever copied from the
provider's saved row, and only when a save wrote a field they copy. For a live
provider only publishing writes that row: Wagtail keeps an editor's draft of a live
snippet in a revision and saves nothing but revision bookkeeping on the row
(`save(update_fields=[...])`), which leaves links and counts alone.
"""

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from wagtail.signals import page_published, published, unpublished

from .counts import provider_pairs, refresh_counts, refresh_pairs
from .linking import refresh_links_from_providers, sync_provider_links, sync_specialty_links
from .models import PROVIDER_LINK_SOURCES, Provider, ProviderProcedure, procedure_model


@receiver(post_save, sender=Provider)
def provider_saved(sender, instance, update_fields=None, **kwargs):
    """Copy a provider's saved ranking and filtering fields onto its links."""
    if update_fields is not None and not set(update_fields) & set(PROVIDER_LINK_SOURCES):
        return  # e.g. a draft of a live provider: nothing public changed
    before = provider_pairs([instance.pk])
    refresh_links_from_providers([instance.pk])
    refresh_pairs(before | provider_pairs([instance.pk]))


@receiver(page_published)
def procedure_published(sender, instance, **kwargs):
    """A procedure's performing specialties may have changed: re-derive its links."""
    if isinstance(instance, procedure_model()):
        sync_specialty_links(instance)
        refresh_counts([instance.pk])


@receiver(published, sender=Provider)
@receiver(unpublished, sender=Provider)
def provider_published(sender, instance, **kwargs):
    """The provider's verified procedures and specialties may have changed: re-derive
    their links from what is now published."""
    before = provider_pairs([instance.pk])
    sync_provider_links([instance.pk])
    refresh_pairs(before | provider_pairs([instance.pk]))


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
