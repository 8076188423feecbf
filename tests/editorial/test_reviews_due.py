"""The reviews-due report, its dashboard panel and the flag in the page listing."""

import csv
import datetime
import io

import pytest
from bs4 import BeautifulSoup

from django.urls import reverse
from django.utils import timezone

from editorial.factories import PersonFactory
from procedures.factories import ArticlePageFactory, ProcedurePageFactory

pytestmark = pytest.mark.django_db

REPORT = "/admin/reports/reviews-due/"


def days(n):
    return timezone.localdate() + datetime.timedelta(days=n)


@pytest.fixture
def pages(procedure_index, article_index):
    reviewer = PersonFactory(name="Dr Due")

    def procedure(title, due, **kwargs):
        return ProcedurePageFactory(
            parent=procedure_index,
            title=title,
            next_review_due=due,
            last_reviewed=due and due - datetime.timedelta(days=365),
            reviewer=reviewer if due else None,
            **kwargs,
        )

    return {
        "overdue": procedure("Overdue procedure", days(-3)),
        "due_today": procedure("Due today", days(0)),
        "due_soon": ArticlePageFactory(
            parent=article_index, title="Due soon article", next_review_due=days(30)
        ),
        "later": procedure("Due later", days(31)),
        "never": procedure("Never reviewed", None),
        "draft": procedure("Overdue draft", days(-10), live=False),
    }


def report_titles(response):
    html = BeautifulSoup(response.content, "html.parser")
    return [cell.get_text(strip=True) for cell in html.select("table tbody td.title a")]


def test_report_lists_exactly_the_overdue_and_due_soon_live_pages(as_user, editor, pages):
    response = as_user(editor).get(REPORT)
    assert response.status_code == 200
    assert report_titles(response) == ["Overdue procedure", "Due today", "Due soon article"]
    assert "Overdue" in response.text and "Due soon" in response.text


def test_report_shows_review_dates_as_dates_past_or_future(as_user, editor, pages):
    """A date a review is due next month is a date, not "just now" (Wagtail's DateColumn
    reads every value as a moment in the past)."""
    html = BeautifulSoup(as_user(editor).get(REPORT).content, "html.parser")
    row = next(row for row in html.select("table tbody tr") if "Due soon article" in row.get_text())
    shown = {cell["datetime"]: cell.get_text(strip=True) for cell in row.select("time")}
    due = days(30)
    assert due.isoformat() in shown
    assert str(due.year) in shown[due.isoformat()]
    assert "just now" not in row.get_text().lower()


def test_report_sorts_by_a_column(as_user, editor, pages):
    client = as_user(editor)
    newest_first = report_titles(client.get(REPORT, {"ordering": "-review_due"}))
    assert newest_first == ["Due soon article", "Due today", "Overdue procedure"]
    by_title = report_titles(client.get(REPORT, {"ordering": "title"}))
    assert by_title == ["Due soon article", "Due today", "Overdue procedure"]


def test_report_exports_csv_and_xlsx(as_user, editor, pages):
    client = as_user(editor)
    response = client.get(REPORT, {"export": "csv"})
    assert response.status_code == 200
    rows = list(csv.DictReader(io.StringIO(b"".join(response.streaming_content).decode())))
    assert [row["Page"] for row in rows] == ["Overdue procedure", "Due today", "Due soon article"]
    assert rows[0]["Review"] == "Overdue"
    assert rows[0]["Next review due"] == days(-3).isoformat()
    assert rows[0]["Reviewed by"] == "Dr Due"
    assert rows[0]["URL"].endswith("/procedures/overdue-procedure/")

    xlsx = client.get(REPORT, {"export": "xlsx"})
    assert xlsx.status_code == 200
    assert xlsx["Content-Type"].startswith(
        "application/vnd.openxmlformats-officedocument.spreadsheetml"
    )


def test_report_is_for_writers_and_editors(as_user, writer, reviewer, editor, pages):
    assert as_user(writer).get(REPORT).status_code == 200
    assert as_user(reviewer).get(REPORT).status_code != 200


def test_dashboard_panel_lists_reviews_due(as_user, editor, pages):
    response = as_user(editor).get(reverse("wagtailadmin_home"))
    html = BeautifulSoup(response.content, "html.parser")
    panel = html.select_one("#reviews-due-section")
    assert panel is not None
    titles = [a.get_text(strip=True) for a in panel.select("td.title a")]
    assert titles == ["Overdue procedure", "Due today", "Due soon article"]


def test_overdue_pages_are_flagged_in_the_page_listing(as_user, editor, pages, procedure_index):
    client = as_user(editor)
    url = reverse("wagtailadmin_explore", args=[procedure_index.pk])
    response = client.get(url)
    html = BeautifulSoup(response.content, "html.parser")
    flagged = [
        a.find_parent("tr").select_one(".title-wrapper a").get_text(strip=True)
        for a in html.select("[data-review-overdue]")
    ]
    assert flagged == ["Overdue procedure"]
