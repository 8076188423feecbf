"""Wagtail's page view, routed from the site root in the URL's language.

Its own module, not `core.routing`: Wagtail's views module loads the page model when
imported, which models (importing `core.routing`) may not do. A core module.
"""

from django.http import Http404
from django.utils import translation

from wagtail import views as wagtail_views
from wagtail.models import Site

from .http_cache.remembered import remembered_lookup
from .routing import localized_site_root


def serve(request, path):
    """Wagtail's page view, its route found from the site root in the URL's language
    (`localized_site_root`) and handed to Wagtail, which reads it from the request."""
    if not hasattr(request, "_wagtail_route_for_request"):
        site = Site.find_for_request(request)
        if site is not None:
            components = [component for component in path.split("/") if component]
            try:
                # The same at every request of a content version: looked up once.
                root = remembered_lookup(
                    request,
                    ("site_root", site.pk, translation.get_language()),
                    lambda: localized_site_root(site),
                )
                route = root.route(request, components)
            except Http404:
                route = None
            request._wagtail_route_for_request = route
    return wagtail_views.serve(request, path)
