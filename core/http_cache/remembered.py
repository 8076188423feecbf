"""Lookups every public request makes whose answer only a content-version bump can
change, kept per process for the version they were made at.

Wagtail looks up the site serving a request for every page and API request
(`Site.find_for_request`: a query joining the site's root page, a real share of a
short API request; docs/performance.md has the figures). A site, like a
view restriction, changes only with a bump of the content version
(`core.http_cache.signals`), and the middleware reads that version before the view
runs (`request.content_state`). So the answer read at a version stays right for
every request made at that version, in every worker.

- Each request gets its own copy (unpickled: cheap), never a shared object: views
  cache attributes on the site and its root page.
- Only for requests whose version the middleware read (public, anonymous GETs), and
  not when the version row is missing (a flushed test database: every version would
  then look alike).
- At most `MAX_ENTRIES` lookups are kept (the key holds the request's host header).
- The same holds for the other lookups public pages make per site and version
  (`remembered_lookup`): the site's root page in the request's language, its
  settings, a page's live, public translations, and the pages API's view
  restrictions, root-page translations and locales (`cms.api`).
- `HTTP_CACHE_REMEMBER_SITE = False` turns it all off (the test settings do).
"""

import pickle

from django.conf import settings

from wagtail.models import Site

MAX_ENTRIES = 64

_remembered = {}


def remembered(request, key, load):
    """`load()`, or a copy of what it returned at this request's content version."""
    state = getattr(request, "content_state", None)
    if state is None or state.changed_at is None:
        return load()
    token = state.token
    found = _remembered.get(key)
    if found is not None and found[0] == token:
        return pickle.loads(found[1])  # noqa: S301 (pickled by this module, above)
    value = load()
    if len(_remembered) >= MAX_ENTRIES:
        _remembered.clear()
    _remembered[key] = (token, pickle.dumps(value))
    return value


def remembered_lookup(request, key, load):
    """`remembered`, when the settings allow it (`HTTP_CACHE_REMEMBER_SITE`): for the
    other per-site lookups a public page makes (its root page in the request's
    language, its settings, a page's translations)."""
    if not settings.HTTP_CACHE_REMEMBER_SITE:
        return load()
    return remembered(request, key, load)


def forget():
    """Drop everything remembered (tests start each from nothing)."""
    _remembered.clear()


def remember_site(request):
    """Set the site Wagtail's `Site.find_for_request` answers for this request (it
    keeps it as `request._wagtail_site`), looked up once per content version."""
    if not settings.HTTP_CACHE_REMEMBER_SITE or hasattr(request, "_wagtail_site"):
        return
    key = ("site", request._get_raw_host(), request.get_port())
    request._wagtail_site = remembered(request, key, lambda: Site._find_for_request(request))
