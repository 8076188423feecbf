"""The site root resolves URLs in one query and keeps Wagtail's routing rules."""

import pytest

from django.contrib.auth.models import AnonymousUser
from django.db import connection
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext

from wagtail.models import Page, PageViewRestriction, Site

from procedures.factories import ArticlePageFactory, ProcedurePageFactory


def route(path):
    request = RequestFactory().get(path)
    request.user = AnonymousUser()
    return Page.route_for_request(request, path)


def page_queries(context):
    return [q["sql"] for q in context.captured_queries if "wagtailcore_page" in q["sql"]]


@pytest.mark.django_db
def test_a_nested_page_resolves_to_its_specific_page(procedure_index):
    page = ProcedurePageFactory(parent=procedure_index, slug="vertebroplasty")
    result = route("/procedures/vertebroplasty/")
    assert result.page == page
    assert type(result.page).__name__ == "ProcedurePage"
    assert result.page.get_parent().pk == procedure_index.pk


@pytest.mark.django_db
def test_routing_costs_the_same_queries_at_any_depth(home, procedure_index):
    """Wagtail's walk costs two queries per URL segment; the site root's costs one in all."""
    ProcedurePageFactory(parent=procedure_index, slug="vertebroplasty")
    route("/procedures/")  # warm the content type cache
    with CaptureQueriesContext(connection) as shallow:
        route("/procedures/")
    with CaptureQueriesContext(connection) as deep:
        route("/procedures/vertebroplasty/")
    assert len(deep.captured_queries) == len(shallow.captured_queries)
    # Site, site root, every page on the path at once, the page found.
    assert len(deep.captured_queries) == 4


@pytest.mark.django_db
def test_unknown_and_draft_pages_are_not_found(client, procedure_index):
    ProcedurePageFactory(parent=procedure_index, slug="draft", live=False)
    for path in ("/nope/", "/procedures/nope/", "/procedures/draft/", "/procedures/draft/x/"):
        assert route(path) is None, path
        assert client.get(path).status_code == 404, path


@pytest.mark.django_db
def test_a_slug_only_matches_under_its_own_parent(client, home, procedure_index, article_index):
    """`/articles/knee/` must not find a procedure whose slug is "knee"."""
    ProcedurePageFactory(parent=procedure_index, slug="knee")
    assert client.get("/procedures/knee/").status_code == 200
    assert client.get("/articles/knee/").status_code == 404
    assert client.get("/knee/").status_code == 404


@pytest.mark.django_db
def test_routable_sub_routes_still_resolve(client, procedure_index):
    ProcedurePageFactory(parent=procedure_index, slug="vertebroplasty")
    assert client.get("/procedures/vertebroplasty/doctors/").status_code == 200
    assert client.get("/procedures/vertebroplasty/doctors/texas/").status_code == 200
    assert client.get("/procedures/vertebroplasty/nothing-here/").status_code == 404


@pytest.mark.django_db
def test_breadcrumbs_use_the_pages_on_the_path(client, procedure_index, django_assert_num_queries):
    page = ProcedurePageFactory(
        parent=procedure_index, slug="vertebroplasty", title="Vertebroplasty"
    )
    routed = route("/procedures/vertebroplasty/").page
    Site.get_site_root_paths()  # cached across requests; not what this test is about
    with django_assert_num_queries(0):
        crumbs = routed.breadcrumbs()
    # The same crumbs as a page loaded outside routing, which queries its ancestors.
    assert crumbs == Page.objects.get(pk=page.pk).specific.breadcrumbs()
    assert [c["title"] for c in crumbs] == ["Home", procedure_index.title, "Vertebroplasty"]


@pytest.mark.django_db
def test_a_public_page_needs_no_restriction_query(procedure_index, django_assert_num_queries):
    ProcedurePageFactory(parent=procedure_index, slug="vertebroplasty")
    routed = route("/procedures/vertebroplasty/").page
    with django_assert_num_queries(0):
        assert list(routed.get_view_restrictions()) == []


@pytest.mark.django_db
@pytest.mark.parametrize("restricted", ["home", "procedure_index", "page"])
def test_a_restriction_anywhere_on_the_path_protects_the_page(
    client, home, procedure_index, restricted
):
    page = ProcedurePageFactory(parent=procedure_index, slug="vertebroplasty")
    target = {"home": home, "procedure_index": procedure_index, "page": page}[restricted]
    restriction = PageViewRestriction.objects.create(page=target, restriction_type="login")
    assert list(route("/procedures/vertebroplasty/").page.get_view_restrictions()) == [restriction]
    for path in ("/procedures/vertebroplasty/", "/procedures/vertebroplasty/doctors/"):
        response = client.get(path)
        assert response.status_code == 302, path
        assert "login" in response["Location"]


@pytest.mark.django_db
def test_an_alias_keeps_the_restrictions_of_its_source(
    client, home, procedure_index, article_index
):
    """Aliases take Wagtail's own check, which reads the source page's restrictions."""
    source = ArticlePageFactory(parent=article_index, slug="private-article")
    PageViewRestriction.objects.create(page=source, restriction_type="login")
    alias = source.create_alias(parent=procedure_index, update_slug="alias-of-private")
    assert alias.alias_of_id == source.pk
    response = client.get("/procedures/alias-of-private/")
    assert response.status_code == 302
    assert "login" in response["Location"]
