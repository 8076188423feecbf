"""`/api/v2/providers/`: the directory as JSON (live providers only).

Filters are the directory's declared filters (`providers.filters`), validated by
their form, so any bad or unknown parameter is a 400 naming it. The list is the
directory's own (`providers.directory_query.DirectoryQuery`), the same as the state
pages': with `procedure`, in the same order; `/api/v2/providers/states/?procedure=`
gives the per-state counts the map shows.
"""

from rest_framework.response import Response

from django.urls import path

from wagtail.api.v2.pagination import WagtailPagination
from wagtail.api.v2.serializers import BaseSerializer
from wagtail.api.v2.utils import BadRequestError
from wagtail.api.v2.views import BaseAPIViewSet

from core.api_params import APIParametersMixin, ListedDetailUrlField, page_bounds
from core.i18n import page_language

from . import extensions, labels
from .directory import DIRECTORY_STATES, provider_links_prefetch
from .directory_query import NAME_ORDER, DirectoryQuery, paged_count
from .filters import FILTER_NAMES, ORDER_EXPLANATIONS, ProviderFilterForm
from .geography import STATE_NAMES
from .models import Provider
from .paths import doctors_path


class ProviderSerializer(BaseSerializer):
    detail_url = ListedDetailUrlField(read_only=True)


class DirectoryPagination(WagtailPagination):
    """Wagtail's limit/offset pagination of a `DirectoryQuery`, with a total that never
    costs a scan.

    Wagtail counts every match for `meta.total_count`, and no client can page past
    `listing_depth()` items anyway, so the total is the query's under
    `paged_count()`: exact below the cap, and past it `total_count` is
    the cap and `meta.total_count_capped` is true ("10,100 or more"). A procedure's
    (or state's) whole list keeps its exact total from the per-state summary.

    Considered and not chosen: a per-state/per-specialty summary of provider counts
    would be exact for a few filters only (not search, language or their
    combinations) and would add a table every publish and import must keep in step;
    `pg_class.reltuples` estimates are neither exact nor filterable.
    """

    def paginate_query(self, query, request, view=None):
        """The page of `query` that `offset` and `limit` ask for: a list of providers."""
        start, stop = page_bounds(request)
        self.view = view
        total = query.total(paged_count(), for_page=True)
        self.total_count, self.total_count_capped = total.count, total.capped
        return query.page(start, stop)

    def get_paginated_response(self, data):
        response = super().get_paginated_response(data)
        response.data["meta"]["total_count_capped"] = self.total_count_capped
        return response


class ProvidersAPIViewSet(APIParametersMixin, BaseAPIViewSet):
    model = Provider
    base_serializer_class = ProviderSerializer
    pagination_class = DirectoryPagination
    name = "providers"
    # `locale`: the labels' language (`core.api_params.requested_language`).
    known_query_parameters = BaseAPIViewSet.known_query_parameters.union(FILTER_NAMES, ["locale"])
    find_query_parameters = frozenset(["id", "npi"])
    states_query_parameters = frozenset(["procedure", "format", "locale"])
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
            relations.append(provider_links_prefetch())
        return queryset.prefetch_related(*relations)

    def check_query_parameters(self, queryset):
        """Only documented parameters: a typo must not silently return everything."""
        unknown = set(self.request.GET) - self.known_query_parameters
        if unknown:
            raise BadRequestError(
                "query parameter is not an operation or a recognised filter: "
                + ", ".join(sorted(unknown))
            )

    def listing_view(self, request):
        self.check_query_parameters(None)
        form = ProviderFilterForm({name: request.GET.get(name, "") for name in FILTER_NAMES})
        if not form.is_valid():
            raise BadRequestError(form.error_message())
        query = DirectoryQuery(
            form.cleaned_data, providers=self.get_queryset(), every_live_provider=True
        )
        items = self.paginator.paginate_query(query, request, view=self)
        hook = extensions.registry.provider_api_costs
        if hook is not None and "medicare_costs" in self.get_serializer_class().Meta.fields:
            hook(items)  # for the whole page at once, not a few queries per provider
        response = self.get_paginated_response(self.get_serializer(items, many=True).data)
        if query.procedure is not None:
            # The order, explained as the procedure's state pages explain it.
            response.data["meta"]["ranking"] = {
                "order": query.order,
                "explanation": str(ORDER_EXPLANATIONS[query.order]),
            }
        return response

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
        counts = DirectoryQuery({"procedure": procedure}).state_counts()
        base = procedure.get_full_url(request=request)
        language = page_language(procedure)  # the page's word, whatever `locale` says
        names = labels.state_names(labels.active_language())
        return Response(
            {
                "procedure": {"id": procedure.pk, "title": procedure.title, "slug": procedure.slug},
                "total": sum(counts.values()),
                "states": [
                    {
                        "state": code,
                        "name": names[code],
                        "count": counts.get(code, 0),
                        "url": f"{base}{doctors_path(language, code)}",
                    }
                    # In the order of the English names whatever the language, so
                    # every language's answer lists the same codes in the same order.
                    for code in STATE_NAMES
                    if code in DIRECTORY_STATES
                ],
            }
        )

    @classmethod
    def get_urlpatterns(cls):
        return [
            path("states/", cls.as_view({"get": "states_view"}), name="states"),
            *super().get_urlpatterns(),
        ]
