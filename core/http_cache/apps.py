from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class HttpCacheConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "core.http_cache"
    label = "http_cache"
    verbose_name = _("HTTP cache")

    def ready(self):
        from . import signals  # noqa: F401
