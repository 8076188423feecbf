"""Keep `ProcedureStateCount` (live providers per procedure and state) in step.

Every path that changes links refreshes what it touched: a single link or a
provider edit refreshes its (procedure, state) pairs, each one index range count;
a procedure publish refreshes that procedure; a large import refreshes everything
once at the end (one aggregate over the ranking index), and until then the map shows
the counts from before it. An update file (a weekly NPPES file, the deactivation
report) moves the counts of the pairs its providers are in, with each batch
(`apply_count_changes`), so its cost follows the file, not the directory.

Every refresh also bumps the site's content version (`core.http_cache`): the counts are
on procedure pages, their ``doctors/`` pages and in the API.
"""

from django.db import connection, transaction

from core.http_cache.version import content_changed

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


def live_pair_counts(cursor, scope):
    """{(procedure, state): live links} of the providers in the `fill_scope` table."""
    cursor.execute(
        f"SELECT l.procedure_id, l.state, COUNT(*) FROM {LINK} l "
        f"JOIN {scope} s ON s.id = l.provider_id WHERE l.provider_live "
        "GROUP BY l.procedure_id, l.state"
    )
    return {(procedure_id, state): count for procedure_id, state, count in cursor.fetchall()}


def apply_count_changes(cursor, before, after):
    """Move the summary by what some providers' links changed: `before` and `after` are
    `live_pair_counts` of the same providers around the change.

    The work is proportional to the providers changed, not to the directory: each pair
    they touched is one row written here, where recounting it would read every link
    of the pair. Returns the pairs moved.
    """
    changes = {
        pair: after.get(pair, 0) - before.get(pair, 0) for pair in before.keys() | after.keys()
    }
    changes = {pair: change for pair, change in changes.items() if change}
    if not changes:
        return set()
    content_changed()
    gains = sorted((p, s, n) for (p, s), n in changes.items() if n > 0)
    losses = sorted((-n, p, s) for (p, s), n in changes.items() if n < 0)
    if gains:
        cursor.executemany(
            f"INSERT INTO {COUNTS} (procedure_id, state, providers) VALUES (%s, %s, %s) "
            "ON CONFLICT (procedure_id, state) "
            f"DO UPDATE SET providers = {COUNTS}.providers + EXCLUDED.providers",
            gains,
        )
    if losses:
        # Never below zero, whatever a concurrent recount left: the next one corrects it.
        cursor.executemany(
            f"UPDATE {COUNTS} SET providers = CASE WHEN providers > %s "
            "THEN providers - %s ELSE 0 END WHERE procedure_id = %s AND state = %s",
            [(n, n, p, s) for n, p, s in losses],
        )
        cursor.executemany(
            f"DELETE FROM {COUNTS} WHERE procedure_id = %s AND state = %s AND providers = 0",
            [(p, s) for _, p, s in losses],
        )
    return set(changes)
