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

The foreign keys of the rows a load writes (each provider's primary specialty, the
other-specialty rows) go the same way: checked one row at a time they were a large
share of each batch's commit, while adding the constraint back checks every row in
one join. They are restored before the indexes are built, and a row left pointing
at nothing (a specialty deleted during the load) is treated as deleting it would
have treated it (`restore_foreign_key`).

A monthly update (the directory already holds most of the file's providers) keeps
its indexes: it changes few rows, and a site in use needs them throughout.

PostgreSQL only; SQLite (demos) imports as before.
"""

import re
import time
from concurrent.futures import ThreadPoolExecutor

from psycopg import errors

from django.db import IntegrityError, OperationalError, connection, transaction

from ..import_records import DeferredIndex
from ..models import Provider, ProviderProcedure

LINK_TABLE = ProviderProcedure._meta.db_table
TABLES = (Provider._meta.db_table, LINK_TABLE)
# The tables whose foreign keys an initial load checks once, at its end.
KEY_TABLES = (Provider._meta.db_table, Provider.specialties.through._meta.db_table)
FOREIGN_KEY = re.compile(r'FOREIGN KEY \((\w+)\) REFERENCES ("?[\w.]+"?)\((\w+)\)')
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


def foreign_keys(cursor):
    """(table, name, statement adding it) of the foreign keys on `KEY_TABLES`."""
    cursor.execute(
        "SELECT t.relname, c.conname, pg_get_constraintdef(c.oid) FROM pg_constraint c "
        "JOIN pg_class t ON t.oid = c.conrelid "
        "WHERE c.contype = 'f' AND t.relname = ANY(%s) ORDER BY t.relname, c.conname",
        [list(KEY_TABLES)],
    )
    return [
        (table, name, f'ALTER TABLE "{table}" ADD CONSTRAINT "{name}" {definition}')
        for table, name, definition in cursor.fetchall()
    ]


def is_foreign_key(definition):
    return definition.startswith("ALTER TABLE ")


def drop():
    """Store, then drop, the secondary indexes and foreign keys; returns their names.

    Dropping an index needs the table to itself for a moment: if something holds it
    (a long query, an editor's transaction), the load keeps its indexes and goes on
    as an update would rather than wait.
    """
    try:
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(f"SET LOCAL lock_timeout = '{LOCK_TIMEOUT}'")
            indexes = secondary_indexes(cursor)
            keys = foreign_keys(cursor)
            for table, name, definition in indexes + keys:
                DeferredIndex.objects.create(table=table, name=name, definition=definition)
            for _, name, _ in indexes:
                cursor.execute(f'DROP INDEX "{name}"')
            for table, name, _ in keys:
                cursor.execute(f'ALTER TABLE "{table}" DROP CONSTRAINT "{name}"')
    except OperationalError as error:
        if not isinstance(error.__cause__, errors.LockNotAvailable):
            raise
        return None
    return [name for _, name, _ in indexes + keys]


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
        if is_foreign_key(index.definition):
            restore_foreign_key(cursor, index)
        else:
            cursor.execute(if_not_exists(index.definition))
        index.delete()
    return index.name, time.monotonic() - started


def restore_foreign_key(cursor, key):
    """Add a dropped foreign key back, checking every row in one join.

    Rows written while it was off that point at a row deleted meanwhile (a specialty
    an editor deleted during the load) are treated as Django's `on_delete` treats
    these tables' rows: a nullable column (the primary specialty, SET_NULL) is
    cleared, a row that cannot exist without its target (an other-specialty row,
    CASCADE) is deleted. Then the key is added again.
    """
    cursor.execute(
        "SELECT 1 FROM pg_constraint WHERE conname = %s AND conrelid = %s::regclass",
        [key.name, key.table],
    )
    if cursor.fetchone():  # added back before its record was deleted
        return
    try:
        with transaction.atomic():
            cursor.execute(key.definition)
        return
    except IntegrityError:
        pass
    column, target, target_column = FOREIGN_KEY.search(key.definition).groups()
    orphan = (
        f'"{column}" IS NOT NULL AND NOT EXISTS '
        f'(SELECT 1 FROM {target} r WHERE r."{target_column}" = "{key.table}"."{column}")'
    )
    cursor.execute(
        "SELECT NOT attnotnull FROM pg_attribute WHERE attrelid = %s::regclass AND attname = %s",
        [key.table, column],
    )
    if cursor.fetchone()[0]:
        cursor.execute(f'UPDATE "{key.table}" SET "{column}" = NULL WHERE {orphan}')
    else:
        cursor.execute(f'DELETE FROM "{key.table}" WHERE {orphan}')
    cursor.execute(key.definition)


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
    stored = list(DeferredIndex.objects.all())
    # Keys first, on this connection: adding one locks its table against index builds.
    built = dict(build(key) for key in stored if is_foreign_key(key.definition))
    # Largest first, so the two connections end close together.
    indexes = sorted(
        (index for index in stored if not is_foreign_key(index.definition)),
        key=lambda index: index.table != LINK_TABLE,
    )
    if connection.in_atomic_block or len(indexes) < 2:
        built.update(build(index) for index in indexes)
        return built
    with ThreadPoolExecutor(max_workers=PARALLEL_BUILDS) as pool:
        built.update(pool.map(build_in_own_connection, indexes))
    return built
