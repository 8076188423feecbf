"""Links copy their provider's primary specialty, and a ranked index starts with it.

"Procedure × specialty, top first" walked the procedure's ranked links testing each
provider's specialties: a few seconds for a deep page at a million providers. With
the provider's primary specialty on its links (maintained with the other copied
fields, `providers.linking.refresh_provider_fields`), the primary half of the
specialty filter is one range of `provider_link_specialty_rank` (`providers.listing`).

The column is filled from the providers in one set-based UPDATE (PostgreSQL and
SQLite ≥ 3.33 both have UPDATE … FROM) before the index is built, so the index is
built once over the filled column rather than maintained row by row. On PostgreSQL
the table is then analysed, so the planner knows the new column's values at once.
Reversing drops the index and the column.
"""

import django.db.models.deletion
from django.db import migrations, models

BACKFILL_SQL = (
    "UPDATE providers_providerprocedure SET primary_specialty_id = p.primary_specialty_id "
    "FROM providers_provider p WHERE providers_providerprocedure.provider_id = p.id "
    "AND p.primary_specialty_id IS NOT NULL"
)


def backfill(apps, schema_editor):
    with schema_editor.connection.cursor() as cursor:
        cursor.execute(BACKFILL_SQL)
        if schema_editor.connection.vendor == "postgresql":
            cursor.execute("ANALYZE providers_providerprocedure")


class Migration(migrations.Migration):

    dependencies = [
        ('procedures', '0003_review_metadata'),
        ('providers', '0014_search_order_indexes'),
    ]

    operations = [
        migrations.AddField(
            model_name='providerprocedure',
            name='primary_specialty',
            field=models.ForeignKey(blank=True, db_constraint=False, db_index=False, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to='providers.specialty'),
        ),
        # Reversed: nothing to undo, the column goes with the AddField.
        migrations.RunPython(backfill, migrations.RunPython.noop, elidable=True),
        migrations.AddIndex(
            model_name='providerprocedure',
            index=models.Index(condition=models.Q(('provider_live', True)), fields=['procedure', 'primary_specialty', 'basis', '-annual_volume', '-board_certified', '-years_in_practice', 'sort_name', 'provider'], name='provider_link_specialty_rank'),
        ),
    ]
