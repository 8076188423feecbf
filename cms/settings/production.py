"""Production settings: every secret and host from the environment, fail fast without them.

Unlike demo projects that ship a hard-coded key and ALLOWED_HOSTS="*", this module
refuses to start when a required variable is missing or unsafe, and names every
problem in one message (`cms.settings.environment`), so a misconfigured deploy fails
at boot rather than serving insecurely. docs/deployment.md lists the variables.
"""

import os

import sentry_sdk
from sentry_sdk.integrations.django import DjangoIntegration

from .base import *  # noqa: F403
from .environment import (
    ProductionEnvironmentError,
    email_settings,
    production_problems,
    production_warnings,
    split_list,
)

_problems = production_problems(os.environ)
if _problems:
    raise ProductionEnvironmentError(_problems)

DEBUG = False
SECRET_KEY = os.environ["SECRET_KEY"].strip()
ALLOWED_HOSTS = split_list(os.environ["ALLOWED_HOSTS"])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")  # noqa: F405

# One JSON object per log line, for the log collector (LOG_FORMAT=text to read by eye).
if "LOG_FORMAT" not in os.environ:
    LOGGING["handlers"]["console"]["formatter"] = "json"  # noqa: F405

# Errors (with the request id as a tag) go to Sentry when SENTRY_DSN is set. No
# personal data: no cookies, user details or request bodies leave the site.
SENTRY_DSN = os.environ.get("SENTRY_DSN", "").strip()
if SENTRY_DSN:
    sentry_sdk.init(
        dsn=SENTRY_DSN,
        integrations=[DjangoIntegration()],
        environment=os.environ.get("SENTRY_ENVIRONMENT", "production"),
        send_default_pii=False,
        traces_sample_rate=0.0,
    )

# Absolute links (the API's html_url and find/ redirects, links in admin emails) use
# the public address, not whatever host the Site record was created with.
PUBLIC_BASE_URL = os.environ.get("PUBLIC_BASE_URL", "").strip().rstrip("/")
if PUBLIC_BASE_URL:
    WAGTAILAPI_BASE_URL = PUBLIC_BASE_URL
    WAGTAILADMIN_BASE_URL = os.environ.get("WAGTAILADMIN_BASE_URL", PUBLIC_BASE_URL)

# Mail (Clinical review notifications, password resets) through the SMTP server the
# environment names. Without EMAIL_HOST the site still serves, but each server process
# warns at start-up (cms.wsgi, cms.asgi): notifications would be skipped silently.
# Sets EMAIL_BACKEND, EMAIL_HOST, EMAIL_PORT, EMAIL_HOST_USER, EMAIL_HOST_PASSWORD,
# EMAIL_USE_TLS, EMAIL_USE_SSL, EMAIL_TIMEOUT, DEFAULT_FROM_EMAIL and SERVER_EMAIL.
globals().update(email_settings(os.environ))
PRODUCTION_WARNINGS = production_warnings(os.environ)

# TLS ends at the proxy or load balancer, which says so in X-Forwarded-Proto.
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = os.environ.get("SECURE_SSL_REDIRECT", "true").lower() == "true"
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 31536000)  # noqa: F405
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
X_FRAME_OPTIONS = "DENY"

# Django's own admin is not part of the product (editors use Wagtail's); served only
# when an operator asks for it.
DJANGO_ADMIN_ENABLED = os.environ.get("DJANGO_ADMIN_ENABLED", "false").lower() == "true"

STORAGES = {
    "default": media_storage(),  # noqa: F405
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
