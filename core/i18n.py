"""Which language a visitor request is in, and where the same page lives in the others.

English pages keep their URLs (no prefix); every other language lives under its code
(`/es/…`), through Django's `i18n_patterns(prefix_default_language=False)`. The language
comes from the path alone, never from a cookie or `Accept-Language`: one URL is one
language, so the page cache, ETags and CDNs need no `Vary: Accept-Language`, and a link
shared by a Spanish reader opens in Spanish for everyone. Readers choose with the
language switch on every page (`home.templatetags.seo_tags.language_links`).

Wagtail's admin keeps the editor's own interface language (its views activate it).

Adding a language is configuration and translation: `LANGUAGES` in the settings, a
`Locale` row, a translated home page and the catalogs under `locale/`.

A core module: it imports no app.
"""

from urllib.parse import urlsplit

from django.conf import settings
from django.utils import translation

from wagtail.models import Page, Site

from .routing import unrestricted

# The hreflang of the version for readers whose language none of the others is.
X_DEFAULT = "x-default"


def language_codes():
    """The site's languages, default first (settings.LANGUAGES order)."""
    return [code for code, _name in settings.LANGUAGES]


def language_name(code):
    """A language's own name for itself ("Español"), as settings.LANGUAGES gives it."""
    return dict(settings.LANGUAGES).get(code, code)


def default_language():
    return translation.get_supported_language_variant(settings.LANGUAGE_CODE)


def other_language_choices():
    """(code, name) of every language but the default, in settings order: the choices
    of what editors write per language (`home.models.SiteSettingsTranslation`). A
    callable, so that migrations name it rather than copy the list: a new language in
    LANGUAGES needs no migration."""
    default = default_language()
    return [(code, name) for code, name in settings.LANGUAGES if code != default]


def bcp47(code):
    """The language tag with the site's country, for JSON-LD `inLanguage` ("es-US")."""
    return f"{code}-{settings.SITE_COUNTRY}"


def og_locale(code):
    """Open Graph's locale form of a language ("es_US")."""
    return f"{code}_{settings.SITE_COUNTRY}"


def page_language(page):
    """The language of a Wagtail page: that of the language tree it lies in.

    Read from Wagtail's cached site root paths (each language's home page and its
    language code), not `page.locale`, which is a query per page. Pages outside every
    site's trees (none are served) are in the default language.
    """
    url_path = page.url_path or ""
    roots = [root for root in Site.get_site_root_paths() if url_path.startswith(root.root_path)]
    if not roots:
        return default_language()
    return max(roots, key=lambda root: len(root.root_path)).language_code


def language_prefix(code):
    """The path prefix of a language's pages: "" for the default, "/es" for Spanish."""
    return "" if code == default_language() else f"/{code}"


class PathLanguageMiddleware:
    """Activate the language the URL names (`/es/…`), else the default, for the whole
    request, and say it in `Content-Language` on HTML answers."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        language = translation.get_language_from_path(request.path_info) or default_language()
        request.LANGUAGE_CODE = language
        with translation.override(language):
            response = self.get_response(request)
        if response.get("Content-Type", "").startswith("text/html"):
            response.headers.setdefault("Content-Language", language)
        return response


# The sections whose index slug each language's catalog names (msgctxt "URL slug"),
# listed here so that makemessages extracts them: section_path looks them up by value.
SECTION_SLUGS = (
    translation.pgettext_lazy("URL slug", "procedures"),
    translation.pgettext_lazy("URL slug", "articles"),
)


def section_path(section):
    """The path of a site section's index page ("procedures", "articles") in the active
    language: "/procedures/", "/es/procedimientos/".

    Index pages take their slug from the catalog (msgctxt "URL slug") when a language's
    tree is made, so the header, footer and error pages link to them without a query
    (the 500 page is drawn without the database). Renaming a section's slug in the admin
    means changing its catalog entry too.
    """
    slug = translation.pgettext("URL slug", section)
    return f"{language_prefix(translation.get_language())}/{slug}/"


def home_path(code):
    """A language's home page: "/" for the default, "/es/" for Spanish."""
    return f"{language_prefix(code)}/"


def translation_paths(request, pages):
    """{translation key: {language code: path}} of the live, public translations of
    `pages` (themselves included), in one query.

    What the `hreflang` alternates of a page's head, its language switch and every
    sitemap (pages, and the directory's state pages) name: one rule for all.
    """
    keys = {page.translation_key for page in pages}
    translations = (
        Page.objects.filter(translation_key__in=keys, live=True)
        .filter(unrestricted())
        .select_related("locale")
        .only("id", "path", "depth", "url_path", "locale__language_code", "translation_key")
    )
    paths = {}
    for translated in translations:
        code = translated.locale.language_code
        with translation.override(code):
            url = translated.get_url(request)
        if url:
            paths.setdefault(translated.translation_key, {})[code] = urlsplit(url).path
    return paths


def alternate_paths(languages, routes=None):
    """[(hreflang, path)] of {language code: path}: each language in settings order,
    then `x-default`, the default language's path, when there is one (Google's rule:
    every language version names every other, and itself). `routes`, {language code:
    sub-route}, adds each language's spelling of a page's route (`medicos/texas/`)."""
    routes = routes or {}
    ordered = [
        (code, languages[code] + routes.get(code, ""))
        for code in language_codes()
        if code in languages
    ]
    default = default_language()
    if default in languages:
        ordered.append((X_DEFAULT, languages[default] + routes.get(default, "")))
    return ordered
