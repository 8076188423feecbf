"""A row of the site settings' texts in another language (`SiteSettingsTranslation`)
changes what every page of that language shows: it moves the content version, as a
save of the settings themselves does (`core.http_cache.signals`), so no cached page or
remembered copy of the settings (`SiteSettings.for_request`) outlives it.

The admin saves the settings and their rows together (one version bump would do); a
row saved or deleted on its own, by a script or the shell, needs its own.
"""

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from core.http_cache.version import content_changed

from .models import SiteSettingsTranslation


@receiver(post_save, sender=SiteSettingsTranslation)
@receiver(post_delete, sender=SiteSettingsTranslation)
def site_text_changed(sender, **kwargs):
    content_changed()
