"""The browser tests' own database: a copy of the freshly migrated test database.

The copy is made as soon as pytest-django has created the test database, before any
test runs: transactional tests empty the test database when they finish (the root page,
content types and permissions included), and the browser tests run after them. The
server of `tests/browser/conftest.py` then serves the copy, filled by `demo_site`, so the
demo content never reaches the database the rest of the suite uses. PostgreSQL copies a
database with `CREATE DATABASE … TEMPLATE` (Django's own test-database cloning).
"""

from contextlib import contextmanager

from django.db import connection
from django.db.backends.base.creation import TEST_DATABASE_PREFIX
from django.test.utils import setup_databases, teardown_databases

from .chromium import chromium_path

SUFFIX = "browser"
# Set while the copy exists: its Django database settings.
copy = {}


def wanted(items):
    """Whether the run has browser tests that will run: a Chromium to drive, and a
    database that can be copied."""
    return (
        connection.vendor == "postgresql"
        and chromium_path() is not None
        and any(item.get_closest_marker("browser") for item in items)
    )


@contextmanager
def browser_database(keepdb=False):
    """Copy the migrated test database (creating it when the run has no database test
    and so pytest-django made none) for the time of the block."""
    created = None
    if not connection.settings_dict["NAME"].startswith(TEST_DATABASE_PREFIX):
        created = setup_databases(
            verbosity=0, interactive=False, aliases={"default"}, keepdb=keepdb
        )
    connection.creation.clone_test_db(suffix=SUFFIX, verbosity=0)
    copy.update(connection.creation.get_test_db_clone_settings(SUFFIX))
    try:
        yield copy
    finally:
        copy.clear()
        connection.creation.destroy_test_db(suffix=SUFFIX, verbosity=0)
        if created is not None and not keepdb:
            teardown_databases(created, verbosity=0)
