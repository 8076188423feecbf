"""Shared fixtures: a site tree like production's (root → home → indexes), and an
API v3 bearer token for an editor."""

import pytest

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.cache import cache

from wagtail.models import GroupPagePermission, Page, Site

from core.http_cache import remembered
from home.factories import HomePageFactory
from procedures.factories import (
    ArticleIndexPageFactory,
    ProcedureIndexPageFactory,
    ProcedurePageFactory,
)

from .support import create_token
from .translations import translate


@pytest.fixture(autouse=True)
def _clear_cache():
    """Renditions, site root paths and the site per content version are cached; start
    every test cold."""
    cache.clear()
    remembered.forget()
    yield
    cache.clear()
    remembered.forget()


@pytest.fixture
def home(db):
    root = Page.get_first_root_node()
    # Wagtail's migration creates a placeholder page with the slug "home".
    root.get_children().delete()
    home = HomePageFactory(parent=root)
    Site.objects.all().delete()
    Site.objects.create(
        hostname="testserver", port=80, root_page=home, is_default_site=True, site_name="Test"
    )
    return home


@pytest.fixture
def procedure_index(home):
    return ProcedureIndexPageFactory(parent=home)


@pytest.fixture
def article_index(home):
    return ArticleIndexPageFactory(parent=home)


@pytest.fixture
def demo_site(db):
    """The demo content, loaded the way `make run` loads it."""
    from django.core.management import call_command

    call_command("load_demo_content", stdout=open("/dev/null", "w"))  # noqa: SIM115
    return Site.objects.get(is_default_site=True)


@pytest.fixture(scope="session")
def django_db_setup(request, django_db_setup, django_db_blocker):
    """pytest-django's test database, and, for a run with browser tests, a copy of it
    made now, while it is as the migrations left it (tests/browser/database.py)."""
    from .browser.database import browser_database, wanted

    if not wanted(request.session.items):
        yield
        return
    keepdb = request.config.getoption("reuse_db", False)
    with django_db_blocker.unblock(), browser_database(keepdb=keepdb), django_db_blocker.block():
        yield


@pytest.fixture
def editor(home):
    """What a preview app's token belongs to: a user who may edit (not publish) the
    site's pages, as the docs recommend."""
    group = Group.objects.create(name="Preview apps")
    GroupPagePermission.objects.create(group=group, page=home, permission_type="change")
    user = get_user_model().objects.create_user("preview-app", "app@example.org", "pw")
    user.groups.add(group)
    return user


@pytest.fixture
def token(editor):
    return create_token(editor.username)


@pytest.fixture
def bearer(token):
    """Test client keyword arguments that send the token."""
    return {"HTTP_AUTHORIZATION": f"Bearer {token}"}


@pytest.fixture
def procedure(procedure_index):
    """The English Vertebroplasty page, published."""
    page = ProcedurePageFactory(
        parent=procedure_index, title="Vertebroplasty", slug="vertebroplasty"
    )
    page.save_revision().publish()
    return page


@pytest.fixture
def spanish_procedure(procedure):
    """Its Spanish translation under /es/procedimientos/vertebroplastia/, published."""
    translate(procedure.get_parent().specific, title="Procedimientos", slug="procedimientos")
    return translate(procedure, title="Vertebroplastia", slug="vertebroplastia")
