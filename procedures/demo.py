"""Builds the demo procedure and article pages from the demo content files.

The words live in `procedures/demo_content/` (read and checked by `demo_files`); this
module only turns them into pages, creating what is missing and leaving the rest alone.
"""

import json
import uuid

from django.db import transaction

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
    articles = {}
    for data in content.articles:
        article, new = _child(
            articles_index,
            ArticlePage,
            data["slug"],
            title=data["title"],
            summary=data["summary"],
            body=_article_body(data["body"]),
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
        )
        created += new
    if stdout and created:
        stdout.write(f"Created {created} procedure and article page(s).")
    return created
