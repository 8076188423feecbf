"""The site's content version: read once per cacheable request, bumped by every change.

`content_changed()` runs inside the transaction that changes what visitors see, so
the new version becomes visible exactly when the change does. A response reads the
version *before* it reads any content, so its validator can be older than its body
(harmless: the next revalidation just misses) but never newer (which would let a
stale copy revalidate).
"""

import math
from dataclasses import dataclass
from datetime import UTC, datetime

from django.db import connection
from django.utils import timezone
from django.utils.dateparse import parse_datetime

from .models import ContentVersion

TABLE = ContentVersion._meta.db_table
ROW = ContentVersion.SINGLETON_ID


@dataclass(frozen=True)
class State:
    version: int
    changed_at: datetime | None
    previous_changed_at: datetime | None

    @property
    def token(self):
        """What changes with every bump (the counter alone could repeat after a reset)."""
        stamp = self.changed_at.timestamp() if self.changed_at else 0
        return f"{self.version}.{stamp:.6f}"

    @property
    def last_modified(self):
        """Whole seconds since the epoch, as Last-Modified can say; None if unknown."""
        if self.changed_at is None:
            return None
        return math.floor(self.changed_at.timestamp())

    def unmodified_since(self, since):
        """Whether a copy validated by Last-Modified ``since`` (epoch seconds) is current.

        Last-Modified has whole seconds. A change in the same second as the one a
        client saw would leave the date unchanged, so when the last two changes share
        a second the answer is no (the client gets a full response) rather than a
        possibly stale 304.
        """
        last = self.last_modified
        if last is None or since is None:
            return False
        if last < since:
            return True
        previous = self.previous_changed_at
        return last == since and (previous is None or math.floor(previous.timestamp()) < last)


MISSING = State(0, None, None)


def _aware(value):
    if isinstance(value, str):  # SQLite through a raw cursor
        value = parse_datetime(value)
    if value is not None and timezone.is_naive(value):
        value = value.replace(tzinfo=UTC)
    return value


def current():
    """The version now: one primary-key query, no ORM (this is a revalidation's cost)."""
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT version, changed_at, previous_changed_at FROM {TABLE} WHERE id = %s", [ROW]
        )
        row = cursor.fetchone()
    if row is None:
        return MISSING
    return State(row[0], _aware(row[1]), _aware(row[2]))


def content_changed():
    """Something visitors can see changed: every validator issued so far is stale.

    Call it inside the transaction that makes the change. ``changed_at`` never goes
    back, whatever the clocks of the servers that bump it.
    """
    now = timezone.now()
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {TABLE} SET version = version + 1, previous_changed_at = changed_at, "
            "changed_at = CASE WHEN changed_at > %s THEN changed_at ELSE %s END WHERE id = %s",
            [now, now, ROW],
        )
        updated = cursor.rowcount
    if not updated:  # the row was removed (a flushed test database): start again
        ContentVersion.objects.get_or_create(id=ROW, defaults={"changed_at": now})
