"""The directory's sitemaps: every state page that lists doctors, and every provider
profile, in every language, each URL naming its other languages' versions.

A search engine finds the directory through these. Every `<url>` carries
`xhtml:link rel="alternate"` children, one per language (itself included) and
`x-default` (the default language's), as the page sitemaps do (`home.sitemaps`); the
languages are settings.LANGUAGES, so a third one is configuration.

Profiles are a million per language: twenty times what one sitemap file may hold
(50,000 URLs) in each. Each language's profiles are a section of their own
(`sitemap-providers.xml` for the default language, `sitemap-providers-es.xml`, …),
split into files of consecutive ids: file N of every section covers the same id range
and is one primary-key range scan, where Django's paginator would ask PostgreSQL for
OFFSET 950,000 on the last file and for a count of every live provider on the index.

Why a section per language rather than both languages in each file (over half the id
range): the file a provider is in stays `(id - lowest id) // 50,000 + 1` whatever the
number of languages, so the default language's files keep the URLs search engines
know, and what finds a provider's file (the purge after an import, `providers.purge`;
the bench's checks) keeps its arithmetic; a third language adds a section, not a
narrower range for every file and a renumbering of all of them. Either way a file is
one range scan; this way over 50,000 ids rather than 25,000.
A full file with its alternates is about 21 MB (6 MB without), under the protocol's
50 MB; about 0.3 s of string building for 50,000 rows.

State pages are a few thousand per language: one section (`sitemap-doctors.xml`)
lists every language's, paginated by Django. A translation's state pages are listed
where that translation is live and public; they list the doctors filed under the
default language's page (`directory_query.links_key`).

Only what the public can see is listed: live providers, and state pages of live,
public procedure pages that have doctors.
"""

from xml.sax.saxutils import escape

from django.conf import settings
from django.contrib.sitemaps import Sitemap
from django.core.paginator import EmptyPage, PageNotAnInteger
from django.db.models import Max, Min, Q
from django.urls import reverse
from django.utils import translation

from wagtail.models import Site

from core.i18n import alternate_paths, default_language, language_codes, translation_paths
from core.routing import unrestricted

from .directory_query import DirectoryQuery
from .models import procedure_model, provider_slug
from .paths import doctors_path

# The sitemaps protocol's limit of URLs per sitemap file.
URLS_PER_SITEMAP = 50_000
# The section of the default language's profiles; the others' add their code.
PROFILES_SECTION = "providers"
SITEMAP_NAMESPACES = (
    'xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" xmlns:xhtml="http://www.w3.org/1999/xhtml"'
)


def urls_per_sitemap():
    """At most 50,000 URLs a file (the protocol's limit); `SITEMAP_URLS_PER_PAGE` for tests."""
    return getattr(settings, "SITEMAP_URLS_PER_PAGE", URLS_PER_SITEMAP)


def profile_section(code):
    """The sitemap section of a language's profiles: "providers", "providers-es"."""
    return PROFILES_SECTION if code == default_language() else f"{PROFILES_SECTION}-{code}"


def profile_sections():
    """{section: language code} of the profiles, in settings order (default first)."""
    return {profile_section(code): code for code in language_codes()}


class RequestSitemap(Sitemap):
    """A Django sitemap that knows the request (for the Wagtail site being served)."""

    def __init__(self, request):
        self.request = request


class IdRangePage:
    def __init__(self, object_list):
        self.object_list = object_list


class IdRangePaginator:
    """Pages of a queryset by id ranges of a fixed width (the `Paginator` a sitemap uses).

    With ids that are mostly live, each page holds close to `per_page` rows; never
    more. A page may hold fewer (deleted or unpublished ids), never an unbounded scan.
    """

    def __init__(self, queryset, per_page):
        self.queryset = queryset
        self.per_page = per_page
        bounds = queryset.aggregate(low=Min("id"), high=Max("id"))
        self.low, high = bounds["low"], bounds["high"]
        self.num_pages = 0 if self.low is None else (high - self.low) // per_page + 1

    def page(self, number):
        try:
            number = int(number)
        except (TypeError, ValueError) as error:
            raise PageNotAnInteger("That page number is not an integer") from error
        if not 1 <= number <= max(self.num_pages, 1):
            raise EmptyPage("That page contains no results")
        if self.low is None:
            return IdRangePage(self.queryset.none())
        start = self.low + (number - 1) * self.per_page
        rows = self.queryset.filter(id__gte=start, id__lt=start + self.per_page).order_by("id")
        return IdRangePage(rows)


class ProviderSitemap(RequestSitemap):
    """Every live provider's profile in one language, `lastmod` from the content.

    An editor's publish dates the profile (`last_published_at` with a live revision);
    an imported profile is dated by NPPES's own last-update date, not by the day the
    file was loaded. Every language has every profile (a Django view under
    `i18n_patterns`), so each URL names all of them.
    """

    changefreq = "monthly"

    def __init__(self, request, language=None):
        super().__init__(request)
        self.language = language or default_language()

    @property
    def limit(self):
        return urls_per_sitemap()

    def items(self):
        return (
            DirectoryQuery()
            .matches()
            .only(
                "id",
                "npi",
                "first_name",
                "middle_name",
                "last_name",
                "last_published_at",
                "live_revision_id",
                "nppes_updated_on",
            )
        )

    @property
    def paginator(self):
        """The same id ranges for every language, their bounds read once a request
        (the index asks every section for its number of files)."""
        cached = getattr(self.request, "_profile_sitemap_paginator", None)
        if cached is None or cached.per_page != self.limit:
            cached = IdRangePaginator(self.items(), self.limit)
            if self.request is not None:
                self.request._profile_sitemap_paginator = cached
        return cached

    def location(self, provider):
        with translation.override(self.language):
            return provider.get_absolute_url()

    def lastmod(self, provider):
        if provider.live_revision_id and provider.last_published_at:
            return provider.last_published_at.date()
        return provider.nppes_updated_on

    def get_latest_lastmod(self):
        # Django's default reads every item: a million rows for one date on the index.
        return None

    def xml(self, page, base_url):
        """One file of the sitemap as XML text, in pieces for a streaming response.

        Django's sitemap view builds a model instance, a `reverse()` and a template
        loop iteration per URL, which adds up to seconds for a full file. Here the
        rows come as tuples and each URL is one formatted string, every language's
        address the row's part (`<npi>-<slug>/`) after that language's prefix, found
        by one `reverse()` each; the result is the same XML (a test compares the URLs
        and dates with `get_absolute_url`).
        """
        rows = self.paginator.page(page).object_list.values_list(  # raises for a bad page
            "npi",
            "first_name",
            "middle_name",
            "last_name",
            "live_revision_id",
            "last_published_at",
            "nppes_updated_on",
        )
        prefixes = {}
        for code in language_codes():
            with translation.override(code):
                sample = reverse("providers:profile", kwargs={"npi": "0000000000", "slug": "x"})
            prefix = base_url + sample[: sample.index("0000000000")]
            # Text and attribute value alike (the alternates' `href="…"`).
            prefixes[code] = escape(prefix, {'"': "&quot;"})
        return self._xml_pieces(rows, prefixes)

    def _xml_pieces(self, rows, prefixes):
        yield f'<?xml version="1.0" encoding="UTF-8"?>\n<urlset {SITEMAP_NAMESPACES}>\n'
        # What follows `<lastmod>`, cut where each alternate's address takes the row's
        # part: `part.join(after_lastmod)` is the rest of the `<url>` element.
        after_lastmod = [f"<changefreq>{self.changefreq}</changefreq>"]
        if len(prefixes) > 1:
            for code, prefix in alternate_paths(prefixes):
                after_lastmod[-1] += f'<xhtml:link rel="alternate" hreflang="{code}" href="{prefix}'
                after_lastmod.append('"/>')
        after_lastmod[-1] += "</url>\n"
        loc = f"<url><loc>{prefixes[self.language]}"
        chunk = []
        for npi, first, middle, last, revision, published, nppes_updated in rows:
            lastmod = published.date() if revision and published else nppes_updated
            part = f"{npi}-{escape(provider_slug(first, middle, last))}/"
            chunk.append(
                f"{loc}{part}</loc>"
                + (f"<lastmod>{lastmod.isoformat()}</lastmod>" if lastmod else "")
                + part.join(after_lastmod)
            )
            if len(chunk) == 1000:
                yield "".join(chunk)
                chunk = []
        yield "".join(chunk) + "</urlset>\n"


class StatePageSitemap(RequestSitemap):
    """`/procedures/<slug>/doctors/<state>/` (`/es/procedimientos/<slug>/medicos/<state>/`)
    for every state with doctors, in every
    language whose translation of the procedure is live and public, each with its
    alternates (the same state of every such translation).

    No `lastmod`: a listing changes with every import, and no date of that is kept;
    an honest "unknown" beats the procedure page's publish date.

    An item is (path, [(hreflang, path)]): the paths of a few thousand state pages,
    found in four queries whatever their number.
    """

    changefreq = "weekly"

    @property
    def limit(self):
        return urls_per_sitemap()

    def items(self):
        roots = self.site_root().get_translations(inclusive=True)
        in_a_tree = Q()
        for path in roots.values_list("path", flat=True):
            in_a_tree |= Q(path__startswith=path)
        procedures = (
            procedure_model()
            .objects.filter(in_a_tree)
            .live()
            .filter(unrestricted())
            .only("id", "translation_key")
        )
        # {translation key: {language code: path}}: the live, public translations.
        translations = translation_paths(self.request, procedures)
        states = {}
        for key, state in DirectoryQuery.states_with_doctors(translations):
            states.setdefault(key, []).append(state)
        order = {code: number for number, code in enumerate(language_codes())}
        items = []
        for key, languages in translations.items():
            for state in states.get(key, ()):
                paths = {
                    code: f"{path}{doctors_path(code, state)}" for code, path in languages.items()
                }
                alternates = alternate_paths(paths) if len(paths) > 1 else []
                items.extend(
                    (order.get(code, len(order)), path, alternates) for code, path in paths.items()
                )
        items.sort(key=lambda item: item[:2])
        return [(path, alternates) for _order, path, alternates in items]

    def site_root(self):
        site = Site.find_for_request(self.request) or Site.objects.get(is_default_site=True)
        return site.root_page

    def location(self, item):
        path, _alternates = item
        return path

    def _urls(self, page, protocol, domain):
        urls = super()._urls(page, protocol, domain)
        for url in urls:
            _path, alternates = url["item"]
            url["alternates"] = [
                {"lang_code": code, "location": f"{protocol}://{domain}{path}"}
                for code, path in alternates
            ]
        return urls
