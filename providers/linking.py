"""Derived links: "this specialty typically performs this procedure".

A procedure page lists performing specialties; every provider whose primary or
other specialty is among them gets a link with basis `specialty`, unless a
stronger link (verified, volume) exists. Links are stored, not computed per
request, so directory pages stay one index scan at any scale.

Everything here is set-based SQL that runs on PostgreSQL and SQLite: a few
statements whatever the number of providers or procedures, so an import of a
million providers derives its links batch by batch without slowing down.
"""

from django.db import connection, transaction

from wagtail.models import Locale, Page

from core.i18n import default_language

from .choices import LinkBasis
from .models import ProcedureSpecialty, Provider, ProviderProcedure, VerifiedProcedure

SCOPE_TABLE = "directory_link_scope"

PROVIDER = Provider._meta.db_table
LINK = ProviderProcedure._meta.db_table
OTHER_SPECIALTIES = Provider.specialties.through._meta.db_table
PROCEDURE_SPECIALTY = ProcedureSpecialty._meta.db_table
VERIFIED = VerifiedProcedure._meta.db_table
PAGE = Page._meta.db_table
LOCALE = Locale._meta.db_table
# Links are filed under a procedure's page in the default language only: a translated
# page (its specialties copied with it) reads its original's (`directory_query.links_key`).
ORIGINAL_PAGES = (
    f"AND pr.page_id IN (SELECT pg.id FROM {PAGE} pg JOIN {LOCALE} lo ON lo.id = pg.locale_id "
    "WHERE lo.language_code = %s)"
)

SORT_NAME_SQL = (
    "SUBSTR(LOWER(TRIM(p.last_name || ' ' || p.first_name || ' ' || p.middle_name)), 1, 200)"
)
# `ProviderProcedure.has_other_specialties` of provider ``p``.
HAS_OTHERS_SQL = f"EXISTS (SELECT 1 FROM {OTHER_SPECIALTIES} os WHERE os.provider_id = p.id)"


def fill_scope(cursor, provider_ids):
    """Put the provider ids in a temporary table, or return None for "all providers"."""
    if provider_ids is None:
        return None
    cursor.execute(f"CREATE TEMP TABLE IF NOT EXISTS {SCOPE_TABLE} (id bigint PRIMARY KEY)")
    cursor.execute(f"DELETE FROM {SCOPE_TABLE}")
    ids = sorted({int(pk) for pk in provider_ids})
    if not ids:
        return SCOPE_TABLE
    if connection.vendor == "postgresql":
        # One statement and one array parameter, whatever the number of ids; then fresh
        # statistics so the planner drives joins from this (small) table.
        cursor.execute(f"INSERT INTO {SCOPE_TABLE} (id) SELECT unnest(%s::bigint[])", [ids])
        cursor.execute(f"ANALYZE {SCOPE_TABLE}")
    else:
        cursor.executemany(f"INSERT INTO {SCOPE_TABLE} (id) VALUES (%s)", [(pk,) for pk in ids])
    return SCOPE_TABLE


def _scope(provider_ids, cursor):
    if provider_ids is None or provider_ids == SCOPE_TABLE:
        return provider_ids
    return fill_scope(cursor, provider_ids)


def refresh_provider_fields(provider_ids, cursor, where=None, params=()):
    """Copy providers' saved state, live flag, ranking inputs and primary specialty onto
    their links.

    `provider_ids` is an iterable of ids, None for all providers, or SCOPE_TABLE when
    `fill_scope` already holds them; or give a `where` clause on ``p`` instead.
    """
    if where is None:
        scope = _scope(provider_ids, cursor)
        where = f"AND p.id IN (SELECT id FROM {scope})" if scope else ""
    cursor.execute(
        f"UPDATE {LINK} SET state = p.state, provider_live = p.live, "
        "board_certified = COALESCE(p.board_certified, FALSE), "
        f"years_in_practice = COALESCE(p.years_in_practice, 0), sort_name = {SORT_NAME_SQL}, "
        f"primary_specialty_id = p.primary_specialty_id, has_other_specialties = {HAS_OTHERS_SQL} "
        f"FROM {PROVIDER} p WHERE {LINK}.provider_id = p.id {where}",
        params,
    )


def refresh_links_from_providers(provider_ids):
    """`refresh_provider_fields` for a few providers (an editor's save): one statement."""
    ids = [int(pk) for pk in provider_ids]
    if not ids:
        return
    placeholders = ", ".join(["%s"] * len(ids))
    with transaction.atomic(), connection.cursor() as cursor:
        refresh_provider_fields(None, cursor, where=f"AND p.id IN ({placeholders})", params=ids)


def derive_specialty_links(cursor, provider_ids=None, procedure_id=None, new_providers=False):
    """Create missing and delete stale `specialty` links. Returns (created, deleted).

    `provider_ids` limits the work to those providers (a provider edit, an import
    batch); `procedure_id` to one procedure page (its specialties changed);
    `new_providers` says they have no links yet, so there is nothing stale to delete.
    Each statement starts from the providers in scope, so an import batch costs the
    same whether the directory holds a thousand providers or a million.
    """
    scope = _scope(provider_ids, cursor)
    params = [*([procedure_id] if procedure_id else []), default_language()]
    in_scope = f"AND {{column}} IN (SELECT id FROM {scope})" if scope else ""
    one_procedure = "AND pr.page_id = %s" if procedure_id else ""

    deleted = 0 if new_providers else delete_stale_links(cursor, scope, procedure_id)

    columns = (
        "SELECT p.id, pr.page_id, %s, 0, CAST(NULL AS smallint), '', CAST(NULL AS date), "
        "p.state, p.live, COALESCE(p.board_certified, FALSE), "
        f"COALESCE(p.years_in_practice, 0), {SORT_NAME_SQL}, p.primary_specialty_id, "
        f"{HAS_OTHERS_SQL} "
    )
    by_primary = (
        columns + f"FROM {PROVIDER} p JOIN {PROCEDURE_SPECIALTY} pr "
        f"ON pr.specialty_id = p.primary_specialty_id WHERE TRUE "
        + in_scope.format(column="p.id")
        + f" {one_procedure} {ORIGINAL_PAGES}"
    )
    by_other = (
        columns + f"FROM {OTHER_SPECIALTIES} o JOIN {PROCEDURE_SPECIALTY} pr "
        f"ON pr.specialty_id = o.specialty_id JOIN {PROVIDER} p ON p.id = o.provider_id "
        "WHERE TRUE "
        + in_scope.format(column="o.provider_id")
        + f" {one_procedure} {ORIGINAL_PAGES}"
    )
    cursor.execute(
        f"INSERT INTO {LINK} (provider_id, procedure_id, basis, annual_volume, volume_year, "
        "volume_source, verified_on, state, provider_live, board_certified, years_in_practice, "
        "sort_name, primary_specialty_id, has_other_specialties) "
        f"SELECT * FROM ({by_primary} UNION ALL {by_other}) AS derived WHERE TRUE "
        "ON CONFLICT (provider_id, procedure_id) DO NOTHING",
        [int(LinkBasis.SPECIALTY), *params, int(LinkBasis.SPECIALTY), *params],
    )
    created = max(cursor.rowcount, 0)
    return created, deleted


def delete_stale_links(cursor, scope=None, procedure_id=None):
    """Delete `specialty` links whose provider no longer has a performing specialty."""
    source = f"{LINK} l JOIN {scope} s ON s.id = l.provider_id" if scope else f"{LINK} l"
    cursor.execute(
        f"DELETE FROM {LINK} WHERE id IN (SELECT l.id FROM {source} WHERE l.basis = %s "
        + ("AND l.procedure_id = %s " if procedure_id else "")
        + f"AND NOT EXISTS (SELECT 1 FROM {PROVIDER} p JOIN {PROCEDURE_SPECIALTY} pr "
        "ON pr.specialty_id = p.primary_specialty_id "
        "WHERE p.id = l.provider_id AND pr.page_id = l.procedure_id) "
        f"AND NOT EXISTS (SELECT 1 FROM {OTHER_SPECIALTIES} o JOIN {PROCEDURE_SPECIALTY} pr "
        "ON pr.specialty_id = o.specialty_id "
        "WHERE o.provider_id = l.provider_id AND pr.page_id = l.procedure_id))",
        [int(LinkBasis.SPECIALTY), *([procedure_id] if procedure_id else [])],
    )
    return max(cursor.rowcount, 0)


@transaction.atomic
def sync_specialty_links(procedure=None, provider_ids=None):
    """Re-derive specialty links for one procedure page (or all), some providers (or all)."""
    with connection.cursor() as cursor:
        return derive_specialty_links(
            cursor,
            provider_ids=provider_ids,
            procedure_id=procedure.pk if procedure is not None else None,
        )


def sync_all_specialty_links(provider_ids=None):
    """Every procedure page's specialty links (after an import, or a provider edit)."""
    return sync_specialty_links(None, provider_ids)


def sync_verified_links(cursor, provider_ids=None):
    """Make the providers' verified links match their `VerifiedProcedure` rows.

    Called when a provider is published (the rows are then its published ones). A
    row creates the link, or raises an existing one to `verified` keeping its billing
    volume; a verified link without a row drops back to `volume` when it has billing
    volume, else to `specialty`, and is deleted if no specialty backs that either.
    """
    scope = _scope(provider_ids, cursor)
    in_scope = f"AND {{column}} IN (SELECT id FROM {scope})" if scope else ""
    cursor.execute(
        f"INSERT INTO {LINK} (provider_id, procedure_id, basis, annual_volume, volume_year, "
        "volume_source, verified_on, verification_source, state, provider_live, "
        "board_certified, years_in_practice, sort_name, primary_specialty_id, "
        "has_other_specialties) "
        "SELECT v.provider_id, v.procedure_id, %s, 0, NULL, '', v.verified_on, v.source, "
        "p.state, p.live, COALESCE(p.board_certified, FALSE), "
        f"COALESCE(p.years_in_practice, 0), {SORT_NAME_SQL}, p.primary_specialty_id, "
        f"{HAS_OTHERS_SQL} "
        f"FROM {VERIFIED} v JOIN {PROVIDER} p ON p.id = v.provider_id WHERE TRUE "
        + in_scope.format(column="v.provider_id")
        + " ON CONFLICT (provider_id, procedure_id) DO UPDATE SET basis = EXCLUDED.basis, "
        "verified_on = EXCLUDED.verified_on, verification_source = EXCLUDED.verification_source",
        [int(LinkBasis.VERIFIED)],
    )
    cursor.execute(
        f"UPDATE {LINK} SET basis = CASE WHEN annual_volume > 0 THEN %s ELSE %s END, "
        "verified_on = NULL, verification_source = '' WHERE basis = %s "
        + in_scope.format(column="provider_id")
        + f" AND NOT EXISTS (SELECT 1 FROM {VERIFIED} v WHERE v.provider_id = {LINK}.provider_id "
        f"AND v.procedure_id = {LINK}.procedure_id)",
        [int(LinkBasis.VOLUME), int(LinkBasis.SPECIALTY), int(LinkBasis.VERIFIED)],
    )
    return scope


@transaction.atomic
def sync_provider_links(provider_ids=None):
    """All of the providers' links from their published state: verified, then specialty.

    Their existing links' copies are refreshed too: publishing writes the provider's row
    (copied on `post_save`) and then its other specialties, which
    `has_other_specialties` copies."""
    with connection.cursor() as cursor:
        scope = sync_verified_links(cursor, provider_ids)
        refresh_provider_fields(scope, cursor)
        derive_specialty_links(cursor, provider_ids=scope)
