"""The dashboard panels that keep review dates in sight, and tell a reviewer who
cannot approve yet why."""

from wagtail.admin.ui.components import Component

from .models import NEEDS_NAME, ClinicalReviewTask, can_be_named
from .queries import OUT_OF_DATE, OVERDUE, reviews_due

SHOWN = 8


class ReviewsDuePanel(Component):
    """The pages whose clinical review is overdue or due soon, and the translations
    whose source was published since their last sync, soonest review first (as the
    Reviews due report lists them)."""

    name = "reviews_due"
    template_name = "admin/panels/reviews_due.html"
    order = 150

    def get_context_data(self, parent_context):
        context = super().get_context_data(parent_context)
        pages = list(reviews_due(out_of_date_translations=True)[: SHOWN + 1])
        context.update(
            {
                "pages": pages[:SHOWN],
                "more": len(pages) > SHOWN,
                "overdue": OVERDUE,
                "out_of_date": OUT_OF_DATE,
            }
        )
        return context


class ReviewerNeedsNamePanel(Component):
    """For a member of a Clinical review group whose account cannot be named on pages:
    their approval is refused until it can (`ClinicalReviewTask.get_actions`)."""

    name = "reviewer_needs_name"
    template_name = "admin/panels/reviewer_needs_name.html"
    order = 50

    def get_context_data(self, parent_context):
        context = super().get_context_data(parent_context)
        user = parent_context["request"].user
        reviews = ClinicalReviewTask.objects.filter(active=True, groups__in=user.groups.all())
        context["message"] = NEEDS_NAME if reviews.exists() and not can_be_named(user) else None
        return context
