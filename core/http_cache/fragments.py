"""Keys for rendered fragments of a public page that only published content decides.

A procedure page's costs table, say, changes only when the page is published (its
billing codes) or a cost file is imported; both bump the content version
(`version.content_changed`) in their own transaction. A fragment kept under that
version, the code release, the page and the language is therefore never stale, on
any app server: the first request after a change reads the new version, misses and
renders the new content. Nothing has to be deleted; old entries expire after
`CONTENT_FRAGMENT_CACHE_SECONDS`.

Only for what the middleware treats as public: an anonymous GET whose version it read
(`request.content_state`), of a live page reached by the router with no view
restriction on it or an ancestor and no alias on the way. Previews, drafts, editors,
sessions (a visitor who unlocked a password) and private pages always render afresh
and never write to the cache: `fragment_key` is None for them.
"""

import hashlib

from django.conf import settings
from django.utils import translation

from .middleware import release

# core.routing's LINEAGE_ATTRIBUTE (not imported: core.routing loads Wagtail's models).
LINEAGE_ATTRIBUTE = "_routed_lineage"
KEY_PREFIX = "fragment:"


def seconds():
    return getattr(settings, "CONTENT_FRAGMENT_CACHE_SECONDS", 0)


def is_public_render(request, page):
    """Whether this request renders `page` as every anonymous visitor sees it."""
    state = getattr(request, "content_state", None)
    if state is None or state.changed_at is None:  # private, or a flushed version row
        return False
    if getattr(request, "is_preview", False) or not page.live:
        return False
    lineage = page.__dict__.get(LINEAGE_ATTRIBUTE)
    if lineage is None:  # not reached by the router: a preview, a listing, a test
        return False
    return not any(p.has_restriction or p.alias_of_id for p in lineage)


def fragment_key(request, page, name):
    """The cache key of `page`'s fragment `name` for this request, or None when the
    fragment must be rendered afresh (turned off, or not a public render)."""
    if seconds() <= 0 or not is_public_render(request, page):
        return None
    parts = (
        release(),
        request.content_state.token,
        request.get_host(),
        str(page.pk),
        translation.get_language() or "",
    )
    digest = hashlib.blake2b("\n".join(parts).encode(), digest_size=16).hexdigest()
    return f"{KEY_PREFIX}{name}:{digest}"


def fragment_context(request, page, name):
    """What `{% public_fragment %}` (templatetags.public_fragments) needs: {"key",
    "seconds"}, or None to render the fragment afresh."""
    key = fragment_key(request, page, name)
    return None if key is None else {"key": key, "seconds": seconds()}
