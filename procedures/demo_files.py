"""The demo content files: the demo site's words, kept out of the code.

`procedures/demo_content/` holds one TOML file per procedure (`procedures/<slug>.toml`)
and per article (`articles/<slug>.toml`), `specialties.toml` for the NUCC specialties
the procedures name, and `index.toml`, which lists the slugs in display order. A writer
changes the demo text there without reading Python; `procedures.demo` builds the pages.

Why TOML: Python 3.11 reads it with the standard library (`tomllib`), its literal
strings (``'''…'''``) hold rich-text HTML with its quotes and apostrophes as written,
and a syntax error names the line. Markdown with front matter would need a new
dependency to parse either the front matter or the Markdown, and the bodies are HTML.

This module reads and checks the files and nothing else. It imports nothing from
Django, so the synthetic data generator (bench/) can read the specialties without a
configured project. Every problem is a `DemoContentError` naming the file.
"""

import datetime
import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

# Next to this module, not the working directory: the files ship with the package.
DEMO_CONTENT_DIR = Path(__file__).resolve().parent / "demo_content"

TEXT, TEXTS, HTML, TABLES = "text", "a list of text", "HTML", "a list of [[tables]]"
TABLE = "a [table]"
DATE, NUMBER = "a date (YYYY-MM-DD, unquoted)", "a whole number"
# key: (kind, required). Missing optional keys read as "" or [] (None for dates, numbers).
# Who wrote and reviewed a page, when, and its sources (see people.toml).
REVIEW_KEYS = {
    "authors": (TEXTS, False),
    "reviewer": (TEXT, False),
    "last_reviewed": (DATE, False),
    "references": (TABLES, False),
}
PROCEDURE_KEYS = {
    "title": (TEXT, True),
    "summary": (TEXT, True),
    "also_known_as": (TEXTS, False),
    "cpt_codes": (TEXTS, False),
    "specialties": (TEXTS, False),
    "featured_articles": (TEXTS, False),
    **REVIEW_KEYS,
    "sections": (TABLES, True),
}
SECTION_KEYS = {"type": (TEXT, True), "heading": (TEXT, True), "body": (HTML, True)}
ARTICLE_KEYS = {
    "title": (TEXT, True),
    "summary": (TEXT, True),
    **REVIEW_KEYS,
    "body": (HTML, True),
}
REFERENCE_KEYS = {
    "title": (TEXT, True),
    "authors": (TEXT, False),
    "publisher": (TEXT, False),
    "year": (NUMBER, False),
    "doi": (TEXT, False),
    "pmid": (TEXT, False),
    "url": (TEXT, False),
    "accessed": (DATE, False),
}
PERSON_KEYS = {
    "key": (TEXT, True),
    "name": (TEXT, True),
    "credentials": (TEXT, False),
    "role": (TEXT, False),
    "bio": (TEXT, False),
}
PEOPLE_KEYS = {"person": (TABLES, True)}
SPECIALTY_KEYS = {
    "code": (TEXT, True),
    "grouping": (TEXT, False),
    "classification": (TEXT, True),
    "specialization": (TEXT, False),
    "display_name": (TEXT, False),
}
INDEX_KEYS = {
    "procedures": (TEXTS, True),
    "articles": (TEXTS, True),
    # The home page's popular procedures, in order (slugs listed under procedures).
    "popular": (TEXTS, False),
}
SPECIALTIES_KEYS = {"specialty": (TABLES, True)}

# A translation (`<language>/`, see the README) names the English page it translates and
# gives only what depends on the language; codes, specialties and featured articles are
# the English page's, and so are the review keys it leaves out.
PROCEDURE_TRANSLATION_KEYS = {
    "translation_of": (TEXT, True),
    "title": (TEXT, True),
    "summary": (TEXT, True),
    "also_known_as": (TEXTS, False),
    **REVIEW_KEYS,
    "sections": (TABLES, True),
}
ARTICLE_TRANSLATION_KEYS = {
    "translation_of": (TEXT, True),
    "title": (TEXT, True),
    "summary": (TEXT, True),
    **REVIEW_KEYS,
    "body": (HTML, True),
}
INDEX_PAGE_KEYS = {"title": (TEXT, True), "slug": (TEXT, True), "intro": (HTML, True)}
TRANSLATION_INDEX_KEYS = {
    "procedures": (TEXTS, True),
    "articles": (TEXTS, True),
    "procedure_index": (TABLE, True),
    "article_index": (TABLE, True),
}
# A language folder's name: a lowercase language code, as Wagtail's Locale stores it.
LANGUAGE = re.compile(r"[a-z]{2,3}(?:-[a-z0-9]+)*")

SLUG = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
# A body is written one block element per line. The line breaks are layout, not
# content: between a tag and a block tag they go (the page gets the single-line HTML
# the editor saves), anywhere else they are one space, as a browser reads them.
_BLOCK_BREAK = re.compile(r">[ \t]*\n\s*(?=</?(?:p|ul|ol|li|h[2-6]|blockquote)\b)")
_LINE_BREAK = re.compile(r"[ \t]*\n\s*")


class DemoContentError(ValueError):
    """A demo content file is missing, unreadable or does not say what the loader needs."""


@dataclass(frozen=True)
class DemoContent:
    """Everything the demo loader builds, in display order (dicts as `read_demo_content`
    documents them)."""

    procedures: list[dict]
    articles: list[dict]
    specialties: list[dict]
    people: list[dict]
    popular: list[str] = field(default_factory=list)


def join_html_lines(text):
    """The rich-text HTML a body written over several lines stands for."""
    return _LINE_BREAK.sub(" ", _BLOCK_BREAK.sub(">", text.strip()))


def _read(path):
    try:
        with open(path, "rb") as handle:
            return tomllib.load(handle)
    except FileNotFoundError:
        raise DemoContentError(f"{path}: file not found") from None
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as error:
        raise DemoContentError(f"{path}: not valid TOML: {error}") from None


def _checked(table, keys, where):
    """`table` with every key of `keys` (optional ones defaulted), each of its kind."""
    if not isinstance(table, dict):
        raise DemoContentError(f"{where}: expected a table of keys, not {type(table).__name__}")
    unknown = sorted(set(table) - set(keys))
    if unknown:
        raise DemoContentError(
            f"{where}: unknown key {unknown[0]!r} (expected one of: {', '.join(keys)})"
        )
    checked = {}
    for key, (kind, required) in keys.items():
        if key not in table:
            if required:
                raise DemoContentError(f"{where}: missing key {key!r}")
            checked[key] = (
                [] if kind in (TEXTS, TABLES) else None if kind in (DATE, NUMBER, TABLE) else ""
            )
            continue
        value = table[key]
        if kind == DATE:
            if type(value) is not datetime.date:
                raise DemoContentError(f"{where}: {key!r} must be {kind}")
        elif kind == NUMBER:
            if type(value) is not int:
                raise DemoContentError(f"{where}: {key!r} must be {kind}")
        elif kind == TABLE:
            if not isinstance(value, dict):
                raise DemoContentError(f"{where}: {key!r} must be {kind}")
        elif kind in (TEXTS, TABLES):
            item = str if kind == TEXTS else dict
            if not isinstance(value, list) or not all(isinstance(v, item) for v in value):
                raise DemoContentError(f"{where}: {key!r} must be {kind}")
            if required and not value:
                raise DemoContentError(f"{where}: {key!r} is empty")
        elif not isinstance(value, str):
            raise DemoContentError(f"{where}: {key!r} must be {kind}, not {type(value).__name__}")
        elif required and not value.strip():
            raise DemoContentError(f"{where}: {key!r} is empty")
        checked[key] = join_html_lines(value) if kind == HTML else value
    return checked


def _page_files(directory, kind, order):
    """{slug: path} of `directory/kind/*.toml`, each listed in index.toml's `kind` once."""
    index = directory / "index.toml"
    files = {path.stem: path for path in sorted((directory / kind).glob("*.toml"))}
    for slug, path in files.items():
        if not SLUG.fullmatch(slug):
            raise DemoContentError(
                f"{path}: the file name is the page's slug: lowercase letters, digits and hyphens"
            )
        if slug not in order:
            raise DemoContentError(f"{path}: not listed in {index} under {kind!r}")
    for position, slug in enumerate(order):
        if slug in order[:position]:
            raise DemoContentError(f"{index}: {slug!r} is listed twice under {kind!r}")
        if slug not in files:
            raise DemoContentError(
                f"{index}: {kind!r} lists {slug!r}, but there is no {directory / kind / slug}.toml"
            )
    return {slug: files[slug] for slug in order}


def demo_specialties(directory=DEMO_CONTENT_DIR):
    """The NUCC specialties of `specialties.toml`, in file order: dicts with `code`,
    `grouping`, `classification`, `specialization` and `display_name`."""
    path = Path(directory) / "specialties.toml"
    data = _checked(_read(path), SPECIALTIES_KEYS, path)
    specialties = [
        _checked(table, SPECIALTY_KEYS, f"{path}, specialty {number}")
        for number, table in enumerate(data["specialty"], start=1)
    ]
    codes = [specialty["code"] for specialty in specialties]
    for position, code in enumerate(codes):
        if code in codes[:position]:
            raise DemoContentError(f"{path}: specialty {code!r} appears twice")
    return specialties


def demo_people(directory=DEMO_CONTENT_DIR):
    """The authors and reviewers of `people.toml`: dicts with `key` (what pages name
    them by), `name`, `credentials`, `role` and `bio`."""
    path = Path(directory) / "people.toml"
    data = _checked(_read(path), PEOPLE_KEYS, path)
    people = [
        _checked(table, PERSON_KEYS, f"{path}, person {number}")
        for number, table in enumerate(data["person"], start=1)
    ]
    keys = [person["key"] for person in people]
    for position, key in enumerate(keys):
        if key in keys[:position]:
            raise DemoContentError(f"{path}: person {key!r} appears twice")
    return people


def _review(data, path, people):
    """Check a page's review keys: people named in people.toml, references complete."""
    for key in ("authors", "reviewer"):
        names = data[key] if key == "authors" else [data[key]] if data[key] else []
        for name in names:
            if name not in people:
                raise DemoContentError(
                    f"{path}: {key!r} names {name!r}, which is not in people.toml"
                )
    if data["last_reviewed"] and not data["reviewer"]:
        raise DemoContentError(f"{path}: 'last_reviewed' needs a 'reviewer'")
    data["references"] = [
        _checked(table, REFERENCE_KEYS, f"{path}, reference {number}")
        for number, table in enumerate(data["references"], start=1)
    ]
    return data


def _sections(sections, path, section_types):
    """A page's `[[sections]]` tables, each checked."""
    checked = []
    for number, section in enumerate(sections, start=1):
        where = f"{path}, section {number}"
        section = _checked(section, SECTION_KEYS, where)
        if section["type"] not in section_types:
            raise DemoContentError(
                f"{where}: unknown section type {section['type']!r} "
                f"(expected one of: {', '.join(section_types)})"
            )
        checked.append(section)
    return checked


def _procedure(path, slug, section_types, articles, specialties, people):
    data = {"slug": slug, **_checked(_read(path), PROCEDURE_KEYS, path)}
    _review(data, path, people)
    data["sections"] = _sections(data["sections"], path, section_types)
    for key, known, source in (
        ("featured_articles", articles, "an article file"),
        ("specialties", specialties, "specialties.toml"),
    ):
        for value in data[key]:
            if value not in known:
                raise DemoContentError(f"{path}: {key!r} names {value!r}, which is not in {source}")
    return data


def read_demo_content(section_types, directory=DEMO_CONTENT_DIR):
    """All the demo content, checked, in the order index.toml gives.

    A procedure is a dict with `slug` (its file name), `title`, `summary`,
    `also_known_as`, `cpt_codes`, `specialties` (NUCC codes from specialties.toml),
    `featured_articles` (article slugs) and `sections` (dicts with `type`, one of
    `section_types`, `heading` and `body`); an article has `slug`, `title`, `summary`
    and `body`. Bodies are rich-text HTML (see `join_html_lines`). Both may have
    `authors` and a `reviewer` (keys of `people.toml`), `last_reviewed` (a date or
    None) and `references` (dicts of `REFERENCE_KEYS`).
    """
    directory = Path(directory)
    index = directory / "index.toml"
    order = _checked(_read(index), INDEX_KEYS, index)
    specialties = demo_specialties(directory)
    people = demo_people(directory)
    person_keys = {person["key"] for person in people}
    articles = [
        _review({"slug": slug, **_checked(_read(path), ARTICLE_KEYS, path)}, path, person_keys)
        for slug, path in _page_files(directory, "articles", order["articles"]).items()
    ]
    article_slugs = {article["slug"] for article in articles}
    codes = {specialty["code"] for specialty in specialties}
    procedures = [
        _procedure(path, slug, section_types, article_slugs, codes, person_keys)
        for slug, path in _page_files(directory, "procedures", order["procedures"]).items()
    ]
    for slug in order["popular"]:
        if slug not in order["procedures"]:
            raise DemoContentError(f"{index}: 'popular' lists {slug!r}, not a listed procedure")
    return DemoContent(
        procedures=procedures,
        articles=articles,
        specialties=specialties,
        people=people,
        popular=order["popular"],
    )


@dataclass(frozen=True)
class DemoTranslations:
    """One language's edition of the demo (`<language>/`, see the README): the
    translations of English pages, in display order. `procedure_index` and
    `article_index` are dicts with the `title`, `slug` and `intro` of the translated index
    pages; `procedures` and `articles` are dicts as `read_demo_translations` documents."""

    language: str
    procedure_index: dict
    article_index: dict
    procedures: list[dict]
    articles: list[dict]


def demo_translation_languages(directory=DEMO_CONTENT_DIR):
    """The language codes that have an edition folder (one with an index.toml), sorted."""
    return sorted(
        path.parent.name
        for path in Path(directory).glob("*/index.toml")
        if LANGUAGE.fullmatch(path.parent.name)
    )


def _translation(path, slug, keys, english, people):
    """One translation file, checked against the English pages it may translate
    (`english`: {slug: the English page's dict}); the review keys it leaves out are the
    English page's."""
    table = _read(path)
    data = {"slug": slug, **_checked(table, keys, path)}
    source = english.get(data["translation_of"])
    if source is None:
        kind = path.parent.name
        raise DemoContentError(
            f"{path}: 'translation_of' names {data['translation_of']!r}, "
            f"which is not an English page under {kind!r}"
        )
    for key in ("authors", "reviewer", "last_reviewed"):
        if key not in table:
            data[key] = source[key]
    _review(data, path, people)  # checks the references the file gives, if any
    if "references" not in table:
        data["references"] = source["references"]
    return data, source


def _procedure_translation(path, slug, english, section_types, people):
    data, source = _translation(path, slug, PROCEDURE_TRANSLATION_KEYS, english, people)
    data["sections"] = _sections(data["sections"], path, section_types)
    # Same blocks in the same order, so each keeps the id of the block it translates.
    ours = [section["type"] for section in data["sections"]]
    theirs = [section["type"] for section in source["sections"]]
    if ours != theirs:
        raise DemoContentError(
            f"{path}: the sections must be those of the English page "
            f"{source['slug']!r}, in its order: {', '.join(theirs)} (not {', '.join(ours)})"
        )
    return data


def read_demo_translations(language, content, section_types, directory=DEMO_CONTENT_DIR):
    """The `language` edition of the demo (`<directory>/<language>/`), checked against
    `content`, the English demo content (`read_demo_content`'s answer).

    A procedure translation is a dict with `slug` (its file name), `translation_of` (the
    English slug), `title`, `summary`, `also_known_as` and `sections` (the English
    page's section types, in order); an article translation has `slug`,
    `translation_of`, `title`, `summary` and `body`. Both have `authors`, `reviewer`,
    `last_reviewed` and `references`, the English page's where the file gives none.
    """
    directory = Path(directory)
    edition = directory / language
    index = edition / "index.toml"
    order = _checked(_read(index), TRANSLATION_INDEX_KEYS, index)
    index_pages = {}
    for key in ("procedure_index", "article_index"):
        page = _checked(order[key], INDEX_PAGE_KEYS, f"{index}, [{key}]")
        if not SLUG.fullmatch(page["slug"]):
            raise DemoContentError(
                f"{index}, [{key}]: 'slug' must be lowercase letters, digits and hyphens"
            )
        index_pages[key] = page
    if index_pages["procedure_index"]["slug"] == index_pages["article_index"]["slug"]:
        raise DemoContentError(f"{index}: the two index pages have the same slug")
    people = {person["key"] for person in content.people}
    translations = {}
    for kind, pages in (("procedures", content.procedures), ("articles", content.articles)):
        english = {page["slug"]: page for page in pages}
        translated = {}
        for slug, path in _page_files(edition, kind, order[kind]).items():
            if kind == "procedures":
                data = _procedure_translation(path, slug, english, section_types, people)
            else:
                data = _translation(path, slug, ARTICLE_TRANSLATION_KEYS, english, people)[0]
            other = translated.get(data["translation_of"])
            if other is not None:
                raise DemoContentError(
                    f"{path}: {data['translation_of']!r} is already translated by {other}"
                )
            translated[data["translation_of"]] = path
            translations.setdefault(kind, []).append(data)
    return DemoTranslations(
        language=language,
        procedure_index=index_pages["procedure_index"],
        article_index=index_pages["article_index"],
        procedures=translations.get("procedures", []),
        articles=translations.get("articles", []),
    )
