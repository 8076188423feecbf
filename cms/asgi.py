"""ASGI entry point, for servers that speak ASGI."""

import os

from django.conf import settings
from django.core.asgi import get_asgi_application

from cms.settings.environment import log_production_warnings

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cms.settings.dev")

application = get_asgi_application()
# Production's non-fatal configuration problems (no mail server, say), now that logging
# is set up.
log_production_warnings(getattr(settings, "PRODUCTION_WARNINGS", ()))
