"""Admin for clinical governance: people, the reviews-due report, its dashboard
panel, flags on overdue pages and out-of-date translations in the page listing, and
what keeps wagtail-localize translations inside Clinical review (editorial.translation)."""

from urllib.parse import urlencode

from django.urls import path, reverse
from django.utils import formats, timezone
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
from .translation import can_submit_for_review, translation_status, with_translation_status
from .translation_views import (
    ReviewedUpdateTranslationsView,
    may_convert_to_alias,
    reviewed_convert_to_alias,
    submit_translation_for_review,
)

# wagtail-localize's page action that turns a translation back into an alias.
CONVERT_TO_ALIAS = "localize-convert-to-alias"


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
    """Give every listed page its review date and whether it is an out-of-date
    translation (one join and one subquery, no query per row) for the flags."""
    return with_translation_status(with_review_dates(pages))


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


@hooks.register("register_page_listing_buttons")
def translation_out_of_date_flag(page, user, next_url=None):
    """A "Translation out of date" button on translations whose source was published
    after their last sync (editorial.translation), opening the editor that says so."""
    if getattr(page, "translation_out_of_date", False):
        yield ListingButton(
            _("Translation out of date"),
            reverse("wagtailadmin_pages:edit", args=[page.pk]),
            icon_name="warning",
            classname="w-text-critical-200",
            attrs={"data-translation-out-of-date": "true"},
            priority=6,
        )


@hooks.register("register_admin_urls", order=-1)
def register_translation_review_urls():
    """Before wagtail-localize's own URLs (hooks run in order), so its sync view at the
    same path is served by the one that keeps *Publish immediately* for publishers, and
    its *Convert to alias page* by the one that asks for the right to publish."""
    return [
        path(
            "localize/update/<int:translation_source_id>/",
            ReviewedUpdateTranslationsView.as_view(),
            name="editorial_update_translations",
        ),
        path(
            "translations/<int:translation_id>/submit/",
            submit_translation_for_review,
            name="editorial_submit_translation",
        ),
        path(
            "localize/page/<int:page_id>/convert_to_alias/",
            reviewed_convert_to_alias,
            name="editorial_convert_to_alias",
        ),
    ]


@hooks.register("construct_page_action_menu")
def offer_convert_to_alias_to_publishers(menu_items, request, context):
    """*Convert to alias page* only for those who may publish the page
    (`may_convert_to_alias`): for a writer it would bypass Clinical review."""
    page = context.get("page")
    if page is not None and not may_convert_to_alias(page, request.user):
        menu_items[:] = [item for item in menu_items if item.name != CONVERT_TO_ALIAS]


def when(moment):
    """A date and time as the admin shows them, in the site's time zone."""
    return formats.date_format(timezone.localtime(moment), "DATETIME_FORMAT")


@hooks.register("before_edit_page", order=-1)
def explain_a_translation(request, page):
    """On a translation made with wagtail-localize (whose translation editor replaces the
    page editor, from a hook that runs after this one): say when it is out of date, with
    the sync that clears it, and offer to submit it to Clinical review, which that
    editor cannot do."""
    if request.method != "GET":
        return
    status = translation_status(page)
    if status is None:
        return
    if status.out_of_date:
        buttons = []
        if request.user.has_perm("wagtail_localize.submit_translation"):
            buttons.append(
                messages.button(
                    reverse(
                        "wagtail_localize:update_translations", args=[status.translation.source_id]
                    )
                    + "?"
                    + urlencode({"next": reverse("wagtailadmin_pages:edit", args=[page.pk])}),
                    _("Sync translated pages"),
                )
            )
        messages.warning(
            request,
            _(
                "This translation is out of date: the %(language)s page was published on "
                "%(published)s, after this translation was last synced on %(synced)s. Sync it "
                "to bring the changes in for translating."
            )
            % {
                "language": status.source_page.locale.get_display_name(),
                "published": when(status.source_published_at),
                "synced": when(status.synced_at),
            },
            buttons=buttons,
            extra_tags="translation-out-of-date",
        )
    if can_submit_for_review(page.specific, request.user):
        messages.info(
            request,
            _("When the translation is ready, submit it to %(workflow)s.")
            % {"workflow": page.get_workflow().name},
            buttons=[
                messages.button(
                    reverse("editorial_submit_translation", args=[status.translation.pk]),
                    _("Submit for review"),
                )
            ],
        )
