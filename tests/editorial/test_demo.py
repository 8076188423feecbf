"""The demo site names authors and a reviewer, dates its reviews, cites its sources,
and has a review overdue, so the report shows something on a fresh `make run`."""

import pytest

from django.core.management import call_command

from editorial.queries import OVERDUE, reviews_due
from procedures.models import ArticlePage, ProcedurePage

pytestmark = pytest.mark.django_db


def test_every_demo_page_has_authors_a_reviewer_dates_and_references(demo_site):
    # Both languages: the Spanish pages keep the English page's review fields.
    pages = [*ProcedurePage.objects.all(), *ArticlePage.objects.all()]
    english = [*ProcedurePage.objects.filter(locale__language_code="en")]
    english += ArticlePage.objects.filter(locale__language_code="en")
    assert len(english) == 17
    assert len(pages) > len(english)
    for page in pages:
        assert page.authors, page.slug
        assert page.reviewer is not None, page.slug
        assert page.last_reviewed and page.next_review_due > page.last_reviewed, page.slug
        assert len(page.references) >= 1, page.slug
        assert page.live_revision.content["reviewer"] == page.reviewer_id  # published so
    vertebroplasty = ProcedurePage.objects.get(slug="vertebroplasty")
    dois = [block.value["doi"] for block in vertebroplasty.references]
    assert "10.1056/NEJMoa0900429" in dois


def test_the_demo_has_an_overdue_review_in_the_report(demo_site, client, django_user_model):
    assert any(page.review_state == OVERDUE for page in reviews_due())
    call_command("setup_roles", stdout=open("/dev/null", "w"))  # noqa: SIM115
    admin = django_user_model.objects.create_superuser("admin", "a@example.org", "pw")
    client.force_login(admin)
    response = client.get("/admin/reports/reviews-due/")
    assert "Kyphoplasty" in response.text
