"""An author's or reviewer's name, credentials, role or photo are public the moment they
are saved: people have no draft state, and every page and API answer that credits them
shows them. Saving or deleting one is a content change: the content version moves on,
so cached pages, fragments and validators issued before are renewed
(`core.http_cache`). A shared cache's copies expire with their max-age."""

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from core.http_cache.version import content_changed

from .models import Person


@receiver(post_save, sender=Person)
@receiver(post_delete, sender=Person)
def person_changed(sender, instance, **kwargs):
    content_changed()
