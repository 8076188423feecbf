"""Builds the demo procedure and article pages from the demo content files.

The words live in `procedures/demo_content/` (read and checked by `demo_files`); this
module only turns them into pages, creating what is missing and leaving the rest alone.
"""

import json
import uuid

from django.db import transaction

from editorial.dates import default_next_review
from editorial.models import PageAuthor, Person
from providers.models import ProcedureSpecialty, Specialty

from .blocks import SECTION_TYPES
from .demo_files import read_demo_content
from .models import (
    ArticleIndexPage,
    ArticlePage,
    ProcedureFeaturedArticle,
    ProcedureIndexPage,
    ProcedurePage,
)


def _child(parent, model, slug, **fields):
    """The child page of `parent` with this slug, created and published if missing."""
    existing = model.objects.child_of(parent).filter(slug=slug).first()
    if existing is not None:
        return existing, False
    page = parent.add_child(instance=model(slug=slug, **fields))
    page.save_revision().publish()
    return page, True


def _sections(sections):
    return json.dumps(
        [
            {
                "type": section["type"],
                "id": str(uuid.uuid4()),
                "value": {
                    "heading": section["heading"],
                    "body": section["body"],
                    "image": None,
                    "alt_text": "",
                    "caption": "",
                },
            }
            for section in sections
        ]
    )


def _article_body(html):
    return json.dumps([{"type": "paragraph", "id": str(uuid.uuid4()), "value": html}])


def _reference_value(ref):
    return {
        "title": ref["title"],
        "authors": ref["authors"],
        "publisher": ref["publisher"],
        "year": ref["year"],
        "doi": ref["doi"],
        "pmid": ref["pmid"],
        "url": ref["url"],
        "accessed": ref["accessed"].isoformat() if ref["accessed"] else None,
    }


def _references(references, existing=()):
    """The references as StreamField JSON. One equal to a stored block of `existing`
    keeps that block's id: a translation's references that are the English page's stay
    the same blocks."""
    known = {
        json.dumps(block["value"], sort_keys=True): block["id"]
        for block in existing
        if block.get("id")
    }
    blocks = []
    for ref in references:
        value = _reference_value(ref)
        block_id = known.get(json.dumps(value, sort_keys=True)) or str(uuid.uuid4())
        blocks.append({"type": "reference", "id": block_id, "value": value})
    return json.dumps(blocks)


def load_people(people):
    """{people.toml key: Person}, creating the people that are missing (by name)."""
    return {
        data["key"]: Person.objects.get_or_create(
            name=data["name"],
            defaults={"credentials": data["credentials"], "role": data["role"], "bio": data["bio"]},
        )[0]
        for data in people
    }


def review_fields(data, people, existing_references=()):
    """A page's authors, reviewer, review dates and references, as page fields
    (`existing_references`: stored reference blocks whose ids equal references keep)."""
    return {
        "page_authors": [
            PageAuthor(person=people[key], sort_order=order)
            for order, key in enumerate(data["authors"])
        ],
        "reviewer": people[data["reviewer"]] if data["reviewer"] else None,
        "last_reviewed": data["last_reviewed"],
        "next_review_due": default_next_review(data["last_reviewed"]),
        "references": _references(data["references"], existing_references),
    }


def demo_content():
    """The demo content files, checked against the section blocks the pages have."""
    return read_demo_content(SECTION_TYPES)


def load_specialties(specialties):
    """The NUCC specialties the demo procedures name, created if missing."""
    for data in specialties:
        Specialty.objects.get_or_create(
            code=data["code"],
            defaults={
                "grouping": data["grouping"],
                "classification": data["classification"],
                "specialization": data["specialization"],
                "display_name": data["display_name"],
            },
        )


@transaction.atomic
def load_procedures(home, stdout=None):
    """Create the procedure index, the articles and the procedures that are missing.

    The files are read and checked before anything is written, so a broken file
    stops the load with its name and changes nothing.
    """
    content = demo_content()
    created = 0
    procedures_index, new = _child(
        home,
        ProcedureIndexPage,
        "procedures",
        title="Procedures",
        intro="<p>Every procedure we cover, A to Z.</p>",
    )
    created += new
    articles_index, new = _child(
        home,
        ArticleIndexPage,
        "articles",
        title="Articles",
        intro="<p>Patient guides to getting ready for, and recovering from, a procedure.</p>",
    )
    created += new

    load_specialties(content.specialties)
    specialties = {s.code: s for s in Specialty.objects.all()}
    people = load_people(content.people)
    articles = {}
    for data in content.articles:
        article, new = _child(
            articles_index,
            ArticlePage,
            data["slug"],
            title=data["title"],
            summary=data["summary"],
            body=_article_body(data["body"]),
            **review_fields(data, people),
        )
        articles[data["slug"]] = article
        created += new

    for data in content.procedures:
        page, new = _child(
            procedures_index,
            ProcedurePage,
            data["slug"],
            title=data["title"],
            summary=data["summary"],
            also_known_as="\n".join(data["also_known_as"]),
            sections=_sections(data["sections"]),
            procedure_codes=", ".join(data["cpt_codes"]),
            featured_article_links=[
                ProcedureFeaturedArticle(article=articles[slug], sort_order=order)
                for order, slug in enumerate(data["featured_articles"])
            ],
            specialty_links=[
                ProcedureSpecialty(specialty=specialties[code], sort_order=order)
                for order, code in enumerate(data["specialties"])
            ],
            **review_fields(data, people),
        )
        created += new
    if stdout and created:
        stdout.write(f"Created {created} procedure and article page(s).")
    return created
