"""The reporting cycle, its expected reports and its reminders moved to the reporting app: in the
migration state only, their tables and rows stay."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ("monitoring", "0008_open_recommendations_indexes"),
        ("reporting", "0001_initial"),
        # Every foreign key to the old model follows first.
        ("national", "0004_cycle_in_reporting"),
        ("annualreports", "0002_cycle_in_reporting"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[],
            state_operations=[
                migrations.AlterField(
                    model_name="activityreport", name="cycle",
                    field=models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name="reports", to="reporting.reportingcycle"),
                ),
                migrations.AlterField(
                    model_name="historicalactivityreport", name="cycle",
                    field=models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name="+", to="reporting.reportingcycle"),
                ),
                migrations.DeleteModel(name="ExpectedReport"),
                migrations.DeleteModel(name="ReminderSent"),
                migrations.DeleteModel(name="ReportingCycle"),
            ],
        ),
    ]
