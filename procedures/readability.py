"""Reading grades for procedure and article pages: a writer's tool, never shown to visitors.

Each page is scored on the measure of its language (`READING_MEASURES`, keyed by language
code): English on the Flesch–Kincaid grade, Spanish on the INFLESZ scale. What follows
about syllables concerns English; textstat counts Spanish syllables with pyphen's
Spanish dictionary, which ships with pyphen (nothing downloaded).

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
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache
from html.parser import HTMLParser
from pathlib import Path

import textstat
from textstat.backend import metrics
from textstat.backend.utils import get_lang_root

from django.conf import settings
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from wagtail.models import Locale, Page
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


# --- Measures: one per language ----------------------------------------------------


@dataclass(frozen=True)
class ReadingMeasure:
    """How one language's patient text is scored: a textstat formula, which way is
    easier, the target and, for a scale read in bands, the band names.

    English reads as a US school grade (lower is easier, target at most grade 8).
    Spanish reads on the INFLESZ scale (Barrio-Cantalejo et al., 2008), the reading of
    the Szigriszt-Pazos perspicuity index that Spanish health literature uses: 0 to 100,
    higher is easier, and "normal" (55 or more) is what patient information should
    reach. Flesch–Kincaid on Spanish text would count Spanish's longer words as
    difficulty and say nothing a Spanish writer can act on.
    """

    name: str
    textstat_lang: str
    formula: Callable[[str, str], float]
    lower_is_easier: bool
    default_target: float
    target_setting: str
    # (lowest score, band name) from the hardest band up, for a scale read in bands.
    bands: tuple = ()
    # How a score reads in a sentence ("grade 8" rather than "8").
    score_format: str = "%(score)s"

    def target(self):
        return float(getattr(settings, self.target_setting, self.default_target))

    def score(self, text):
        """The formula's score, one decimal, kept inside the scale (very plain English
        text scores below grade 0 on the formula: "grade 0" says the same to a writer)."""
        value = self.formula(text, self.textstat_lang)
        if self.lower_is_easier:
            value = max(0.0, value)
        elif self.bands:
            value = min(100.0, max(0.0, value))
        return round(value, 1)

    def meets(self, score, target):
        return score <= target if self.lower_is_easier else score >= target

    def band(self, score):
        name = ""
        for lowest, band_name in self.bands:
            if score >= lowest:
                name = band_name
        return name

    def describe(self, score):
        """ "grade 7.5" or "62.3 (normal)"."""
        value = f"{score:g}" if float(score).is_integer() else str(score)
        text = self.score_format % {"score": value}
        band = self.band(score)
        return f"{text} ({band})" if band else text

    def describe_target(self, target):
        """ "grade 8 or lower" or "55 (normal) or higher"."""
        if self.lower_is_easier:
            return _("%(score)s or lower") % {"score": self.describe(target)}
        return _("%(score)s or higher") % {"score": self.describe(target)}


FLESCH_KINCAID = ReadingMeasure(
    name=gettext_lazy("Flesch–Kincaid grade level"),
    textstat_lang="en_US",
    formula=metrics.flesch_kincaid_grade,
    lower_is_easier=True,
    default_target=DEFAULT_TARGET,
    target_setting="EDITORIAL_READING_GRADE_TARGET",
    score_format=gettext_lazy("grade %(score)s"),
)
INFLESZ = ReadingMeasure(
    name=gettext_lazy("Szigriszt-Pazos perspicuity on the INFLESZ scale"),
    textstat_lang="es",
    formula=metrics.szigriszt_pazos,
    lower_is_easier=False,
    default_target=55,
    target_setting="EDITORIAL_READING_INFLESZ_TARGET",
    bands=(
        (0, "muy difícil"),
        (40, "algo difícil"),
        (55, "normal"),
        (65, "bastante fácil"),
        (80, "muy fácil"),
    ),
)

# The measure of each content language (its code in `LANGUAGES`). A language without
# an entry gets no grade (`measure_for` answers None): a third language adds its own.
READING_MEASURES = {"en": FLESCH_KINCAID, "es": INFLESZ}


def measure_for(language_code):
    """The reading measure for a language code ("es", "es-mx"), or None."""
    code = (language_code or "").lower()
    return READING_MEASURES.get(code) or READING_MEASURES.get(code.split("-")[0])


def page_measure(page):
    """The measure for the page's locale (the default language for a page without one).

    Reads the page's locale where it is loaded (the editor loads it), and otherwise
    the language code of its locale id from `locale_languages`, so grading a page costs
    no query per page."""
    locale_id = getattr(page, "locale_id", None)
    if locale_id is None:
        return measure_for(settings.LANGUAGE_CODE)
    if Page.locale.is_cached(page):
        return measure_for(page.locale.language_code)
    return measure_for(locale_languages(locale_id))


def locale_languages(locale_id):
    """The language code of a `Locale` id, from one query of all locales per process
    (there are as many as the site's languages); a new locale is read on first use."""
    codes = _locale_codes()
    if locale_id not in codes:
        _locale_codes.cache_clear()
        codes = _locale_codes()
    return codes.get(locale_id, settings.LANGUAGE_CODE)


@lru_cache(maxsize=1)
def _locale_codes():
    return dict(Locale.objects.values_list("pk", "language_code"))


# --- Grades --------------------------------------------------------------------------


def reading_grade_target():
    """The highest grade English patient content should read at
    (``EDITORIAL_READING_GRADE_TARGET``)."""
    return int(getattr(settings, "EDITORIAL_READING_GRADE_TARGET", DEFAULT_TARGET))


@dataclass(frozen=True)
class Grade:
    """The score of one text on a language's measure, or ``None`` when too short to
    grade. `grade` is the score: a US school grade in English, INFLESZ in Spanish."""

    label: str
    words: int
    grade: float | None
    target: float
    measure: ReadingMeasure = FLESCH_KINCAID

    @property
    def too_short(self):
        return self.grade is None

    @property
    def misses_target(self):
        return self.grade is not None and not self.measure.meets(self.grade, self.target)

    @property
    def band(self):
        """The score's band on a scale read in bands ("normal"), else ""."""
        return "" if self.grade is None else self.measure.band(self.grade)

    @property
    def score_text(self):
        """ "grade 7.5", "62.3 (normal)", or "" when too short."""
        return "" if self.grade is None else self.measure.describe(self.grade)


def grade_text(text, label="", target=None, measure=FLESCH_KINCAID):
    """Score plain text on `measure` (English's grade by default)."""
    if target is None:
        target = reading_grade_target() if measure is FLESCH_KINCAID else measure.target()
    words = textstat.lexicon_count(text) if text else 0
    if words < MIN_WORDS:
        return Grade(label, words, None, target, measure)
    return Grade(label, words, measure.score(text), target, measure)


@dataclass(frozen=True)
class ReadingGradeReport:
    """A page's scores: overall (all its prose together) and per section."""

    target: float
    overall: Grade
    sections: tuple
    min_words: int = MIN_WORDS
    measure: ReadingMeasure = FLESCH_KINCAID

    @property
    def missing_target(self):
        return [section for section in self.sections if section.misses_target]

    @property
    def too_short(self):
        return [section for section in self.sections if section.too_short]

    @property
    def target_text(self):
        return self.measure.describe_target(self.target)


def page_reading_grades(page, target=None):
    """The reading report of a page as it is in memory (a revision, a preview), on the
    measure of the page's language; None for a language without one."""
    measure = page_measure(page)
    if measure is None:
        return None
    if target is None:
        target = reading_grade_target() if measure is FLESCH_KINCAID else measure.target()
    sections = page_sections(page)
    graded = tuple(grade_text(s.text, s.label, target, measure) for s in sections)
    whole = " ".join(section.text for section in sections)
    overall = grade_text(whole, "Whole page", target, measure)
    return ReadingGradeReport(target, overall, graded, measure=measure)
