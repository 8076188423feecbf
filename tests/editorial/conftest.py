"""Users in the three editorial groups, on a site whose sections carry the workflow."""

import pytest

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management import call_command

from home.roles import EDITORS, REVIEWERS, WRITERS


@pytest.fixture
def roles(procedure_index, article_index):
    """`setup_roles` run the way `make run` runs it, after the sections exist."""
    call_command("setup_roles", stdout=open("/dev/null", "w"))  # noqa: SIM115


def member(group_name, username, **fields):
    user = get_user_model().objects.create_user(
        username=username, password="pw", email=f"{username}@example.org", **fields
    )
    user.groups.add(Group.objects.get(name=group_name))
    return user


@pytest.fixture
def writer(roles):
    return member(WRITERS, "writer", first_name="Wendy", last_name="Writer")


@pytest.fixture
def reviewer(roles):
    return member(REVIEWERS, "reviewer", first_name="Rhea", last_name="Reviewer")


@pytest.fixture
def editor(roles):
    return member(EDITORS, "editor", first_name="Ed", last_name="Editor")


@pytest.fixture
def as_user(client):
    """Log the test client in as a user: `as_user(writer)`."""

    def login(user):
        client.force_login(user)
        return client

    return login
