"""Each editorial group can do what its job needs and no more, checked through the admin."""

import pytest

from django.contrib.auth.models import Group
from django.core.management import call_command
from django.urls import reverse

from wagtail.models import (
    GroupCollectionPermission,
    GroupPagePermission,
    Workflow,
    WorkflowPage,
    WorkflowTask,
)

from editorial.factories import PersonFactory
from home.roles import EDITORS, REVIEWERS, WRITERS
from procedures.factories import ProcedurePageFactory
from procedures.models import ProcedurePage
from providers.factories import ProviderFactory
from providers.models import Provider

from ..providers.forms import provider_form
from .forms import procedure_form

pytestmark = pytest.mark.django_db


def snapshot():
    return {
        "groups": sorted(Group.objects.values_list("name", flat=True)),
        "group_permissions": sorted(
            Group.objects.values_list("name", "permissions__codename").distinct()
        ),
        "page_permissions": GroupPagePermission.objects.count(),
        "collection_permissions": GroupCollectionPermission.objects.count(),
        "workflows": list(Workflow.objects.values_list("name", flat=True)),
        "tasks": WorkflowTask.objects.count(),
        "workflow_pages": sorted(WorkflowPage.objects.values_list("page_id", "workflow_id")),
    }


def test_setup_roles_is_idempotent(roles, procedure_index, article_index):
    first = snapshot()
    assert {WRITERS, REVIEWERS, EDITORS} <= set(first["groups"])
    assert "Clinical review" in first["workflows"]
    clinical_review = Workflow.objects.get(name="Clinical review")
    assert sorted(
        WorkflowPage.objects.filter(workflow=clinical_review).values_list("page_id", flat=True)
    ) == sorted([procedure_index.pk, article_index.pk])
    call_command("setup_roles", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert snapshot() == first


def status(client, url):
    return client.get(url).status_code


def test_writers_edit_the_sections_but_not_the_home_page_directory_or_settings(
    as_user, writer, home, procedure_index
):
    page = ProcedurePageFactory(parent=procedure_index)
    client = as_user(writer)
    assert status(client, reverse("wagtailadmin_pages:edit", args=[page.pk])) == 200
    assert status(client, reverse("wagtailadmin_pages:edit", args=[home.pk])) != 200
    assert status(client, reverse("wagtailsnippets_providers_provider:list")) != 200
    assert status(client, reverse("wagtailsnippets_editorial_person:add")) != 200
    assert status(client, "/admin/settings/home/sitesettings/") != 200
    perms = page.permissions_for_user(writer)
    assert perms.can_edit() and not perms.can_publish() and not perms.can_unpublish()


def test_reviewers_open_only_pages_in_their_review(as_user, reviewer, writer, procedure_index):
    page = ProcedurePageFactory(parent=procedure_index)
    client = as_user(reviewer)
    edit = reverse("wagtailadmin_pages:edit", args=[page.pk])
    assert status(client, edit) != 200  # not in review: no access
    as_user(writer).post(edit, {**procedure_form(slug=page.slug), "action-submit": "1"})
    client = as_user(reviewer)
    assert status(client, edit) == 200
    assert not page.permissions_for_user(reviewer).can_publish()
    assert status(client, reverse("wagtailsnippets_providers_provider:list")) != 200


def test_editors_publish_and_manage_the_directory_people_and_settings(
    as_user, editor, procedure_index
):
    page = ProcedurePageFactory(parent=procedure_index, live=False)
    client = as_user(editor)
    response = client.post(
        reverse("wagtailadmin_pages:edit", args=[page.pk]),
        {**procedure_form(slug=page.slug, title="Published by an editor"), "action-publish": "1"},
    )
    assert response.status_code == 302
    page = ProcedurePage.objects.get(pk=page.pk)
    assert page.live and page.title == "Published by an editor"

    response = client.post(
        reverse("wagtailsnippets_providers_provider:add"),
        {**provider_form(npi="1234567893"), "action-publish": "publish"},
    )
    assert response.status_code == 302
    assert Provider.objects.get(npi="1234567893").live

    provider = ProviderFactory()
    person = PersonFactory()
    assert status(client, reverse("wagtailsnippets_providers_provider:list")) == 200
    assert (
        status(client, reverse("wagtailsnippets_providers_provider:edit", args=[provider.pk]))
        == 200
    )
    assert status(client, reverse("wagtailsnippets_editorial_person:edit", args=[person.pk])) == 200
    assert status(client, reverse("wagtailsnippets_editorial_person:add")) == 200
    assert status(client, "/admin/settings/home/sitesettings/") in (200, 302)
    settings_page = client.get("/admin/settings/home/sitesettings/", follow=True)
    assert settings_page.status_code == 200 and "Funding" in settings_page.text
