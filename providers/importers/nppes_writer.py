"""Set-based writes of one batch of NPPES providers.

A batch goes into temporary staging tables (COPY on PostgreSQL, a multi-row
INSERT on SQLite), then a handful of statements apply it, whatever its size:
one upsert by NPI, the other-specialty rows, the deactivations, and the links
of the providers that changed. Only NPPES columns are ever written for an
existing provider; editor-entered fields and publication state stay as they are
(except that a deactivated NPI is unpublished, and one the import itself
unpublished is published again when NPPES reactivates it).
"""

from django.db import connection
from django.utils import timezone

from ..linking import derive_specialty_links, fill_scope, refresh_provider_fields
from ..models import Provider

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

STAGING_TABLES = {
    "nppes_stage": (
        "npi varchar(10) PRIMARY KEY, name_prefix varchar(10), first_name varchar(50), "
        "middle_name varchar(50), last_name varchar(60), name_suffix varchar(10), "
        "credential varchar(50), sex varchar(1), address_line_1 varchar(100), "
        "address_line_2 varchar(100), city varchar(60), state varchar(2), zip_code varchar(10), "
        "phone varchar(10), enumeration_date date, nppes_updated_on date, "
        "primary_specialty_id bigint"
    ),
    "nppes_stage_specialty": "npi varchar(10), specialty_id bigint",
    "nppes_stage_deactivation": "npi varchar(10) PRIMARY KEY, deactivated_on date",
}


class BatchWriter:
    """Writes batches on the current thread's database connection."""

    def __init__(self):
        self.vendor = connection.vendor
        self.provider_table = Provider._meta.db_table
        self.m2m_table = Provider.specialties.through._meta.db_table
        self.distinct = "IS DISTINCT FROM" if self.vendor == "postgresql" else "IS NOT"
        with connection.cursor() as cursor:
            for table, columns in STAGING_TABLES.items():
                cursor.execute(f"CREATE TEMP TABLE IF NOT EXISTS {table} ({columns})")

    def _stage(self, cursor, table, columns, rows, copy_text=None):
        cursor.execute(f"DELETE FROM {table}")
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

    def write(self, providers, others, deactivations, copy_text=None):
        """Apply a batch; returns (inserted, updated, unchanged, deactivated) counts.

        `providers` holds one row per NPI (the last one in the file wins); `copy_text`
        is the same rows already in COPY format, when the caller prepared it.
        """
        other_rows = [(values[0], pk) for values in providers for pk in others[values[0]]]
        deactivations = list({npi: (npi, day) for npi, day in deactivations}.values())
        with connection.cursor() as cursor:
            self._stage(cursor, "nppes_stage", STAGE_COLUMNS, providers, copy_text)
            self._stage(cursor, "nppes_stage_specialty", ["npi", "specialty_id"], other_rows)
            self._stage(
                cursor, "nppes_stage_deactivation", ["npi", "deactivated_on"], deactivations
            )
            existing = self._existing(cursor, [values[0] for values in providers])
            inserted_ids, updated_ids = self._upsert(cursor, existing)
            updated_ids |= self._sync_other_specialties(cursor, existing)
            deactivated_ids = self._deactivate(cursor)

            # New providers have no links yet: derive theirs. Changed ones may have
            # moved, been unpublished or changed specialty: refresh, then re-derive.
            changed = updated_ids | deactivated_ids
            if changed:
                scope = fill_scope(cursor, changed)
                refresh_provider_fields(scope, cursor)
                derive_specialty_links(cursor, provider_ids=scope)
            if inserted_ids:
                scope = fill_scope(cursor, inserted_ids)
                derive_specialty_links(cursor, provider_ids=scope, new_providers=True)
        unchanged = len(providers) - len(inserted_ids) - len(updated_ids)
        return len(inserted_ids), len(updated_ids), unchanged, len(deactivated_ids)

    def _existing(self, cursor, npis):
        """{npi: id} of the batch's providers already in the directory (index lookups)."""
        if not npis:
            return {}
        if self.vendor == "postgresql":
            cursor.execute(f"SELECT npi, id FROM {self.provider_table} WHERE npi = ANY(%s)", [npis])
        else:
            cursor.execute(
                f"SELECT p.npi, p.id FROM {self.provider_table} p "
                "JOIN nppes_stage s ON s.npi = p.npi"
            )
        return dict(cursor.fetchall())

    def _upsert(self, cursor, existing):
        """Insert new NPIs, update changed ones; returns (inserted ids, updated ids)."""
        defaults = self._insert_defaults()
        columns = ["npi", *NPPES_FIELDS, *defaults]
        select = ", ".join(f"s.{name}" for name in STAGE_COLUMNS) + ", %s" * len(defaults)
        assignments = ", ".join(f"{name} = EXCLUDED.{name}" for name in NPPES_FIELDS)
        changed = " OR ".join(f"p.{name} {self.distinct} EXCLUDED.{name}" for name in NPPES_FIELDS)
        cursor.execute(
            f"INSERT INTO {self.provider_table} AS p ({', '.join(columns)}) "
            f"SELECT {select} FROM nppes_stage s WHERE TRUE "
            f"ON CONFLICT (npi) DO UPDATE SET {assignments}, "
            "live = CASE WHEN p.deactivated_on IS NOT NULL THEN TRUE ELSE p.live END, "
            "deactivated_on = NULL "
            f"WHERE {changed} OR p.deactivated_on IS NOT NULL "
            "RETURNING id, npi",
            list(defaults.values()),
        )
        written = cursor.fetchall()
        return (
            {pk for pk, npi in written if npi not in existing},
            {pk for pk, npi in written if npi in existing},
        )

    def _sync_other_specialties(self, cursor, existing):
        """Make the staged providers' other specialties match the file.

        Returns the ids of providers that were already listed and whose other
        specialties changed (new providers have no rows to compare).
        """
        m2m, provider = self.m2m_table, self.provider_table
        changed = set()
        if existing:
            ids = ", ".join(str(int(pk)) for pk in existing.values())
            cursor.execute(
                f"DELETE FROM {m2m} WHERE provider_id IN ({ids}) "
                f"AND NOT EXISTS (SELECT 1 FROM nppes_stage_specialty t "
                f"JOIN {provider} p ON p.npi = t.npi "
                f"WHERE p.id = {m2m}.provider_id AND t.specialty_id = {m2m}.specialty_id) "
                "RETURNING provider_id"
            )
            changed = {row[0] for row in cursor.fetchall()}
        cursor.execute(
            f"INSERT INTO {m2m} (provider_id, specialty_id) "
            f"SELECT p.id, t.specialty_id FROM nppes_stage_specialty t "
            f"JOIN {provider} p ON p.npi = t.npi WHERE TRUE "
            "ON CONFLICT (provider_id, specialty_id) DO NOTHING RETURNING provider_id"
        )
        known = set(existing.values())
        return changed | {row[0] for row in cursor.fetchall() if row[0] in known}

    def _deactivate(self, cursor):
        """Unpublish deactivated NPIs (never delete them); return their ids."""
        cursor.execute(
            f"UPDATE {self.provider_table} SET live = FALSE, deactivated_on = "
            "(SELECT d.deactivated_on FROM nppes_stage_deactivation d "
            f"WHERE d.npi = {self.provider_table}.npi) "
            "WHERE npi IN (SELECT npi FROM nppes_stage_deactivation) "
            "AND (live OR deactivated_on IS NULL) RETURNING id"
        )
        return {row[0] for row in cursor.fetchall()}
