from django.db import migrations, models
from django.utils import timezone


def create_row(apps, schema_editor):
    ContentVersion = apps.get_model("http_cache", "ContentVersion")
    ContentVersion.objects.get_or_create(id=1, defaults={"changed_at": timezone.now()})


class Migration(migrations.Migration):
    initial = True

    dependencies = []

    operations = [
        migrations.CreateModel(
            name="ContentVersion",
            fields=[
                (
                    "id",
                    models.PositiveSmallIntegerField(default=1, primary_key=True, serialize=False),
                ),
                ("version", models.BigIntegerField(default=1)),
                ("changed_at", models.DateTimeField()),
                ("previous_changed_at", models.DateTimeField(blank=True, null=True)),
            ],
            options={"verbose_name": "content version"},
        ),
        migrations.RunPython(create_row, migrations.RunPython.noop),
    ]
