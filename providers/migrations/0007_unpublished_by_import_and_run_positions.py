"""Who unpublished a deactivated provider, and where an import run can resume.

`Provider.unpublished_by_import` records that the NPPES import (not an editor)
unpublished a provider, so that only those are published again when NPPES
reactivates the NPI. Earlier imports did not record it: existing deactivated,
unpublished providers are marked as unpublished by the import unless the audit
log shows an editor unpublishing them, or they were never published at all.

`ImportRun` gains the reject file's committed length (for `--resume`) and the
importing process's pid and host (to recognise a run whose process died).
"""

from django.db import migrations, models


def mark_import_unpublished(apps, schema_editor):
    Provider = apps.get_model("providers", "Provider")
    ContentType = apps.get_model("contenttypes", "ContentType")
    ModelLogEntry = apps.get_model("wagtailcore", "ModelLogEntry")
    candidates = Provider.objects.filter(
        deactivated_on__isnull=False, live=False, first_published_at__isnull=False
    )
    content_type = ContentType.objects.filter(app_label="providers", model="provider").first()
    editor_unpublished = set()
    if content_type is not None:
        editor_unpublished = {
            int(object_id)
            for object_id in ModelLogEntry.objects.filter(
                content_type=content_type, action="wagtail.unpublish"
            ).values_list("object_id", flat=True)
            if object_id.isdigit()
        }
    ids = set(candidates.values_list("pk", flat=True)) - editor_unpublished
    ids = sorted(ids)
    for start in range(0, len(ids), 500):  # SQLite's limit on query parameters
        Provider.objects.filter(pk__in=ids[start : start + 500]).update(
            unpublished_by_import=True
        )


class Migration(migrations.Migration):
    dependencies = [
        ("providers", "0006_verified_procedures"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("wagtailcore", "0098_apitoken"),
    ]

    operations = [
        migrations.AddField(
            model_name="provider",
            name="unpublished_by_import",
            field=models.BooleanField(db_default=False, default=False, editable=False),
        ),
        migrations.RunPython(mark_import_unpublished, migrations.RunPython.noop),
        migrations.AddField(
            model_name="importrun",
            name="committed_rejects_offset",
            field=models.BigIntegerField(default=0),
        ),
        migrations.AddField(
            model_name="importrun",
            name="pid",
            field=models.PositiveIntegerField(blank=True, null=True),
        ),
        migrations.AddField(
            model_name="importrun",
            name="hostname",
            field=models.CharField(blank=True, max_length=255),
        ),
    ]
