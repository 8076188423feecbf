"""Extended statistics on the links' (procedure, primary specialty) pairs (PostgreSQL).

A specialty's share of a procedure's links is nothing like its share of all links
(Orthopaedic Surgery is the primary specialty of ~40% of the synthetic directory's
links but of 2.5% of Vertebroplasty's): assuming the two columns independent,
PostgreSQL guessed 86k links for "Vertebroplasty × Orthopaedic Surgery" where there
are 5,300, and chose plans for that (a walk of the state's ranked links rather than
the specialty's range). The MCV list of the pairs (a few hundred procedures ×
specialties) gives it the real counts. The migration analyses the table once; later
ANALYZE runs (autovacuum, or `VACUUM (ANALYZE)` after an import) keep them current.
"""

from django.db import migrations

NAME = "provider_link_procedure_specialty"


def create(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            f"CREATE STATISTICS IF NOT EXISTS {NAME} (mcv, ndistinct) "
            "ON procedure_id, primary_specialty_id FROM providers_providerprocedure"
        )
        schema_editor.execute("ANALYZE providers_providerprocedure")


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP STATISTICS IF EXISTS {NAME}")


class Migration(migrations.Migration):

    dependencies = [
        ("providers", "0015_link_primary_specialty"),
    ]

    operations = [migrations.RunPython(create, drop)]
