"""The reporting cycle, its expected reports and its reminders moved from monitoring to reporting: a
database migrated across the move keeps every row, and the reports still point at their cycle."""

import datetime

import pytest

from tests.migrations.test_several_plans import migrate

BEFORE = [("monitoring", "0008_open_recommendations_indexes"), ("national", "0003_meetings"),
          ("annualreports", "0001_initial")]
AFTER = [("monitoring", "0009_cycle_in_reporting"), ("reporting", "0002_expected_of_a_body_or_a_state")]


@pytest.fixture(autouse=True)
def _latest_schema_afterwards():
    yield
    from django.db import connection
    from django.db.migrations.executor import MigrationExecutor

    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(executor.loader.graph.leaf_nodes())


@pytest.mark.django_db(transaction=True)
def test_cycles_expected_reports_and_reminders_keep_their_rows_across_the_move():
    apps = migrate(BEFORE)
    Plan = apps.get_model("workplan", "Plan")
    plan = Plan.objects.create(kind="work_plan", title="Work Plan", short_name="Bali Work Plan", slug="bali-work-plan",
                               start_year=2019, end_year=2025)
    body = apps.get_model("bodies", "SectoralBody").objects.create(abbreviation="SOMTC", name="SOMTC", position=1)
    area = apps.get_model("workplan", "PriorityArea").objects.create(plan=plan, number=1, title="Area 1")
    line = apps.get_model("workplan", "ActionLine").objects.create(plan=plan, priority_area=area, number="1.1", position=1, text="t")
    focus = apps.get_model("workplan", "FocusArea").objects.create(action_line=line, position=1, text="focus")
    activity = apps.get_model("workplan", "Activity").objects.create(plan=plan, focus_area=focus, position=1, code="1.1.1", text="a")
    cycle = apps.get_model("monitoring", "ReportingCycle").objects.create(
        plan=plan, year=2024, opens_on=datetime.date(2024, 10, 1), deadline=datetime.date(2025, 3, 31))
    apps.get_model("monitoring", "ExpectedReport").objects.create(cycle=cycle, activity=activity, body=body, reason="lead")
    apps.get_model("monitoring", "ReminderSent").objects.create(cycle=cycle, body=body, on=datetime.date(2025, 3, 24))
    user = apps.get_model("auth", "User").objects.create(username="somtc-officer")
    report = apps.get_model("monitoring", "ActivityReport").objects.create(
        activity=activity, cycle=cycle, implementing_body=body, created_by=user)

    apps = migrate(AFTER)
    moved = apps.get_model("reporting", "ReportingCycle").objects.get()
    assert (moved.pk, moved.year, moved.plan_id) == (cycle.pk, 2024, plan.pk)
    expected = apps.get_model("reporting", "ExpectedReport").objects.get()
    assert (expected.cycle_id, expected.activity_id, expected.body_id, expected.member_state_id) == (cycle.pk, activity.pk, body.pk, None)
    assert apps.get_model("reporting", "ReminderSent").objects.get().body_id == body.pk
    assert apps.get_model("monitoring", "ActivityReport").objects.get(pk=report.pk).cycle_id == cycle.pk
    ContentType = apps.get_model("contenttypes", "ContentType")
    assert not ContentType.objects.filter(app_label="monitoring", model="reportingcycle").exists()
