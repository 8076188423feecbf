"""Provider search in the admin: the provider list and the chooser editors pick from.

Both search the provider table directly (`providers.search`), so a provider is
findable by name, NPI or city the moment an import commits it, at any size.
"""

from django import forms
from django.utils.translation import gettext_lazy as _

from wagtail.admin.forms.choosers import BaseFilterForm
from wagtail.admin.ui.tables import Column
from wagtail.snippets.views.chooser import ChooseResultsView, ChooseView, SnippetChooserViewSet
from wagtail.snippets.views.snippets import IndexView

from .search import SEARCH_ORDER, search_providers

SEARCH_HELP = _("Name, NPI or city")


class ProviderIndexView(IndexView):
    """The provider list, searched by name, NPI or city."""

    is_searchable = True

    def search_queryset(self, queryset):
        if not self.is_searching:
            return queryset
        found = search_providers(queryset, self.search_query)
        if not self.request.GET.get("ordering"):  # the default order, by name
            found = found.order_by(*SEARCH_ORDER)
        return found


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
