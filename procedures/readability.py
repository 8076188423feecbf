"""Reading grades for procedure and article pages: a writer's tool, never shown to visitors.

Patient content should read at US school grade 8 or lower (the target is the setting
``EDITORIAL_READING_GRADE_TARGET``). The editor shows the Flesch–Kincaid grade of the
whole page and of each part a patient reads as prose, so a writer sees which section to
simplify (see `procedures.readability_admin` and docs/editorial-reading-grade.md).

Grades come from `textstat`. textstat 0.7 counts syllables with the CMU Pronouncing
Dictionary, which it fetches through NLTK's downloader the first time it is needed: on
a server without network access that raises ``LookupError``, and with network access
it downloads at run time in production. This module gives textstat the same
dictionary from a file in the repository instead (`procedures/data/cmu_stress.txt.gz`,
built from the CMU dictionary by `scripts/build_cmu_stress.py`; nothing downloaded),
kept as one stress pattern per word rather than full pronunciations (a fraction of
the memory per process). Counting with pyphen alone, textstat's
fallback for unknown words, needs no dictionary but reads about one grade lower on
our demo pages (up to two), which would let pages pass the target that miss it.
"""

import gzip
import importlib
from dataclasses import dataclass
from functools import lru_cache
from html.parser import HTMLParser
from pathlib import Path

import textstat
from textstat.backend.utils import get_lang_root

from django.conf import settings
from django.utils.translation import gettext as _

from wagtail.rich_text import RichText

DEFAULT_TARGET = 8
# Below this many words a Flesch–Kincaid grade says more about one sentence than about
# the text: such a section is reported as too short rather than given a grade.
MIN_WORDS = 30

# Rich text elements that end a run of prose: their end is a sentence end for grading.
BLOCK_TAGS = {"p", "li", "ul", "ol", "div", "blockquote", "h1", "h2", "h3", "h4", "h5", "h6"}
# Headings name what follows; they are not sentences, and grading them as such would
# skew the words-per-sentence count.
HEADING_TAGS = {"h1", "h2", "h3", "h4", "h5", "h6"}
SENTENCE_END = (".", "!", "?")

# Prose-bearing blocks other than sections: (field naming the block, fields graded).
# Images and their captions are not graded.
PROSE_BLOCKS = {
    "callout": ("title", ("body",)),
    "faq_item": ("question", ("question", "answer")),
    "quote": ("attribution", ("quote",)),
}


# --- Syllables: textstat with the CMU dictionary from procedures/data/ ---------------

# "word stress-digits" per line: the first pronunciation's vowels of each word of the
# CMU Pronouncing Dictionary (BSD-style licence: data/CMUDICT-LICENSE).
CMU_STRESS_FILE = Path(__file__).resolve().parent / "data" / "cmu_stress.txt.gz"


@lru_cache(maxsize=1)
def cmu_stress_patterns():
    """{word: (stress digits of its first pronunciation,)}, e.g. {"cement": ("01",)}.

    Shaped as textstat reads NLTK's ``cmudict.dict()``: it takes the word's first
    pronunciation and counts the phones ending in a stress digit (the vowels). One
    string of those digits per word gives the same count; identical patterns share
    one tuple. Loaded once per process, on the first grade (not at start-up).
    """
    patterns = {}
    shared = {}
    with gzip.open(CMU_STRESS_FILE, "rt", encoding="utf-8") as lines:
        for line in lines:
            word, _, stress = line.rstrip("\n").partition(" ")
            patterns[word] = shared.setdefault(stress, (stress,))
    return patterns


def pronunciations(lang):
    """Stands in for textstat's ``get_cmudict``: the same dictionary, never downloaded."""
    if get_lang_root(lang) == "en":
        return cmu_stress_patterns()
    return None


def _use_packaged_dictionary():
    """Point textstat's syllable counter at `pronunciations` instead of NLTK's download.

    textstat 0.7 has no setting for this: its counter calls the ``get_cmudict`` it
    imported, so that name is replaced where the counter looks it up. Fail at import,
    not on a writer's page, if a textstat upgrade moves it (pyproject pins < 0.8).
    """
    counter = importlib.import_module("textstat.backend.counts._count_syllables")
    if not callable(getattr(counter, "get_cmudict", None)):
        raise ImportError(
            "textstat no longer counts syllables through "
            "textstat.backend.counts._count_syllables.get_cmudict; "
            "update procedures/readability.py for this textstat version."
        )
    counter.get_cmudict = pronunciations


_use_packaged_dictionary()


# --- Text: what a patient reads, as plain sentences ----------------------------------


class _ProseExtractor(HTMLParser):
    """Plain text of rich text HTML, one sentence end per paragraph or list item.

    A list item or paragraph without a full stop still ends a thought; without one,
    textstat would run a whole bulleted list into one long sentence.
    """

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.chunks = []
        self.current = []
        self.heading_depth = 0

    def handle_starttag(self, tag, attrs):
        if tag in BLOCK_TAGS:
            self.end_chunk()
        if tag in HEADING_TAGS:
            self.heading_depth += 1
        elif tag == "br":
            self.current.append(" ")

    def handle_endtag(self, tag):
        if tag in HEADING_TAGS:
            self.heading_depth = max(0, self.heading_depth - 1)
            self.current = []
        elif tag in BLOCK_TAGS:
            self.end_chunk()

    def handle_data(self, data):
        if not self.heading_depth:
            self.current.append(data)

    def end_chunk(self):
        text = " ".join("".join(self.current).split())
        self.current = []
        if text:
            self.chunks.append(text if text.endswith(SENTENCE_END) else f"{text}.")

    def text(self):
        self.end_chunk()
        return " ".join(self.chunks)


def prose_text(value):
    """Plain prose from a rich text value, an HTML string or plain text."""
    if isinstance(value, RichText):
        value = value.source
    extractor = _ProseExtractor()
    extractor.feed(str(value or ""))
    extractor.close()
    return extractor.text()


@dataclass
class Section:
    """One part of a page graded on its own: a section, a callout, an FAQ item…"""

    label: str
    parts: list

    @property
    def text(self):
        return " ".join(part for part in self.parts if part)


def stream_sections(stream_value):
    """The graded parts of a StreamField value, in page order.

    A procedure section (a block with a heading and a rich text body) is one part,
    labelled with the writer's heading. In an article, a heading block starts a part
    that collects the paragraphs under it. Callouts, FAQ items and quotes are parts of
    their own, so a dense callout is not averaged away by the section around it.
    """
    sections = []
    running = None  # the article part that paragraphs are added to
    for child in stream_value:
        value = child.value
        if child.block_type == "heading":
            running = Section(str(value), [])
            sections.append(running)
        elif isinstance(value, RichText):
            if running is None:
                running = Section(_("Introduction"), [])
                sections.append(running)
            running.parts.append(prose_text(value))
        elif child.block_type in PROSE_BLOCKS:
            name_field, prose_fields = PROSE_BLOCKS[child.block_type]
            name = value.get(name_field)
            label = f"{child.block.label}: {name}" if name else str(child.block.label)
            sections.append(Section(label, [prose_text(value.get(f)) for f in prose_fields]))
        elif hasattr(value, "get") and "body" in value and "heading" in value:
            label = value.get("heading") or str(child.block.label)
            sections.append(Section(label, [prose_text(value.get("body"))]))
    return sections


def page_sections(page):
    """The graded parts of the page's prose StreamFields (procedure sections, article body).

    The model names them in `reading_grade_fields`: a page has other StreamFields
    that are not prose for patients (its numbered references).
    """
    sections = []
    for name in page._meta.model.reading_grade_fields:
        sections.extend(stream_sections(getattr(page, name)))
    return sections


# --- Grades --------------------------------------------------------------------------


def reading_grade_target():
    """The highest grade patient content should read at (``EDITORIAL_READING_GRADE_TARGET``)."""
    return int(getattr(settings, "EDITORIAL_READING_GRADE_TARGET", DEFAULT_TARGET))


@dataclass(frozen=True)
class Grade:
    """The Flesch–Kincaid grade of one text, or ``None`` when too short to grade."""

    label: str
    words: int
    grade: float | None
    target: int

    @property
    def too_short(self):
        return self.grade is None

    @property
    def misses_target(self):
        return self.grade is not None and self.grade > self.target


def grade_text(text, label="", target=None):
    """Grade plain text with textstat: US school grade, one decimal, never below 0.

    Very plain text can score below zero on the formula; "grade 0" says the same to
    a writer without puzzling them.
    """
    target = reading_grade_target() if target is None else target
    words = textstat.lexicon_count(text) if text else 0
    if words < MIN_WORDS:
        return Grade(label, words, None, target)
    grade = max(0.0, round(textstat.flesch_kincaid_grade(text), 1))
    return Grade(label, words, grade, target)


@dataclass(frozen=True)
class ReadingGradeReport:
    """A page's grades: overall (all its prose together) and per section."""

    target: int
    overall: Grade
    sections: tuple
    min_words: int = MIN_WORDS

    @property
    def missing_target(self):
        return [section for section in self.sections if section.misses_target]

    @property
    def too_short(self):
        return [section for section in self.sections if section.too_short]


def page_reading_grades(page, target=None):
    """The reading grade report of a page as it is in memory (a revision, a preview)."""
    target = reading_grade_target() if target is None else target
    sections = page_sections(page)
    graded = tuple(grade_text(s.text, s.label, target) for s in sections)
    whole = " ".join(section.text for section in sections)
    return ReadingGradeReport(target, grade_text(whole, "Whole page", target), graded)
