"""What a page tells search engines and link previews about itself, built one way.

Every visitor page (Wagtail pages, the directory's routes, provider profiles) puts
one `seo` dict in its template context, made by `page_seo`: its title without the
site name, its meta description, its absolute canonical URL, its breadcrumbs, the
Open Graph type and image, and the schema.org nodes that describe it. The head
(`home.templatetags.seo_tags`, which knows the site settings) adds the site name,
Open Graph and Twitter tags and the site-wide JSON-LD nodes, and writes the graph
with `script_json`, so no page builds its own `<script>` and none can forget to
escape it.

A cms core module: it imports no app, so every app's pages may use it.
"""

import json

from django.conf import settings
from django.utils import translation
from django.utils.html import strip_tags
from django.utils.safestring import mark_safe

from . import i18n

# The site's name until an editor sets one in the site settings (and on the 500 page,
# which is rendered without the database).
DEFAULT_SITE_NAME = "Better Healthcare"

# Search engines show about 155-160 characters of a description.
DESCRIPTION_LIMIT = 160

# Link previews: 1200x630 is what Facebook, LinkedIn and Twitter's large card expect.
OG_IMAGE_SPEC = "fill-1200x630-c50"

# Characters that could close the <script> element or start an HTML comment.
_SCRIPT_ESCAPES = {ord("<"): "\\u003C", ord(">"): "\\u003E", ord("&"): "\\u0026"}


def script_json(data):
    """`data` as JSON that is safe inside a <script> element (no "</script>", no "<!--").

    Like Django's `json_script`, but for a script element whose type is JSON-LD.
    """
    return mark_safe(json.dumps(data, ensure_ascii=False).translate(_SCRIPT_ESCAPES))  # noqa: S308


def public_base_url(request):
    """The scheme and host pages are published under, without a trailing slash.

    `PUBLIC_BASE_URL` when production sets it (the host search engines should index,
    whatever host a proxy forwarded), else the request's own host, as the sitemaps use.
    """
    configured = getattr(settings, "PUBLIC_BASE_URL", "")
    if configured:
        return configured.rstrip("/")
    if request is None:
        return settings.WAGTAILADMIN_BASE_URL.rstrip("/")
    return f"{request.scheme}://{request.get_host()}"


def absolute_url(request, url):
    """`url` (a path, or already absolute) on the public base URL."""
    if not url or "://" in url:
        return url
    return public_base_url(request) + url


def paginated(url, page_obj):
    """The canonical URL of one page of a list: page 1 is the list's own URL, page N
    says `?page=N` (each page lists different items, so each is its own canonical).
    Filters in the query string are left out: a filtered view is canonical to the list.
    """
    if page_obj is not None and page_obj.number > 1:
        return f"{url}?page={page_obj.number}"
    return url


def collection_page(canonical, name, description, language=None):
    """A listing page's own node (the procedures A-Z, the articles, a directory page),
    in `language` (a code), else the language the request is in (its URL's)."""
    return {
        "@type": "CollectionPage",
        "@id": f"{canonical}#webpage",
        "name": name,
        "url": canonical,
        "description": description,
        "inLanguage": i18n.bcp47(language or translation.get_language()),
        "breadcrumb": {"@id": f"{canonical}#breadcrumb"},
    }


def plain_text(text):
    """Rich text or plain text as one line of plain text."""
    return " ".join(strip_tags(str(text or "")).split())


def describe(*candidates, limit=DESCRIPTION_LIMIT):
    """The first non-empty candidate as plain text of at most `limit` characters.

    Cut at a word with an ellipsis, so a summary never ends mid-word in a result.
    """
    for candidate in candidates:
        text = plain_text(candidate)
        if len(text) > limit:
            cut = text[: limit - 1]
            if " " in cut:
                cut = cut.rsplit(" ", 1)[0]
            return cut.rstrip(" ,;:.") + "…"
        if text:
            return text
    return ""


def breadcrumb_list(crumbs, request, canonical):
    """The visible breadcrumb trail as a schema.org BreadcrumbList, item for item.

    The last crumb (the page itself, shown without a link) points at the canonical URL.
    """
    items = []
    for position, crumb in enumerate(crumbs, start=1):
        last = position == len(crumbs)
        url = canonical if last else absolute_url(request, crumb.get("url")) or canonical
        items.append(
            {"@type": "ListItem", "position": position, "name": crumb["title"], "item": url}
        )
    return {"@type": "BreadcrumbList", "@id": f"{canonical}#breadcrumb", "itemListElement": items}


def page_seo(
    request,
    *,
    title,
    description,
    canonical,
    crumbs=(),
    nodes=(),
    og_type="website",
    image=None,
    home=False,
    noindex=False,
):
    """The `seo` context of one page (see the module docstring).

    `title` is the page's own title (the head adds the site name once); `canonical`
    a path or absolute URL; `crumbs` the visible breadcrumbs as [{"title", "url"}]
    (the last one the page); `nodes` the page's own schema.org nodes; `image` a
    Wagtail image for link previews (else the site's social image).
    """
    canonical = absolute_url(request, canonical)
    crumbs = list(crumbs)
    graph = list(nodes)
    if len(crumbs) > 1:
        graph.append(breadcrumb_list(crumbs, request, canonical))
    return {
        "title": plain_text(title),
        "description": describe(description),
        "canonical": canonical,
        "crumbs": crumbs,
        "nodes": graph,
        "og_type": og_type,
        "image": image,
        "home": home,
        "noindex": noindex,
    }


def collection_seo(request, *, title, description, canonical, crumbs=(), language=None, **options):
    """`page_seo` of a listing page (an index, a directory overview): its node is a
    CollectionPage with the same name and description, in `language` (see
    `collection_page`)."""
    canonical = absolute_url(request, canonical)
    return page_seo(
        request,
        title=title,
        description=description,
        canonical=canonical,
        crumbs=crumbs,
        nodes=[collection_page(canonical, title, description, language)],
        **options,
    )


def jsonld_graph(nodes):
    """The page's nodes as one schema.org graph, ready for a JSON-LD script element."""
    return script_json({"@context": "https://schema.org", "@graph": list(nodes)})
