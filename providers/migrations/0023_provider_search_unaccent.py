"""Provider search folds accents: "nunez" finds "Núñez", "núñez" finds "NUNEZ".

The two full-text indexes of provider search (0008 `provider_search`, 0014
`provider_search_other_words`) are rebuilt over the `simple_unaccent` text search
configuration: PostgreSQL's `simple` (lower case, every word kept, no stemming) with
`unaccent` first for words that are not plain ASCII (ASCII words skip it, so the
documents cost what they did). The expressions are exactly what
`providers.search.ProviderDocument` and `OtherWordsDocument` write.

Rebuilding the two indexes reads every provider once (tens of seconds at a million).
PostgreSQL only; SQLite, for demos, searches without them.
"""

from django.db import migrations

CONFIG = "simple_unaccent"
CREATE_CONFIG = """
DO $$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_ts_config WHERE cfgname = 'simple_unaccent') THEN
        CREATE TEXT SEARCH CONFIGURATION simple_unaccent (COPY = pg_catalog.simple);
        ALTER TEXT SEARCH CONFIGURATION simple_unaccent
            ALTER MAPPING FOR hword, hword_part, word WITH unaccent, simple;
    END IF;
END
$$;
"""
DOCUMENTS = {
    "provider_search": "first_name || ' ' || middle_name || ' ' || last_name || ' ' || city",
    "provider_search_other_words": (
        "first_name || ' ' || middle_name || ' ' || city || ' ' || CASE WHEN "
        "last_name ~ '^[A-Za-z]*$' THEN '' ELSE last_name END"
    ),
}


def build(schema_editor, config):
    for index, document in DOCUMENTS.items():
        schema_editor.execute(f"DROP INDEX IF EXISTS {index}")
        schema_editor.execute(
            f"CREATE INDEX {index} ON providers_provider USING gin "
            f"(to_tsvector('{config}'::regconfig, {document}))"
        )
    # Statistics of the new expressions, for a directory already imported (on an empty
    # table they would only tell the planner that it is empty).
    with schema_editor.connection.cursor() as cursor:
        cursor.execute("SELECT EXISTS (SELECT 1 FROM providers_provider)")
        filled = cursor.fetchone()[0]
    if filled:
        schema_editor.execute("ANALYZE providers_provider")


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS unaccent")
    schema_editor.execute(CREATE_CONFIG)
    build(schema_editor, CONFIG)


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    build(schema_editor, "simple")


class Migration(migrations.Migration):
    dependencies = [("providers", "0022_importrun_data_year_alter_importrun_kind")]

    operations = [migrations.RunPython(forwards, backwards, elidable=False)]
