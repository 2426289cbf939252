"""Member States' participation moved from a plain many-to-many table to Participation, with a role: a
database migrated across the change keeps every participation (as "attended") and its history, and the
report's history still reads."""

import datetime

import pytest
from django.utils import timezone

from tests.migrations.test_several_plans import migrate

BEFORE = [("monitoring", "0012_partners_named")]
AFTER = [("monitoring", "0015_participation_through")]


def migrate_to_latest():
    from django.db import connection
    from django.db.migrations.executor import MigrationExecutor

    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(executor.loader.graph.leaf_nodes())


@pytest.fixture(autouse=True)
def _latest_schema_afterwards():
    yield
    migrate_to_latest()


@pytest.mark.django_db(transaction=True)
def test_participations_and_their_history_are_kept_as_attended():
    apps = migrate(BEFORE)
    Plan = apps.get_model("workplan", "Plan")
    plan = Plan.objects.create(kind="work_plan", title="Work Plan", short_name="Bali Work Plan", slug="bali-work-plan",
                               start_year=2019, end_year=2025)
    body = apps.get_model("bodies", "SectoralBody").objects.create(abbreviation="SOMTC", name="SOMTC", position=1)
    MemberState = apps.get_model("bodies", "MemberState")
    indonesia = MemberState.objects.create(name="Indonesia", code="IDN", joined_on=datetime.date(1967, 8, 8))
    malaysia = MemberState.objects.create(name="Malaysia", code="MYS", joined_on=datetime.date(1967, 8, 8))
    area = apps.get_model("workplan", "PriorityArea").objects.create(plan=plan, number=1, title="Area 1")
    line = apps.get_model("workplan", "ActionLine").objects.create(plan=plan, priority_area=area, number="1.1", position=1, text="t")
    focus = apps.get_model("workplan", "FocusArea").objects.create(action_line=line, position=1, text="focus")
    activity = apps.get_model("workplan", "Activity").objects.create(plan=plan, focus_area=focus, position=1, code="1.1.1", text="a")
    cycle = apps.get_model("reporting", "ReportingCycle").objects.create(
        plan=plan, year=2024, opens_on=datetime.date(2024, 10, 1), deadline=datetime.date(2025, 3, 31))
    user = apps.get_model("auth", "User").objects.create(username="somtc-officer")
    ActivityReport = apps.get_model("monitoring", "ActivityReport")
    report = ActivityReport.objects.create(activity=activity, cycle=cycle, implementing_body=body, created_by=user)
    report.participating_member_states.set([indonesia, malaysia])
    through_ids = dict(ActivityReport.participating_member_states.through.objects.values_list("memberstate_id", "pk"))
    # Two versions in the history: Indonesia alone, then Indonesia and Malaysia.
    History = apps.get_model("monitoring", "HistoricalActivityReport")
    OldHistorical = apps.get_model("monitoring", "HistoricalActivityReport_participating_member_states")
    fields = {f.attname: getattr(report, f.attname) for f in ActivityReport._meta.concrete_fields}
    versions = []
    for minutes, states in ((0, [indonesia]), (5, [indonesia, malaysia])):
        record = History.objects.create(**fields, history_date=timezone.now() + datetime.timedelta(minutes=minutes),
                                        history_type="~", history_user=user)
        for state in states:
            OldHistorical.objects.create(history=record, activityreport=report, memberstate=state, id=through_ids[state.pk])
        versions.append(record)

    apps = migrate(AFTER)
    Participation = apps.get_model("monitoring", "Participation")
    assert sorted(Participation.objects.values_list("activityreport_id", "memberstate__code", "role")) == [
        (report.pk, "IDN", "attended"), (report.pk, "MYS", "attended")]
    HistoricalParticipation = apps.get_model("monitoring", "HistoricalParticipation")
    kept = sorted(HistoricalParticipation.objects.values_list("history_id", "memberstate__code", "role"))
    assert kept == [(versions[0].pk, "IDN", "attended"), (versions[1].pk, "IDN", "attended"),
                    (versions[1].pk, "MYS", "attended")]

    # At the latest schema, the report's history page still reads the change the old table recorded.
    migrate_to_latest()
    from monitoring.models import ActivityReport as Report
    from monitoring.selectors import report_history

    entries = report_history(Report.objects.get(pk=report.pk))
    changes = [change for entry in entries for change in entry.changes]
    assert ("participating Member States", "Indonesia (attended)", "Indonesia (attended), Malaysia (attended)") in changes


@pytest.mark.django_db(transaction=True)
def test_the_migration_goes_back_to_the_plain_list():
    apps = migrate(AFTER)
    MemberState = apps.get_model("bodies", "MemberState")
    indonesia = MemberState.objects.create(name="Indonesia", code="IDN", joined_on=datetime.date(1967, 8, 8))
    plan = apps.get_model("workplan", "Plan").objects.create(kind="work_plan", title="W", short_name="W", slug="w",
                                                             start_year=2019, end_year=2025)
    area = apps.get_model("workplan", "PriorityArea").objects.create(plan=plan, number=1, title="Area 1")
    line = apps.get_model("workplan", "ActionLine").objects.create(plan=plan, priority_area=area, number="1.1", position=1, text="t")
    focus = apps.get_model("workplan", "FocusArea").objects.create(action_line=line, position=1, text="focus")
    activity = apps.get_model("workplan", "Activity").objects.create(plan=plan, focus_area=focus, position=1, code="1.1.1", text="a")
    cycle = apps.get_model("reporting", "ReportingCycle").objects.create(
        plan=plan, year=2024, opens_on=datetime.date(2024, 10, 1), deadline=datetime.date(2025, 3, 31))
    body = apps.get_model("bodies", "SectoralBody").objects.create(abbreviation="SOMTC", name="SOMTC", position=1)
    user = apps.get_model("auth", "User").objects.create(username="somtc-officer")
    report = apps.get_model("monitoring", "ActivityReport").objects.create(activity=activity, cycle=cycle,
                                                                         implementing_body=body, created_by=user)
    apps.get_model("monitoring", "Participation").objects.create(activityreport=report, memberstate=indonesia, role="hosted")

    apps = migrate(BEFORE)
    report = apps.get_model("monitoring", "ActivityReport").objects.get(pk=report.pk)
    assert list(report.participating_member_states.values_list("code", flat=True)) == ["IDN"]
