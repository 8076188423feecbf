"""Where the page a visitor reads lives in the site's other languages.

One answer feeds the `hreflang` alternates in the head and the language switch in the
header, so they never disagree: a Wagtail page's live, public translations (one query,
kept on the request), a Django view's own URL in the other language (`translate_url`),
and, where a page has no translation, that language's home page, marked untranslated.

A routable page's sub-route is spelled in each language's words (`doctors/texas/` is
`medicos/texas/` in Spanish, `providers.paths`): `translated_routes` resolves it in the
page's language and reverses it in each other, so the pairs hold for any route.
"""

from dataclasses import dataclass

from django.urls import NoReverseMatch, Resolver404, translate_url
from django.utils import translation

from wagtail.contrib.routable_page.models import RoutablePageMixin
from wagtail.models import Page

from core import i18n
from core.http_cache.remembered import remembered_lookup
from core.i18n import translation_paths

CACHE_ATTRIBUTE = "_language_alternates"


@dataclass(frozen=True)
class Alternate:
    code: str  # the language code ("es"), also the hreflang value
    name: str  # the language's own name ("Español")
    url: str  # a path on this site
    translated: bool  # False: `url` is that language's home page, not this page
    current: bool  # the language being read


def translated_routes(page, remainder, codes):
    """{language code: `remainder`, a sub-route of `page` (`doctors/texas/`), as that
    language's routes spell it (`medicos/texas/`)}: the route `remainder` resolves to in
    the page's language, reversed in each. Unchanged where the page has no routes or the
    remainder is none of them."""
    if not remainder or not isinstance(page, RoutablePageMixin):
        return dict.fromkeys(codes, remainder)
    try:
        with translation.override(i18n.page_language(page)):
            match = page.get_resolver().resolve("/" + remainder)
    except Resolver404:
        return dict.fromkeys(codes, remainder)
    routes = {}
    for code in codes:
        with translation.override(code):
            try:
                routes[code] = page.reverse_subpage(match.url_name, match.args, match.kwargs)
            except NoReverseMatch:
                routes[code] = remainder
    return routes


def page_translation_urls(request, page):
    """{language code: path} of `page`'s live, public translations, itself included,
    with the sub-route the request asked for in each one's words (a routable page's
    `doctors/texas/`, `medicos/texas/`)."""
    own_url = page.get_url(request) or ""
    remainder = request.path[len(own_url) :] if request.path.startswith(own_url) else ""
    # The same for every request of a content version to this site: looked up once.
    paths = remembered_lookup(
        request,
        ("translations", request.get_host(), page.translation_key),
        lambda: translation_paths(request, [page]).get(page.translation_key, {}),
    )
    routes = translated_routes(page, remainder, paths)
    return {code: path + routes[code] for code, path in paths.items()}


def view_translation_urls(request):
    """{language code: path} of a Django view (search, a profile) in every language."""
    path = request.path
    reading = translation.get_language()
    urls = {code: translate_url(path, code) for code in i18n.language_codes()}
    # translate_url answers the path unchanged when it resolves to nothing (a 404).
    return {code: url for code, url in urls.items() if code == reading or url != path}


def alternates(request, page=None):
    """The `Alternate` of every language for this request, in settings order."""
    if request is None:
        return []
    cached = getattr(request, CACHE_ATTRIBUTE, None)
    if cached is not None:
        return cached
    if page is not None and isinstance(page, Page):
        urls = page_translation_urls(request, page)
    else:
        urls = view_translation_urls(request)
    reading = translation.get_language()
    answer = [
        Alternate(
            code=code,
            name=i18n.language_name(code),
            url=urls.get(code) or i18n.home_path(code),
            translated=code in urls,
            current=code == reading,
        )
        for code in i18n.language_codes()
    ]
    setattr(request, CACHE_ATTRIBUTE, answer)
    return answer
