"""Admin for the directory.

Providers are Wagtail snippets (drafts, revisions, history, a chooser for
procedure pages). Reference data — the NUCC specialty taxonomy, and import runs —
sits in one wagtail-modeladmin "Directory" group. Each model has exactly one admin UI.
"""

import django_filters

from django.contrib import admin
from django.core.exceptions import ValidationError
from django.db.models import Exists, OuterRef

from wagtail import hooks
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.ui.tables import BooleanColumn, Column, UpdatedAtColumn
from wagtail.admin.viewsets.chooser import ChooserViewSet
from wagtail.admin.widgets import AdminPageChooser
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet
from wagtail_modeladmin.helpers import PermissionHelper
from wagtail_modeladmin.options import ModelAdmin, ModelAdminGroup, modeladmin_register

from .admin_views import ProviderChooserViewSet, ProviderIndexView
from .directory_query import provider_filter_q
from .geography import STATE_NAMES
from .import_records import ImportRun
from .models import PROCEDURE_MODEL, Provider, Specialty, VerifiedProcedure, procedure_model
from .nppes_status import deactivation_summary

STATE_FILTER_CHOICES = sorted(STATE_NAMES.items(), key=lambda item: item[1])


class SpecialtyChooserViewSet(ChooserViewSet):
    """Lets editors pick a performing specialty on a procedure page, or to
    filter the provider list by, with search."""

    model = Specialty
    icon = "tag"
    choose_one_text = "Choose a specialty"
    choose_another_text = "Choose another specialty"
    edit_item_text = "Edit specialty"


specialty_chooser_viewset = SpecialtyChooserViewSet("specialty_chooser")


class FilterChooserMixin:
    """A chooser in the provider list's filter form. Its value comes from the URL, so a
    value that is not an id shows as nothing chosen (the form reports it as an invalid
    choice) rather than failing the page: Wagtail's chooser looks it up as an id."""

    def get_instance(self, value):
        try:
            return super().get_instance(value)
        except (TypeError, ValueError, ValidationError):
            return None


class SpecialtyFilterChooser(FilterChooserMixin, specialty_chooser_viewset.widget_class):
    pass


class ProcedureFilterChooser(FilterChooserMixin, AdminPageChooser):
    pass


class ProviderFilterSet(WagtailFilterSet):
    """The provider list's filters. Specialty and procedure are picked in a chooser
    (searchable modals) rather than a <select>: one with every NUCC specialty or every
    procedure page would be rendered, options and all, on every view of the list."""

    state = django_filters.ChoiceFilter(choices=STATE_FILTER_CHOICES, label="State")
    specialty = django_filters.ModelChoiceFilter(
        queryset=Specialty.objects.all(),
        widget=SpecialtyFilterChooser(),
        method="filter_directory",
        label="Specialty",
    )
    accepting_new_patients = django_filters.BooleanFilter(
        method="filter_directory", label="Accepting new patients"
    )
    live = django_filters.BooleanFilter(label="Published")
    deactivated = django_filters.BooleanFilter(
        field_name="deactivated_on",
        lookup_expr="isnull",
        exclude=True,
        label="NPI deactivated in NPPES",
    )
    verified_for = django_filters.ModelChoiceFilter(
        queryset=lambda request: procedure_model().objects.all(),
        widget=ProcedureFilterChooser(target_models=[PROCEDURE_MODEL]),
        method="filter_verified_for",
        label="Verified for procedure",
    )

    class Meta:
        model = Provider
        fields = [
            "state",
            "specialty",
            "accepting_new_patients",
            "live",
            "deactivated",
            "verified_for",
        ]

    def filter_directory(self, queryset, name, value):
        # As the directory filters (the list's pages read them through DirectoryQuery).
        return queryset.filter(provider_filter_q({name: value}))

    def filter_verified_for(self, queryset, name, value):
        return queryset.filter(
            Exists(VerifiedProcedure.objects.filter(provider=OuterRef("pk"), procedure=value))
        )


class ProviderViewSet(SnippetViewSet):
    model = Provider
    icon = "user"
    menu_label = "Providers"
    menu_name = "providers"
    menu_order = 250
    add_to_admin_menu = True
    # Sortable only by what an index reads in order at a million providers: the name
    # (the default), the NPI and the state. By specialty, NPPES status or last update
    # a page would sort the whole table; the filters narrow by the first two instead.
    list_display = [
        "display_name",
        "npi",
        # The name from a plain dict: get_state_display() translates the ~60 choices'
        # lazy labels on every row (over a second for a page of 50).
        Column("state_name", label="State", sort_key="state"),
        Column("primary_specialty", label="Primary specialty"),
        BooleanColumn("accepting_new_patients", label="Accepting new patients"),
        Column("nppes", label="NPPES", accessor=deactivation_summary),
        UpdatedAtColumn(sort_key=None),
    ]
    # Wagtail's default: rendering a row costs the list more than finding it, and
    # editors find a provider by searching, not by paging through a million.
    list_per_page = 20
    filterset_class = ProviderFilterSet
    # Searched on the provider table (providers.search), so providers written by the
    # bulk importers are findable at once; the chooser shares the same search.
    index_view_class = ProviderIndexView
    index_results_template_name = "admin/providers/provider_index_results.html"
    chooser_viewset_class = ProviderChooserViewSet
    list_export = [
        "npi",
        "name_prefix",
        "first_name",
        "middle_name",
        "last_name",
        "name_suffix",
        "credential",
        "address_line_1",
        "address_line_2",
        "city",
        "state",
        "zip_code",
        "phone",
        "primary_specialty",
        "accepting_new_patients",
        "telehealth",
        "board_certified",
        "years_in_practice",
        "live",
        "deactivated_on",
    ]
    export_filename = "providers"

    def get_queryset(self, request):
        # The list shows each provider's primary specialty: one join, not a query a row.
        return Provider.objects.select_related("primary_specialty")


register_snippet(ProviderViewSet)


@hooks.register("register_admin_viewset")
def register_specialty_chooser():
    return specialty_chooser_viewset


class SpecialtyAdmin(ModelAdmin):
    model = Specialty
    menu_label = "Specialties"
    menu_icon = "tag"
    list_display = ("code", "classification", "specialization", "display_name")
    list_filter = ("grouping",)
    search_fields = ("code", "classification", "specialization", "display_name")
    list_export = ("code", "grouping", "classification", "specialization", "display_name")
    ordering = ("classification", "specialization")


class ReadOnlyPermissionHelper(PermissionHelper):
    """Import runs are a record of what happened: listed and inspected, never edited."""

    def user_can_create(self, user):
        return False

    def user_can_edit_obj(self, user, obj):
        return False

    def user_can_delete_obj(self, user, obj):
        return False


class ImportRunAdmin(ModelAdmin):
    model = ImportRun
    menu_label = "Import runs"
    menu_icon = "download"
    permission_helper_class = ReadOnlyPermissionHelper
    inspect_view_enabled = True
    list_display = (
        "started_at",
        "kind",
        "status",
        "file_name",
        "data_year",
        "data_source",
        "report_date",
        "rows_read",
        "inserted",
        "updated",
        "unchanged",
        "rejected",
        "deactivated",
    )
    list_filter = ("kind", "status", "data_year")

    @admin.display(description="source")
    def data_source(self, run):
        """Who published the data, as the import was told (`--source`), e.g. Medicare."""
        return (run.options or {}).get("source", "")

    search_fields = ("file_name", "checksum")
    list_export = (
        "started_at",
        "finished_at",
        "kind",
        "status",
        "file_name",
        "data_year",
        "report_date",
        "checksum",
        "rows_read",
        "inserted",
        "updated",
        "unchanged",
        "rejected",
        "deactivated",
        "skipped",
    )


class DirectoryGroup(ModelAdminGroup):
    menu_label = "Directory"
    menu_icon = "group"
    menu_order = 260
    items = (SpecialtyAdmin, ImportRunAdmin)


modeladmin_register(DirectoryGroup)
