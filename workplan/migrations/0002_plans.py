"""Several plans in one tracker: the single WorkPlan becomes a Plan among others, and every code is
unique within its plan only. A database holding the Bali Work Plan keeps every row where it was: the
plan is renamed in place and its priority areas, action lines and activities are given its key."""

import django.db.models.deletion
from django.db import migrations, models


def name_existing_plans(apps, schema_editor):
    Plan = apps.get_model("workplan", "Plan")
    for index, plan in enumerate(Plan.objects.order_by("pk")):
        # Until now the tracker held exactly one plan, the Bali Work Plan.
        plan.slug = "bali-work-plan" if index == 0 else f"work-plan-{plan.pk}"
        plan.kind = "work_plan"
        plan.save(update_fields=["slug", "kind"])


def give_rows_their_plan(apps, schema_editor):
    ActionLine = apps.get_model("workplan", "ActionLine")
    Activity = apps.get_model("workplan", "Activity")
    PriorityArea = apps.get_model("workplan", "PriorityArea")
    for area in PriorityArea.objects.all():
        ActionLine.objects.filter(priority_area=area).update(plan=area.plan_id)
        Activity.objects.filter(focus_area__action_line__priority_area=area).update(plan=area.plan_id)


class Migration(migrations.Migration):

    dependencies = [
        ("workplan", "0001_initial"),
    ]

    operations = [
        migrations.RemoveConstraint(model_name="workplan", name="work_plan_years_in_order"),
        migrations.RenameModel(old_name="WorkPlan", new_name="Plan"),
        migrations.RenameField(model_name="plan", old_name="short_title", new_name="short_name"),
        migrations.AlterField(model_name="plan", name="short_name", field=models.CharField(max_length=100, verbose_name="short name")),
        migrations.AddField(
            model_name="plan",
            name="kind",
            field=models.CharField(
                choices=[("plan_of_action", "Plan of action"), ("work_plan", "Work plan")],
                default="work_plan", max_length=16, verbose_name="kind",
            ),
            preserve_default=False,
        ),
        # A plain column first, made a unique slug once filled in: added as a SlugField, PostgreSQL would be
        # asked for its pattern index twice.
        migrations.AddField(model_name="plan", name="slug", field=models.CharField(max_length=50, null=True, verbose_name="slug")),
        migrations.AddField(model_name="plan", name="description", field=models.TextField(blank=True, verbose_name="description")),
        migrations.AddField(
            model_name="plan",
            name="status",
            field=models.CharField(
                choices=[("in_force", "In force"), ("ended", "Ended")], default="in_force",
                help_text="An ended plan is read-only: no new reports and no import.", max_length=8, verbose_name="status",
            ),
        ),
        migrations.AddField(
            model_name="plan",
            name="implements",
            field=models.ForeignKey(
                blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name="work_plans",
                limit_choices_to={"kind": "plan_of_action"}, to="workplan.plan", verbose_name="implements",
                help_text="For a work plan: the plan of action whose provisions its matrix implements.",
            ),
        ),
        migrations.AddField(
            model_name="plan",
            name="succeeded_by",
            field=models.OneToOneField(
                blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name="predecessor",
                to="workplan.plan", verbose_name="succeeded by",
            ),
        ),
        migrations.AddField(
            model_name="plan", name="area_label",
            field=models.CharField(default="priority area", max_length=40, verbose_name="name of an area"),
        ),
        migrations.AddField(
            model_name="plan", name="provision_label",
            field=models.CharField(default="action line", max_length=40, verbose_name="name of a provision"),
        ),
        migrations.AlterField(model_name="plan", name="adopted_by", field=models.CharField(blank=True, max_length=200, verbose_name="adopted by")),
        migrations.AlterField(model_name="plan", name="adopted_on", field=models.DateField(blank=True, null=True, verbose_name="adopted on")),
        migrations.AlterField(
            model_name="plan", name="end_year",
            field=models.PositiveSmallIntegerField(blank=True, null=True, help_text="Empty for a plan without an end date.", verbose_name="last year"),
        ),
        migrations.RunPython(name_existing_plans, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="plan", name="slug",
            field=models.SlugField(help_text="Names the plan in its pages' addresses.", unique=True, verbose_name="slug"),
        ),
        migrations.AlterModelOptions(name="plan", options={"ordering": ["start_year", "pk"]}),
        migrations.AddConstraint(model_name="plan", constraint=models.CheckConstraint(condition=models.Q(("kind__in", ["plan_of_action", "work_plan"])), name="plan_kind_valid")),
        migrations.AddConstraint(model_name="plan", constraint=models.CheckConstraint(condition=models.Q(("status__in", ["in_force", "ended"])), name="plan_status_valid")),
        migrations.AddConstraint(
            model_name="plan",
            constraint=models.CheckConstraint(
                condition=models.Q(("end_year__isnull", True), ("end_year__gte", models.F("start_year")), _connector="OR"),
                name="plan_years_in_order",
            ),
        ),
        migrations.AddConstraint(
            model_name="plan",
            constraint=models.CheckConstraint(
                condition=models.Q(("implements__isnull", True), ("kind", "work_plan"), _connector="OR"),
                name="plan_only_work_plans_implement",
            ),
        ),
        # Priority areas: of a plan, not of "the" work plan.
        migrations.RemoveConstraint(model_name="priorityarea", name="unique_priority_area_number"),
        migrations.RenameField(model_name="priorityarea", old_name="work_plan", new_name="plan"),
        migrations.AlterField(
            model_name="priorityarea", name="plan",
            field=models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name="priority_areas", to="workplan.plan"),
        ),
        migrations.AlterField(model_name="priorityarea", name="title", field=models.CharField(max_length=500, verbose_name="title")),
        migrations.AlterField(
            model_name="priorityarea", name="description",
            field=models.TextField(blank=True, help_text="As the plan defines it.", verbose_name="description"),
        ),
        migrations.AlterModelOptions(name="priorityarea", options={"ordering": ["plan_id", "number"]}),
        migrations.AddConstraint(model_name="priorityarea", constraint=models.UniqueConstraint(fields=("plan", "number"), name="unique_priority_area_number")),
        # Action lines and activities: numbered within their plan.
        migrations.AddField(
            model_name="actionline", name="plan",
            field=models.ForeignKey(null=True, on_delete=django.db.models.deletion.PROTECT, related_name="action_lines", to="workplan.plan"),
        ),
        migrations.AddField(
            model_name="actionline", name="implements",
            field=models.ForeignKey(
                blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name="implemented_by",
                to="workplan.actionline", verbose_name="implements",
                help_text="In a work plan: the provision of the plan of action that this line of the matrix implements.",
            ),
        ),
        migrations.AlterField(model_name="actionline", name="number", field=models.CharField(max_length=8, verbose_name="number")),
        migrations.AlterField(
            model_name="actionline", name="text",
            field=models.TextField(help_text="The provision as its plan of action words it.", verbose_name="text"),
        ),
        migrations.AlterField(
            model_name="actionline", name="matrix_text",
            field=models.TextField(
                blank=True, verbose_name="text in the matrix",
                help_text="In a work plan: the line as the matrix prints it, which differs in places from the plan of action.",
            ),
        ),
        migrations.AddField(
            model_name="activity", name="plan",
            field=models.ForeignKey(null=True, on_delete=django.db.models.deletion.PROTECT, related_name="activities", to="workplan.plan"),
        ),
        migrations.AlterField(
            model_name="activity", name="code",
            field=models.CharField(
                max_length=16, verbose_name="code",
                help_text="Stable reference within the plan: the action line and the activity's number within it, e.g. 1.2.3.",
            ),
        ),
        migrations.RunPython(give_rows_their_plan, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="actionline", name="plan",
            field=models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name="action_lines", to="workplan.plan"),
        ),
        migrations.AlterField(
            model_name="activity", name="plan",
            field=models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name="activities", to="workplan.plan"),
        ),
        migrations.AlterModelOptions(name="actionline", options={"ordering": ["plan_id", "priority_area__number", "position"]}),
        migrations.AddConstraint(model_name="actionline", constraint=models.UniqueConstraint(fields=("plan", "number"), name="unique_action_line_number_in_plan")),
        migrations.AddConstraint(model_name="activity", constraint=models.UniqueConstraint(fields=("plan", "code"), name="unique_activity_code_in_plan")),
    ]
