"""Provider search from the provider table itself (see providers/search.py).

PostgreSQL gets a GIN full-text index over the words of the names and the city, the
exact expression `providers.search.ProviderDocument` writes (a test checks that the
query plan uses it). SQLite, for demos, searches without it.

Providers leave Wagtail's search index (bulk imports never wrote to it), so their
stale index entries are removed.
"""

from django.db import migrations

INDEX = "provider_search"
CREATE = (
    f"CREATE INDEX IF NOT EXISTS {INDEX} ON providers_provider USING gin "
    "(to_tsvector('simple'::regconfig, first_name || ' ' || middle_name || ' ' || last_name "
    "|| ' ' || city))"
)


def create_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(CREATE)


def drop_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP INDEX IF EXISTS {INDEX}")


def drop_search_entries(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    IndexEntry = apps.get_model("wagtailsearch", "IndexEntry")
    provider = ContentType.objects.filter(app_label="providers", model="provider").first()
    if provider is not None:
        IndexEntry.objects.filter(content_type=provider).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("providers", "0007_unpublished_by_import_and_run_positions"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("wagtailsearch", "0010_add_text_fields"),
    ]

    operations = [
        migrations.RunPython(create_index, drop_index, elidable=False),
        migrations.RunPython(drop_search_entries, migrations.RunPython.noop),
    ]
