from django.apps import AppConfig
from django.db.models.signals import post_migrate


class HomeConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "home"

    def ready(self):
        from .locales import ensure_locales

        # After every migrate (and test-database flush): a Locale per configured language.
        post_migrate.connect(ensure_locales, sender=self)
