"""The reporting cycle moved to the reporting app (its table did not): the foreign keys follow in the
migration state only."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ("annualreports", "0001_initial"),
        ("reporting", "0001_initial"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[],
            state_operations=[
                migrations.AlterField(
                    model_name="annualreporttext", name="cycle",
                    field=models.OneToOneField(on_delete=django.db.models.deletion.PROTECT, related_name="annual_report_text", to="reporting.reportingcycle"),
                ),
                migrations.AlterField(
                    model_name="annualreportversion", name="cycle",
                    field=models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name="annual_report_versions", to="reporting.reportingcycle"),
                ),
            ],
        ),
    ]
