"""The anonymous full-page cache: whole responses kept under the content version.

Anonymous GETs of public pages and API responses are stored in Django's cache (Redis
with REDIS_URL, shared by every app server) under a key made of the same things as
the ETag: the code release, the site's content version, scheme, host, path and the
query parameters the view reads (`query`: tracking and unknown parameters share the
entry of the URL without them; the API, which refuses unknown ones, keeps them all).
Every publish, unpublish, move, delete or import bumps the version in its own
transaction (`version.content_changed`), so the next request on any app server reads
the new version, misses, and renders the new content: nothing has to be deleted, and
no server can serve a copy older than the version it just read. Old entries expire
after `PAGE_CACHE_SECONDS` (or are evicted first by Redis' memory policy).

Never cached: anything the middleware treats as private (editors, sessions, tokens,
previews, the admin, password-protected pages that set a cookie), non-200 answers,
streamed responses (large sitemaps) and bodies over `MAX_BYTES`.
"""

from django.conf import settings
from django.core.cache import cache
from django.http import HttpResponse

MAX_BYTES = 2_000_000
KEY_PREFIX = "page:"
# Set per request by other middleware or by the cache itself; never stored.
NOT_STORED = {"set-cookie", "x-request-id", "etag", "last-modified", "cache-control", "expires"}
HIT_HEADER = "X-Page-Cache"


def seconds():
    return getattr(settings, "PAGE_CACHE_SECONDS", 0)


def enabled(request):
    """GET only: a HEAD is answered by the view (cheap), and never stored without a body."""
    return seconds() > 0 and request.method == "GET"


def key(etag):
    return KEY_PREFIX + etag.removeprefix("W/").strip('"')


def get(etag):
    """The stored response for this validator, or None."""
    stored = cache.get(key(etag))
    if stored is None:
        return None
    content, headers = stored
    response = HttpResponse(content)
    for name, value in headers:
        response[name] = value
    response[HIT_HEADER] = "hit"
    return response


def store(etag, response):
    if response.streaming or len(response.content) > MAX_BYTES:
        return
    headers = [(k, v) for k, v in response.items() if k.lower() not in NOT_STORED]
    cache.set(key(etag), (response.content, headers), seconds())
    response[HIT_HEADER] = "miss"
