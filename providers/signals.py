"""Keep derived directory data in step with editors' changes."""

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from wagtail.signals import page_published, published, unpublished

from .counts import provider_pairs, refresh_counts, refresh_pairs
from .linking import sync_all_specialty_links, sync_specialty_links
from .models import Provider, ProviderProcedure


@receiver(page_published)
def procedure_published(sender, instance, **kwargs):
    """A procedure's performing specialties may have changed: re-derive its links."""
    from procedures.models import ProcedurePage

    if isinstance(instance, ProcedurePage):
        sync_specialty_links(instance)
        refresh_counts([instance.pk])


@receiver(published, sender=Provider)
@receiver(unpublished, sender=Provider)
def provider_published(sender, instance, **kwargs):
    """A provider's specialties may have changed: re-derive their links."""
    before = provider_pairs([instance.pk])
    sync_all_specialty_links(provider_ids=[instance.pk])
    refresh_pairs(before | provider_pairs([instance.pk]))


@receiver(post_save, sender=ProviderProcedure)
@receiver(post_delete, sender=ProviderProcedure)
def link_changed(sender, instance, **kwargs):
    """A link saved or deleted one at a time (editors, tests): recount its pair."""
    refresh_pairs({(instance.procedure_id, instance.state)})
