"""Page routing and view restrictions in a constant, small number of queries.

Wagtail's `Page.route` walks the tree one URL segment at a time: a query for the
child with that slug, then one for its specific row, per segment. A procedure page
two levels below the home page costs four queries before its own code runs, and
Wagtail's view-restriction check then queries the ancestors again. On the most
visited page of the site that fixed cost was most of the request.

`OneQueryRoutingMixin`, on the site root, loads every page that could lie on the
path in one query, walks it in memory, and hands over to the page's own `route`
(so routable pages keep their sub-routes, and any page type that overrides `route`
still decides for its own subtree). The ancestors it walked through are kept on the
page it found, where `RoutedPageMixin` uses them for breadcrumbs and the view
restriction check instead of querying the ancestors again.
"""

from django.apps import apps
from django.conf import settings
from django.core import checks
from django.db.models import Exists, OuterRef, Q, Subquery
from django.db.models.functions import Length, Substr
from django.http import Http404
from django.utils import translation

from wagtail.models import Page, PageViewRestriction

# What the in-memory walk, breadcrumbs and restriction checks read from an ancestor.
ROUTE_FIELDS = (
    "id",
    "path",
    "depth",
    "slug",
    "title",
    "url_path",
    "live",
    "content_type_id",
    "alias_of_id",
    "locale_id",
)
ANCESTORS_ATTRIBUTE = "_routed_ancestors"
# Every page from the tree root down to the routed page, with `has_restriction`.
LINEAGE_ATTRIBUTE = "_routed_lineage"


class OneQueryRoutingMixin:
    """For the site root page: resolve the rest of the URL with one tree query."""

    def route(self, request, path_components):
        if not path_components:
            return super().route(request, path_components)
        step = Page.steplen
        candidates = (
            Page.objects.filter(
                # Pages that could lie on the path below the site root…
                Q(
                    path__startswith=self.path,
                    depth__gt=self.depth,
                    depth__lte=self.depth + len(path_components),
                    slug__in=set(path_components),
                )
                # …and the site root with its own ancestors, for the restriction check.
                | Q(path__in=[self.path[:end] for end in range(step, len(self.path) + 1, step)])
            )
            .only(*ROUTE_FIELDS)
            .annotate(
                has_restriction=Exists(PageViewRestriction.objects.filter(page=OuterRef("pk")))
            )
        )
        above, children = [], {}
        for page in candidates:
            if page.depth <= self.depth:
                above.append(page)
                continue
            key = (page.path[:-step], page.slug)
            if key in children:
                # Two siblings share a slug (Wagtail's validation forbids it, but data
                # written around it can hold it): let Wagtail's own walk decide.
                return super().route(request, path_components)
            children[key] = page

        parent, ancestors = self, [self]
        for index, slug in enumerate(path_components):
            page = children.get((parent.path, slug))
            if page is None:
                raise Http404
            page._cached_parent_obj = parent  # treebeard's get_parent() reads it
            remaining = path_components[index + 1 :]
            page_class = page.specific_class
            if remaining and page_class is not None and page_class.route is Page.route:
                # Plain tree traversal: what Page.route would do, without its queries.
                parent, ancestors = page, [*ancestors, page]
                continue
            # The last segment, or a page that routes its own subtree (a routable
            # page's sub-routes, say): the page decides, as in Wagtail's walk.
            setattr(page, ANCESTORS_ATTRIBUTE, ancestors)
            setattr(page, LINEAGE_ATTRIBUTE, [*above, *ancestors[1:], page])
            return page.specific.route(request, remaining)
        raise Http404  # not reached: the loop returns on its last segment


def routing_errors(models):
    """System check errors for page models whose one-query walk would skip their own routes.

    The walk replaces the site root's `route` entirely; a root that also routes its own
    sub-paths (a `RoutablePageMixin` root, or any other `route` override on either side
    of `OneQueryRoutingMixin`) would lose them.
    """
    errors = []
    for model in models:
        if not issubclass(model, OneQueryRoutingMixin):
            continue
        mro = model.__mro__
        first = next(klass for klass in mro if "route" in vars(klass))
        after = mro[mro.index(OneQueryRoutingMixin) + 1 :]
        inherited = next(klass for klass in after if "route" in vars(klass))
        if first is not OneQueryRoutingMixin or vars(inherited)["route"] is not Page.route:
            other = inherited if first is OneQueryRoutingMixin else first
            errors.append(
                checks.Error(
                    f"{model.__name__} combines OneQueryRoutingMixin with its own routing "
                    f"({other.__name__}.route), which the one-query walk would bypass.",
                    hint="Route sub-paths from a page below the site root, or drop "
                    "OneQueryRoutingMixin from this page type.",
                    obj=model,
                    id="cms.E001",
                )
            )
    return errors


@checks.register(checks.Tags.models)
def check_one_query_routing(app_configs=None, **kwargs):
    return routing_errors(apps.get_models())


class RoutedPageMixin:
    """For page types: reuse the ancestors the router loaded, when it loaded them."""

    def routed_ancestors(self):
        """The ancestors from the site root down, if this page was reached by routing.

        None when the page was loaded some other way (a listing, the admin, a
        preview), so callers fall back to a query.
        """
        return self.__dict__.get(ANCESTORS_ATTRIBUTE)

    def breadcrumbs(self, request=None):
        """Ancestors from the home page down to this page, as [{"title", "url"}].

        What the visible breadcrumb shows and the page's BreadcrumbList repeats
        (`core.seo`); free when the router loaded the ancestors, one query otherwise.
        """
        ancestors = self.routed_ancestors()
        if ancestors is None:
            ancestors = (
                self.get_ancestors()
                .filter(depth__gt=1)
                .live()
                .only("title", "url_path", "path", "depth", "locale_id")
            )
        else:  # loaded by the router already
            ancestors = [page for page in ancestors if page.depth > 1 and page.live]
        crumbs = [{"title": page.title, "url": page.get_url(request)} for page in ancestors]
        crumbs.append({"title": self.title, "url": self.get_url(request)})
        return crumbs

    def get_view_restrictions(self):
        """Wagtail's check (restrictions on this page or any ancestor), usually free.

        Wagtail queries the ancestors to resolve aliases, then the restrictions.
        The router already loaded every page from the tree root down with a flag
        saying whether it carries a restriction, so a public page (the usual case)
        needs no query at all, and a private one only the restrictions query.
        Aliases (whose restrictions are their source's) take Wagtail's own path.
        """
        lineage = self.__dict__.get(LINEAGE_ATTRIBUTE)
        if lineage is None or any(page.alias_of_id for page in lineage):
            return super().get_view_restrictions()
        restricted = [page.pk for page in lineage if page.has_restriction]
        return PageViewRestriction.objects.filter(page_id__in=restricted)


def unrestricted(path_field="path"):
    """A filter: no view restriction covers the page at `path_field` or an ancestor.

    The same rule as Wagtail's `PageQuerySet.public()`, which first reads every
    restriction (one query) and then excludes each restricted subtree; this says it
    as a NOT EXISTS inside the listing's own query. `path_field` is the page's tree
    path, as seen from the queryset being filtered ("article__path", say).
    """
    return ~Exists(
        PageViewRestriction.objects.filter(
            # The restricted page's path is a prefix of this page's path.
            page__path=Substr(OuterRef(path_field), 1, Length("page__path"))
        )
    )


def localized_site_root(site):
    """The site's root page in the active language, as its specific type: the root's
    live translation in that language, else the root itself.

    Wagtail's own walk starts from `site.root_page.localized.specific`: the root page,
    then the active `Locale`, then (in any language but the root's) the translation,
    then its specific row, so a Spanish page cost one query more than the same English
    page. This finds the translation by the root's `translation_key` and the language
    code in one query and its specific row in a second, whatever the language.
    """
    root_key = Page.objects.filter(pk=site.root_page_id).values("translation_key")[:1]
    found = (
        Page.objects.filter(
            translation_key=Subquery(root_key),
            locale__language_code=translation.get_language(),
            live=True,
        )
        .only("id", "content_type_id")
        .first()
    )
    if found is None:
        return site.root_page.specific
    return found.specific


def language_path_route(request, site, path):
    """The page a path under a language prefix other than the default's names
    (`/es/procedimientos/vertebroplastia/`), routed from the site root's translation
    in that language; `NOT_PREFIXED` for a path in the default language, which
    Wagtail routes itself from `site.root_page`; None when nothing is there.

    The APIs' `find/?html_path=` (v2 and v3) use it: Wagtail routes every path from
    `site.root_page`, the default language's tree, and would answer 404 to a Spanish
    one. Any checks of what the caller may see stay with the caller.
    """
    language = translation.get_language_from_path(path)
    if language in (None, translation.get_supported_language_variant(settings.LANGUAGE_CODE)):
        return NOT_PREFIXED
    root = site.root_page.get_translations().filter(locale__language_code=language).first()
    if root is None:
        return None
    components = [component for component in path.split("/") if component][1:]
    try:
        # In the path's language: a page's routes match that language's words
        # (`/es/…/medicos/texas/`, `providers.paths`).
        with translation.override(language):
            page, _args, _kwargs = root.specific.route(request, components)
    except Http404:
        return None
    return page


# `language_path_route`'s answer for a path Wagtail routes as it is.
NOT_PREFIXED = object()
