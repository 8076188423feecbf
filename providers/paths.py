"""Where the directory's pages are, in each language: the "doctors" word of their URLs.

A procedure page lists its doctors below it, under a word of the page's language:
``/procedures/vertebroplasty/doctors/texas/``,
``/es/procedimientos/vertebroplastia/medicos/texas/``; profiles live under the same
word at the root: ``/doctors/<npi>-<name>/``, ``/es/medicos/<npi>-<name>/``. The word
comes from the catalog (msgctxt "URL slug", as the section slugs of `core.i18n`), so a
new language's word is a translation, not code.

The routes (`providers.routes`, `cms.urls`) match the word lazily: Django compiles a
lazy pattern once per language and matches the one of the language being read, so
``/es/…/medicos/`` is found and ``/procedures/…/medicos/`` is not. Everything that
writes these URLs goes through `doctors_path` (or `doctors_url`, or a `reverse` of the
profile under the language's `translation.override`), so routes and links never
disagree.

State slugs are not translated: ``texas`` and ``new-york`` in every language
(`providers.geography`), so a state page's URL differs between languages only by its
page and this word.

The Spanish edition was first published with the English word (``/es/…/doctors/…``,
``/es/doctors/…``): those addresses answer a permanent redirect to the language's own
word (`redirect_to_own_word`), so links already out there keep working.
"""

import re

from django.http import Http404, HttpResponsePermanentRedirect
from django.utils import translation
from django.utils.functional import lazy
from django.utils.http import urlencode
from django.utils.text import format_lazy

from core.i18n import page_language

from .geography import state_slug

DOCTORS = translation.pgettext_lazy("URL slug", "doctors")
# What every language's directory URLs said before each had its own word.
LEGACY_WORD = "doctors"

# The routes, evaluated in the language being read when Django compiles them.
DOCTORS_ROUTE = format_lazy("{}/", DOCTORS)
STATE_REGEX = lazy(
    lambda: rf"^{re.escape(str(DOCTORS))}/(?P<state_slug>[a-z0-9-]+)/$",
    str,
)()
# The same sub-paths under the legacy word (`redirect_to_own_word`): "" is the
# every-state page, "texas/" a state page.
LEGACY_REGEX = rf"^{LEGACY_WORD}/(?P<rest>(?:[a-z0-9-]+/)?)$"


def doctors_word(language=None):
    """The word in `language` ("doctors", "medicos"); the active language by default."""
    if language is None or language == translation.get_language():
        return str(DOCTORS)
    with translation.override(language):
        return str(DOCTORS)


def doctors_path(language=None, state=None):
    """A procedure page's doctors page relative to the page, in `language`: "doctors/",
    or with a state (a USPS code) its state page: "medicos/texas/"."""
    word = doctors_word(language)
    return f"{word}/{state_slug(state)}/" if state else f"{word}/"


def doctors_url(page, state=None, request=None, full=False):
    """A procedure page's doctors page (or a state's, by USPS code) in the page's own
    language, whichever is active (purges, sitemaps and the API run in another):
    relative, or absolute with `full`. "" when the page has no URL (not routable)."""
    url = page.get_full_url(request) if full else page.get_url(request)
    if not url:
        return ""
    return url + doctors_path(page_language(page), state)


def redirect_to_own_word(request, base, rest, parameters=()):
    """A URL under the legacy word in a language with its own word: permanently to the
    same page under the language's word (`base` is what precedes the word, `rest` what
    follows it). It passes on the query `parameters` the target reads, and only those:
    the view declares them (`core.http_cache.query`), so the cache keeps one redirect per
    value of them. Where the language's word is the legacy one (English) the route is
    not this one's: 404."""
    word = doctors_word()
    if word == LEGACY_WORD:
        raise Http404("Not a directory page")
    target = f"{base}{word}/{rest}"
    query = urlencode(
        [
            (name, value)
            for name in sorted(set(parameters).intersection(request.GET))
            for value in request.GET.getlist(name)
        ]
    )
    return HttpResponsePermanentRedirect(f"{target}?{query}" if query else target)
