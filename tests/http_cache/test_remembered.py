"""The site serving a public request is looked up once per content version
(`core.http_cache.remembered`), and never outlives a change to it."""

from types import SimpleNamespace

import pytest

from django.contrib.auth.models import AnonymousUser
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from wagtail.models import Page, PageViewRestriction, Site

from core.http_cache import remembered, version
from core.http_cache.version import State, content_changed
from home.factories import HomePageFactory


@pytest.fixture(autouse=True)
def _remember_sites(settings):
    settings.HTTP_CACHE_REMEMBER_SITE = True


def site_lookups(client, url):
    """(status, number of queries that read the site table) for one GET."""
    with CaptureQueriesContext(connection) as captured:
        status = client.get(url).status_code
    return status, sum('FROM "wagtailcore_site"' in q["sql"] for q in captured.captured_queries)


@pytest.mark.django_db
def test_a_public_request_looks_the_site_up_once_per_content_version(client, home):
    content_changed()
    assert site_lookups(client, "/")[0] == 200
    assert site_lookups(client, "/") == (200, 0)
    site = Site.objects.get()
    site.site_name = "Renamed"
    site.save()  # bumps the content version (core.http_cache.signals)
    assert site_lookups(client, "/")[1] >= 1
    assert site_lookups(client, "/api/v2/pages/?type=home.HomePage") == (200, 0)


@pytest.mark.django_db
def test_a_site_given_another_root_serves_it_at_once(client, home):
    content_changed()
    assert b"Other home" not in client.get("/").content
    other = HomePageFactory(parent=Page.get_first_root_node(), title="Other home", slug="other")
    site = Site.objects.get()
    site.root_page = other
    site.save()
    assert b"Other home" in client.get("/").content


@pytest.mark.django_db
def test_an_editors_request_looks_the_site_up_itself(admin_client, home):
    content_changed()
    admin_client.get("/")
    assert site_lookups(admin_client, "/")[1] >= 1


def request_at(state):
    return SimpleNamespace(content_state=state)


def test_each_request_gets_its_own_copy():
    at = request_at(State(7, timezone.now(), None))
    loads = []

    def load():
        loads.append(1)
        return {"root": ["home"]}

    first = remembered.remembered(at, "test-key", load)
    second = remembered.remembered(at, "test-key", load)
    assert first == second and first is not second
    second["root"].append("changed")
    assert remembered.remembered(at, "test-key", load) == {"root": ["home"]}
    assert len(loads) == 1
    later = request_at(State(8, timezone.now(), None))
    remembered.remembered(later, "test-key", load)
    assert len(loads) == 2


@pytest.mark.parametrize(
    "request_", [SimpleNamespace(), request_at(State(0, None, None))], ids=["private", "no row"]
)
def test_nothing_is_remembered_without_a_content_version(request_):
    loads = []
    for _ in range(2):
        remembered.remembered(request_, "test-key", lambda: loads.append(1))
    assert len(loads) == 2


def queries_reading(client, url, *fragments):
    """(status, number of queries whose SQL holds any of `fragments`) for one GET."""
    with CaptureQueriesContext(connection) as captured:
        status = client.get(url).status_code
    return status, sum(
        any(fragment in q["sql"] for fragment in fragments) for q in captured.captured_queries
    )


def page_list_lookups(client, url):
    """(status, queries reading view restrictions, root translations or locales)."""
    with CaptureQueriesContext(connection) as captured:
        status = client.get(url).status_code
    tables = ('FROM "wagtailcore_pageviewrestriction"', 'FROM "wagtailcore_locale"')
    translations = '"wagtailcore_page"."translation_key" ='
    return status, sum(
        any(table in q["sql"] for table in tables) or translations in q["sql"]
        for q in captured.captured_queries
    )


@pytest.mark.django_db
def test_a_pages_root_settings_and_translations_are_looked_up_once_per_version(
    client, home, procedure_index
):
    """The localized site root, the site settings and the hreflang translations: none
    of them is read again until the content version moves."""
    from procedures.factories import ProcedurePageFactory

    ProcedurePageFactory(parent=procedure_index, title="Vertebroplasty", slug="vertebroplasty")
    url = "/procedures/vertebroplasty/"
    content_changed()
    assert client.get(url).status_code == 200
    with CaptureQueriesContext(connection) as warm:
        assert client.get(url).status_code == 200
    sql = [q["sql"] for q in warm.captured_queries]
    assert not any('FROM "home_sitesettings"' in q for q in sql)
    assert not any('"wagtailcore_locale"."language_code"' in q for q in sql)  # root, hreflang
    home.title = "Home, renamed"
    home.save_revision().publish()  # any publish moves the version
    status, settings_reads = queries_reading(client, url, 'FROM "home_sitesettings"')
    assert status == 200 and settings_reads == 1


@pytest.mark.django_db
def test_a_new_translation_shows_in_the_alternates_at_once(client, home, procedure_index):
    from wagtail.models import Locale

    from home.locales import translate_home
    from procedures.factories import ProcedurePageFactory

    english = ProcedurePageFactory(
        parent=procedure_index, title="Vertebroplasty", slug="vertebroplasty"
    )
    translate_home(home, "es", title="Inicio")
    content_changed()
    url = "/procedures/vertebroplasty/"
    client.get(url)
    assert b'rel="alternate" hreflang="es"' not in client.get(url).content
    spanish = Locale.objects.get(language_code="es")
    for page, slug in ((procedure_index, "procedimientos"), (english, "vertebroplastia")):
        copy = page.copy_for_translation(spanish)
        copy.slug = slug
        copy.save_revision().publish()
    html = client.get(url).content.decode()
    assert (
        'rel="alternate" hreflang="es" href="http://testserver/es/procedimientos/vertebroplastia/"'
        in html
    )


@pytest.mark.django_db
@pytest.mark.parametrize("query", ["", "&locale=es", "&locale=en"])
def test_the_pages_list_looks_its_lookups_up_once_per_content_version(client, home, query):
    from home.locales import translate_home

    translate_home(home, "es", title="Inicio")
    content_changed()
    url = f"/api/v2/pages/?type=home.HomePage{query}"
    assert page_list_lookups(client, url)[1] >= 1
    assert page_list_lookups(client, url) == (200, 0)
    shown = query != "&locale=es"
    assert (home.title in titles(client, url)) is shown
    restricted = PageViewRestriction.objects.create(page=home, restriction_type="login")
    assert page_list_lookups(client, url)[1] >= 1  # saving a restriction bumps the version
    assert home.title not in titles(client, url)
    restricted.delete()
    assert (home.title in titles(client, url)) is shown


def titles(client, url):
    return {item["title"] for item in client.get(url).json()["items"]}


@pytest.mark.django_db
@pytest.mark.parametrize("query", ["", "?site=testserver", "?site=other.example:80", "?locale=es"])
@pytest.mark.parametrize("restricted", [False, True])
def test_the_pages_base_queryset_is_wagtails(rf, home, query, restricted):
    """`cms.api.public_pages_queryset` is Wagtail's `get_public_pages_queryset` with two
    lookups remembered: the same SQL, with restrictions, sites and translations."""
    from wagtail.api.querysets import get_public_pages_queryset

    from cms.api import public_pages_queryset
    from home.locales import translate_home

    translate_home(home, "es", title="Inicio")
    other = HomePageFactory(parent=Page.get_first_root_node(), title="Other", slug="other")
    Site.objects.create(hostname="other.example", port=80, root_page=other)
    if restricted:
        PageViewRestriction.objects.create(page=home, restriction_type="login")
    content_changed()
    request = rf.get(f"/api/v2/pages/{query}", HTTP_HOST="testserver")
    request.content_state = version.current()
    request.user = AnonymousUser()
    request.session = {}
    expected = str(get_public_pages_queryset(request).query)
    for _ in range(2):  # looked up, then remembered
        assert str(public_pages_queryset(request).query) == expected


def counts(client, url):
    """(total_count, number of COUNT queries) for one GET of a pages list."""
    with CaptureQueriesContext(connection) as captured:
        data = client.get(url).json()
    return data["meta"]["total_count"], sum(
        "COUNT(*)" in q["sql"] for q in captured.captured_queries
    )


@pytest.mark.django_db
def test_a_pages_list_is_counted_once_per_content_version(client, procedure_index):
    """`cms.api.PagesPagination`: every page of a list, and the same list with other
    fields or order, reuses the total; another filter, a publish or an unpublish
    counts again."""
    from procedures.factories import ProcedurePageFactory

    for _ in range(3):
        ProcedurePageFactory(parent=procedure_index)
    content_changed()
    url = "/api/v2/pages/?type=procedures.ProcedurePage"
    assert counts(client, url) == (3, 1)
    assert counts(client, url) == (3, 0)
    assert counts(client, f"{url}&offset=2&limit=1&fields=summary&order=-title") == (3, 0)
    assert counts(client, f"{url}&slug=nothing-by-this-slug") == (0, 1)
    page = ProcedurePageFactory(parent=procedure_index, live=False)
    assert counts(client, url) == (3, 0)  # a draft changes nothing public
    page.save_revision().publish()  # bumps the version
    assert counts(client, url) == (4, 1)
    page.refresh_from_db()
    page.unpublish()
    assert counts(client, url) == (3, 1)
    assert counts(client, url) == (3, 0)


@pytest.mark.django_db
def test_an_editors_pages_list_is_counted_every_time(admin_client, procedure_index):
    from procedures.factories import ProcedurePageFactory

    ProcedurePageFactory(parent=procedure_index)
    content_changed()
    url = "/api/v2/pages/?type=procedures.ProcedurePage"
    assert counts(admin_client, url) == (1, 1)
    assert counts(admin_client, url) == (1, 1)
