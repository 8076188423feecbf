"""The "Reviews due" report: pages whose clinical review is overdue or due soon.

Built on Wagtail's own `ReportView` (sortable columns, CSV and XLSX export through
its spreadsheet export) rather than `wagtail-periodic-review`, which does not
declare Wagtail 8 support and models review dates its own way.
"""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from wagtail.admin.ui.tables import Column, StatusTagColumn, TitleColumn
from wagtail.admin.views.reports import ReportView
from wagtail.models import Page
from wagtail.permissions import policy_registry

from .queries import OUT_OF_DATE, OVERDUE, reviews_due


class OptionalStatusTagColumn(StatusTagColumn):
    """A status tag, or an empty cell for a row without that status."""

    cell_template_name = "admin/tables/optional_status_tag_cell.html"


class CalendarDateColumn(Column):
    """A calendar date as a date ("Dec. 7, 2027" in English, "7 de diciembre de 2027" in
    Spanish). Wagtail's `DateColumn` shows how long ago a moment was: a review due next
    year read "just now", and one done this morning "14 hours ago"."""

    cell_template_name = "admin/tables/calendar_date_cell.html"


class ReviewsDueReportView(ReportView):
    page_title = _("Reviews due")
    header_icon = "time"
    index_url_name = "editorial_reviews_due"
    index_results_url_name = "editorial_reviews_due_results"
    model = Page
    default_ordering = "review_due"
    # Pages a writer or editor works on; reviewers see their queue on the dashboard.
    any_permission_required = ["add", "change", "publish"]
    columns = [
        TitleColumn(
            "title",
            label=_("Page"),
            sort_key="title",
            get_url=lambda page: reverse("wagtailadmin_pages:edit", args=[page.pk]),
        ),
        OptionalStatusTagColumn(
            "review_state",
            label=_("Review"),
            sort_key="review_state",
            primary=lambda page: page.review_state == OVERDUE,
        ),
        # A translation whose source was published after its last sync: listed whenever
        # its review is due, until it is synced (editorial.translation).
        OptionalStatusTagColumn(
            "translation_state",
            label=_("Translation"),
            sort_key="translation_state",
            primary=lambda page: page.translation_state == OUT_OF_DATE,
        ),
        CalendarDateColumn("review_due", label=_("Next review due"), sort_key="review_due"),
        CalendarDateColumn("reviewed_on", label=_("Last reviewed"), sort_key="reviewed_on"),
        Column("reviewer_name", label=_("Reviewed by"), sort_key="reviewer_name"),
    ]
    list_export = [
        "title",
        "review_state",
        "translation_state",
        "review_due",
        "reviewed_on",
        "reviewer_name",
        "full_url",
    ]
    export_headings = {
        "title": _("Page"),
        "review_state": _("Review"),
        "translation_state": _("Translation"),
        "review_due": _("Next review due"),
        "reviewed_on": _("Last reviewed"),
        "reviewer_name": _("Reviewed by"),
        "full_url": _("URL"),
    }
    export_filename = "reviews-due"

    @property
    def permission_policy(self):
        return policy_registry.get_by_type(Page)

    def get_base_queryset(self):
        return reviews_due(out_of_date_translations=True)
