"""NPPES's deactivated-NPI report (`import_deactivated_npis`).

`ImportRun` gains its kind and the report's date; `Provider.deactivated_by_run` records
which run (a report, or an NPPES file) deactivated the NPI, for editors and the
profile's 410 page. A nullable column without an index or constraint: adding it to a
million-row table is instant.
"""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('providers', '0019_provider_specialty_name_covering'),
    ]

    operations = [
        migrations.AddField(
            model_name='importrun',
            name='report_date',
            field=models.DateField(blank=True, null=True),
        ),
        migrations.AddField(
            model_name='provider',
            name='deactivated_by_run',
            field=models.ForeignKey(blank=True, db_constraint=False, db_index=False, editable=False, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to='providers.importrun'),
        ),
        migrations.AlterField(
            model_name='importrun',
            name='kind',
            field=models.CharField(choices=[('nppes', 'NPPES providers'), ('nucc', 'NUCC taxonomy'), ('volume', 'Procedure volume'), ('deactivations', 'NPPES deactivation report')], max_length=13),
        ),
    ]
