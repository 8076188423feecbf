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
    # Site, site root, the active language's Locale (Wagtail's `localized` site root),
    # every page on the path at once, the page found.
    assert len(deep.captured_queries) == 5


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


# --- Parity with Wagtail's own walk -------------------------------------------------


def outcome(router, root, components):
    """What a router does with a path: the page and sub-route it resolves, or the error."""
    request = RequestFactory().get("/")
    request.user = AnonymousUser()
    try:
        result = router(root, request, components)
    except Exception as error:  # whichever error it is, it is the outcome compared
        return type(error).__name__
    view, args, kwargs = result.args if result.args else (None, (), {})
    return (result.page.pk, getattr(view, "__name__", None), tuple(args), tuple(kwargs.items()))


def one_query_route(root, request, components):
    return root.route(request, components)


def wagtails_route(root, request, components):
    return Page.route(root, request, components)  # the walk the site root overrides


SLUGS = ("procedures", "vertebroplasty", "knee", "articles", "draft", "doctors", "texas", "x")


@pytest.fixture
def two_sites(home, procedure_index, article_index):
    """Site A at the usual root; site B's root two levels deeper, sharing slugs with A."""
    from home.factories import HomePageFactory
    from procedures.factories import ArticleIndexPageFactory, ProcedureIndexPageFactory

    ProcedurePageFactory(parent=procedure_index, slug="vertebroplasty")
    ProcedurePageFactory(parent=procedure_index, slug="draft", live=False)
    ArticlePageFactory(parent=article_index, slug="knee")
    holder = Page.get_first_root_node().add_child(instance=Page(title="Network", slug="network"))
    deeper = HomePageFactory(parent=holder, slug="partner")
    partner_procedures = ProcedureIndexPageFactory(parent=deeper, slug="procedures")
    ProcedurePageFactory(parent=partner_procedures, slug="knee")
    ArticleIndexPageFactory(parent=deeper, slug="articles")
    Site.objects.create(hostname="partner.example", port=80, root_page=deeper)
    return home, deeper


def all_paths():
    """Every path of up to two slugs, and the deeper ones that exist on either site."""
    paths = [[], *([slug] for slug in SLUGS)]
    paths += [[first, second] for first in SLUGS for second in SLUGS]
    paths += [
        ["procedures", page, *rest]
        for page in ("vertebroplasty", "knee", "draft")
        for rest in (["doctors"], ["doctors", "texas"], ["doctors", "x"], ["x", "y"])
    ]
    return paths


@pytest.mark.django_db
def test_both_site_roots_route_every_path_as_wagtail_does(two_sites):
    for root in two_sites:
        root = Page.objects.get(pk=root.pk).specific  # as Wagtail's serve view loads it
        for components in all_paths():
            ours = outcome(one_query_route, root, components)
            theirs = outcome(wagtails_route, root, components)
            assert ours == theirs, (root.url_path, components)


@pytest.mark.django_db
def test_duplicate_sibling_slugs_route_as_wagtail_does(two_sites):
    """Wagtail forbids them, but rows written around its validation can hold them."""
    home, _ = two_sites
    twin = ProcedurePageFactory(parent=Page.objects.get(slug="procedures", depth=3))
    Page.objects.filter(pk=twin.pk).update(slug="vertebroplasty")
    root = Page.objects.get(pk=home.pk).specific
    for components in (["procedures", "vertebroplasty"], ["procedures", "vertebroplasty", "x"]):
        ours = outcome(one_query_route, root, components)
        assert ours == outcome(wagtails_route, root, components) == "MultipleObjectsReturned"


class AbstractRoot:
    """Page types built for the check only: abstract, so never registered as models."""

    @staticmethod
    def make(name, *bases):
        meta = type("Meta", (), {"abstract": True})
        return type(name, bases, {"__module__": __name__, "Meta": meta})


def test_the_system_check_refuses_a_root_that_routes_its_own_sub_paths():
    from wagtail.contrib.routable_page.models import RoutablePageMixin

    from core.routing import OneQueryRoutingMixin, routing_errors
    from home.models import HomePage

    routable_after = AbstractRoot.make(
        "RoutableAfter", OneQueryRoutingMixin, RoutablePageMixin, Page
    )
    routable_before = AbstractRoot.make(
        "RoutableBefore", RoutablePageMixin, OneQueryRoutingMixin, Page
    )
    assert routing_errors([HomePage]) == []
    for model in (routable_after, routable_before):
        (error,) = routing_errors([model])
        assert error.id == "cms.E001"
        assert "RoutablePageMixin.route" in error.msg


@pytest.mark.django_db
def test_a_host_no_site_serves_gets_the_not_found_page(client, home):
    """With no default site, a request for another host has no site at all: the
    not-found page still renders (the header names the site only when there is one)."""
    Site.objects.update(is_default_site=False)
    response = client.get("/procedures/", HTTP_HOST="elsewhere.example")
    assert response.status_code == 404
    assert b"Page not found" in response.content
