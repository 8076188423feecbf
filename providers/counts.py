"""Keep `ProcedureStateCount` (live providers per procedure and state) in step.

Every path that changes links refreshes what it touched: a single link or a
provider edit refreshes its (procedure, state) pairs, each one index range count;
a procedure publish refreshes that procedure; imports refresh everything once at
the end (one aggregate over the ranking index). During an import the map shows the
counts from before it until the run ends.

Every refresh also bumps the site's content version (`cms.http_cache`): the counts are
on procedure pages, their ``doctors/`` pages and in the API.
"""

from django.db import connection, transaction

from cms.http_cache.version import content_changed

from .models import ProcedureStateCount, ProviderProcedure

LINK = ProviderProcedure._meta.db_table
COUNTS = ProcedureStateCount._meta.db_table


def provider_pairs(provider_ids):
    """The (procedure, state) pairs the providers' links are in."""
    ids = [pk for pk in provider_ids if pk is not None]
    if not ids:
        return set()
    return set(
        ProviderProcedure.objects.filter(provider_id__in=ids)
        .values_list("procedure_id", "state")
        .distinct()
    )


@transaction.atomic
def refresh_pairs(pairs):
    """Recount these (procedure, state) pairs."""
    content_changed()
    for procedure_id, state in sorted(pairs):
        providers = (
            ProviderProcedure.objects.public()
            .filter(procedure_id=procedure_id, state=state)
            .count()
        )
        if providers:
            ProcedureStateCount.objects.update_or_create(
                procedure_id=procedure_id, state=state, defaults={"providers": providers}
            )
        else:
            ProcedureStateCount.objects.filter(procedure_id=procedure_id, state=state).delete()


@transaction.atomic
def refresh_counts(procedure_ids=None):
    """Recount whole procedures (all of them by default) with one aggregate each."""
    content_changed()
    where, params = "", []
    if procedure_ids is not None:
        procedure_ids = list(procedure_ids)
        if not procedure_ids:
            return
        where = "AND procedure_id IN ({})".format(", ".join(["%s"] * len(procedure_ids)))
        params = procedure_ids
    with connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {COUNTS} WHERE TRUE {where}", params)
        cursor.execute(
            f"INSERT INTO {COUNTS} (procedure_id, state, providers) "
            f"SELECT procedure_id, state, COUNT(*) FROM {LINK} "
            f"WHERE provider_live {where} GROUP BY procedure_id, state",
            params,
        )
