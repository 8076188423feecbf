"""The dashboard panel that keeps review dates in sight."""

from wagtail.admin.ui.components import Component

from .queries import OVERDUE, reviews_due

SHOWN = 8


class ReviewsDuePanel(Component):
    """The pages whose clinical review is overdue or due soon, soonest first."""

    name = "reviews_due"
    template_name = "admin/panels/reviews_due.html"
    order = 150

    def get_context_data(self, parent_context):
        context = super().get_context_data(parent_context)
        pages = list(reviews_due()[: SHOWN + 1])
        context.update(
            {
                "pages": pages[:SHOWN],
                "more": len(pages) > SHOWN,
                "overdue": OVERDUE,
            }
        )
        return context
