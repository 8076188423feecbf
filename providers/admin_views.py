"""Provider search in the admin: the provider list and the chooser editors pick from.

Both search the provider table directly (`providers.search`), so a provider is
findable by name, NPI or city the moment an import commits it, at any size.

The list is the directory's own query (`providers.directory_query.DirectoryQuery`)
over every provider, published or not: its pages are read in order from the same
indexes as the API's (a bare surname a page at a time, a specialty from its two
halves), and its total is counted only up to `COUNT_CAP`, as the API counts, so a
view of the list never counts a million rows.
"""

from django import forms
from django.contrib.humanize.templatetags.humanize import intcomma
from django.db.models import F
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _

from wagtail.admin.forms.choosers import BaseFilterForm
from wagtail.admin.paginator import WagtailPaginator
from wagtail.admin.ui.tables import Column
from wagtail.snippets.views.chooser import ChooseResultsView, ChooseView, SnippetChooserViewSet
from wagtail.snippets.views.snippets import IndexView

from .directory_query import CappedCount, DirectoryPaginator, DirectoryQuery
from .models import Provider
from .search import SEARCH_ORDER, Unindexed, search_providers

SEARCH_HELP = _("Name, NPI or city")
# How far the list counts, and so how deep an editor pages (50 pages of 20): past it
# the list says "more than 1,000" and the editor narrows it with a search or a filter.
# A common surname's count reads up to this many index entries and rows on every view.
COUNT_CAP = 1_000
# The list's filters that are the directory's (`providers.filters`): the list reads
# them through `DirectoryQuery`, so they mean what they mean in the API and list and
# count from the same indexes. The admin's others (published, deactivated, verified
# for a procedure) narrow the providers the query starts from.
DIRECTORY_FILTERS = ("state", "specialty", "accepting_new_patients")


class ProviderPaginator(DirectoryPaginator, WagtailPaginator):
    """Wagtail's paginator of a `DirectoryQuery` counted up to `COUNT_CAP`, whose
    label says when there are more."""

    model = Provider

    @cached_property
    def items_count_label(self):
        if self.capped:
            return _("more than %(count)s %(items)s") % {
                "count": intcomma(self.count),
                "items": self.verbose_name_plural,
            }
        return super().items_count_label


class ProviderIndexView(IndexView):
    """The provider list, searched by name, NPI or city."""

    is_searchable = True

    def get_list_buttons(self, instance):
        """No "More" menu on each row: its Edit is the name's link, and Delete is on the
        provider's own page and among the bulk actions. Rendered for every row, the
        menus were most of the time a page of the list took to render."""
        return []

    def search_queryset(self, queryset):
        # Wagtail's queryset: the spreadsheet export, and the list in a column's order.
        if not self.is_searching:
            return queryset
        found = search_providers(queryset, self.search_query)
        if not self.ordering:  # the default order, by name
            return found.order_by(*SEARCH_ORDER)
        # In a column's order, then by name: the column written so that PostgreSQL
        # sorts the matches instead of walking the column's index from the start,
        # testing every provider against the search (it expects matches everywhere).
        column = Unindexed(F(self.ordering.removeprefix("-")))
        column = column.desc() if self.ordering.startswith("-") else column.asc()
        return found.order_by(column, *SEARCH_ORDER)

    def directory_query(self):
        """The list as a `DirectoryQuery`: the directory's filters and the search by
        name, over the providers the admin's own filters leave."""
        providers = self.order_queryset(self.get_base_queryset())
        cleaned = {}
        if self.filters and self.filters.is_valid():
            cleaned = self.filters.form.cleaned_data
        for name, value in cleaned.items():
            if name not in DIRECTORY_FILTERS:
                providers = self.filters.filters[name].filter(providers, value)
        filters = {name: cleaned.get(name) for name in DIRECTORY_FILTERS}
        return DirectoryQuery({**filters, "search": self.search_query}, providers=providers)

    def get_paginator(self, queryset, per_page, **kwargs):
        # By name (the default) a page is the query's own rows; in a column's order,
        # Wagtail's queryset. Either way the total is the query's, up to the cap.
        rows = queryset if self.ordering else None
        return ProviderPaginator(
            self.directory_query(), per_page, CappedCount(COUNT_CAP), rows=rows
        )


class ProviderChooserFilterForm(BaseFilterForm):
    """The chooser's search box; the chooser lists matches only."""

    q = forms.CharField(
        label=_("Search term"),
        widget=forms.TextInput(attrs={"placeholder": SEARCH_HELP}),
        required=False,
    )

    def filter(self, objects):
        objects = super().filter(objects)
        query = self.cleaned_data.get("q")
        if not query:
            # Nothing until the editor types (see chooser_results.html).
            return objects.none()
        self.is_searching = True
        self.search_query = query
        return search_providers(objects, query)


class ProviderChooseMixin:
    filter_form_class = ProviderChooserFilterForm
    results_template_name = "admin/providers/chooser_results.html"

    def apply_object_list_ordering(self, objects):
        return objects.order_by(*SEARCH_ORDER)  # the chooser only ever lists matches

    @property
    def columns(self):
        title, *rest = super().columns
        title.label = _("Name")
        # Namesakes are common: show what tells two Dr. Smiths apart.
        return [
            title,
            Column("npi", label="NPI"),
            Column("practice", label=_("Practice"), accessor=lambda p: f"{p.city}, {p.state}"),
            *rest,
        ]


class ProviderChooseView(ProviderChooseMixin, ChooseView):
    pass


class ProviderChooseResultsView(ProviderChooseMixin, ChooseResultsView):
    pass


class ProviderChooserViewSet(SnippetChooserViewSet):
    choose_view_class = ProviderChooseView
    choose_results_view_class = ProviderChooseResultsView
