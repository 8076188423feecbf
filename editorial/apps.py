from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EditorialConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "editorial"
    verbose_name = _("Editorial governance")

    def ready(self):
        from . import (
            signals,  # noqa: F401
            translated_strings,
        )

        translated_strings.connect()
