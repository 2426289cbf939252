"""The reporting cycle, its expected reports and its reminders move here from monitoring: the models
change app, the tables (and their rows) stay where they are. Nothing in the database changes but the
content types, renamed so that permissions and history that point at them keep pointing."""

import django.db.models.deletion
from django.db import migrations, models

MOVED = ["reportingcycle", "expectedreport", "remindersent"]


def rename_content_types(apps, schema_editor, *, source="monitoring", target="reporting"):
    ContentType = apps.get_model("contenttypes", "ContentType")
    for model in MOVED:
        if not ContentType.objects.filter(app_label=target, model=model).exists():
            ContentType.objects.filter(app_label=source, model=model).update(app_label=target)


def restore_content_types(apps, schema_editor):
    rename_content_types(apps, schema_editor, source="reporting", target="monitoring")


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ("bodies", "0001_initial"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("monitoring", "0008_open_recommendations_indexes"),
        ("workplan", "0002_plans"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[],
            state_operations=[
                migrations.CreateModel(
                    name="ReportingCycle",
                    fields=[
                        ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                        ("year", models.PositiveSmallIntegerField(verbose_name="year")),
                        ("opens_on", models.DateField(verbose_name="opens on")),
                        ("deadline", models.DateField(verbose_name="deadline")),
                        ("state", models.CharField(choices=[("open", "Open"), ("closed", "Closed")], default="open", max_length=8, verbose_name="state")),
                        ("closes_on", models.DateField(blank=True, help_text="The cycle closes by itself after this day; empty: it stays open until an administrator closes it.", null=True, verbose_name="closes on")),
                        ("announced_at", models.DateTimeField(blank=True, null=True, verbose_name="bodies told of their expected reports at")),
                        ("plan", models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name="cycles", to="workplan.plan")),
                    ],
                    options={
                        "db_table": "monitoring_reportingcycle",
                        "ordering": ["plan_id", "-year"],
                        "constraints": [
                            models.UniqueConstraint(fields=("plan", "year"), name="unique_reporting_cycle_year_in_plan"),
                            models.CheckConstraint(condition=models.Q(("state__in", ["open", "closed"])), name="reporting_cycle_state_valid"),
                            models.CheckConstraint(condition=models.Q(("deadline__gte", models.F("opens_on"))), name="reporting_cycle_dates_in_order"),
                            models.CheckConstraint(condition=models.Q(("closes_on__isnull", True), ("closes_on__gte", models.F("deadline")), _connector="OR"), name="reporting_cycle_closes_after_deadline"),
                            models.CheckConstraint(condition=models.Q(("year__gte", 2000), ("year__lte", 2100)), name="reporting_cycle_year_plausible"),
                        ],
                    },
                ),
                migrations.CreateModel(
                    name="ExpectedReport",
                    fields=[
                        ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                        ("reason", models.CharField(choices=[("lead", "leads it"), ("assigned", "assigned by the MTF"), ("relevant", "relevant to its action line; the activity has no lead")], max_length=10, verbose_name="why")),
                        ("activity", models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name="expected_reports", to="workplan.activity")),
                        ("body", models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name="expected_reports", to="bodies.sectoralbody")),
                        ("cycle", models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name="expected_reports", to="reporting.reportingcycle")),
                    ],
                    options={
                        "db_table": "monitoring_expectedreport",
                        "ordering": ["cycle", "activity__code", "body__position"],
                        "constraints": [
                            models.UniqueConstraint(fields=("cycle", "activity", "body"), name="unique_expected_report"),
                            models.CheckConstraint(condition=models.Q(("reason__in", ["lead", "assigned", "relevant"])), name="expected_report_reason_valid"),
                        ],
                    },
                ),
                migrations.CreateModel(
                    name="ReminderSent",
                    fields=[
                        ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                        ("on", models.DateField(verbose_name="day")),
                        ("body", models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name="+", to="bodies.sectoralbody")),
                        ("cycle", models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name="+", to="reporting.reportingcycle")),
                    ],
                    options={
                        "db_table": "monitoring_remindersent",
                        "constraints": [models.UniqueConstraint(fields=("cycle", "body", "on"), name="unique_reminder_per_day")],
                    },
                ),
            ],
        ),
        migrations.RunPython(rename_content_types, restore_content_types),
    ]
