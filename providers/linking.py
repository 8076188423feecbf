"""Derived links: "this specialty typically performs this procedure".

A procedure page lists performing specialties; every provider whose primary or
other specialty is among them gets a link with basis `specialty`, unless a
stronger link (verified, volume) exists. Links are kept in the link table, not
computed per request, so directory pages stay one index scan at any scale.

Set-based SQL (INSERT … SELECT … ON CONFLICT DO NOTHING) so deriving links for
a million providers is one statement per procedure, on PostgreSQL and SQLite.
"""

from django.db import connection, transaction

from .choices import LinkBasis
from .models import Provider, ProviderProcedure

INSERT_SQL = """
INSERT INTO {link} (provider_id, procedure_id, basis, annual_volume, volume_year, volume_source,
                    verified_on, state, provider_live, board_certified, years_in_practice,
                    sort_name)
SELECT p.id, %s, %s, 0, NULL, '', NULL, p.state, p.live, COALESCE(p.board_certified, FALSE),
       COALESCE(p.years_in_practice, 0),
       SUBSTR(LOWER(TRIM(p.last_name || ' ' || p.first_name || ' ' || p.middle_name)), 1, 200)
FROM {provider} p
WHERE (p.primary_specialty_id IN ({ids})
       OR EXISTS (SELECT 1 FROM {m2m} ps
                  WHERE ps.provider_id = p.id AND ps.specialty_id IN ({ids})))
  {provider_filter}
ON CONFLICT (provider_id, procedure_id) DO NOTHING
"""


def matching_providers(specialty_ids):
    from django.db.models import Q

    return Provider.objects.filter(
        Q(primary_specialty_id__in=specialty_ids) | Q(specialties__in=specialty_ids)
    ).values("pk")


@transaction.atomic
def sync_specialty_links(procedure, provider_ids=None):
    """Create missing and delete stale `specialty` links of one procedure page.

    With `provider_ids`, only those providers are considered (a provider edit);
    without, the whole directory (a procedure's specialties changed, or an import).
    Returns (created, deleted).
    """
    specialty_ids = list(procedure.specialty_links.values_list("specialty_id", flat=True))
    stale = ProviderProcedure.objects.filter(procedure=procedure, basis=LinkBasis.SPECIALTY)
    if provider_ids is not None:
        provider_ids = list(provider_ids)
        stale = stale.filter(provider_id__in=provider_ids)
    if specialty_ids:
        stale = stale.exclude(provider_id__in=matching_providers(specialty_ids))
    deleted, _ = stale.delete()

    created = 0
    if specialty_ids and (provider_ids is None or provider_ids):
        ids = ", ".join(str(int(pk)) for pk in specialty_ids)
        provider_filter = ""
        params = [procedure.pk, int(LinkBasis.SPECIALTY)]
        if provider_ids is not None:
            provider_filter = "AND p.id IN ({})".format(", ".join(["%s"] * len(provider_ids)))
            params += provider_ids
        sql = INSERT_SQL.format(
            link=ProviderProcedure._meta.db_table,
            provider=Provider._meta.db_table,
            m2m=Provider.specialties.through._meta.db_table,
            ids=ids,
            provider_filter=provider_filter,
        )
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            created = max(cursor.rowcount, 0)
    return created, deleted


def sync_all_specialty_links(provider_ids=None):
    """Every procedure page's specialty links (after an import, or a provider edit)."""
    from procedures.models import ProcedurePage

    totals = [0, 0]
    for procedure in ProcedurePage.objects.all().only("pk"):
        created, deleted = sync_specialty_links(procedure, provider_ids)
        totals[0] += created
        totals[1] += deleted
    return tuple(totals)
