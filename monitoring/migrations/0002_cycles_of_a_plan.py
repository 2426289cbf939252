"""Reporting cycles belong to a plan. Until now every cycle was the Bali Work Plan's, the one plan
the tracker held; a database with cycles but no plan gets the Bali Work Plan's record, so that no
cycle (and no report on it) is lost."""

import datetime

import django.db.models.deletion
from django.db import migrations, models


def give_cycles_their_plan(apps, schema_editor):
    Plan = apps.get_model("workplan", "Plan")
    ReportingCycle = apps.get_model("monitoring", "ReportingCycle")
    if not ReportingCycle.objects.exists():
        return
    plan = Plan.objects.filter(slug="bali-work-plan").first() or Plan.objects.order_by("pk").first()
    if plan is None:
        plan = Plan.objects.create(
            kind="work_plan",
            slug="bali-work-plan",
            title="Work Plan of the ASEAN Plan of Action to Prevent and Counter the Rise of Radicalisation and Violent Extremism (2019 – 2025)",
            short_name="Bali Work Plan",
            start_year=2019,
            end_year=2025,
            adopted_by="13th ASEAN Ministerial Meeting on Transnational Crime (AMMTC)",
            adopted_on=datetime.date(2019, 11, 27),
        )
    ReportingCycle.objects.update(plan=plan)


class Migration(migrations.Migration):

    dependencies = [
        ("monitoring", "0001_initial"),
        ("workplan", "0002_plans"),
    ]

    operations = [
        migrations.AddField(
            model_name="reportingcycle", name="plan",
            field=models.ForeignKey(null=True, on_delete=django.db.models.deletion.PROTECT, related_name="cycles", to="workplan.plan"),
        ),
        migrations.AlterField(model_name="reportingcycle", name="year", field=models.PositiveSmallIntegerField(verbose_name="year")),
        migrations.RunPython(give_cycles_their_plan, migrations.RunPython.noop),
    ]
