"""schema.org JSON-LD for procedure and article pages.

Every reviewed page is a `MedicalWebPage` carrying its review (`lastReviewed`,
`reviewedBy`), its authors and its references (`citation`); a procedure page's
`about` is a `MedicalProcedure` whose preparation, how it is performed, follow-up
and adverse outcomes are the text of the writer's typed sections. Search engines
read these as the page's trust signals. An article page's main entity is an
`Article`. The page's graph (with its breadcrumbs) is written by `core.seo`.
"""

from django.utils import translation
from django.utils.html import strip_tags
from django.utils.translation import gettext as _

from core import i18n
from editorial.people import citation_jsonld, person_jsonld

# MedicalProcedure property <- the section types (procedures.blocks.SECTION_TYPES) it reads.
PROCEDURE_PROPERTIES = {
    "preparation": ("preparation",),
    "howPerformed": ("procedure",),
    "followup": ("aftercare", "recovery"),
}


def section_texts(page):
    """{section type: its plain text} for a procedure page's canonical sections.

    Read from the rich text's stored source, so internal links cost no query.
    """
    texts = {}
    for block in page.section_blocks:
        body = block.value.get("body")
        source = getattr(body, "source", body) or ""
        texts[block.block_type] = " ".join(strip_tags(source).split())
    return texts


def procedure_jsonld(page, url):
    texts = section_texts(page)
    data = {"@type": "MedicalProcedure", "name": page.title, "url": url}
    if page.summary:
        data["description"] = page.summary
    if page.also_known_as_list:
        data["alternateName"] = page.also_known_as_list
    for prop, section_types in PROCEDURE_PROPERTIES.items():
        text = next((texts[name] for name in section_types if texts.get(name)), "")
        if text:
            data[prop] = text
    if texts.get("risks"):
        with translation.override(i18n.page_language(page)):
            name = _("Risks of %(title)s") % {"title": page.title}
        data["adverseOutcome"] = {
            "@type": "MedicalEntity",
            "name": name,
            "description": texts["risks"],
        }
    return data


def article_jsonld(page, url, image_url=None):
    """An article page's main entity: the article, its authors and dates."""
    data = {
        "@type": "Article",
        "headline": page.title,
        "url": url,
        "description": page.summary,
        "inLanguage": i18n.bcp47(i18n.page_language(page)),
    }
    if page.first_published_at:
        data["datePublished"] = page.first_published_at.isoformat()
    if page.last_published_at:
        data["dateModified"] = page.last_published_at.isoformat()
    authors = page.authors
    if authors:
        data["author"] = [person_jsonld(person) for person in authors]
    if image_url:
        data["image"] = image_url
    return data


def page_data(page, url, image_url=None):
    """The page's schema.org node: a reviewed MedicalWebPage about its procedure or article.

    `url` is the page's canonical URL (the node's `@id` and `url`). `inLanguage` is
    the page's own language, whatever language the request is in (an editor's preview
    runs in the admin's language).
    """
    data = {
        "@type": "MedicalWebPage",
        "@id": f"{url}#webpage",
        "name": page.title,
        "url": url,
        "description": page.summary,
        "inLanguage": i18n.bcp47(i18n.page_language(page)),
        "breadcrumb": {"@id": f"{url}#breadcrumb"},
    }
    authors = page.authors  # first: it loads the reviewer in the same query
    if page.is_reviewed:
        data["lastReviewed"] = page.last_reviewed.isoformat()
        data["reviewedBy"] = person_jsonld(page.reviewer)
    if authors:
        data["author"] = [person_jsonld(person) for person in authors]
    citations = [citation_jsonld(block.value) for block in page.references]
    if citations:
        data["citation"] = citations
    if image_url:
        data["primaryImageOfPage"] = image_url
    if hasattr(page, "section_blocks"):
        data["about"] = procedure_jsonld(page, url)
    else:
        data["mainEntity"] = article_jsonld(page, url, image_url)
    return data
