"""Set-based writes of one batch of NPPES providers.

A batch goes into temporary staging tables (COPY on PostgreSQL, a multi-row
INSERT on SQLite), then a handful of statements apply it, whatever its size:
one upsert by NPI, the other-specialty rows, the deactivations, and the links
of the providers that changed. Only NPPES columns are ever written for an
existing provider; editor-entered fields and publication state stay as they are,
except that a deactivated NPI is unpublished, and one the import itself
unpublished (`unpublished_by_import`) is published again when NPPES reactivates
it. A provider an editor unpublished stays unpublished.
"""

from django.db import IntegrityError, connection, transaction
from django.utils import timezone

from ..choices import LinkBasis
from ..counts import apply_count_changes, live_pair_counts
from ..linking import derive_specialty_links, fill_scope, refresh_provider_fields
from ..models import ProcedureSpecialty, Provider, ProviderProcedure

# The columns an import writes: NPPES identity and location.
NPPES_FIELDS = [
    "name_prefix",
    "first_name",
    "middle_name",
    "last_name",
    "name_suffix",
    "credential",
    "sex",
    "address_line_1",
    "address_line_2",
    "city",
    "state",
    "zip_code",
    "phone",
    "enumeration_date",
    "nppes_updated_on",
    "primary_specialty_id",
]
STAGE_COLUMNS = ["npi", *NPPES_FIELDS]


def copy_value(value):
    """One constant in PostgreSQL COPY text format."""
    if value is None:
        return "\\N"
    if isinstance(value, bool):
        return "t" if value else "f"
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return str(value).replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n")


def array_literal(values):
    """A PostgreSQL array literal of numbers or strings ("{1,2}", '{"a b"}')."""
    items = []
    for value in values:
        text = str(value)
        if not (text.isascii() and text.isdigit()):
            text = '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'
        items.append(text)
    return "{" + ",".join(items) + "}"


LINK_COLUMNS = [
    "provider_id",
    "procedure_id",
    "basis",
    "annual_volume",
    "volume_source",
    "state",
    "provider_live",
    "board_certified",
    "years_in_practice",
    "sort_name",
    "primary_specialty_id",
    "has_other_specialties",
]
BASIS_SPECIALTY = int(LinkBasis.SPECIALTY)

STAGING_TABLES = {
    "nppes_stage": (
        "npi varchar(10) PRIMARY KEY, name_prefix varchar(10), first_name varchar(50), "
        "middle_name varchar(50), last_name varchar(60), name_suffix varchar(10), "
        "credential varchar(50), sex varchar(1), address_line_1 varchar(100), "
        "address_line_2 varchar(100), city varchar(60), state varchar(2), zip_code varchar(10), "
        "phone varchar(10), enumeration_date date, nppes_updated_on date, "
        "primary_specialty_id bigint"
    ),
}


class BatchWriter:
    """Writes batches on the current thread's database connection.

    `run_id` is the import run, recorded on the providers it deactivates. With
    `count_changes`, each batch also moves the per-state counts by what it changed
    (an update file); otherwise the importer recounts them all at its end.
    """

    def __init__(self, run_id=None, count_changes=False):
        self.run_id = run_id
        self.count_changes = count_changes
        self.deactivated_ids = set()  # the last batch's
        self.vendor = connection.vendor
        self.provider_table = Provider._meta.db_table
        self.m2m_table = Provider.specialties.through._meta.db_table
        self.link_table = ProviderProcedure._meta.db_table
        self.distinct = "IS DISTINCT FROM" if self.vendor == "postgresql" else "IS NOT"
        with connection.cursor() as cursor:
            for table, columns in STAGING_TABLES.items():
                cursor.execute(f"CREATE TEMP TABLE IF NOT EXISTS {table} ({columns})")

    def _stage(self, cursor, table, columns, rows, copy_text=None):
        cursor.execute(f"DELETE FROM {table}")
        self._insert_rows(cursor, table, columns, rows, copy_text)

    def _insert_defaults(self):
        """Values for the columns an import never writes, used for new providers only."""
        now = timezone.now()
        defaults = {}
        for model_field in Provider._meta.concrete_fields:
            name = model_field.column
            if model_field.primary_key or name == "npi" or name in NPPES_FIELDS:
                continue
            if name == "live":
                value = True
            elif name in ("first_published_at", "last_published_at"):
                value = now
            else:
                value = model_field.get_default()
            defaults[name] = value
        return defaults

    def write(self, providers, others, deactivations, copy_lines=None, link_parts=None):
        """Apply a batch; returns (inserted, updated, unchanged, deactivated) counts.

        `providers` holds one row per NPI (the last one in the file wins); `copy_lines`
        maps each NPI to its row already in COPY format, and `link_parts` are the
        batch's derived links (`specialty_link_parts`); both or neither (SQLite).

        Every statement is driven by the batch itself (its NPIs or ids), never by a
        join that the planner could turn into a scan of a growing table, so batch 100
        costs what batch 1 did.
        """
        deactivations = list({npi: (npi, day) for npi, day in deactivations}.values())
        with connection.cursor() as cursor:
            existing = self._existing(cursor, [values[0] for values in providers])
            new_ids = {}
            if copy_lines is not None:
                # PostgreSQL: new NPIs go straight in with COPY; only known ones need
                # the staging table and the upsert.
                new_rows = [values for values in providers if values[0] not in existing]
                new_ids = self._copy_new(cursor, new_rows, copy_lines)
                if new_ids is None:  # an NPI appeared meanwhile: take the upsert path
                    new_ids, new_rows = {}, []
                known_npis = set(existing) if new_rows else None
                to_upsert = [v for v in providers if known_npis is None or v[0] in known_npis]
                text = "".join(copy_lines[values[0]] for values in to_upsert)
                self._stage(cursor, "nppes_stage", STAGE_COLUMNS, to_upsert, text)
            else:
                self._stage(cursor, "nppes_stage", STAGE_COLUMNS, providers)
            upserted, updated_ids = self._upsert(cursor, existing)
            updated_ids |= self._sync_other_specialties(cursor, existing, others)
            deactivated_ids = deactivate_npis(cursor, deactivations, self.run_id)
            self.deactivated_ids = deactivated_ids
            # COPYed providers are certainly new: their specialties and links go straight
            # in too. Upserted ones (SQLite, or a race) take the conflict-safe SQL path.
            self._add_other_specialties(cursor, new_ids, others)
            self._link_new_providers(cursor, link_parts, new_ids)
            self._add_other_specialties(cursor, upserted, others, on_conflict=True)

            # Changed providers may have moved, been unpublished or changed specialty:
            # refresh their links, then re-derive; upserted new ones get theirs derived.
            changed = updated_ids | deactivated_ids
            listed_before = {}
            if changed:
                scope = fill_scope(cursor, changed)
                if self.count_changes:
                    listed_before = live_pair_counts(cursor, scope)
                refresh_provider_fields(scope, cursor)
                derive_specialty_links(cursor, provider_ids=scope)
            if upserted:
                scope = fill_scope(cursor, upserted.values())
                derive_specialty_links(cursor, provider_ids=scope, new_providers=True)
            touched = changed | set(new_ids.values()) | set(upserted.values())
            if self.count_changes and touched:
                scope = fill_scope(cursor, touched)
                apply_count_changes(cursor, listed_before, live_pair_counts(cursor, scope))
        inserted = len(new_ids) + len(upserted)
        unchanged = len(providers) - inserted - len(updated_ids)
        return inserted, len(updated_ids), unchanged, len(deactivated_ids)

    def _copy_new(self, cursor, rows, copy_lines):
        """COPY brand-new providers; returns {npi: id} of the rows written.

        Ids come from the table's identity default during the COPY and are read back
        by NPI (one index lookup each), which is cheaper than drawing them from the
        sequence beforehand. Returns None if a concurrent insert of one of these NPIs
        made the COPY fail (then nothing of it remains and the caller upserts instead).
        """
        if not rows:
            return {}
        defaults = self._insert_defaults()
        tail = "\t".join(copy_value(value) for value in defaults.values())
        columns = [*STAGE_COLUMNS, *defaults]
        text = "".join(f"{copy_lines[values[0]][:-1]}\t{tail}\n" for values in rows)
        statement = f"COPY {self.provider_table} ({', '.join(columns)}) FROM STDIN"
        try:
            # A savepoint: if the COPY fails, the rest of the batch can still be written.
            with transaction.atomic(), cursor.copy(statement) as copy:
                copy.write(text)
        except (IntegrityError, connection.Database.IntegrityError):
            # (psycopg raises its own error from a COPY block, not Django's wrapper.)
            return None
        return self._existing(cursor, [values[0] for values in rows])

    def _in(self, values, sql_type):
        """A parameterised `= ANY(array)` (PostgreSQL) or `IN (…)` (SQLite) clause.

        On PostgreSQL the array goes as one text literal: psycopg's dumper adapts
        a batch's list value by value, which costs far more than building the text.
        """
        values = list(values)
        if self.vendor == "postgresql":
            return f"= ANY(%s::{sql_type}[])", [array_literal(values)]
        return "IN ({})".format(", ".join(["%s"] * len(values)) or "NULL"), values

    def _insert_rows(self, cursor, table, columns, rows, copy_text=None):
        """COPY on PostgreSQL (`copy_text` when the rows are already formatted), else INSERT."""
        if not rows:
            return
        if self.vendor == "postgresql":
            with cursor.copy(f"COPY {table} ({', '.join(columns)}) FROM STDIN") as copy:
                if copy_text is not None:
                    copy.write(copy_text)  # formatted by the parsing thread
                else:
                    for row in rows:
                        copy.write_row(row)
        else:
            placeholders = ", ".join(["%s"] * len(columns))
            cursor.executemany(
                f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({placeholders})", rows
            )

    def _existing(self, cursor, npis):
        """{npi: id} of the batch's providers already in the directory (index lookups)."""
        if not npis:
            return {}
        clause, params = self._in(npis, "varchar")
        cursor.execute(f"SELECT npi, id FROM {self.provider_table} WHERE npi {clause}", params)
        return dict(cursor.fetchall())

    def _upsert(self, cursor, existing):
        """Insert new NPIs, update changed ones; returns ({npi: id} new, {ids} updated)."""
        defaults = self._insert_defaults()
        columns = ["npi", *NPPES_FIELDS, *defaults]
        select = ", ".join(f"s.{name}" for name in STAGE_COLUMNS) + ", %s" * len(defaults)
        assignments = ", ".join(f"{name} = EXCLUDED.{name}" for name in NPPES_FIELDS)
        changed = " OR ".join(f"p.{name} {self.distinct} EXCLUDED.{name}" for name in NPPES_FIELDS)
        cursor.execute(
            f"INSERT INTO {self.provider_table} AS p ({', '.join(columns)}) "
            f"SELECT {select} FROM nppes_stage s WHERE TRUE "
            f"ON CONFLICT (npi) DO UPDATE SET {assignments}, "
            # Reactivated: publish again only what the import itself unpublished.
            f"live = CASE WHEN {REACTIVATES} AND p.unpublished_by_import THEN TRUE "
            "ELSE p.live END, "
            f"unpublished_by_import = p.unpublished_by_import AND NOT {REACTIVATES}, "
            f"deactivated_on = CASE WHEN {REACTIVATES} THEN NULL ELSE p.deactivated_on END, "
            f"deactivated_by_run_id = CASE WHEN {REACTIVATES} THEN NULL "
            "ELSE p.deactivated_by_run_id END "
            f"WHERE {changed} OR ({REACTIVATES} AND "
            "(p.deactivated_on IS NOT NULL OR p.unpublished_by_import)) "
            "RETURNING id, npi",
            list(defaults.values()),
        )
        written = cursor.fetchall()
        return (
            {npi: pk for pk, npi in written if npi not in existing},
            {pk for pk, npi in written if npi in existing},
        )

    def _sync_other_specialties(self, cursor, existing, others):
        """Make known providers' other specialties match the file; return changed ids."""
        if not existing:
            return set()
        clause, params = self._in(existing.values(), "bigint")
        cursor.execute(
            f"SELECT provider_id, specialty_id FROM {self.m2m_table} WHERE provider_id {clause}",
            params,
        )
        current = set(cursor.fetchall())
        wanted = {(pk, specialty) for npi, pk in existing.items() for specialty in others[npi]}
        stale, missing = current - wanted, wanted - current
        if stale:
            cursor.executemany(
                f"DELETE FROM {self.m2m_table} WHERE provider_id = %s AND specialty_id = %s",
                sorted(stale),
            )
        self._insert_rows(cursor, self.m2m_table, ["provider_id", "specialty_id"], sorted(missing))
        return {pk for pk, _ in stale | missing}

    def _add_other_specialties(self, cursor, new_ids, others, on_conflict=False):
        rows = [(pk, specialty) for npi, pk in new_ids.items() for specialty in others[npi]]
        if on_conflict:
            if rows:
                cursor.executemany(
                    f"INSERT INTO {self.m2m_table} (provider_id, specialty_id) VALUES (%s, %s) "
                    "ON CONFLICT (provider_id, specialty_id) DO NOTHING",
                    rows,
                )
            return
        self._insert_rows(cursor, self.m2m_table, ["provider_id", "specialty_id"], rows)

    def _link_new_providers(self, cursor, link_parts, new_ids):
        """Specialty links of brand-new providers, COPYed straight in.

        New providers cannot have links yet, so there is nothing to merge with: no
        ON CONFLICT, no join, one COPY, in rank-index order. The lines were prepared
        and sorted on the parsing thread (`specialty_link_parts`); only the new ids
        are filled in here.
        """
        if not new_ids:
            return
        get = new_ids.get
        text = "".join(f"{pk}\t{rest}" for npi, rest in link_parts if (pk := get(npi)) is not None)
        if text:
            with cursor.copy(
                f"COPY {self.link_table} ({', '.join(LINK_COLUMNS)}) FROM STDIN"
            ) as copy:
                copy.write(text)


# Whether a file's active row for an NPI the directory holds as deactivated (on
# `p.deactivated_on`) reactivates it: only if NPPES updated the record on or after
# that day (a reactivation dates it; see `RowParser.parse`). An older file applied
# late, a full file from before the monthly deactivation report say, leaves the
# deactivation in place. A row without a date cannot be placed and counts as newer.
REACTIVATES = (
    "(p.deactivated_on IS NULL OR EXCLUDED.nppes_updated_on IS NULL "
    "OR EXCLUDED.nppes_updated_on >= p.deactivated_on)"
)


def deactivate_npis(cursor, deactivations, run_id=None):
    """Unpublish deactivated NPIs (never delete them); return the ids changed.

    `deactivations` are (npi, day) pairs, one per NPI; `run_id` the import run that
    records them (an NPPES file or the deactivation report). `unpublished_by_import`
    is set only where this flips a live provider to not live: one an editor had
    already unpublished records the NPPES date but stays the editor's, so a
    reactivation will not publish it. A provider already recorded as deactivated and
    not live is left alone (a re-run changes nothing), and so is one whose NPPES
    record is newer than the day (reactivated since: a late or re-run report must not
    undo that).
    """
    if not deactivations:
        return set()
    provider_table = Provider._meta.db_table
    settable = (
        "(p.live OR p.deactivated_on IS NULL) "
        "AND (p.nppes_updated_on IS NULL OR p.nppes_updated_on <= {day})"
    )
    if connection.vendor == "postgresql":
        # One statement for a batch's deactivations, not one each.
        cursor.execute(
            f"UPDATE {provider_table} AS p SET live = FALSE, deactivated_on = d.day, "
            "deactivated_by_run_id = %s, "
            "unpublished_by_import = p.unpublished_by_import OR p.live "
            "FROM unnest(%s::varchar[], %s::date[]) AS d (npi, day) "
            f"WHERE p.npi = d.npi AND {settable.format(day='d.day')} RETURNING p.id",
            [
                run_id,
                array_literal(npi for npi, _ in deactivations),
                array_literal(day.isoformat() for _, day in deactivations),
            ],
        )
        return {row[0] for row in cursor.fetchall()}
    ids = set()
    for npi, day in deactivations:
        cursor.execute(
            f"UPDATE {provider_table} AS p SET live = FALSE, deactivated_on = %s, "
            "deactivated_by_run_id = %s, "
            "unpublished_by_import = unpublished_by_import OR live "
            f"WHERE npi = %s AND {settable.format(day='%s')} RETURNING id",
            [day, run_id, npi, day],
        )
        ids.update(row[0] for row in cursor.fetchall())
    return ids


def procedures_by_specialty():
    """{specialty id: [procedure page ids]} from the pages' performing specialties."""
    mapping = {}
    for page_id, specialty_id in ProcedureSpecialty.objects.values_list("page_id", "specialty_id"):
        mapping.setdefault(specialty_id, []).append(page_id)
    return mapping


def specialty_link_parts(providers, others, by_specialty):
    """The derived links of a batch's providers as [(npi, COPY line without the id)].

    Sorted in `provider_link_rank` order (procedure, state, name), so the index is
    filled in order. Built on the parsing thread: the writer thread, which is the
    import's bottleneck, only prefixes each line with the provider's new id.
    """
    last, first, middle, state_at, primary = (
        STAGE_COLUMNS.index(name)
        for name in ("last_name", "first_name", "middle_name", "state", "primary_specialty_id")
    )
    # After the id: procedure, then LINK_COLUMNS' constants for a derived link (basis,
    # annual volume 0, no volume source), state, live, not certified, 0 years, name,
    # primary specialty, whether it has other specialties.
    constants = f"\t{BASIS_SPECIALTY}\t0\t"
    parts = []
    for values in providers:
        npi = values[0]
        specialties = {values[primary], *others[npi]}
        procedures = {page for sid in specialties for page in by_specialty.get(sid, ())}
        if not procedures:
            continue
        sort_name = f"{values[last]} {values[first]} {values[middle]}".strip().lower()[:200]
        state = values[state_at]
        tail = (
            f"\t{state}\tt\tf\t0\t{copy_value(sort_name)}\t{copy_value(values[primary])}"
            f"\t{'t' if others[npi] else 'f'}\n"
        )
        parts.extend(
            (page, state, sort_name, npi, f"{page}{constants}{tail}") for page in procedures
        )
    parts.sort()
    return [(npi, rest) for _, _, _, npi, rest in parts]
