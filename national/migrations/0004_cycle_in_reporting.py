"""The reporting cycle moved to the reporting app (its table did not): the foreign keys follow in the
migration state only."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ("national", "0003_meetings"),
        ("reporting", "0001_initial"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[],
            state_operations=[
                migrations.AlterField(
                    model_name="nationalreport", name="cycle",
                    field=models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name="national_reports", to="reporting.reportingcycle"),
                ),
                migrations.AlterField(
                    model_name="historicalnationalreport", name="cycle",
                    field=models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name="+", to="reporting.reportingcycle"),
                ),
            ],
        ),
    ]
