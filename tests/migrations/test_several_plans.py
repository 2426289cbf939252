"""A database built at the schema of the single-plan tracker migrates to several plans with nothing
lost: every report, history record, document, transition and audit event still points at the same
activity, and the one plan becomes the Bali Work Plan."""

import datetime

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

BEFORE = [("workplan", "0001_initial"), ("monitoring", "0001_initial"), ("audit", "0001_initial")]
AFTER = [("workplan", "0002_plans"), ("monitoring", "0003_cycle_plan_required"), ("audit", "0001_initial")]


def migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


@pytest.fixture(autouse=True)
def _latest_schema_afterwards():
    """Going back to BEFORE unapplies the apps that came later (builds, national…), which AFTER does not
    name: put the whole schema back for the tests that run next."""
    yield
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(executor.loader.graph.leaf_nodes())


def build_single_plan_database(apps):
    """What a database at the previous schema held: one plan, its matrix, a cycle and reports on two
    activities of two action lines, with everything that hangs off a report."""
    User = apps.get_model("auth", "User")
    SectoralBody = apps.get_model("bodies", "SectoralBody")
    WorkPlan = apps.get_model("workplan", "WorkPlan")
    PriorityArea = apps.get_model("workplan", "PriorityArea")
    ActionLine = apps.get_model("workplan", "ActionLine")
    FocusArea = apps.get_model("workplan", "FocusArea")
    Activity = apps.get_model("workplan", "Activity")
    Output = apps.get_model("workplan", "Output")
    ReportingCycle = apps.get_model("monitoring", "ReportingCycle")
    ActivityReport = apps.get_model("monitoring", "ActivityReport")
    HistoricalActivityReport = apps.get_model("monitoring", "HistoricalActivityReport")
    OutputAchievement = apps.get_model("monitoring", "OutputAchievement")
    ReportDocument = apps.get_model("monitoring", "ReportDocument")
    ReportTransition = apps.get_model("monitoring", "ReportTransition")
    AuditEvent = apps.get_model("audit", "AuditEvent")

    user = User.objects.create(username="somtc-officer")
    body = SectoralBody.objects.create(abbreviation="SOMTC", name="Senior Officials Meeting on Transnational Crime", position=1)
    plan = WorkPlan.objects.create(
        title="Work Plan of the ASEAN PoA PCRVE", short_title="Bali Work Plan", start_year=2019, end_year=2025,
        adopted_by="13th AMMTC", adopted_on=datetime.date(2019, 11, 27),
    )
    cycle = ReportingCycle.objects.create(year=2024, opens_on=datetime.date(2024, 10, 1), deadline=datetime.date(2025, 3, 31))
    made = {}
    for area_number, line_number in ((1, "1.8"), (3, "3.2")):
        area = PriorityArea.objects.create(work_plan=plan, number=area_number, title=f"Area {area_number}")
        line = ActionLine.objects.create(priority_area=area, number=line_number, position=int(line_number[-1]), text="t", matrix_text="t")
        focus_area = FocusArea.objects.create(action_line=line, position=1, text="focus")
        activity = Activity.objects.create(focus_area=focus_area, position=1, code=f"{line_number}.1", text=f"activity {line_number}.1")
        activity.lead_bodies.set([body])
        output = Output.objects.create(activity=activity, position=1, text="output")
        report = ActivityReport.objects.create(
            activity=activity, cycle=cycle, implementing_body=body, created_by=user, state="submitted", assessment="went well"
        )
        HistoricalActivityReport.objects.create(
            id=report.pk, activity_id=activity.pk, cycle_id=cycle.pk, implementing_body_id=body.pk, created_by_id=user.pk,
            state="draft", implementation_status="ongoing", version=1, history_date=datetime.datetime(2025, 1, 5, tzinfo=datetime.timezone.utc),
            history_type="+", created_at=report.created_at, updated_at=report.updated_at,
        )
        OutputAchievement.objects.create(report=report, output=output, level="achieved", evidence="minutes")
        ReportDocument.objects.create(
            report=report, file=f"reports/2024/{report.pk}/minutes.pdf", original_name="minutes.pdf",
            content_type="application/pdf", size=10, uploaded_by=user,
        )
        ReportTransition.objects.create(report=report, from_state="draft", to_state="submitted", by=user)
        AuditEvent.objects.create(
            action="report_submitted", user=user, object_type="monitoring.activityreport", object_id=str(report.pk),
            object_url=f"/monitoring/reports/{report.pk}/",
        )
        made[activity.code] = {"activity": activity.pk, "report": report.pk, "output": output.pk}
    return made


@pytest.mark.django_db(transaction=True)
def test_a_single_plan_database_migrates_with_every_report_still_on_its_activity():
    made = build_single_plan_database(migrate(BEFORE))
    apps = migrate(AFTER)
    Plan = apps.get_model("workplan", "Plan")
    Activity = apps.get_model("workplan", "Activity")
    ActionLine = apps.get_model("workplan", "ActionLine")
    ActivityReport = apps.get_model("monitoring", "ActivityReport")
    HistoricalActivityReport = apps.get_model("monitoring", "HistoricalActivityReport")
    ReportingCycle = apps.get_model("monitoring", "ReportingCycle")
    AuditEvent = apps.get_model("audit", "AuditEvent")

    plan = Plan.objects.get()
    assert (plan.slug, plan.kind, plan.short_name, plan.status) == ("bali-work-plan", "work_plan", "Bali Work Plan", "in_force")
    assert set(ActionLine.objects.values_list("plan", flat=True)) == {plan.pk}
    assert ReportingCycle.objects.get().plan_id == plan.pk
    for code, ids in made.items():
        activity = Activity.objects.get(plan=plan, code=code)
        assert activity.pk == ids["activity"]
        report = ActivityReport.objects.get(pk=ids["report"])
        assert (report.activity_id, report.state, report.assessment) == (activity.pk, "submitted", "went well")
        assert list(report.achievements.values_list("output", "level")) == [(ids["output"], "achieved")]
        assert list(report.documents.values_list("original_name", flat=True)) == ["minutes.pdf"]
        assert list(report.transitions.values_list("to_state", flat=True)) == ["submitted"]
        assert HistoricalActivityReport.objects.get(id=report.pk).activity_id == activity.pk
        assert AuditEvent.objects.get(object_id=str(report.pk)).object_type == "monitoring.activityreport"


@pytest.mark.django_db(transaction=True)
def test_cycles_without_a_plan_get_the_bali_work_plan_record():
    apps = migrate(BEFORE)
    apps.get_model("monitoring", "ReportingCycle").objects.create(
        year=2023, opens_on=datetime.date(2023, 10, 1), deadline=datetime.date(2024, 3, 31)
    )
    apps = migrate(AFTER)
    cycle = apps.get_model("monitoring", "ReportingCycle").objects.get()
    assert cycle.plan.slug == "bali-work-plan" and cycle.plan.start_year == 2019
