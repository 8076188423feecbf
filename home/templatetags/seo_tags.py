"""The head of every visitor page: title, description, canonical, link previews, JSON-LD.

Pages describe themselves in a `seo` context (`core.seo.page_seo`); this tag adds
what only the site knows (`SiteSettings`: the site's name, default description and
social image) and the site-wide JSON-LD (the home page's `WebSite` with its search
box), so each page type states its own facts once and the head is written once.
"""

from django import template
from django.urls import reverse
from django.utils import translation

from wagtail.models import Site

from core import i18n, seo

from .. import languages
from ..models import SiteSettings

register = template.Library()


def site_settings(request):
    """The site's settings for this request (`SiteSettings.for_request`: cached on it,
    and remembered per content version), or the defaults when no site serves it."""
    site = Site.find_for_request(request) if request is not None else None
    if site is None:
        return SiteSettings()
    return SiteSettings.for_request(request)


@register.simple_tag(takes_context=True)
def site_text(context, name):
    """One of the site settings' texts (`SiteSettings.TRANSLATED_FIELDS`) in the
    language being read: `{% site_text "medical_disclaimer" %}`, or
    `{% site_text "footer_text" as footer %}` to test it or filter it (`|richtext`)."""
    return site_settings(context.get("request")).text(name)


def website_node(request, settings):
    """The site itself, with the search box search engines may show under its result."""
    home = seo.public_base_url(request) + "/"
    return {
        "@type": "WebSite",
        "@id": f"{home}#website",
        "name": settings.text("site_name"),
        "url": home,
        "inLanguage": i18n.bcp47(translation.get_language()),
        "potentialAction": {
            "@type": "SearchAction",
            "target": {
                "@type": "EntryPoint",
                # The search page of the language being read (`/es/search/`).
                "urlTemplate": f"{home[:-1]}{reverse('search')}?q={{search_term_string}}",
            },
            "query-input": "required name=search_term_string",
        },
    }


def document_title(meta, settings):
    """ "Page title | Site name", the site's name once; the home page: name and tagline."""
    name = settings.text("site_name")
    if meta["home"]:
        tagline = settings.text("tagline")
        return f"{name} – {tagline}" if tagline else name
    title = meta["title"]
    if not title or title == name:
        return name
    return f"{title} | {name}"


def fallback_seo(context, request, title, description, noindex):
    """For a page whose view built no `seo` context: the Wagtail page it shows, if any,
    else the title and description given to the tag (the 404 page)."""
    page = context.get("page")
    if page is not None and hasattr(page, "get_url") and request is not None:
        return seo.page_seo(
            request,
            title=page.seo_title or page.title,
            description=page.search_description,
            canonical=page.get_url(request),
        )
    return seo.page_seo(
        request, title=title, description=description, canonical="", noindex=noindex
    )


@register.inclusion_tag("components/seo_head.html", takes_context=True)
def seo_head(context, title="", description="", noindex=False):
    """Everything in <head> that describes the page. `title` and `description` are for
    pages without a `seo` context (the 404 page)."""
    request = context.get("request")
    settings = site_settings(request)
    meta = context.get("seo") or fallback_seo(context, request, title, description, noindex)
    description = meta["description"] or seo.describe(settings.text("default_description"))
    image = meta["image"]
    if not image and settings.social_image_id:
        rendition = settings.social_image.get_rendition(seo.OG_IMAGE_SPEC)
        image = seo.absolute_url(request, rendition.url)
    nodes = list(meta["nodes"])
    if meta["home"]:
        nodes.insert(0, website_node(request, settings))
    return {
        "document_title": document_title(meta, settings),
        "og_title": meta["title"] or settings.text("site_name"),
        "description": description,
        "canonical": meta["canonical"],
        "og_type": meta["og_type"],
        "image": image,
        "twitter_card": "summary_large_image" if image else "summary",
        "site_name": settings.text("site_name"),
        "noindex": meta["noindex"],
        "jsonld": seo.jsonld_graph(nodes) if nodes else "",
        "og_locale": i18n.og_locale(translation.get_language()),
        "hreflang": hreflang_links(request, context.get("page"), meta["noindex"]),
    }


def hreflang_links(request, page, noindex):
    """(hreflang, absolute URL) for every language this page exists in, and x-default
    (the default language's), for search engines; none on a page kept out of them."""
    if noindex:
        return []
    found = [alt for alt in languages.alternates(request, page) if alt.translated]
    if len(found) < 2:
        return []
    links = [(alt.code, seo.absolute_url(request, alt.url)) for alt in found]
    default = i18n.default_language()
    links += [("x-default", url) for code, url in links if code == default]
    return links


@register.inclusion_tag("components/language_switch.html", takes_context=True)
def language_switch(context):
    """The header's link to this page in each other language (or that language's home
    page, saying this page is not translated yet)."""
    request = context.get("request")
    return {
        "others": [a for a in languages.alternates(request, context.get("page")) if not a.current]
    }


@register.simple_tag
def home_url():
    """The active language's home page ("/", "/es/"), without the database (500 page)."""
    return i18n.home_path(translation.get_language())


@register.simple_tag
def section_url(section):
    """The active language's index page of a site section ("procedures", "articles")."""
    return i18n.section_path(section)
