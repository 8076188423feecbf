"""WSGI entry point. Production servers set DJANGO_SETTINGS_MODULE=cms.settings.production."""

import os

from django.conf import settings
from django.core.wsgi import get_wsgi_application

from cms.settings.environment import log_production_warnings
from core.memory import freeze_startup_objects

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cms.settings.dev")

application = get_wsgi_application()
# Production's non-fatal configuration problems (no mail server, say), now that logging
# is set up.
log_production_warnings(getattr(settings, "PRODUCTION_WARNINGS", ()))
freeze_startup_objects()
