import sys

from django.apps import AppConfig, apps
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
        add_locales_router()


def add_locales_router():
    """Mount Wagtail's v3 ``/locales/`` (the site's languages, with a token).

    `wagtail.locales` mounts it from its `ready()`, but wagtail-localize replaces that
    app with its own locales admin (`wagtail_localize.locales`), which mounts no API:
    without this, ``/api/v3/locales/`` would be a 404. The router's writes stay
    refused by the guard (cms/api_v3/guard.py), as every v3 write is.
    """
    if apps.is_installed("wagtail.locales"):
        return  # Wagtail's app mounts it itself.
    from wagtail.api.v3.api import api
    from wagtail.locales.api.v3 import router

    api.add_router("/locales/", router)
