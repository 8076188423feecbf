"""Pages by review date, across every reviewed page type, in one query.

Review fields live on each page model's own table (`ReviewedPageMixin`). The report,
the dashboard panel and the page-listing flag read them from Wagtail's `Page` table
through the one-to-one links Django gives each page model (`procedurepage__…`), so
one sortable queryset covers every type without `editorial` importing a page model.
"""

from django.db.models import Case, F, Q, Value, When
from django.db.models.functions import Coalesce
from django.utils.translation import gettext_noop

from wagtail.models import Page

from .dates import due_soon_limit, today
from .models import reviewed_page_models
from .translation import with_translation_status

# Marked for the catalog: the admin shows them translated ({% translate %}).
OVERDUE, DUE_SOON = gettext_noop("Overdue"), gettext_noop("Due soon")
# A translation whose source page was published after its last sync (editorial.translation).
OUT_OF_DATE = gettext_noop("Out of date")


def _across_types(field):
    """`field` of whichever reviewed page model a Page row is."""
    paths = [F(f"{model._meta.model_name}__{field}") for model in reviewed_page_models()]
    return Coalesce(*paths) if len(paths) > 1 else paths[0]


def with_review_dates(pages):
    """`pages` annotated with `review_due`, `reviewed_on` and `reviewer_name`."""
    return pages.annotate(
        review_due=_across_types("next_review_due"),
        reviewed_on=_across_types("last_reviewed"),
        reviewer_name=_across_types("reviewer__name"),
    )


def reviews_due(on=None, out_of_date_translations=False):
    """Live pages whose review is overdue or due within `EDITORIAL_DUE_SOON_DAYS`,
    soonest first, each with `review_state` ("Overdue" or "Due soon").

    With `out_of_date_translations`, also the live translations that are out of date,
    whenever their review is due, each with `translation_state` ("Out of date" or "");
    their `review_state` is "" when their review is not due."""
    on = on or today()
    limit = due_soon_limit(on)
    pages = with_review_dates(Page.objects.live())
    wanted = Q(review_due__lte=limit)
    if out_of_date_translations:
        pages = with_translation_status(pages).annotate(
            translation_state=Case(
                When(translation_out_of_date=True, then=Value(OUT_OF_DATE)), default=Value("")
            )
        )
        wanted |= Q(translation_out_of_date=True)
    return (
        pages.filter(wanted)
        .annotate(
            review_state=Case(
                When(review_due__lt=on, then=Value(OVERDUE)),
                When(review_due__lte=limit, then=Value(DUE_SOON)),
                default=Value(""),
            )
        )
        .order_by(F("review_due").asc(nulls_last=True), "title", "pk")
    )
