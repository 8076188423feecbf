"""The directory's sitemaps: every state page that lists doctors, and every provider profile.

A search engine finds the directory through these. A million profiles is twenty
times what one sitemap may hold (50,000 URLs), so the profiles are split into pages
of consecutive ids: page N is one primary-key range scan, where Django's paginator
would ask PostgreSQL for OFFSET 950,000 on the last page and for a count of every
live provider on the index. Only what the public can see is listed: live providers,
and state pages of live, public procedure pages that have doctors.
"""

from xml.sax.saxutils import escape

from django.conf import settings
from django.contrib.sitemaps import Sitemap
from django.core.paginator import EmptyPage, PageNotAnInteger
from django.db.models import Max, Min
from django.urls import reverse

from wagtail.models import Site

from .directory_query import DirectoryQuery
from .models import procedure_model, provider_slug
from .paths import doctors_url

# The sitemaps protocol's limit of URLs per sitemap file.
URLS_PER_SITEMAP = 50_000


def urls_per_sitemap():
    """At most 50,000 URLs a file (the protocol's limit); `SITEMAP_URLS_PER_PAGE` for tests."""
    return getattr(settings, "SITEMAP_URLS_PER_PAGE", URLS_PER_SITEMAP)


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
    """Every live provider's profile, `lastmod` from the content.

    An editor's publish dates the profile (`last_published_at` with a live revision);
    an imported profile is dated by NPPES's own last-update date, not by the day the
    file was loaded.
    """

    changefreq = "monthly"

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
        return IdRangePaginator(self.items(), self.limit)

    def location(self, provider):
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
        rows come as tuples and each URL is one formatted string; the result is the
        same XML (a test compares the URLs and dates with `get_absolute_url`).
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
        sample = reverse("providers:profile", kwargs={"npi": "0000000000", "slug": "x"})
        prefix = escape(base_url + sample[: sample.index("0000000000")])
        return self._xml_pieces(rows, prefix)

    def _xml_pieces(self, rows, prefix):
        yield (
            '<?xml version="1.0" encoding="UTF-8"?>\n'
            '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n'
        )
        chunk = []
        for npi, first, middle, last, revision, published, nppes_updated in rows:
            lastmod = published.date() if revision and published else nppes_updated
            chunk.append(
                f"<url><loc>{prefix}{npi}-{escape(provider_slug(first, middle, last))}/</loc>"
                + (f"<lastmod>{lastmod.isoformat()}</lastmod>" if lastmod else "")
                + f"<changefreq>{self.changefreq}</changefreq></url>\n"
            )
            if len(chunk) == 1000:
                yield "".join(chunk)
                chunk = []
        yield "".join(chunk) + "</urlset>\n"


class StatePageSitemap(RequestSitemap):
    """`/procedures/<slug>/doctors/<state>/` for every state with doctors.

    No `lastmod`: a listing changes with every import, and no date of that is kept;
    an honest "unknown" beats the procedure page's publish date.
    """

    changefreq = "weekly"

    @property
    def limit(self):
        return urls_per_sitemap()

    def items(self):
        procedures = {
            page.pk: page
            for page in procedure_model()
            .objects.live()
            .public()
            .descendant_of(self.site_root(), inclusive=True)
            .defer_streamfields()
            .only("id", "url_path", "path", "depth", "locale_id")
        }
        return [
            (procedures[procedure_id], state)
            for procedure_id, state in DirectoryQuery.states_with_doctors(procedures)
        ]

    def site_root(self):
        site = Site.find_for_request(self.request) or Site.objects.get(is_default_site=True)
        return site.root_page

    def location(self, item):
        page, state = item
        return doctors_url(page, state, self.request)
