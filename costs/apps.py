from django.apps import AppConfig


class CostsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "costs"
    verbose_name = "Medicare costs"

    def ready(self):
        # Fill in the directory's extension points (providers cannot import this app).
        from .extension import register_with_providers

        register_with_providers()
