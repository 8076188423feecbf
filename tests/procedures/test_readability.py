"""Reading grades: text extraction and Flesch–Kincaid grades, without the database."""

import importlib

import textstat

from procedures import readability
from procedures.blocks import ArticleBodyBlock, ProcedureSectionsBlock
from procedures.readability import (
    grade_text,
    page_reading_grades,
    prose_text,
    reading_grade_target,
    stream_sections,
)

from .readability_texts import DENSE, PLAIN, SHORT


def section(kind, heading, body):
    return {
        "type": kind,
        "value": {"heading": heading, "body": body, "image": None, "alt_text": "", "caption": ""},
    }


def procedure_stream(*children):
    return ProcedureSectionsBlock().to_python(list(children))


class FakePage:
    """Just enough of a page for `page_reading_grades`: its model's fields and values."""

    def __init__(self, model, **values):
        self._meta = model._meta
        for name, value in values.items():
            setattr(self, name, value)


def test_plain_and_dense_paragraphs_grade_far_apart():
    plain, dense = grade_text(PLAIN), grade_text(DENSE)
    assert plain.grade < 6
    assert dense.grade > 14
    assert dense.grade - plain.grade > 10


def test_grade_is_textstats_flesch_kincaid_to_one_decimal():
    text = (
        "Your doctor numbs the skin first. A needle goes into the broken bone, guided by "
        "X-ray pictures. Bone cement flows in and hardens within minutes, which supports "
        "the bone and usually eases the pain."
    )
    assert grade_text(text).grade == round(textstat.flesch_kincaid_grade(text), 1)


def test_syllables_come_from_the_cmu_dictionary_not_hyphenation():
    # Hyphenation alone (pyphen) counts "area" and "fire" as 1 syllable each.
    assert textstat.syllable_count("area") == 3
    assert textstat.syllable_count("fire") == 2
    # Words the dictionary lacks still get a count, from hyphenation.
    assert textstat.syllable_count("kyphoplastyish") > 0


def test_very_plain_text_is_grade_zero_not_negative():
    text = " ".join(["I am ok. We go now. It is fun."] * 5)
    assert grade_text(text).grade == 0.0


def test_a_few_words_are_too_short_to_grade():
    result = grade_text(SHORT, "Callout")
    assert result.too_short
    assert result.grade is None
    assert result.words == 7
    assert not result.misses_target


def test_target_comes_from_the_setting(settings):
    settings.EDITORIAL_READING_GRADE_TARGET = 12
    assert reading_grade_target() == 12
    assert grade_text(DENSE).target == 12


def test_prose_text_ends_each_paragraph_and_list_item_as_a_sentence():
    html = (
        "<h3>Before you come</h3><p>Stop eating at midnight</p>"
        "<ul><li>Bring your medicines</li><li>Wear loose clothes.</li></ul>"
        '<p>Ask <a linktype="page" id="3">your nurse</a> &amp; doctor<br/>about driving?</p>'
    )
    assert prose_text(html) == (
        "Stop eating at midnight. Bring your medicines. Wear loose clothes. "
        "Ask your nurse & doctor about driving?"
    )


def test_procedure_sections_and_generic_blocks_are_graded_separately():
    stream = procedure_stream(
        section("overview", "Overview of Vertebroplasty", f"<p>{PLAIN}</p>"),
        {"type": "callout", "value": {"tone": "info", "title": "Fever", "body": "<p>Call.</p>"}},
        section("risks", "", f"<p>{DENSE}</p>"),
        {"type": "faq_item", "value": {"question": "Will I be awake?", "answer": "<p>Yes.</p>"}},
        {"type": "quote", "value": {"quote": "Ask questions.", "attribution": "A nurse"}},
        {"type": "image", "value": {"image": None, "alt_text": "", "caption": "An X-ray."}},
    )
    sections = stream_sections(stream)
    assert [(s.label, s.text) for s in sections] == [
        ("Overview of Vertebroplasty", PLAIN),
        ("Callout: Fever", "Call."),
        ("Risks", DENSE),  # no heading: the section's name
        ("FAQ item: Will I be awake?", "Will I be awake? Yes."),
        ("Quote: A nurse", "Ask questions."),
    ]


def test_article_headings_group_the_paragraphs_under_them():
    stream = ArticleBodyBlock().to_python(
        [
            {"type": "paragraph", "value": "<p>Opening words.</p>"},
            {"type": "heading", "value": "On the day"},
            {"type": "paragraph", "value": "<p>First.</p>"},
            {"type": "paragraph", "value": "<p>Second.</p>"},
        ]
    )
    assert [(s.label, s.text) for s in stream_sections(stream)] == [
        ("Introduction", "Opening words."),
        ("On the day", "First. Second."),
    ]


def test_page_report_grades_each_section_and_the_whole_page():
    from procedures.models import ProcedurePage

    page = FakePage(
        ProcedurePage,
        sections=procedure_stream(
            section("overview", "Overview", f"<p>{PLAIN}</p>"),
            section("risks", "Risks", f"<p>{DENSE}</p>"),
            section("aftercare", "Aftercare", f"<p>{SHORT}</p>"),
        ),
    )
    report = page_reading_grades(page, target=8)
    overview, risks, aftercare = report.sections
    assert overview.grade < 6 and not overview.misses_target
    assert risks.grade > 14 and risks.misses_target
    assert aftercare.too_short
    assert report.missing_target == [risks]
    assert report.too_short == [aftercare]
    whole = f"{PLAIN} {DENSE} {SHORT}"
    assert report.overall.grade == grade_text(whole).grade
    assert report.overall.words == overview.words + risks.words + aftercare.words
    assert overview.grade < report.overall.grade < risks.grade


def test_textstat_looks_up_pronunciations_through_this_module():
    counter = importlib.import_module("textstat.backend.counts._count_syllables")
    assert counter.get_cmudict is readability.pronunciations
