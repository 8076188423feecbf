"""A reviewer is named in public only by a name a person wrote, never by their login.

Through the real admin: a reviewer whose account has no name cannot approve (and is told
why and what to do), and nothing public — the page, its JSON-LD, the API — ever shows
an account's login name.
"""

import importlib

import pytest

from django.contrib.auth import get_user_model
from django.urls import reverse
from django.utils import timezone

from editorial.factories import PersonFactory
from editorial.models import Person
from home.roles import REVIEWERS
from procedures.factories import ProcedurePageFactory
from procedures.models import ProcedurePage
from tests.jsonld import node

from .conftest import member
from .forms import procedure_form
from .workflow import edit_url, submit_new_procedure, workflow_action

pytestmark = pytest.mark.django_db

LOGIN = "rr-login-7731"  # distinctive, so finding it anywhere in a response means a leak


@pytest.fixture
def nameless_reviewer(roles):
    """A clinical reviewer whose account has a login and nothing else."""
    return member(REVIEWERS, LOGIN)


def public_views(client, page):
    """What a visitor and an app read about `page`: its HTML, JSON-LD and API entry."""
    client.logout()
    html = client.get(page.url)
    api = client.get(f"/api/v2/pages/{page.pk}/?fields=reviewed_by,last_reviewed")
    assert html.status_code == 200 and api.status_code == 200
    return html.text, api.json()


def test_a_reviewer_without_a_name_cannot_approve_and_the_editor_says_why(
    as_user, writer, nameless_reviewer, procedure_index
):
    page = submit_new_procedure(as_user(writer), procedure_index)
    client = as_user(nameless_reviewer)

    editor = client.get(edit_url(page))
    assert editor.status_code == 200
    assert 'data-workflow-action-name="approve"' not in editor.text
    assert 'data-workflow-action-name="reject"' in editor.text  # changes may still be asked
    assert "cannot approve" in editor.text
    assert "no name" in editor.text
    assert reverse("wagtailadmin_account") in editor.text  # where to set it
    assert "People" in editor.text  # or have an editor link a person

    # The workflow action URL refuses, whatever the buttons show: Wagtail sends the
    # refused to the dashboard, which says why.
    response = workflow_action(client, page, "approve", comment="")
    assert response.status_code == 302 and response.url == reverse("wagtailadmin_home")
    assert "cannot approve" in client.get(response.url).text
    # And so does the editor's own approve (it only saves a draft).
    client.post(
        edit_url(page),
        {
            **procedure_form(),
            "action-workflow-action": "true",
            "workflow-action-name": "approve",
        },
    )
    page.refresh_from_db()
    assert not page.live and page.reviewer is None
    assert not Person.objects.filter(name__iexact=LOGIN).exists()


def test_the_dashboard_tells_a_reviewer_without_a_name_what_to_do(
    as_user, writer, nameless_reviewer, procedure_index
):
    submit_new_procedure(as_user(writer), procedure_index)
    dashboard = as_user(nameless_reviewer).get(reverse("wagtailadmin_home"))
    assert dashboard.status_code == 200
    assert "cannot approve" in dashboard.text
    assert reverse("wagtailadmin_account") in dashboard.text


def test_a_named_reviewer_sees_no_warning(as_user, writer, reviewer, procedure_index):
    page = submit_new_procedure(as_user(writer), procedure_index)
    client = as_user(reviewer)
    assert "cannot approve" not in client.get(edit_url(page)).text
    assert "cannot approve" not in client.get(reverse("wagtailadmin_home")).text


def test_a_reviewer_who_sets_their_name_approves_and_only_that_name_is_public(
    as_user, writer, nameless_reviewer, procedure_index
):
    page = submit_new_procedure(as_user(writer), procedure_index)
    client = as_user(nameless_reviewer)
    response = client.post(
        reverse("wagtailadmin_account"),
        {
            "name_email-first_name": "Rhea",
            "name_email-last_name": "Reviewer",
            "name_email-email": nameless_reviewer.email,
            "theme-theme": "system",
            "theme-density": "default",
            "theme-contrast": "system",
        },
    )
    assert response.status_code == 302, response.text
    nameless_reviewer.refresh_from_db()
    assert nameless_reviewer.get_full_name() == "Rhea Reviewer"

    assert workflow_action(client, page, "approve", comment="").status_code == 302
    page.refresh_from_db()
    assert page.live and page.reviewer.name == "Rhea Reviewer"

    html, api = public_views(client, page)
    assert "Medically reviewed by Rhea Reviewer" in html
    assert node(html, "MedicalWebPage")["reviewedBy"]["name"] == "Rhea Reviewer"
    assert api["reviewed_by"]["name"] == "Rhea Reviewer"
    assert LOGIN not in html and LOGIN not in str(api)


def test_a_person_an_editor_linked_lets_a_reviewer_without_a_name_approve(
    as_user, writer, nameless_reviewer, procedure_index
):
    person = PersonFactory(name="Dr Linked", credentials="MD", user=nameless_reviewer)
    page = submit_new_procedure(as_user(writer), procedure_index)
    client = as_user(nameless_reviewer)
    assert "cannot approve" not in client.get(edit_url(page)).text
    assert workflow_action(client, page, "approve", comment="").status_code == 302
    page.refresh_from_db()
    assert page.live and page.reviewer == person
    html, api = public_views(client, page)
    assert "Medically reviewed by Dr Linked, MD" in html
    assert LOGIN not in html and LOGIN not in str(api)


def test_a_name_that_is_only_the_login_is_no_name(
    as_user, writer, nameless_reviewer, procedure_index
):
    nameless_reviewer.first_name = LOGIN.upper()
    nameless_reviewer.save()
    page = submit_new_procedure(as_user(writer), procedure_index)
    client = as_user(nameless_reviewer)
    response = workflow_action(client, page, "approve", comment="")
    assert response.status_code == 302 and response.url == reverse("wagtailadmin_home")
    page.refresh_from_db()
    assert not page.live
    assert not Person.objects.filter(name__iexact=LOGIN).exists()


def test_an_editor_cannot_name_a_linked_person_with_the_accounts_login(
    as_user, editor, nameless_reviewer
):
    client = as_user(editor)
    form = {
        "name": LOGIN,
        "credentials": "",
        "role": "",
        "npi": "",
        "photo": "",
        "bio": "",
        "profile_url": "",
        "user": nameless_reviewer.pk,
    }
    response = client.post(reverse("wagtailsnippets_editorial_person:add"), form)
    assert response.status_code == 200  # the form again, with the error
    assert "login" in response.text
    assert not Person.objects.filter(user=nameless_reviewer).exists()

    response = client.post(
        reverse("wagtailsnippets_editorial_person:add"), {**form, "name": "Rhea Reviewer"}
    )
    assert response.status_code == 302
    assert Person.objects.get(user=nameless_reviewer).name == "Rhea Reviewer"


def hide_login_names():
    """Run the data migration's function on the current tables."""
    from django.apps import apps

    migration = importlib.import_module("procedures.migrations.0004_hide_reviewer_login_names")
    migration.hide_login_names(apps, None)


def test_the_migration_unlinks_people_named_after_their_login_from_every_page_and_revision(
    client, home, procedure_index, capsys
):
    """What an approval by a nameless account left before this fix: a Person named with the
    login, as reviewer of the live page and of the revisions that could be published again."""
    account = get_user_model().objects.create_user(username=LOGIN, password="pw")
    leaked = Person.objects.create(name=LOGIN, user=account)
    honest_account = get_user_model().objects.create_user(username="dr-okafor", password="pw")
    honest = PersonFactory(name="Dr Okafor", user=honest_account)
    today = timezone.localdate()

    leaked_page = ProcedurePageFactory(
        parent=procedure_index, title="Kyphoplasty", slug="kyphoplasty"
    )
    leaked_page.reviewer = leaked
    leaked_page.last_reviewed = today
    leaked_page.save_revision().publish()
    leaked_page.save_revision()  # a draft on top, also naming the login
    honest_page = ProcedurePageFactory(parent=procedure_index, title="Biopsy", slug="biopsy")
    honest_page.reviewer = honest
    honest_page.last_reviewed = today
    honest_page.save_revision().publish()

    html, api = public_views(client, leaked_page)
    assert LOGIN in html and LOGIN in str(api)  # the leak this migration closes

    hide_login_names()
    printed = capsys.readouterr().out
    assert f"Reviewer removed from page {leaked_page.pk} (Kyphoplasty)" in printed
    assert "Biopsy" not in printed and LOGIN not in printed

    leaked_page = ProcedurePage.objects.get(pk=leaked_page.pk)
    html, api = public_views(client, leaked_page)
    assert LOGIN not in html and LOGIN not in str(api)
    assert "Medically reviewed by" not in html
    assert "reviewedBy" not in node(html, "MedicalWebPage")
    assert api["reviewed_by"] is None
    # The review's date stays (the review happened; the schedule goes on).
    assert leaked_page.last_reviewed == today
    # No revision can put the login back on the page by being published or reverted to.
    for revision in leaked_page.revisions.all():
        assert revision.content["reviewer"] is None
        assert revision.as_object().reviewer is None
    # The person itself no longer holds the login, and no longer stands for the account.
    leaked.refresh_from_db()
    assert LOGIN not in leaked.name and leaked.user is None
    assert "Unnamed reviewer" in leaked.name

    # People whose names an editor or the reviewer wrote are untouched.
    honest.refresh_from_db()
    assert honest.name == "Dr Okafor" and honest.user == honest_account
    honest_page = ProcedurePage.objects.get(pk=honest_page.pk)
    assert honest_page.reviewer == honest
    assert honest_page.live_revision.content["reviewer"] == honest.pk
    assert "Medically reviewed by Dr Okafor" in public_views(client, honest_page)[0]
