"""Build an initial load's secondary indexes once, at its end, instead of row by row.

Loading NPPES into a new (or nearly empty) directory inserts every provider and its
links; keeping the tables' secondary indexes current one row at a time is a large
share of that work (the search and name-order indexes alone cost a fresh import
12%, the ranking index on the links more), while PostgreSQL builds each of them over
a million rows in seconds. So an *initial load*, one whose file holds more than ten
times as many rows as the directory has providers, drops the indexes that nothing in
the import reads, and builds them again when it ends, however it ends.

Only plain secondary indexes go: primary keys and unique constraints stay, because
the import's own lookups and upserts use them, and so do the partial indexes whose
condition the load's rows do not meet (`KEPT_PARTIAL`). The dropped definitions are stored
(`DeferredIndex`) before anything is dropped, in the same transaction, so an import
killed half way leaves them for the next import, which builds them at its own end
(a resumed initial load goes on without them until then), or for
`manage.py rebuild_directory_indexes`. While they are missing, searches and lists
still answer, only slower: an initial load is for a directory visitors do not use yet.

A monthly update (the directory already holds most of the file's providers) keeps
its indexes: it changes few rows, and a site in use needs them throughout.

PostgreSQL only; SQLite (demos) imports as before.
"""

import time
from concurrent.futures import ThreadPoolExecutor

from psycopg import errors

from django.db import OperationalError, connection, transaction

from ..models import Provider, ProviderProcedure
from .run import DeferredIndex

LINK_TABLE = ProviderProcedure._meta.db_table
TABLES = (Provider._meta.db_table, LINK_TABLE)
# A file with this many times more rows than the directory has providers is an
# initial load.
INITIAL_LOAD_FACTOR = 10
# How much of the file to read to estimate its number of rows.
SAMPLE_BYTES = 1 << 20
# How long to wait for the tables before giving up deferring their indexes.
LOCK_TIMEOUT = "2s"
# Partial indexes an initial load keeps: their conditions hold for what editors enter
# (accepting new patients, telehealth), for revisions, and for deactivated providers
# (a load deactivates only providers it wrote earlier in the same file), so the load's
# rows add (almost) no entries to them: keeping them costs the test of a condition per
# row, while building one again reads the whole table for a handful of entries.
KEPT_PARTIAL = (
    "provider_accepting_order",
    "provider_telehealth_order",
    "provider_deactivated_name",
    "provider_latest_revision",
    "provider_live_revision",
)
# Memory for each index build (a setting for its transaction only), and how many build
# at once after an import.
BUILD_MEMORY = "256MB"
PARALLEL_BUILDS = 2


def estimated_rows(path, size):
    """The file's number of lines, estimated from its first megabyte."""
    with open(path, "rb") as handle:
        sample = handle.read(SAMPLE_BYTES)
    lines = sample.count(b"\n")
    if not lines or len(sample) >= size:
        return max(lines, 1)
    return int(size / (len(sample) / lines))


def is_initial_load(path, size):
    if connection.vendor != "postgresql":
        return False
    return Provider.objects.count() * INITIAL_LOAD_FACTOR < estimated_rows(path, size)


def pending():
    """Definitions dropped and not yet built again (by an import that did not finish)."""
    if connection.vendor != "postgresql":
        return []
    return list(DeferredIndex.objects.all())


def secondary_indexes(cursor):
    """(table, name, definition) of every index on the directory's tables that is
    neither a primary key nor unique nor behind a constraint, nor in `KEPT_PARTIAL`."""
    cursor.execute(
        "SELECT t.relname, i.relname, pg_get_indexdef(i.oid) "
        "FROM pg_index x JOIN pg_class i ON i.oid = x.indexrelid "
        "JOIN pg_class t ON t.oid = x.indrelid "
        "WHERE t.relname = ANY(%s) AND NOT x.indisprimary AND NOT x.indisunique "
        "AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = x.indexrelid) "
        "AND i.relname <> ALL(%s) "
        "ORDER BY t.relname, i.relname",
        [list(TABLES), list(KEPT_PARTIAL)],
    )
    return cursor.fetchall()


def drop():
    """Store, then drop, the secondary indexes; returns their names.

    Dropping an index needs the table to itself for a moment: if something holds it
    (a long query, an editor's transaction), the load keeps its indexes and goes on
    as an update would rather than wait.
    """
    try:
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(f"SET LOCAL lock_timeout = '{LOCK_TIMEOUT}'")
            indexes = secondary_indexes(cursor)
            for table, name, definition in indexes:
                DeferredIndex.objects.create(table=table, name=name, definition=definition)
                cursor.execute(f'DROP INDEX "{name}"')
    except OperationalError as error:
        if not isinstance(error.__cause__, errors.LockNotAvailable):
            raise
        return None
    return [name for _, name, _ in indexes]


def if_not_exists(definition):
    """`CREATE INDEX name …` as `CREATE INDEX IF NOT EXISTS name …`: a build that
    completed before its record was deleted is not built twice."""
    return definition.replace("CREATE INDEX ", "CREATE INDEX IF NOT EXISTS ", 1)


def build(index):
    """Build one stored definition and forget it, in one transaction; returns
    (name, seconds)."""
    started = time.monotonic()
    with transaction.atomic(), connection.cursor() as cursor:
        # Inside a caller's transaction, deferred foreign-key checks of rows it wrote
        # would keep PostgreSQL from building an index: run them now.
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        cursor.execute(f"SET LOCAL maintenance_work_mem = '{BUILD_MEMORY}'")
        cursor.execute(if_not_exists(index.definition))
        index.delete()
    return index.name, time.monotonic() - started


def build_in_own_connection(index):
    try:
        return build(index)
    finally:
        connection.close()  # this thread's connection


def rebuild():
    """Build every stored definition; returns {name: seconds its build took}, in the
    order they were started.

    Two at a time on their own connections when nothing else is open on this one
    (the end of an import): a full-text index builds on one core, so it overlaps with
    a B-tree index on the other. Inside a transaction (the tests) one after another,
    on this connection, which holds the tables.
    """
    if connection.vendor != "postgresql":
        return []
    # Largest first, so the two connections end close together.
    indexes = sorted(DeferredIndex.objects.all(), key=lambda index: index.table != LINK_TABLE)
    if connection.in_atomic_block or len(indexes) < 2:
        return dict(build(index) for index in indexes)
    with ThreadPoolExecutor(max_workers=PARALLEL_BUILDS) as pool:
        return dict(pool.map(build_in_own_connection, indexes))
