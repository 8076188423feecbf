"""Send changed URLs to the frontend cache (a CDN or proxy) once the change commits.

Uses Wagtail's integration (`wagtail.contrib.frontend_cache`): `PurgeBatch` collects
absolute URLs and hands them to every backend in ``WAGTAILFRONTENDCACHE`` (from the
environment, see docs/deployment.md), through Wagtail's purge task. The app itself is
not in INSTALLED_APPS: its signal handlers would purge only a page's own URLs, and
before the publishing transaction commits (a proxy refetching at once could store the
old page again). Purges here run on commit, so a rolled-back change purges nothing.

List URLs with query strings (``/api/v2/pages/?type=...``, ``?page=2`` of a state
page) cannot be enumerated: each event purges the documented *base* list URLs, and
filtered variants expire after ``HTTP_CACHE_SHARED_MAX_AGE``/``HTTP_CACHE_MAX_AGE``.
"""

from django.db import transaction

from wagtail.contrib.frontend_cache.utils import PurgeBatch
from wagtail.models import Page, Site

API_ROOT = "/api/v2/"
PAGES_API = f"{API_ROOT}pages/"
# The sitemap index and the first file of each section that lists pages (their state
# pages included: `home.sitemaps.SECTIONS`); a section's later files (`?p=2`) expire.
PAGE_SITEMAPS = ("/sitemap.xml", "/sitemap-pages.xml", "/sitemap-doctors.xml")


def purge_after_commit(urls):
    """Purge these absolute URLs when the current transaction commits (now, outside one)."""
    urls = set(urls)
    if urls:
        transaction.on_commit(lambda: PurgeBatch(urls).purge(), robust=True)


def purge_once_after_commit(owner, urls):
    """Like `purge_after_commit`, but the URLs of one object's several signals in one
    transaction (a provider's save, then its publish) go out as one batch."""
    pending = getattr(owner, "_purge_after_commit", None)
    if pending is None:
        pending = owner._purge_after_commit = set()

        def purge():
            owner.__dict__.pop("_purge_after_commit", None)
            PurgeBatch(pending).purge()

        transaction.on_commit(purge, robust=True)
    pending.update(urls)


def site_root_urls():
    """The root URL of every site (cached by Wagtail between requests)."""
    return sorted({root.root_url for root in Site.get_site_root_paths() if root.root_url})


def on_every_site(paths):
    """Absolute URLs of site-independent paths (API, profiles) on every site's host."""
    roots = site_root_urls()
    return {f"{root}{path}" for root in roots for path in paths}


def page_urls(page):
    """The page's own URLs: its URL and the sub-paths it lists in `get_cached_paths`
    (a procedure page adds its ``doctors/`` pages)."""
    batch = PurgeBatch()
    batch.add_page(page)
    return batch.urls


def page_event_urls(page):
    """Everything a page's publish, unpublish, move or delete changes, as far as Wagtail
    knows it: the page and its sub-paths, the pages above it (indexes and the home
    page list their children), the sitemaps that list it, its API detail and the pages
    list."""
    urls = set(page_urls(page))
    for ancestor in page.get_ancestors().filter(depth__gt=1).live().specific(defer=True):
        url = ancestor.get_full_url()
        if url:
            urls.add(url)
    urls |= on_every_site([f"{PAGES_API}{page.pk}/", PAGES_API, *PAGE_SITEMAPS])
    return urls


def is_specific_instance(instance):
    """Deleting a page sends a signal for its `Page` row and for its specific row:
    handle the page once, as its specific instance."""
    return isinstance(instance, Page) and (
        type(instance) is not Page or instance.specific_class in (None, Page)
    )
