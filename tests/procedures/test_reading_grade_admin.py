"""Writers see the reading grade in the page editor, through the real admin views."""

import re

import pytest
from bs4 import BeautifulSoup

from django.urls import reverse

from wagtail.models import Page
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text, streamfield

from procedures.factories import ArticlePageFactory, ProcedurePageFactory
from procedures.models import ProcedurePage
from procedures.readability_admin import ReadingGradePanel

from .readability_texts import DENSE, PLAIN, SHORT

pytestmark = pytest.mark.django_db


def body(text):
    return f"<p>{text}</p>"


def procedure(parent, **texts):
    """A procedure page whose sections hold the given texts: overview="…", risks="…"."""
    sections = {}
    for index, (kind, text) in enumerate(texts.items()):
        sections[f"sections__{index}__{kind}__body__value"] = body(text)
        sections[f"sections__{index}__{kind}__heading"] = kind.title()
    return ProcedurePageFactory(parent=parent, title="Vertebroplasty", **sections)


def grade_panel(response):
    """The reading grade report in an admin page: (overall text, {section: (grade, note)})."""
    assert response.status_code == 200
    html = BeautifulSoup(response.content, "html.parser")
    report = html.select_one("[data-reading-grade]")
    assert report is not None, "no reading grade report on the page"
    rows = {}
    for row in report.select("[data-reading-grade-section]"):
        label = row.th.get_text(" ", strip=True)
        _words, grade, note = (cell.get_text(" ", strip=True) for cell in row.find_all("td"))
        rows[label] = (None if grade == "—" else float(grade), note)
    return report, rows


def text_of(node):
    return " ".join(node.get_text(" ", strip=True).split())


def edit_url(page):
    return reverse("wagtailadmin_pages:edit", args=[page.pk])


def test_edit_view_shows_grades_per_section_the_target_and_the_sections_that_miss_it(
    admin_client, procedure_index, no_network
):
    page = procedure(procedure_index, overview=PLAIN, risks=DENSE, aftercare=SHORT)
    report, rows = grade_panel(admin_client.get(edit_url(page)))

    assert "Target: grade 8 or lower for patient content" in text_of(report)
    assert rows["Overview"][0] < 6
    assert rows["Overview"][1] == "Meets it"
    assert rows["Risks"][0] > 14
    assert rows["Risks"][1] == "Above grade 8"
    assert rows["Aftercare"] == (None, "Too short to grade (fewer than 30 words)")

    missed = text_of(report.select_one("[data-reading-grade-missed]"))
    assert missed.startswith("Above the target: Risks (grade ")
    assert "Overview" not in missed and "Aftercare" not in missed

    overall = text_of(report.select_one("[data-reading-grade-overall]"))
    overall_grade = float(re.search(r"Whole page: grade ([\d.]+)", overall).group(1))
    assert rows["Overview"][0] < overall_grade < rows["Risks"][0]
    assert "(above the target)" in overall
    assert "88 words" in overall  # 47 + 34 + 7


def test_plain_and_dense_pages_grade_clearly_apart_in_the_editor(
    admin_client, procedure_index, no_network
):
    plain = procedure(procedure_index, overview=PLAIN)
    dense = ProcedurePageFactory(
        parent=procedure_index,
        sections__0__overview__body__value=body(DENSE),
        sections__0__overview__heading="Overview",
    )

    def overall(page):
        report, _rows = grade_panel(admin_client.get(edit_url(page)))
        text = text_of(report.select_one("[data-reading-grade-overall]"))
        return float(re.search(r"Whole page: grade ([\d.]+)", text).group(1))

    assert overall(plain) < 6
    assert overall(dense) > 14


def edit_form(page, *sections):
    """The edit form's data for `page`, with the given (kind, text) sections."""
    return nested_form_data(
        {
            "title": page.title,
            "slug": page.slug,
            "summary": page.summary,
            "also_known_as": "",
            "sections": streamfield(
                [
                    (
                        kind,
                        {
                            "heading": kind.title(),
                            "body": rich_text(body(text)),
                            "image": "",
                            "alt_text": "",
                            "caption": "",
                        },
                    )
                    for kind, text in sections
                ]
            ),
            "featured_article_links": inline_formset([]),
            "procedure_codes": "",
            "specialty_links": inline_formset([]),
            "billing_codes": inline_formset([]),
            "featured_provider_links": inline_formset([]),
            "page_authors": inline_formset([]),
            "references": streamfield([]),
        }
    )


def test_editor_grades_the_saved_draft_not_the_live_version(admin_client, procedure_index):
    page = procedure(procedure_index, overview=PLAIN)
    # "Save draft": a new revision; the live version keeps the plain text.
    response = admin_client.post(edit_url(page), edit_form(page, ("overview", DENSE)))
    assert response.status_code == 302
    page.refresh_from_db()
    assert page.has_unpublished_changes
    assert PLAIN in str(page.sections)  # the live version still holds the plain text

    response = admin_client.get(edit_url(page))
    _report, rows = grade_panel(response)
    assert rows["Overview"][0] > 14
    assert "Grades of the page as saved when this editor was opened" in response.content.decode()


def test_preview_mode_grades_unsaved_text(admin_client, procedure_index, no_network):
    page = procedure(procedure_index, overview=PLAIN)
    preview_url = reverse("wagtailadmin_pages:preview_on_edit", args=[page.pk])
    data = edit_form(page, ("overview", PLAIN), ("risks", DENSE))
    assert admin_client.post(preview_url, data).json()["is_valid"]

    response = admin_client.get(preview_url, {"mode": "reading-grade"})
    report, rows = grade_panel(response)
    assert rows["Overview"][0] < 6
    assert rows["Risks"][0] > 14
    assert "Above the target: Risks" in text_of(report)
    # Nothing was saved: the page still has one section.
    assert len(Page.objects.get(pk=page.pk).specific.sections) == 1

    # The default preview mode still renders the page as visitors see it.
    default = admin_client.get(preview_url)
    assert default.status_code == 200
    assert b"data-reading-grade" not in default.content


def test_a_form_sent_back_with_errors_waits_for_the_next_save(admin_client, procedure_index):
    page = procedure(procedure_index, overview=PLAIN)
    # No Overview: refused, and the form comes back with the writer's edits in it.
    data = edit_form(page, ("risks", DENSE))
    response = admin_client.post(edit_url(page), {**data, "action-publish": "action-publish"})
    assert response.status_code == 200
    assert response.context["form"].errors
    content = response.content.decode()
    assert "The reading grade is updated when the page is saved." in content
    assert "data-reading-grade" not in content


def test_preview_mode_is_offered_in_the_editor(admin_client, procedure_index):
    page = procedure(procedure_index, overview=PLAIN)
    html = BeautifulSoup(admin_client.get(edit_url(page)).content, "html.parser")
    modes = {option["value"]: option.get_text(strip=True) for option in html.select("option")}
    assert modes.get("reading-grade") == "Reading grade"


def test_article_editor_grades_each_headed_part(admin_client, article_index, no_network):
    article = ArticlePageFactory(
        parent=article_index,
        body=[
            ("paragraph", rich_text_value(PLAIN)),
            ("heading", "The science"),
            ("paragraph", rich_text_value(DENSE)),
        ],
    )
    report, rows = grade_panel(admin_client.get(edit_url(article)))
    assert rows["Introduction"][0] < 6
    assert rows["The science"][0] > 14
    assert "Above the target: The science" in text_of(report)


def rich_text_value(text):
    from wagtail import blocks

    return blocks.RichTextBlock().normalize(body(text))


def test_target_follows_the_setting(admin_client, procedure_index, settings):
    settings.EDITORIAL_READING_GRADE_TARGET = 40
    page = procedure(procedure_index, overview=PLAIN, risks=DENSE)
    report, rows = grade_panel(admin_client.get(edit_url(page)))
    assert "Target: grade 40 or lower" in text_of(report)
    assert rows["Risks"][1] == "Meets it"
    assert "Every graded section meets the target" in text_of(report)


def test_new_page_form_says_the_grade_comes_after_saving(admin_client, procedure_index):
    url = reverse(
        "wagtailadmin_pages:add", args=["procedures", "procedurepage", procedure_index.pk]
    )
    response = admin_client.get(url)
    assert response.status_code == 200
    assert "The reading grade shows here once the page is saved" in response.content.decode()


def test_panel_costs_no_query_once_the_page_is_loaded(
    rf, admin_user, procedure_index, django_assert_num_queries
):
    page = procedure(procedure_index, overview=PLAIN, risks=DENSE)
    page = ProcedurePage.objects.get(pk=page.pk)
    list(page.sections)  # what the edit form has already loaded
    page.locale  # noqa: B018 (Wagtail's editor reads it for its language switch)
    request = rf.get("/")
    request.user = admin_user
    bound = ReadingGradePanel().bind_to_model(ProcedurePage)
    bound = bound.get_bound_panel(instance=page, request=request, form=None)
    with django_assert_num_queries(0):
        html = bound.render_html()
    assert "Above the target: Risks" in text_of(BeautifulSoup(html, "html.parser"))


def test_grades_are_nowhere_public(client, procedure_index):
    page = procedure(procedure_index, overview=PLAIN, risks=DENSE)
    public = client.get(page.url)
    assert public.status_code == 200
    assert b"data-reading-grade" not in public.content
    assert b"Reading grade" not in public.content
    api = client.get(f"/api/v2/pages/{page.pk}/")
    assert api.status_code == 200
    assert "grade" not in api.content.decode().lower()
    preview_url = reverse("wagtailadmin_pages:preview_on_edit", args=[page.pk])
    anonymous = client.get(preview_url, {"mode": "reading-grade"})
    assert anonymous.status_code == 302
    assert "/admin/login/" in anonymous["Location"]
