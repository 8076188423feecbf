"""`/api/v2/providers/`: the directory as JSON (live providers only).

Filters are validated by `ProviderFilterForm`, the same form the state pages
use; any bad or unknown parameter is a 400 naming it. With `procedure`, results
come from the ranked link table (one index scan), in the same order as the
state page; `/api/v2/providers/states/?procedure=` gives the per-state counts
the map shows.
"""

from rest_framework.response import Response

from django.urls import path

from wagtail.api.v2.pagination import WagtailPagination
from wagtail.api.v2.serializers import BaseSerializer
from wagtail.api.v2.utils import BadRequestError
from wagtail.api.v2.views import BaseAPIViewSet

from cms.api_params import (
    OFFSET_MAX,
    APIParametersMixin,
    ListedDetailUrlField,
    limit_max,
    offset_max,
)

from . import directory, listing
from .filters import SPECIALTY_PARTS, ProviderFilterForm, provider_filter_q, specialty_links
from .geography import STATE_NAMES, state_slug
from .models import Provider, ProviderProcedure, YearsForOrder
from .search import link_search_count_parts, search_in_order, search_providers

# What `procedure_basis` shows of a ranked link (`ListedProcedureBasisField`).
LISTED_LINK_FIELDS = directory.LISTED_LINK_FIELDS

# A list without `procedure`, unless asked otherwise (npi: unique, a total order).
NAME_ORDER = ("last_name", "first_name", "npi")

FILTER_PARAMETERS = frozenset(
    ["procedure", "state", "specialty", "accepting_new_patients", "telehealth", "language"]
)


def total_count_cap():
    """The deepest item a client can page to: `offset` up to API_OFFSET_MAX plus a page
    of up to WAGTAILAPI_LIMIT_MAX (both enforced by `cms.api_params`)."""
    # One below a bigint: the count reads up to cap + 1 rows, a LIMIT PostgreSQL must hold.
    return min(offset_max() + limit_max(), OFFSET_MAX - 1)


class ProviderSerializer(BaseSerializer):
    detail_url = ListedDetailUrlField(read_only=True)


class BoundedCountPagination(WagtailPagination):
    """Wagtail's limit/offset pagination with a total that never costs a scan.

    Wagtail counts every match for `meta.total_count`: at a million providers that
    COUNT(*) alone took ~800 ms unfiltered and ~250 ms for California, far more than
    the page itself. PostgreSQL has no cheap exact count, and no client can page past
    `total_count_cap()` items anyway, so:

    - when the view knows the total from a maintained summary (`known_total`: a
      procedure, optionally with a state, and nothing else narrowing it), that exact
      number, as before;
    - otherwise the matches are counted up to one more than the cap (`SELECT COUNT(*)
      FROM (… LIMIT cap + 1)`): exact below the cap, and past it `total_count` is the
      cap and `meta.total_count_capped` is true ("10,100 or more"). A view may give
      `count_parts`, disjoint querysets whose counts add up to the list's, when the
      list's own filter cannot be counted from an index (the specialty filter); each
      is counted only up to what the parts before it left below the cap (a common
      specialty's "others" half read 12k providers to add them to a primary half
      of 9,457: 32 ms at a million, ~1 ms counting the 644 that reach the cap).

    Considered and not chosen: a per-state/per-specialty summary of provider counts
    would be exact for a few filters only (not search, language or their
    combinations) and would add a table every publish and import must keep in step;
    `pg_class.reltuples` estimates are neither exact nor filterable.
    """

    def paginate_queryset(self, queryset, request, view=None):
        known = getattr(view, "known_total", None)
        self.total_count_capped = False
        if known is None:
            cap = total_count_cap()
            parts = getattr(view, "count_parts", None) or [queryset]
            counted = 0
            for part in parts:
                # Each part only up to what is left below the cap: once the first
                # part alone passes it, the rest are not counted at all.
                counted += part.order_by()[: cap + 1 - counted].count()
                if counted > cap:
                    break
            self.total_count_capped = counted > cap
            known = min(counted, cap)
        original = queryset.count
        queryset.count = lambda: known
        try:
            return super().paginate_queryset(queryset, request, view)
        finally:
            queryset.count = original

    def get_paginated_response(self, data):
        response = super().get_paginated_response(data)
        response.data["meta"]["total_count_capped"] = self.total_count_capped
        return response


class ProvidersAPIViewSet(APIParametersMixin, BaseAPIViewSet):
    model = Provider
    base_serializer_class = ProviderSerializer
    pagination_class = BoundedCountPagination
    known_total = None
    count_parts = None
    name = "providers"
    known_query_parameters = BaseAPIViewSet.known_query_parameters.union(FILTER_PARAMETERS)
    find_query_parameters = frozenset(["id", "npi"])
    states_query_parameters = frozenset(["procedure", "format"])
    listing_default_fields = [
        "id",
        "type",
        "detail_url",
        "profile_url",
        "npi",
        "display_name",
        "primary_specialty",
        "practice_location",
        "accepting_new_patients",
        "procedure_basis",
    ]

    def get_queryset(self):
        # Built once per request: Wagtail asks for it again to pick the serializer, and
        # building it runs a query (the view restrictions behind `.public()`).
        if getattr(self, "_queryset", None) is None:
            self._queryset = self.build_queryset()
        return self._queryset._chain()

    def build_queryset(self):
        queryset = Provider.objects.live().select_related("primary_specialty").order_by(*NAME_ORDER)
        if self.action == "listing_view":
            # A list loads only the relations its fields show: by default no item shows
            # its other specialties, languages or procedures, and prefetching them (a
            # query each, and a Page object per link) was half of a list's time.
            self._queryset = queryset
            shown = set(self.get_serializer_class().Meta.fields)
        else:
            shown = {"specialties", "languages", "procedures"}
        # The fields `specialties` and `languages` read the relations of those names.
        relations = [name for name in ("specialties", "languages") if name in shown]
        if "procedures" in shown:
            # Built per request: it reads the procedure pages' view restrictions.
            relations.append(directory.provider_links_prefetch())
        return queryset.prefetch_related(*relations)

    def check_query_parameters(self, queryset):
        """Only documented parameters: a typo must not silently return everything."""
        unknown = set(self.request.GET) - self.known_query_parameters
        if unknown:
            raise BadRequestError(
                "query parameter is not an operation or a recognised filter: "
                + ", ".join(sorted(unknown))
            )

    def filter_form(self):
        form = ProviderFilterForm(
            {key: self.request.GET.get(key, "") for key in ProviderFilterForm.base_fields}
        )
        if not form.is_valid():
            raise BadRequestError(form.error_message())
        return form.cleaned_data

    def listing_view(self, request):
        self.check_query_parameters(None)
        filters = self.filter_form()
        procedure = filters["procedure"]
        if procedure is not None:
            links = self.narrowed_links(filters)
            if filters["order"] == "name":
                links = links.order_by("sort_name", "provider_id")
            elif filters["order"] == "-years_in_practice":
                links = links.order_by("-years_in_practice", "sort_name", "provider_id")
            self.known_total = self.summary_total(filters)
            self.count_parts = self.specialty_count_parts(filters, self.narrowed_links)
            if filters["search"] and not filters["specialty"]:
                # A bare surname: counted as two parts, not by reading every match.
                self.count_parts = link_search_count_parts(
                    self.narrowed_links(filters, search=False), filters["search"]
                )
            # The page's provider ids first: the ranking indexes end with the provider,
            # so reaching a deep offset reads index entries only, not 10,000 link and
            # provider rows; then the page's links and providers, by key.
            ids = list(
                self.paginate_queryset(
                    links.select_related(None).values_list("provider_id", flat=True)
                )
            )
            listed = ProviderProcedure.objects.filter(procedure=procedure, provider_id__in=ids)
            listed = {
                link.provider_id: link for link in listed.only("provider_id", *LISTED_LINK_FIELDS)
            }
            providers = self.get_queryset().in_bulk(ids)
            items = []
            for pk in ids:
                if pk in providers and pk in listed:
                    listed[pk].procedure = procedure  # the same page for every link: no query
                    providers[pk].listed_link = listed[pk]
                    items.append(providers[pk])
        else:
            queryset = self.narrowed_providers(filters)
            self.count_parts = self.specialty_count_parts(filters, self.narrowed_providers)
            if filters["order"] == "-years_in_practice":
                # The order of `years_in_practice DESC NULLS LAST`, as the index has it.
                queryset = queryset.order_by(
                    YearsForOrder().desc(), "last_name", "first_name", "npi"
                )
            elif filters["specialty"] and not filters["search"]:
                # The specialty's two halves (primary, among the others) a page at a
                # time in name order, not "primary or others" tested on every provider
                # on the way to the page (a deep page of a common specialty read ~60k).
                queryset = listing.OrderedUnion(
                    [
                        self.narrowed_providers(filters, specialty_part=part)
                        for part in SPECIALTY_PARTS
                    ],
                    self.get_queryset(),
                    order=NAME_ORDER,
                )
            elif filters["search"]:
                # A page of the matches in search order, without sorting them all
                # (`search_in_order`); counted as the plain filter.
                self.count_parts = self.count_parts or [queryset]
                queryset = search_in_order(
                    self.narrowed_providers(filters, search=False), filters["search"]
                )
            items = self.paginate_queryset(queryset)
        serializer = self.get_serializer(items, many=True)
        response = self.get_paginated_response(serializer.data)
        if procedure is not None:
            # The order, explained as the procedure's state pages explain it.
            response.data["meta"]["ranking"] = {
                "order": filters["order"],
                "explanation": directory.ORDER_EXPLANATIONS[filters["order"]],
            }
        return response

    def narrowed_links(self, filters, specialty_part=None, search=True):
        """The procedure's ranked links, narrowed by every other filter (`search` too
        unless told not to).

        With `specialty` (and no `specialty_part`), the union of its two halves, read a
        page at a time (`providers.filters.specialty_links`)."""
        if filters["specialty"] and specialty_part is None:
            return specialty_links(
                lambda part: self.narrowed_links(filters, specialty_part=part),
                directory.ranked_links(filters["procedure"]),
            )
        links = directory.ranked_links(filters["procedure"], filters["state"]).filter(
            provider_filter_q(filters, on_links=True, specialty_part=specialty_part)
        )
        if search and filters["search"]:
            links = search_providers(links, filters["search"], prefix="provider__")
        return links

    def narrowed_providers(self, filters, specialty_part=None, search=True):
        """Live providers, narrowed by every filter (`search` too unless told not to),
        in name order."""
        queryset = self.get_queryset().filter(
            provider_filter_q(filters, specialty_part=specialty_part)
        )
        if filters["state"]:
            queryset = queryset.filter(state=filters["state"])
        if search and filters["search"]:
            queryset = queryset.matching(filters["search"])
        return queryset

    def specialty_count_parts(self, filters, narrowed):
        """With `specialty`, the list as two sets that never overlap, each counted from
        an index (`provider_filter_q`); None otherwise (the list is counted as it is)."""
        if not filters["specialty"]:
            return None
        return [narrowed(filters, specialty_part=part) for part in SPECIALTY_PARTS]

    def summary_total(self, filters):
        """The number of live providers for the procedure (and state) when nothing else
        narrows the list, from the count summary; None when it must be counted."""
        narrowing = ("specialty", "accepting_new_patients", "telehealth", "language", "search")
        if any(filters[name] not in (None, "") for name in narrowing):
            return None
        counts = directory.state_counts(filters["procedure"])
        if filters["state"]:
            return counts.get(filters["state"], 0)
        return sum(counts.values())

    def find_object(self, queryset, request):
        if "npi" in request.GET:
            return queryset.filter(npi=request.GET["npi"]).first()
        return super().find_object(queryset, request)

    def states_view(self, request):
        """Live provider counts per state for a procedure: what the map shows."""
        unknown = set(request.GET) - self.states_query_parameters
        if unknown:
            raise BadRequestError(
                "query parameter is not a recognised filter: " + ", ".join(sorted(unknown))
            )
        form = ProviderFilterForm({"procedure": request.GET.get("procedure", "")})
        if not form.is_valid():
            raise BadRequestError(form.error_message())
        procedure = form.cleaned_data["procedure"]
        if procedure is None:
            raise BadRequestError("procedure: this parameter is required (a page id or slug).")
        counts = directory.state_counts(procedure)
        base = procedure.get_full_url(request=request)
        return Response(
            {
                "procedure": {"id": procedure.pk, "title": procedure.title, "slug": procedure.slug},
                "total": sum(counts.values()),
                "states": [
                    {
                        "state": code,
                        "name": name,
                        "count": counts.get(code, 0),
                        "url": f"{base}doctors/{state_slug(code)}/",
                    }
                    for code, name in sorted(STATE_NAMES.items(), key=lambda item: item[1])
                    if code in directory.DIRECTORY_STATES
                ],
            }
        )

    @classmethod
    def get_urlpatterns(cls):
        return [
            path("states/", cls.as_view({"get": "states_view"}), name="states"),
            *super().get_urlpatterns(),
        ]
