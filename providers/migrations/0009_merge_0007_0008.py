"""Join the two branches that both grew from 0006 (no operations)."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("providers", "0007_unpublished_by_import_and_run_positions"),
        ("providers", "0008_provider_search_index"),
    ]

    operations = []
