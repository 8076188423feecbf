from django.apps import AppConfig


class HttpCacheConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "core.http_cache"
    label = "http_cache"
    verbose_name = "HTTP cache"

    def ready(self):
        from . import signals  # noqa: F401
