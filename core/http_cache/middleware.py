"""ETag, Last-Modified, 304 and Cache-Control for every public GET, decided before the view.

Django's `condition()` decorator and `ConditionalGetMiddleware` need the view to run
(the latter hashes the rendered body), so a revalidation would cost a full render.
Here the validator is the site's content version (`version.current()`, one
primary-key query) hashed with the code release and the URL, so a matching
``If-None-Match`` is answered 304 before the session or the view. The URL's query string
counts only for the parameters the view reads (`query`): ``?utm_source=…`` and the
plain URL share their validator, ``?page=2`` has its own.

Who gets what:

- *private* (``Cache-Control: private, no-store``, no validators): the admin and other
  private prefixes (``HTTP_CACHE_PRIVATE_PATHS``), any request with an
  ``Authorization`` header or a session cookie (an editor, a visitor who unlocked a
  password-protected page), Wagtail previews (``request.is_preview``), and any
  response that sets a cookie or says ``private``/``no-store`` itself. A validator
  is never issued to, or honoured for, such a request, so a copy cannot revalidate
  across users or auth states;
- *public* (``Cache-Control: public, max-age=HTTP_CACHE_MAX_AGE`` [``, s-maxage=...``],
  ``ETag``, ``Last-Modified``): anonymous GET/HEAD answered 200 anywhere else;
- untouched: ``HTTP_CACHE_UNCACHED_PATHS`` (health check, static and media files,
  documents), other methods and other statuses.
"""

import hashlib
from functools import cache

import django
from django.conf import settings
from django.http import HttpResponseNotModified
from django.utils.cache import patch_cache_control
from django.utils.http import http_date, parse_etags, parse_http_date_safe

import wagtail

from . import page_cache, version
from .query import keyed_url
from .remembered import remember_site

PRIVATE = "private, no-store"
DEFAULT_PRIVATE_PATHS = ("/admin/", "/django-admin/", "/api/v3/")
DEFAULT_UNCACHED_PATHS = ("/healthz", "/static/", "/media/", "/documents/")
SAFE_METHODS = ("GET", "HEAD")


# What a page is made from: every app's code and templates, the interface catalogs
# (a translation fixed is a page changed), the site's templates and static files.
RELEASE_FOLDERS = (
    "cms",
    "core",
    "costs",
    "editorial",
    "home",
    "procedures",
    "providers",
    "webhooks",
    "locale",
    "templates",
    "static",
)
RELEASE_SUFFIXES = {".py", ".html", ".css", ".js", ".json", ".toml", ".svg", ".mo"}


@cache
def release():
    """What identifies the running code in validators: a deploy that changes templates
    or code must not revalidate pages rendered by the old one. HTTP_CACHE_RELEASE (a
    commit id, say) when set; otherwise a digest of the project's templates, code and
    static files and of Django's and Wagtail's versions, the same in every worker."""
    configured = getattr(settings, "HTTP_CACHE_RELEASE", "")
    if configured:
        return configured
    digest = hashlib.blake2b(digest_size=8)
    digest.update(f"{django.__version__} {wagtail.__version__}".encode())
    base = settings.BASE_DIR
    for folder in RELEASE_FOLDERS:
        for path in sorted((base / folder).rglob("*")):
            if path.is_file() and path.suffix in RELEASE_SUFFIXES:
                digest.update(str(path.relative_to(base)).encode())
                digest.update(path.read_bytes())
    return digest.hexdigest()


def max_age_directives():
    directives = {"public": True, "max_age": getattr(settings, "HTTP_CACHE_MAX_AGE", 60)}
    shared = getattr(settings, "HTTP_CACHE_SHARED_MAX_AGE", None)
    if shared is not None:
        directives["s_maxage"] = shared
    return directives


def etag_for(request, state):
    """A weak ETag: the body may differ in bytes (compression) but not in meaning."""
    key = "\n".join(
        (
            release(),
            state.token,
            request.scheme,
            request.META.get("HTTP_HOST", ""),
            keyed_url(request),
        )
    )
    return f'W/"{hashlib.blake2b(key.encode(), digest_size=12).hexdigest()}"'


def is_private_request(request):
    if "HTTP_AUTHORIZATION" in request.META:
        return True
    if settings.SESSION_COOKIE_NAME in request.COOKIES:
        return True
    prefixes = getattr(settings, "HTTP_CACHE_PRIVATE_PATHS", DEFAULT_PRIVATE_PATHS)
    return request.path_info.startswith(tuple(prefixes))


def is_uncached_path(request):
    prefixes = getattr(settings, "HTTP_CACHE_UNCACHED_PATHS", DEFAULT_UNCACHED_PATHS)
    return request.path_info.startswith(tuple(prefixes))


def is_not_modified(request, etag, state):
    """RFC 9110 13.2.2: If-None-Match decides when present (weak comparison);
    If-Modified-Since only without it."""
    if_none_match = request.META.get("HTTP_IF_NONE_MATCH")
    if if_none_match is not None:
        opaque = etag.removeprefix("W/")
        return any(tag.removeprefix("W/") == opaque for tag in parse_etags(if_none_match))
    since = parse_http_date_safe(request.META.get("HTTP_IF_MODIFIED_SINCE", ""))
    return state.unmodified_since(since)


def make_private(response):
    """No cache may keep it, and no validator may bring it back later."""
    for header in ("ETag", "Last-Modified", "Expires"):
        if header in response:
            del response[header]
    response["Cache-Control"] = PRIVATE
    return response


def says_private(response):
    directives = response.get("Cache-Control", "").lower()
    return "private" in directives or "no-store" in directives or "no-cache" in directives


class HttpCacheMiddleware:
    """Place it after CORS and WhiteNoise and before the session middleware: a 304 then
    skips everything below, and the CORS headers are still added to it."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if is_private_request(request):
            return make_private(self.get_response(request))
        if request.method not in SAFE_METHODS or is_uncached_path(request):
            return self.get_response(request)

        # Read before the view reads any content (see version.py).
        state = version.current()
        etag = etag_for(request, state)
        if is_not_modified(request, etag, state):
            return self.not_modified(etag, state)
        cached = page_cache.get(etag) if page_cache.enabled(request) else None
        if cached is not None:
            return self.public(cached, etag, state)
        request.content_state = state
        remember_site(request)
        response = self.get_response(request)
        if getattr(request, "is_preview", False) or response.cookies or says_private(response):
            return make_private(response)
        if response.status_code != 200:
            return response
        if page_cache.enabled(request):
            page_cache.store(etag, response)
        return self.public(response, etag, state)

    def public(self, response, etag, state):
        response["ETag"] = etag
        if state.last_modified is not None:
            response["Last-Modified"] = http_date(state.last_modified)
        patch_cache_control(response, **max_age_directives())
        return response

    def not_modified(self, etag, state):
        response = HttpResponseNotModified()
        response["ETag"] = etag
        if state.last_modified is not None:
            response["Last-Modified"] = http_date(state.last_modified)
        patch_cache_control(response, **max_age_directives())
        return response
