import sys

from django.apps import AppConfig
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _


class APIv3Config(AppConfig):
    """Listed in INSTALLED_APPS before ``wagtail.api.v3`` and ``wagtail.snippets``:
    Wagtail builds every page's v3 schema once, when `wagtail.api.v3.registry` is
    first imported, so the StreamField schema must be registered before that."""

    name = "cms.api_v3"
    label = "cms_api_v3"
    verbose_name = _("API v3 (previews)")

    def ready(self):
        if "wagtail.api.v3.registry" in sys.modules:
            raise ImproperlyConfigured(
                "cms.api_v3 must come before wagtail.api.v3 and wagtail.snippets in "
                "INSTALLED_APPS: v3's page schemas were built before its StreamField "
                "schema was registered."
            )
        from .schemas import register

        register()
