"""A page of a one-word name search without sorting every match (see providers/search.py,
`OrderedSearch`).

- `provider_search_order`: providers in the order a search lists them (`SEARCH_ORDER`);
  the providers whose last name starts with the word are one range of it. Not partial,
  so PostgreSQL keeps statistics of its expressions (the size of a surname's range).
- `provider_search_other_words` (PostgreSQL): a GIN full-text index over the words a
  search can match *besides* a last name of one ASCII word (first and middle name,
  city, last names of another shape), the exact expression `OtherWordsDocument`
  writes: the few matches outside that range.
"""

import django.db.models.functions.text
from django.db import migrations, models

INDEX = "provider_search_other_words"
CREATE = (
    f"CREATE INDEX IF NOT EXISTS {INDEX} ON providers_provider USING gin "
    "(to_tsvector('simple'::regconfig, first_name || ' ' || middle_name || ' ' || city "
    "|| ' ' || CASE WHEN last_name ~ '^[A-Za-z]*$' THEN '' ELSE last_name END))"
)


def create_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(CREATE)
        # Statistics of the new expression index: without them PostgreSQL guesses a
        # surname's range at 5,000 rows and sorts all its matches for a deep page.
        schema_editor.execute("ANALYZE providers_provider")


def drop_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP INDEX IF EXISTS {INDEX}")


class Migration(migrations.Migration):
    dependencies = [
        ("providers", "0013_specialty_live_index"),
        ("wagtailcore", "0098_apitoken"),
        ("wagtailimages", "0027_image_description"),
    ]

    operations = [
        migrations.AddIndex(
            model_name="provider",
            index=models.Index(
                django.db.models.functions.text.Upper("last_name"),
                django.db.models.functions.text.Upper("first_name"),
                models.F("npi"),
                name="provider_search_order",
            ),
        ),
        migrations.RunPython(create_index, drop_index, elidable=False),
    ]
