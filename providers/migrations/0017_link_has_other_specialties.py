"""Links say whether their provider has other specialties; index of those links, ranked.

The other-specialties half of a specialty filter ("S among the provider's other
specialties, primary not S") probed every link of the procedure against the
other-specialties table: ~50 ms for a popular procedure at a million providers, the
largest part of a `procedure` + `specialty` request. A few percent of providers
have other specialties at all; with that copied onto their links (maintained with
the other copied fields, `providers.linking`), the half reads only their links, from
`provider_link_others_rank`.

The column has a constant default (no table rewrite); the backfill updates only the
links of providers that have other specialties, then the index is built.
"""

from django.db import migrations, models

BACKFILL_SQL = (
    "UPDATE providers_providerprocedure SET has_other_specialties = TRUE "
    "WHERE provider_id IN (SELECT provider_id FROM providers_provider_specialties)"
)


def backfill(apps, schema_editor):
    with schema_editor.connection.cursor() as cursor:
        cursor.execute(BACKFILL_SQL)
        if schema_editor.connection.vendor == "postgresql":
            cursor.execute("ANALYZE providers_providerprocedure")


class Migration(migrations.Migration):

    dependencies = [
        ('procedures', '0003_review_metadata'),
        ('providers', '0016_link_procedure_specialty_statistics'),
    ]

    operations = [
        migrations.AddField(
            model_name='providerprocedure',
            name='has_other_specialties',
            field=models.BooleanField(db_default=False, default=False),
        ),
        # Reversed: nothing to undo, the column goes with the AddField.
        migrations.RunPython(backfill, migrations.RunPython.noop, elidable=True),
        migrations.AddIndex(
            model_name='providerprocedure',
            index=models.Index(condition=models.Q(('has_other_specialties', True), ('provider_live', True)), fields=['procedure', 'basis', '-annual_volume', '-board_certified', '-years_in_practice', 'sort_name', 'provider', 'primary_specialty', 'id', 'state'], name='provider_link_others_rank'),
        ),
    ]
