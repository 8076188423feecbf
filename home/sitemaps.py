"""The site's sitemap index and robots.txt: how search engines find every public URL.

`/sitemap.xml` is an index of sections, each split into files of at most 50,000 URLs:
Wagtail's pages in every language (procedure pages also list their doctors overview),
the directory's state pages in every language, and the provider profiles, a section
per language (`sitemap-providers.xml`, `sitemap-providers-es.xml`: `providers.sitemaps`
says why). Every URL that exists in more than one language names each version, itself
included, in `xhtml:link` alternates, and the default language's as `x-default`.
"""

from urllib.parse import urlsplit, urlunsplit

from django.contrib.sitemaps import views as sitemap_views
from django.core.paginator import EmptyPage, PageNotAnInteger
from django.db.models import Q
from django.http import Http404, HttpResponse, StreamingHttpResponse
from django.urls import reverse
from django.views.decorators.http import require_GET

from wagtail.contrib.sitemaps.sitemap_generator import Sitemap as WagtailSitemap
from wagtail.models import Page

from core.http_cache.query import reads_query
from core.i18n import alternate_paths, translation_paths
from core.routing import unrestricted
from providers.sitemaps import ProviderSitemap, StatePageSitemap, profile_sections

from .languages import translated_routes


class PageSitemap(WagtailSitemap):
    """Every live, public page of the site in every language, on the host the site is
    served from, each page that has translations with its `xhtml:link` alternates.

    Wagtail's own sitemap walks the descendants of `Site.root_page` only: the
    English tree. Each language has its own tree, under that home page's translation
    (`/es/` is the Spanish home), so the pages listed are those of every translation
    of the site's root.

    A page with live, public translations lists them all as alternates, itself
    included, and the default language's as `x-default` (Google's rule: every
    language version names every other, and itself); a draft or private translation
    is never named. One query finds the translations of a whole sitemap file.

    Wagtail writes each page's URL with the hostname of its `Site` record, which is
    whatever it was created with (often an internal name); the other sections and the
    index use the request's host (the public one, behind the proxy). One host for all.
    """

    def items(self):
        roots = self.get_wagtail_site().root_page.get_translations(inclusive=True)
        in_a_tree = Q()
        for path in roots.values_list("path", flat=True):
            in_a_tree |= Q(path__startswith=path)
        return (
            Page.objects.filter(in_a_tree)
            .live()
            .filter(unrestricted())
            .order_by("path")
            .defer_streamfields()
            .specific()
        )

    def _urls(self, page, protocol, domain):
        pages = list(self.paginator.page(page).object_list)
        translations = translation_paths(self.request, pages)
        urls, last_mods = [], set()
        for item in pages:
            own_path = urlsplit(item.get_full_url(self.request) or "").path
            languages = translations.get(item.translation_key, {})
            for url in item.get_sitemap_urls(self.request):
                parts = urlsplit(url["location"])
                url["location"] = urlunsplit((protocol, domain, parts.path, parts.query, ""))
                if len(languages) > 1 and parts.path.startswith(own_path):
                    # The page's own URL or one of its routes (`doctors/`): the same
                    # route of each translation, in its language's words (`medicos/`).
                    suffix = parts.path[len(own_path) :]
                    routes = translated_routes(item, suffix, languages)
                    url["alternates"] = [
                        {"lang_code": code, "location": f"{protocol}://{domain}{path}"}
                        for code, path in alternate_paths(languages, routes)
                    ]
                urls.append(url)
                last_mods.add(url.get("lastmod"))
        # last_mods is empty when the whole site is private (as Wagtail's sitemap).
        if last_mods and None not in last_mods:
            self.latest_lastmod = max(last_mods)
        return urls


SECTIONS = {"pages": PageSitemap, "doctors": StatePageSitemap}


def sections(request):
    """{section: sitemap}: the pages, the state pages, then each language's profiles
    (settings.LANGUAGES order)."""
    found = {name: sitemap(request) for name, sitemap in SECTIONS.items()}
    for name, language in profile_sections().items():
        found[name] = ProviderSitemap(request, language)
    return found


@reads_query()
@require_GET
def sitemap_index(request):
    return sitemap_views.index(request, sections(request), sitemap_url_name="sitemap-section")


@reads_query("p")  # the page of a long section (Django's sitemaps and `provider_sitemap`)
@require_GET
def sitemap_section(request, section):
    language = profile_sections().get(section)
    if language:  # up to 50,000 URLs a file: streamed, without templates
        return provider_sitemap(request, language)
    return sitemap_views.sitemap(request, sections(request), section=section)


def provider_sitemap(request, language=None):
    """One file of a language's profiles (the default language's by default)."""
    try:
        sitemap = ProviderSitemap(request, language)
        pieces = sitemap.xml(request.GET.get("p", 1), base_url(request))
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
