"""Builds the demo's translated pages (the Spanish edition) from the translation files.

Each file under `demo_content/<language>/` translates one English demo page (read and
checked by `demo_files.read_demo_translations`). A translated page is Wagtail's copy of
the English page in that language's `Locale` (`Page.copy_for_translation`: the same
`translation_key`, under the translated parent), so the language switch, the API's
`translation_of` and the translation tools know the two as one page in two languages.
What does not depend on the language (images, the review fields the file leaves out)
comes with the copy; the file gives the words.

What the directory and the costs derive rows from is not copied: a translation keeps
none of the English page's performing specialties, featured doctors, billing codes or
procedure codes. Publishing a procedure page derives a provider link for every provider
of its specialties (`providers.signals`), and the volume imports link providers to every
page with their codes, so a copy would copy the directory, a million links, per
language; the issue wants one set of rows, read by every language through the English
page (`translation_key`).

Block ids: the copy keeps the English page's StreamField block ids, and each translated
section keeps the id of the English section it translates, so a translation tool that
matches blocks by id (wagtail-localize; see its issue #298 on blocks without ids) sees
the same blocks in both languages.

Each new translation is also recorded with wagtail-localize, as if a translator had
made it there: a `Translation` of the English page's `TranslationSource`, with every
string of the translated page imported as the translation of the English string at the
same place (PO import, matched by context path). Editors then find the demo's Spanish
pages in wagtail-localize's editor, fully translated, and see them flagged when the
English page changes.

Like the English loader it creates what is missing and leaves what exists alone.
"""

import json
import uuid

from wagtail_localize.models import Translation, TranslationSource
from wagtail_localize.segments import StringSegmentValue
from wagtail_localize.segments.extract import extract_segments

from django.db import transaction

from wagtail.models import Locale

from .blocks import SECTION_TYPES
from .demo import demo_content, load_people, review_fields
from .demo_files import demo_translation_languages, read_demo_translations
from .models import (
    ArticleIndexPage,
    ArticlePage,
    ProcedureFeaturedArticle,
    ProcedureIndexPage,
    ProcedurePage,
)


def demo_translations(content=None):
    """Every language edition of the demo files, checked against the English content."""
    content = content or demo_content()
    return [
        read_demo_translations(language, content, SECTION_TYPES)
        for language in demo_translation_languages()
    ]


def _translate(page, locale, **fields):
    """(`page`'s translation into `locale`, created?): the one that exists, or a copy of
    `page` given `fields` and published. The parent must be translated already."""
    existing = page.get_translation_or_none(locale)
    if existing is not None:
        return existing.specific, False
    translated = page.copy_for_translation(locale)
    for name, value in fields.items():
        setattr(translated, name, value)
    translated.save()  # a new slug gives the page its translated URL path
    translated.save_revision().publish()
    _record_translation(page, translated)
    return translated, True


def _record_translation(page, translated):
    """Record `translated` with wagtail-localize as the translation of `page`: each of its
    strings becomes the translation of the English string in the same context (field,
    block id, position). English strings the translated page has no counterpart for (a
    field it leaves empty) stay untranslated."""
    source, _created = TranslationSource.get_or_create_from_instance(page)
    translation, _created = Translation.objects.get_or_create(
        source=source, target_locale=translated.locale
    )
    ours = {}
    for segment in extract_segments(translated):
        if isinstance(segment, StringSegmentValue):
            ours.setdefault(segment.path, []).append(segment.string.data)
    po = translation.export_po()
    seen = {}
    for entry in po:
        if entry.obsolete:
            continue
        nth = seen[entry.msgctxt] = seen.get(entry.msgctxt, -1) + 1
        strings = ours.get(entry.msgctxt, ())
        if nth < len(strings):
            entry.msgstr = strings[nth]
    translation.import_po(po)


def _block_ids(stream):
    """{(block type, nth of that type): id} of a StreamField's stored blocks."""
    ids, seen = {}, {}
    for block in stream.raw_data:
        nth = seen[block["type"]] = seen.get(block["type"], -1) + 1
        if block.get("id"):
            ids[block["type"], nth] = block["id"]
    return ids


def _sections(sections, english_ids):
    """The translated sections as StreamField JSON, each with the id of the English
    section of the same type and rank (a new id where the English page has none)."""
    blocks, seen = [], {}
    for section in sections:
        nth = seen[section["type"]] = seen.get(section["type"], -1) + 1
        blocks.append(
            {
                "type": section["type"],
                "id": english_ids.get((section["type"], nth)) or str(uuid.uuid4()),
                "value": {
                    "heading": section["heading"],
                    "body": section["body"],
                    "image": None,
                    "alt_text": "",
                    "caption": "",
                },
            }
        )
    return json.dumps(blocks)


def _article_body(html, english_ids):
    block_id = english_ids.get(("paragraph", 0)) or str(uuid.uuid4())
    return json.dumps([{"type": "paragraph", "id": block_id, "value": html}])


def _featured_articles(english_page, locale):
    """The translated page's featured articles: the translations of the English page's,
    in its order, leaving out those not translated into `locale`."""
    links = []
    for link in english_page.featured_article_links.order_by("sort_order"):
        translated = link.article.get_translation_or_none(locale)
        if translated is not None:
            links.append(ProcedureFeaturedArticle(article=translated, sort_order=len(links)))
    return links


def _english(parent, model, slug):
    """The English page a translation file names, or None if an editor removed it."""
    return model.objects.child_of(parent).filter(slug=slug).first()


@transaction.atomic
def load_translations(home, stdout=None):
    """Create the translated demo pages that are missing, in every language that has both
    an edition folder and a translated home page (a `Locale` the site has).

    Every edition's files are read and checked before anything is written. An English
    page that is gone (an editor deleted it) is not translated.
    """
    content = demo_content()
    editions = demo_translations(content)
    english = {
        **{("procedures", page["slug"]): page for page in content.procedures},
        **{("articles", page["slug"]): page for page in content.articles},
    }
    people = load_people(content.people)
    procedure_index = ProcedureIndexPage.objects.child_of(home).first()
    article_index = ArticleIndexPage.objects.child_of(home).first()
    created = 0
    for edition in editions:
        locale = Locale.objects.filter(language_code=edition.language).first()
        if locale is None or home.get_translation_or_none(locale) is None:
            continue  # a language this site does not have (yet)
        if article_index is not None:
            created += _translate(article_index, locale, **edition.article_index)[1]
            for data in edition.articles:
                source = _english(article_index, ArticlePage, data["translation_of"])
                if source is None:
                    continue
                created += _translate_page(
                    source,
                    locale,
                    data,
                    english["articles", data["translation_of"]],
                    people,
                    body=_article_body(data["body"], _block_ids(source.body)),
                )[1]
        if procedure_index is None:
            continue
        created += _translate(procedure_index, locale, **edition.procedure_index)[1]
        for data in edition.procedures:
            source = _english(procedure_index, ProcedurePage, data["translation_of"])
            if source is None:
                continue
            created += _translate_page(
                source,
                locale,
                data,
                english["procedures", data["translation_of"]],
                people,
                also_known_as="\n".join(data["also_known_as"]),
                sections=_sections(data["sections"], _block_ids(source.sections)),
                featured_article_links=_featured_articles(source, locale),
                # The English page's rows serve every language (module docstring).
                procedure_codes="",
                specialty_links=[],
                featured_provider_links=[],
                billing_codes=[],
            )[1]
    if stdout and created:
        stdout.write(f"Created {created} translated page(s).")
    return created


def _translate_page(source, locale, data, english_data, people, **fields):
    """Translate a procedure or article page: the file's words, and the review fields
    where the file gives its own (the copy has the English page's otherwise)."""
    review = review_fields(data, people, source.references.raw_data)
    for key, names in (
        ("authors", ["page_authors"]),
        ("reviewer", ["reviewer"]),
        ("last_reviewed", ["last_reviewed", "next_review_due"]),
        ("references", ["references"]),
    ):
        if data[key] == english_data[key]:
            for name in names:
                del review[name]
    return _translate(
        source,
        locale,
        title=data["title"],
        slug=data["slug"],
        summary=data["summary"],
        **fields,
        **review,
    )


def translated_popular(home, popular):
    """[(translated home page, [slugs])]: each language's popular procedures are the
    translations of the English home's (`popular`, index.toml's English slugs), in the
    same order, leaving out those not translated."""
    english = {
        page.slug: page
        for page in ProcedurePage.objects.descendant_of(home).filter(slug__in=popular)
    }
    answer = []
    for translated_home in home.get_translations().specific():
        slugs = []
        for slug in popular:
            page = english.get(slug)
            translation = page and page.get_translation_or_none(translated_home.locale)
            if translation is not None:
                slugs.append(translation.slug)
        answer.append((translated_home, slugs))
    return answer
