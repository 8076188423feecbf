"""Admin for clinical governance: people, the reviews-due report, its dashboard
panel, and a flag on overdue pages in the page listing."""

from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from wagtail import hooks
from wagtail.admin import messages
from wagtail.admin.menu import MenuItem
from wagtail.admin.widgets import ListingButton
from wagtail.models import Page
from wagtail.permissions import policy_registry
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from .dates import today
from .models import NEEDS_NAME, ClinicalReviewTask, Person
from .panels import ReviewerNeedsNamePanel, ReviewsDuePanel
from .queries import with_review_dates
from .reports import ReviewsDueReportView


class PersonViewSet(SnippetViewSet):
    """Writers and clinical reviewers named on pages (*People* in the menu)."""

    model = Person
    icon = "user"
    menu_label = gettext_lazy("People")
    menu_name = "people"
    menu_order = 260
    add_to_admin_menu = True
    list_display = ["name", "credentials", "role", "npi", "user"]
    search_fields = ["name"]
    list_export = ["name", "credentials", "role", "npi", "profile_url"]
    export_filename = "people"


register_snippet(PersonViewSet)


@hooks.register("register_admin_urls")
def register_reviews_due_urls():
    return [
        path("reports/reviews-due/", ReviewsDueReportView.as_view(), name="editorial_reviews_due"),
        path(
            "reports/reviews-due/results/",
            ReviewsDueReportView.as_view(results_only=True),
            name="editorial_reviews_due_results",
        ),
    ]


class ReviewsDueMenuItem(MenuItem):
    def is_shown(self, request):
        return policy_registry.get_by_type(Page).user_has_any_permission(
            request.user, ["add", "change", "publish"]
        )


@hooks.register("register_reports_menu_item")
def register_reviews_due_menu_item():
    return ReviewsDueMenuItem(
        gettext_lazy("Reviews due"),
        reverse("editorial_reviews_due"),
        name="reviews-due",
        icon_name="time",
    )


@hooks.register("construct_homepage_panels")
def add_reviews_due_panel(request, panels):
    panels.append(ReviewsDuePanel())
    panels.append(ReviewerNeedsNamePanel())


@hooks.register("before_edit_page")
def explain_a_refused_approval(request, page):
    """A reviewer whose account has no name finds no *Approve* button on a page in
    review (`ClinicalReviewTask.get_actions`): say why, and where to set the name."""
    task = page.current_workflow_task
    if (
        request.method == "GET"
        and isinstance(task, ClinicalReviewTask)
        and task.refuses_approval_by(request.user)
    ):
        messages.warning(
            request,
            NEEDS_NAME,
            buttons=[messages.button(reverse("wagtailadmin_account"), _("Account settings"))],
        )


@hooks.register("construct_explorer_page_queryset")
def annotate_review_dates(parent_page, pages, request):
    """Give every listed page its review date (one join, no query per row) for the flag."""
    return with_review_dates(pages)


@hooks.register("register_page_listing_buttons")
def review_overdue_flag(page, user, next_url=None):
    """A "Review overdue" button on overdue pages, opening the editor."""
    due = getattr(page, "review_due", None)
    if due is not None and due < today() and page.live:
        yield ListingButton(
            _("Review overdue"),
            reverse("wagtailadmin_pages:edit", args=[page.pk]),
            icon_name="warning",
            classname="w-text-critical-200",
            attrs={
                "title": format_html(_("Clinical review was due on {}"), due.isoformat()),
                "data-review-overdue": "true",
            },
            priority=5,
        )
