"""Fixtures for API v3: a published procedure with a newer draft, a never-published
procedure, an article with a draft, and a bearer token for an editor."""

import json
from io import StringIO

import pytest

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management import call_command

from wagtail.models import GroupPagePermission

from procedures.factories import ArticlePageFactory, ProcedurePageFactory

LIVE_SUMMARY = "What vertebroplasty is and who it helps."
DRAFT_SUMMARY = "Draft: a rewritten summary, not yet published."


@pytest.fixture
def procedure(procedure_index):
    """Live as published, with a newer draft revision."""
    page = ProcedurePageFactory(
        parent=procedure_index, title="Vertebroplasty", slug="vertebroplasty", summary=LIVE_SUMMARY
    )
    page.save_revision().publish()
    page.summary = DRAFT_SUMMARY
    page.title = "Vertebroplasty (draft)"
    page.save_revision()
    return page


@pytest.fixture
def unpublished(procedure_index):
    """Never published: only the draft exists."""
    page = ProcedurePageFactory.build(title="Kyphoplasty", slug="kyphoplasty", live=False)
    procedure_index.add_child(instance=page)
    page.save_revision()
    return page


@pytest.fixture
def article(article_index):
    page = ArticlePageFactory(parent=article_index, title="Recovery", slug="recovery")
    page.save_revision().publish()
    page.summary = "Draft: what recovery looks like, reworded."
    page.save_revision()
    return page


@pytest.fixture
def editor(home):
    """What a preview app's token belongs to: a user who may edit (not publish) the
    site's pages, as the docs recommend."""
    group = Group.objects.create(name="Preview apps")
    GroupPagePermission.objects.create(group=group, page=home, permission_type="change")
    user = get_user_model().objects.create_user("preview-app", "app@example.org", "pw")
    user.groups.add(group)
    return user


def create_token(username, name="Preview app"):
    """A token as docs/api.md creates it: `manage.py api_tokens create --json`."""
    out = StringIO()
    call_command("api_tokens", "create", "--user", username, "--name", name, "--json", stdout=out)
    return json.loads(out.getvalue())["token"]


@pytest.fixture
def token(editor):
    return create_token(editor.username)


@pytest.fixture
def bearer(token):
    """Test client keyword arguments that send the token."""
    return {"HTTP_AUTHORIZATION": f"Bearer {token}"}
