"""The `spanish_unaccent` text search configuration Spanish pages are indexed and searched
with (settings.WAGTAILSEARCH_BACKENDS["es"], core.search_backend): PostgreSQL's Spanish
stemmer after `unaccent`, so "vertebroplastía", "VERTEBROPLASTIA" and "Vertebroplastia"
are one word. PostgreSQL only: SQLite's search table folds accents itself.

`unaccent` is a trusted extension (PostgreSQL 13+): the database's owner may create it.
"""

from django.db import migrations

CREATE = """
DO $$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_ts_config WHERE cfgname = 'spanish_unaccent') THEN
        CREATE TEXT SEARCH CONFIGURATION spanish_unaccent (COPY = pg_catalog.spanish);
        ALTER TEXT SEARCH CONFIGURATION spanish_unaccent
            ALTER MAPPING FOR hword, hword_part, word WITH unaccent, spanish_stem;
    END IF;
END
$$;
"""


def create_configuration(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS unaccent")
    schema_editor.execute(CREATE)


def drop_configuration(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("DROP TEXT SEARCH CONFIGURATION IF EXISTS spanish_unaccent")


class Migration(migrations.Migration):
    dependencies = [("home", "0004_site_identity")]

    operations = [migrations.RunPython(create_configuration, drop_configuration)]
