"""Local development: debug on, a throwaway secret key, localhost only."""

import os

from .base import *  # noqa: F403

DEBUG = True
SECRET_KEY = os.environ.get("SECRET_KEY", "dev-only-insecure-key-do-not-use-in-production")
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost,[::1]")  # noqa: F405
EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
# Browsers revalidate every page (and get 304s) rather than keep one for a minute.
HTTP_CACHE_MAX_AGE = env_int("HTTP_CACHE_MAX_AGE", 0)  # noqa: F405
# Templates change under `make run` without a restart: no full-page or fragment cache
# unless asked.
PAGE_CACHE_SECONDS = env_int("PAGE_CACHE_SECONDS", 0)  # noqa: F405
CONTENT_FRAGMENT_CACHE_SECONDS = env_int("CONTENT_FRAGMENT_CACHE_SECONDS", 0)  # noqa: F405
