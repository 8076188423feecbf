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
  restrictions, root-page translations and locales (`cms.api`), and the totals
  of its lists (`remembered_count`).
- `HTTP_CACHE_REMEMBER_SITE = False` turns it all off (the test settings do).
"""

import pickle

from django.conf import settings

from wagtail.models import Site

MAX_ENTRIES = 64
# Listing totals (`remembered_count`) are kept apart, so that clients paging through
# many different filters never push the site lookups out.
MAX_COUNTS = 256

_remembered = {}
_counts = {}


def remembered(request, key, load, store=_remembered, max_entries=MAX_ENTRIES):
    """`load()`, or a copy of what it returned at this request's content version."""
    state = getattr(request, "content_state", None)
    if state is None or state.changed_at is None:
        return load()
    token = state.token
    found = store.get(key)
    if found is not None and found[0] == token:
        return pickle.loads(found[1])  # noqa: S301 (pickled by this module, above)
    value = load()
    if len(store) >= max_entries:
        store.clear()
    store[key] = (token, pickle.dumps(value))
    return value


def remembered_lookup(request, key, load):
    """`remembered`, when the settings allow it (`HTTP_CACHE_REMEMBER_SITE`): for the
    other per-site lookups a public page makes (its root page in the request's
    language, its settings, a page's translations)."""
    if not settings.HTTP_CACHE_REMEMBER_SITE:
        return load()
    return remembered(request, key, load)


def remembered_count(request, key, count):
    """`count()`, a listing's total, counted once per content version for the listing
    `key` names (`cms.api.PagesPagination`: the URL without its paging parameters).

    What a public list holds changes only when the content version does: that is
    the promise the list's ETag already makes, since a client revalidating a copy
    gets 304 with the old total until the version moves. Every page of a list then
    costs its rows only, not a count of the whole list again."""
    if not settings.HTTP_CACHE_REMEMBER_SITE:
        return count()
    return remembered(request, ("count", *key), count, store=_counts, max_entries=MAX_COUNTS)


def forget():
    """Drop everything remembered (tests start each from nothing)."""
    _remembered.clear()
    _counts.clear()


def remember_site(request):
    """Set the site Wagtail's `Site.find_for_request` answers for this request (it
    keeps it as `request._wagtail_site`), looked up once per content version."""
    if not settings.HTTP_CACHE_REMEMBER_SITE or hasattr(request, "_wagtail_site"):
        return
    key = ("site", request._get_raw_host(), request.get_port())
    request._wagtail_site = remembered(request, key, lambda: Site._find_for_request(request))
