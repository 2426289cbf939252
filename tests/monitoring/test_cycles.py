"""The reporting cycle's calendar: who is expected to report, the rates of what came in, the reminders
on their days (with a frozen clock), and the closing."""

import datetime
import io
import zoneinfo

import pytest
import time_machine
from django.core.management import call_command
from django.urls import reverse

from monitoring import cycles, services
from monitoring.models import ActivityReport, ReportingAssignment
from demo.synthetic import generate
from notifications.models import Delivery, Event, Notification, Preference
from reporting import calendar
from reporting.models import ExpectationReason, ExpectedReport, ReminderSent, ReportingCycle
from tests.factories import ActionLineFactory, ActivityFactory, FocusAreaFactory, SectoralBodyFactory
from tests.monitoring.conftest import complete

pytestmark = pytest.mark.django_db
JAKARTA = zoneinfo.ZoneInfo("Asia/Jakarta")


def test_leads_are_expected_and_an_activity_without_a_lead_falls_to_the_mtfs_choice_or_the_relevant_bodies(world):
    acw, somed = SectoralBodyFactory(abbreviation="ACW"), SectoralBodyFactory(abbreviation="SOMED")
    line = ActionLineFactory(priority_area=world.activity.focus_area.action_line.priority_area, relevant_bodies=[acw, somed])
    orphan = ActivityFactory(focus_area=FocusAreaFactory(action_line=line))
    assigned = ActivityFactory(focus_area=FocusAreaFactory(action_line=line))
    ReportingAssignment.objects.create(activity=assigned, body=world.aichr)
    assert cycles.expected_pairs(world.cycle.plan) == {
        (world.activity.pk, world.somtc.pk): ExpectationReason.LEAD,
        (world.other_activity.pk, world.aichr.pk): ExpectationReason.LEAD,
        (orphan.pk, acw.pk): ExpectationReason.RELEVANT,
        (orphan.pk, somed.pk): ExpectationReason.RELEVANT,
        (assigned.pk, world.aichr.pk): ExpectationReason.ASSIGNED,
    }


def test_expected_reports_follow_the_matrix_but_keep_what_was_reported(world, draft):
    assert cycles.expect_reports(world.cycle) == (2, 0)
    assert cycles.expect_reports(world.cycle) == (0, 0)
    world.activity.lead_bodies.set([world.aichr])  # the matrix changes: SOMTC no longer leads it
    cycles.expect_reports(world.cycle)
    assert set(world.cycle.expected_reports.values_list("activity", "body")) == {
        (world.activity.pk, world.aichr.pk), (world.other_activity.pk, world.aichr.pk),
        (world.activity.pk, world.somtc.pk),  # SOMTC has a report on it: it stays counted
    }


def test_reporting_rates_agree_with_an_independent_count(real_plan, django_assert_num_queries):
    call_command("load_cycles", verbosity=0)
    generate(scale=1, seed=11)
    cycle = ReportingCycle.objects.get(plan__slug="bali-work-plan", state="open")
    cycles.expect_reports(cycle)
    reports = {(r.activity_id, r.implementing_body_id): r for r in ActivityReport.objects.filter(cycle=cycle)}
    by_body = {}
    for expected in ExpectedReport.objects.filter(cycle=cycle):
        report = reports.get((expected.activity_id, expected.body_id))
        received = bool(report and report.first_submitted_at)
        on_time = received and report.first_submitted_at.astimezone(JAKARTA).date() <= cycle.deadline
        counts = by_body.setdefault(expected.body_id, [0, 0, 0])
        counts[0] += 1
        counts[1] += received
        counts[2] += on_time
    with django_assert_num_queries(1):
        rates = {row["body"]: [row["expected"], row["received"], row["on_time"]]
                 for row in cycle.expected_reports.rates(ActivityReport, "body")}
    assert rates == by_body
    assert sum(n[1] for n in by_body.values()) > sum(n[2] for n in by_body.values()) > 0, "some late, some on time"
    overall = cycle.expected_reports.rates(ActivityReport)
    assert [overall["expected"], overall["received"], overall["on_time"]] == [sum(n[i] for n in by_body.values()) for i in range(3)]


def test_opening_a_cycle_tells_each_body_what_it_is_expected_to_report_once(world):
    world.staff.email, world.other_staff.email = "somtc@asean.example", "aichr@asean.example"
    world.staff.save(), world.other_staff.save()
    calendar.open_cycle(world.cycle)
    calendar.open_cycle(world.cycle)
    opened = Notification.objects.filter(event=Event.CYCLE_OPENED)
    assert sorted(n.recipient.username for n in opened) == ["aichr", "somtc"]
    assert f"expected to report on 1 activity: {world.activity.code}." in opened.get(recipient=world.staff).lines[0]


def test_reminders_go_on_their_days_to_bodies_with_outstanding_reports_once_a_day(world, draft):
    world.staff.email, world.other_staff.email = "somtc@asean.example", "aichr@asean.example"
    world.staff.save(), world.other_staff.save()
    Preference.objects.create(user=world.other_staff, event=Event.REMINDER, delivery=Delivery.OFF)
    cycles.expect_reports(world.cycle)
    deadline = world.cycle.deadline
    with time_machine.travel(datetime.datetime.combine(deadline - datetime.timedelta(days=13), datetime.time(6), JAKARTA)):
        assert calendar.send_reminders() == []  # not a reminder day
    with time_machine.travel(datetime.datetime.combine(deadline - datetime.timedelta(days=14), datetime.time(6), JAKARTA)):
        assert {body.abbreviation for _, body in calendar.send_reminders()} == {"SOMTC", "AICHR"}
        assert calendar.send_reminders() == [], "once a day"
    [reminder] = Notification.objects.filter(event=Event.REMINDER)
    assert reminder.recipient == world.staff, "AICHR's staff turned reminders off"
    assert "is due in 14 days" in reminder.lines[0] and world.activity.code in reminder.lines[1]
    services.submit_report(report=complete(draft), user=world.staff)
    with time_machine.travel(datetime.datetime.combine(deadline + datetime.timedelta(days=1), datetime.time(6), JAKARTA)):
        assert [body.abbreviation for _, body in calendar.send_reminders()] == ["AICHR"]
    assert ReminderSent.objects.count() == 3


def test_a_cycle_closes_by_itself_after_its_closing_day_and_the_command_does_the_days_work(world):
    world.cycle.closes_on = world.cycle.deadline + datetime.timedelta(days=40)  # no reminder day near it
    world.cycle.save()
    out = io.StringIO()
    call_command("send_reminders", "--today", str(world.cycle.closes_on), stdout=out)
    assert ReportingCycle.objects.get(pk=world.cycle.pk).is_open and "Nothing due today." in out.getvalue()
    call_command("send_reminders", "--today", str(world.cycle.closes_on + datetime.timedelta(days=1)), stdout=out)
    assert not ReportingCycle.objects.get(pk=world.cycle.pk).is_open
    assert "Closed the 2025 reporting cycle" in out.getvalue()


def test_before_closing_a_cycle_the_administrator_sees_what_is_outstanding(client, world, draft):
    cycles.expect_reports(world.cycle)
    client.force_login(world.admin)
    url = reverse("admin:reporting_reportingcycle_changelist")
    page = client.post(url, {"action": "close_cycles", "_selected_action": [world.cycle.pk]}).content.decode()
    assert "Still outstanding" in page and f"{world.activity.code}" in page and "AICHR" in page
    assert ReportingCycle.objects.get(pk=world.cycle.pk).is_open
    client.post(url, {"action": "close_cycles", "_selected_action": [world.cycle.pk], "confirm": "yes"})
    assert not ReportingCycle.objects.get(pk=world.cycle.pk).is_open
