"""The page editor's POST data, as the admin posts it."""

from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text, streamfield


def section(name, text=None):
    return (
        name,
        {
            "heading": name.title(),
            "body": rich_text(f"<p>{text or name + ' text'}</p>"),
            "image": "",
            "alt_text": "",
            "caption": "",
        },
    )


def reference(title="A randomized trial", **fields):
    return (
        "reference",
        {
            "title": title,
            "authors": fields.get("authors", "Smith A"),
            "publisher": fields.get("publisher", "N Engl J Med"),
            "year": fields.get("year", "2009"),
            "doi": fields.get("doi", ""),
            "pmid": fields.get("pmid", ""),
            "url": fields.get("url", ""),
            "accessed": fields.get("accessed", ""),
        },
    )


def procedure_form(
    title="Vertebroplasty", slug="vertebroplasty", authors=(), references=(), **overrides
):
    data = {
        "title": title,
        "slug": slug,
        "summary": "Bone cement injected into a fractured vertebra.",
        "also_known_as": "",
        "sections": streamfield([section("overview"), section("risks")]),
        "featured_article_links": inline_formset([]),
        "page_authors": inline_formset([{"person": person.pk} for person in authors]),
        "next_review_due": "",
        "references": streamfield(list(references)),
        "procedure_codes": "",
        "specialty_links": inline_formset([]),
        "billing_codes": inline_formset([]),
        "featured_provider_links": inline_formset([]),
        "seo_title": "",
        "search_description": "",
    }
    data.update(overrides)
    return nested_form_data(data)


def article_form(title="Getting ready", slug="getting-ready", authors=(), **overrides):
    data = {
        "title": title,
        "slug": slug,
        "summary": "How to get ready.",
        "body": streamfield([("paragraph", rich_text("<p>Plain words.</p>"))]),
        "page_authors": inline_formset([{"person": person.pk} for person in authors]),
        "next_review_due": "",
        "references": streamfield([]),
        "seo_title": "",
        "search_description": "",
    }
    data.update(overrides)
    return nested_form_data(data)
