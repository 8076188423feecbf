"""Clinical review through the real admin: writers submit, reviewers approve or
request changes, and approving records the review on the page that goes live."""

import datetime

import pytest
from bs4 import BeautifulSoup

from django.urls import reverse
from django.utils import timezone

from wagtail.models import WorkflowState

from editorial.dates import add_months
from editorial.factories import PersonFactory
from procedures.models import ArticlePage, ProcedurePage

from .forms import article_form, procedure_form
from .workflow import add_url, edit_url, submit_new_procedure, workflow_action

pytestmark = pytest.mark.django_db


def test_a_writer_cannot_publish(as_user, writer, procedure_index):
    client = as_user(writer)
    form = client.get(add_url(procedure_index))
    assert form.status_code == 200
    assert 'name="action-publish"' not in form.text
    assert 'name="action-submit"' in form.text  # "Submit to Clinical review"

    response = client.post(
        add_url(procedure_index), {**procedure_form(), "action-publish": "action-publish"}
    )
    assert response.status_code == 302
    page = ProcedurePage.objects.get(slug="vertebroplasty")
    assert not page.live  # saved as a draft, not published
    assert page.live_revision is None

    response = client.post(
        edit_url(page), {**procedure_form(title="Changed"), "action-publish": "action-publish"}
    )
    page.refresh_from_db()
    assert not page.live and page.live_revision is None


def test_submit_then_approve_publishes_with_the_review_recorded(
    as_user, writer, reviewer, procedure_index
):
    author = PersonFactory(name="Ada Author")
    page = submit_new_procedure(as_user(writer), procedure_index, authors=[author])
    state = WorkflowState.objects.for_instance(page).get()
    assert state.status == WorkflowState.STATUS_IN_PROGRESS
    assert state.workflow.name == "Clinical review"
    assert not page.live

    client = as_user(reviewer)
    assert client.get(edit_url(page)).status_code == 200  # the task opens the editor
    response = workflow_action(client, page, "approve", comment="")
    assert response.status_code == 302

    page.refresh_from_db()
    state.refresh_from_db()
    today = timezone.localdate()
    assert state.status == WorkflowState.STATUS_APPROVED
    assert page.live
    assert page.last_reviewed == today
    assert page.next_review_due == add_months(today, 12)
    # A reviewer without a Person gets one from their account, linked to it.
    assert page.reviewer.name == "Rhea Reviewer"
    assert page.reviewer.user == reviewer
    assert page.authors == [author]
    # The published revision is the one that carries the review.
    assert page.live_revision.content["reviewer"] == page.reviewer.pk
    assert page.live_revision.content["last_reviewed"] == today.isoformat()

    client.logout()  # what a visitor reads
    response = client.get(page.url)
    assert "Medically reviewed by Rhea Reviewer" in response.text


def test_approving_names_the_person_linked_to_the_reviewer(
    as_user, writer, reviewer, article_index
):
    person = PersonFactory(name="Dr Linked", credentials="MD", user=reviewer)
    client = as_user(writer)
    response = client.post(
        add_url(article_index, "articlepage"), {**article_form(), "action-submit": "1"}
    )
    assert response.status_code == 302
    page = ArticlePage.objects.get(slug="getting-ready")
    workflow_action(as_user(reviewer), page, "approve", comment="Accurate.")
    page.refresh_from_db()
    assert page.live
    assert page.reviewer == person
    assert page.last_reviewed == timezone.localdate()


def test_approving_in_the_editor_records_the_review_too(as_user, writer, reviewer, procedure_index):
    page = submit_new_procedure(as_user(writer), procedure_index)
    client = as_user(reviewer)
    response = client.post(
        edit_url(page),
        {
            **procedure_form(title="Vertebroplasty (checked)"),
            "action-workflow-action": "true",
            "workflow-action-name": "approve",
        },
    )
    assert response.status_code == 302
    page.refresh_from_db()
    assert page.live and page.title == "Vertebroplasty (checked)"
    assert page.reviewer.user == reviewer
    assert page.last_reviewed == timezone.localdate()


def test_reject_returns_the_page_to_the_writer_with_the_comment(
    as_user, writer, reviewer, procedure_index
):
    page = submit_new_procedure(as_user(writer), procedure_index)
    comment = "Cite the 2009 randomized trials in the Risks section."
    response = workflow_action(as_user(reviewer), page, "reject", comment=comment)
    assert response.status_code == 302

    page.refresh_from_db()
    state = WorkflowState.objects.for_instance(page).get()
    assert state.status == WorkflowState.STATUS_NEEDS_CHANGES
    assert state.current_task_state.comment == comment
    assert not page.live and page.last_reviewed is None and page.reviewer is None

    client = as_user(writer)
    editor_view = client.get(edit_url(page))
    assert editor_view.status_code == 200
    assert comment in editor_view.text
    history = client.get(reverse("wagtailadmin_pages:history", args=[page.pk]))
    assert comment in history.text


def test_writer_may_resubmit_after_changes_and_the_next_approval_publishes(
    as_user, writer, reviewer, procedure_index
):
    page = submit_new_procedure(as_user(writer), procedure_index)
    workflow_action(as_user(reviewer), page, "reject", comment="Shorter sentences.")
    client = as_user(writer)
    response = client.post(
        edit_url(page),
        {**procedure_form(summary="Short and plain."), "action-submit": "action-submit"},
    )
    assert response.status_code == 302
    workflow_action(as_user(reviewer), page, "approve", comment="")
    page.refresh_from_db()
    assert page.live and page.summary == "Short and plain."
    assert page.last_reviewed == timezone.localdate()


def test_review_fields_are_read_only_in_the_editor(as_user, writer, procedure_index):
    page = submit_new_procedure(as_user(writer), procedure_index)
    client = as_user(writer)
    yesterday = (timezone.localdate() - datetime.timedelta(days=1)).isoformat()
    someone = PersonFactory()
    client.post(
        edit_url(page),
        {**procedure_form(last_reviewed=yesterday, reviewer=someone.pk), "action-submit": "1"},
    )
    revision = ProcedurePage.objects.get(pk=page.pk).get_latest_revision_as_object()
    assert revision.last_reviewed is None and revision.reviewer is None


def test_the_history_shows_who_submitted_and_who_approved(
    as_user, writer, reviewer, procedure_index
):
    page = submit_new_procedure(as_user(writer), procedure_index)
    workflow_action(as_user(reviewer), page, "approve", comment="Checked against NICE TA279.")
    history = as_user(writer).get(reverse("wagtailadmin_pages:history", args=[page.pk]))
    assert history.status_code == 200
    html = BeautifulSoup(history.content, "html.parser").get_text(" ", strip=True)
    assert "Wendy Writer" in html and "Rhea Reviewer" in html
    assert "Checked against NICE TA279." in html
    assert "Approved" in html or "approved" in html
