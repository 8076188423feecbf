"""The URL the ETag and the page cache key on: the path and the query parameters its view
reads, sorted; the whole URL for views that declare nothing (the API)."""

import pytest

from django.test import RequestFactory

from wagtail.contrib.routable_page.models import RoutablePageMixin

from core.http_cache.query import EVERY, declared, keyed_url, page_types

STATE_PAGE = "/procedures/vertebroplasty/doctors/texas/"


@pytest.mark.parametrize(
    ("url", "keyed"),
    [
        ("/?utm_source=a&utm_medium=b", "/"),
        ("/procedures/?gclid=1&page=2", "/procedures/?page=2"),
        (
            "/procedures/vertebroplasty/?fbclid=1&specialty=X&state=TX",
            "/procedures/vertebroplasty/",
        ),
        (
            "/procedures/vertebroplasty/doctors/?state=TX&gclid=1",
            "/procedures/vertebroplasty/doctors/?state=TX",
        ),
        (
            STATE_PAGE + "?utm_source=x&telehealth=true&page=2&language=fr&language=es&state=TX",
            STATE_PAGE + "?language=fr&language=es&page=2&telehealth=true",
        ),
        (STATE_PAGE + "?specialty=&page=", STATE_PAGE + "?page=&specialty="),
        ("/search/?type=doctors&q=knee%20pain&fbclid=1", "/search/?q=knee+pain&type=doctors"),
        ("/doctors/1234567893-jane-sample/?utm_source=a", "/doctors/1234567893-jane-sample/"),
        ("/sitemap.xml?utm_source=a", "/sitemap.xml"),
        # Resolved in the URL's language (the middleware runs before it is active): the
        # Spanish word's routes, Spanish views.
        (
            "/es/procedimientos/vertebroplastia/medicos/texas/?utm_source=x&specialty=X&page=2",
            "/es/procedimientos/vertebroplastia/medicos/texas/?page=2&specialty=X",
        ),
        (
            "/es/procedimientos/vertebroplastia/medicos/?gclid=1&state=TX",
            "/es/procedimientos/vertebroplastia/medicos/?state=TX",
        ),
        ("/es/search/?q=rodilla&fbclid=1", "/es/search/?q=rodilla"),
        ("/es/medicos/1234567893-jane-sample/?utm_source=a", "/es/medicos/1234567893-jane-sample/"),
        # The Spanish edition's first addresses redirect with what the target reads.
        (
            "/es/procedimientos/vertebroplastia/doctors/texas/?utm_source=x&specialty=X",
            "/es/procedimientos/vertebroplastia/doctors/texas/?specialty=X",
        ),
        ("/es/doctors/1234567893-jane-sample/?utm_source=a", "/es/doctors/1234567893-jane-sample/"),
        ("/sitemap-providers.xml?utm_source=a&p=2", "/sitemap-providers.xml?p=2"),
        # Declares nothing: every parameter, as sent (the API refuses unknown ones).
        ("/api/v2/pages/?utm_source=a&limit=5", "/api/v2/pages/?utm_source=a&limit=5"),
        ("/api/v2/providers/?b=1&a=2", "/api/v2/providers/?b=1&a=2"),
        ("/no-such-url?x=1", "/no-such-url?x=1"),
    ],
)
def test_keyed_url(url, keyed):
    assert keyed_url(RequestFactory().get(url)) == keyed


def test_every_page_type_and_page_route_declares_the_parameters_it_reads():
    """An undeclared page type would make every Wagtail URL keep every parameter again."""
    for model in page_types():
        assert declared(model) is not EVERY, model
        if issubclass(model, RoutablePageMixin):
            for route in model.get_subpage_urls():
                if route.callback is not RoutablePageMixin.index_route:  # the page itself
                    assert declared(route.callback) is not EVERY, (model, route.name)
