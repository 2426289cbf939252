"""The cycles' plan made required, in a migration of its own: PostgreSQL refuses to alter a table in
the transaction that has just written rows the new constraint checks (the Bali Work Plan record
0002 may create)."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ("monitoring", "0002_cycles_of_a_plan"),
    ]

    operations = [
        migrations.AlterField(
            model_name="reportingcycle", name="plan",
            field=models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name="cycles", to="workplan.plan"),
        ),
        migrations.AlterModelOptions(name="reportingcycle", options={"ordering": ["plan_id", "-year"]}),
        migrations.AddConstraint(
            model_name="reportingcycle",
            constraint=models.UniqueConstraint(fields=("plan", "year"), name="unique_reporting_cycle_year_in_plan"),
        ),
    ]
