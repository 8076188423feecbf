from django.apps import AppConfig
from django.db.models.signals import post_migrate


class HomeConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "home"

    def ready(self):
        from wagtail.signals import copy_for_translation_done

        from . import signals  # noqa: F401
        from .locales import ensure_locales
        from .roles import extend_to_translation

        # After every migrate (and test-database flush): a Locale per configured language.
        post_migrate.connect(ensure_locales, sender=self)
        # A section translated after `setup_roles` ran keeps its workflow and permissions.
        copy_for_translation_done.connect(extend_to_translation)
