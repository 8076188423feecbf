"""The site's sitemap index and robots.txt: how search engines find every public URL.

`/sitemap.xml` is an index of three sections, each split into files of at most
50,000 URLs: Wagtail's pages (procedure pages also list their doctors overview),
the directory's state pages and the provider profiles (`providers.sitemaps`).
"""

from urllib.parse import urlsplit, urlunsplit

from django.contrib.sitemaps import views as sitemap_views
from django.core.paginator import EmptyPage, PageNotAnInteger
from django.http import Http404, HttpResponse, StreamingHttpResponse
from django.urls import reverse
from django.views.decorators.http import require_GET

from wagtail.contrib.sitemaps.sitemap_generator import Sitemap as WagtailSitemap

from core.http_cache.query import reads_query
from providers.sitemaps import ProviderSitemap, StatePageSitemap


class PageSitemap(WagtailSitemap):
    """Wagtail's page sitemap, on the host the site is served from.

    Wagtail writes each page's URL with the hostname of its `Site` record, which is
    whatever it was created with (often an internal name); the other sections and the
    index use the request's host (the public one, behind the proxy). One host for all.
    """

    def _urls(self, page, protocol, domain):
        urls = super()._urls(page, protocol, domain)
        for url in urls:
            parts = urlsplit(url["location"])
            url["location"] = urlunsplit((protocol, domain, parts.path, parts.query, ""))
        return urls


SECTIONS = {"pages": PageSitemap, "doctors": StatePageSitemap, "providers": ProviderSitemap}


def sections(request):
    return {name: sitemap(request) for name, sitemap in SECTIONS.items()}


@reads_query()
@require_GET
def sitemap_index(request):
    return sitemap_views.index(request, sections(request), sitemap_url_name="sitemap-section")


@reads_query("p")  # the page of a long section (Django's sitemaps and `provider_sitemap`)
@require_GET
def sitemap_section(request, section):
    if section == "providers":  # up to 50,000 URLs a file: streamed, without templates
        return provider_sitemap(request)
    return sitemap_views.sitemap(request, sections(request), section=section)


def provider_sitemap(request):
    try:
        pieces = ProviderSitemap(request).xml(request.GET.get("p", 1), base_url(request))
    except (EmptyPage, PageNotAnInteger) as error:
        raise Http404(str(error)) from error
    return StreamingHttpResponse(pieces, content_type="application/xml")


def base_url(request):
    return f"{request.scheme}://{request.get_host()}"


@reads_query()
@require_GET
def robots_txt(request):
    """Everything public may be crawled except the admin and the API (which repeats the pages)."""
    sitemap = request.build_absolute_uri(reverse("sitemap"))
    lines = [
        "User-agent: *",
        "Disallow: /admin/",
        "Disallow: /api/",
        f"Sitemap: {sitemap}",
    ]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")
