"""WSGI entry point. Production servers set DJANGO_SETTINGS_MODULE=cms.settings.production."""

import os

from django.core.wsgi import get_wsgi_application

from cms.memory import freeze_startup_objects

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cms.settings.dev")

application = get_wsgi_application()
freeze_startup_objects()
