"""Keep derived directory data in step with editors' changes."""

from django.dispatch import receiver

from wagtail.signals import page_published, published, unpublished

from .linking import sync_all_specialty_links, sync_specialty_links
from .models import Provider


@receiver(page_published)
def procedure_published(sender, instance, **kwargs):
    """A procedure's performing specialties may have changed: re-derive its links."""
    from procedures.models import ProcedurePage

    if isinstance(instance, ProcedurePage):
        sync_specialty_links(instance)


@receiver(published, sender=Provider)
@receiver(unpublished, sender=Provider)
def provider_published(sender, instance, **kwargs):
    """A provider's specialties may have changed: re-derive their links."""
    sync_all_specialty_links(provider_ids=[instance.pk])
