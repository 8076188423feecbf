"""Test settings: PostgreSQL in CI through DATABASE_URL, fast password hashing."""

import tempfile

from .base import *  # noqa: F403

DEBUG = False
SECRET_KEY = "test-only-secret-key"  # noqa: S105
ALLOWED_HOSTS = ["*"]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
MEDIA_ROOT = tempfile.mkdtemp(prefix="cms-test-media-")
STATIC_ROOT = tempfile.mkdtemp(prefix="cms-test-static-")
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
WAGTAILAPI_BASE_URL = "http://testserver"
WAGTAILADMIN_BASE_URL = "http://testserver"
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
LOGGING = {"version": 1, "disable_existing_loggers": False}
# Wagtail's test helpers log in with `client.login()`, which passes no request, and
# django-axes refuses that; tests/test_security.py turns it on to test the lockout.
AXES_ENABLED = False
# Tests send many API requests from one address; tests/test_security.py sets a rate.
API_THROTTLE_RATE = None
# Purges go to a backend that records them (tests/frontend_cache.py), so tests can
# assert the exact URLs each event purges.
WAGTAILFRONTENDCACHE = {"default": {"BACKEND": "tests.frontend_cache.RecordingBackend"}}
HTTP_CACHE_MAX_AGE = 60
HTTP_CACHE_SHARED_MAX_AGE = None
HTTP_CACHE_RELEASE = "test"
CORS_ALLOWED_ORIGINS = ["https://app.example.com"]
# Tests change content without publishing; tests/http_cache/test_page_cache.py turns it on.
PAGE_CACHE_SECONDS = 0
# Query-count tests compare requests made before and after content changes; the first
# request after a change would look the site up again. tests/http_cache/test_remembered.py
# turns it on.
HTTP_CACHE_REMEMBER_SITE = False
# Tests change content without publishing; tests/http_cache/test_fragments.py turns it on.
CONTENT_FRAGMENT_CACHE_SECONDS = 0
