"""Review dates: when a reviewed page is next due, and which pages are due soon.

Pure date arithmetic, no database: the period and the "due soon" window are
settings (`EDITORIAL_REVIEW_PERIOD_MONTHS`, `EDITORIAL_DUE_SOON_DAYS`) so a site
can follow its own clinical governance policy (the NHS standard asks for a planned
review cycle; 12 months is common).
"""

import calendar
import datetime

from django.conf import settings
from django.utils import timezone


def add_months(day, months):
    """`day` plus whole months, clamped to the month's last day (Jan 31 + 1 = Feb 28/29)."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return day.replace(
        year=year, month=month, day=min(day.day, calendar.monthrange(year, month)[1])
    )


def review_period_months():
    return int(getattr(settings, "EDITORIAL_REVIEW_PERIOD_MONTHS", 12))


def due_soon_days():
    return int(getattr(settings, "EDITORIAL_DUE_SOON_DAYS", 30))


def default_next_review(last_reviewed):
    """When a page reviewed on `last_reviewed` is due again, by the site's review period."""
    if last_reviewed is None:
        return None
    return add_months(last_reviewed, review_period_months())


def today():
    return timezone.localdate()


def due_soon_limit(on=None):
    """The last day that still counts as "due soon" (inclusive)."""
    return (on or today()) + datetime.timedelta(days=due_soon_days())
