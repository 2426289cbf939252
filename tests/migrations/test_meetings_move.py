"""Meetings and their decisions move from national/ to meetings/ with nothing copied or lost: the same
rows in the same tables, with their plans, Member States and provisions, and the same content types."""

import datetime

import pytest
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from tests.factories import ActionLineFactory, MemberStateFactory

pytestmark = pytest.mark.django_db(transaction=True)

BEFORE = [("national", "0003_meetings"), ("meetings", None)]  # None: not a migration of meetings applied
AFTER = [("national", "0007_meetings_leave_for_their_app"), ("meetings", "0001_initial")]
TABLES = {"national_meeting", "national_meeting_plans", "national_meeting_member_states_present",
          "national_meeting_bodies_present", "national_decision", "national_decision_provisions",
          "national_decision_activities"}


def migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state([target for target in targets if target[1]]).apps


@pytest.fixture(autouse=True)
def _latest_schema_afterwards():
    yield
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(executor.loader.graph.leaf_nodes())


def test_a_meeting_recorded_in_national_is_still_there_with_its_decisions_after_the_move():
    provision = ActionLineFactory()
    indonesia = MemberStateFactory(name="Indonesia", code="IDN")
    apps = migrate(BEFORE)
    ContentType.objects.filter(app_label="meetings").delete()
    ContentType.objects.get_or_create(app_label="national", model="meeting")
    OldMeeting, OldDecision = apps.get_model("national", "Meeting"), apps.get_model("national", "Decision")
    old = OldMeeting.objects.create(title="21st SOMTC WG on CT", kind="wg_on_ct", held_on=datetime.date(2025, 5, 14))
    old.plans.set([provision.priority_area.plan_id])
    old.member_states_present.set([indonesia.pk])
    OldDecision.objects.create(meeting=old, position=1, text="Report on CT financing.").provisions.set([provision.pk])

    apps = migrate(AFTER)
    Meeting, Decision = apps.get_model("meetings", "Meeting"), apps.get_model("meetings", "Decision")
    meeting = Meeting.objects.get(pk=old.pk)
    assert meeting.title == "21st SOMTC WG on CT"
    assert list(meeting.plans.values_list("pk", flat=True)) == [provision.priority_area.plan_id]
    assert list(meeting.member_states_present.values_list("code", flat=True)) == ["IDN"]
    decision = Decision.objects.get(meeting=meeting)
    assert list(decision.provisions.values_list("pk", flat=True)) == [provision.pk]
    assert TABLES <= set(connection.introspection.table_names())
    assert ContentType.objects.filter(app_label="meetings", model="meeting").exists()
    assert not ContentType.objects.filter(app_label="national", model="meeting").exists()
