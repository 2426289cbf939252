"""Each reporting figure has one definition (reporting.figures) and every place that shows it agrees:
counted here by walking the rows of a cycle with known data, then read off the home page, the
dashboard, the annual report, the reminder emails, and the chair's pages for the national reports."""

import datetime
import zoneinfo

import pytest
import time_machine
from django.urls import reverse

from monitoring import services
from monitoring.models import ActivityReport
from national.models import NationalReport
from notifications.models import Event, Notification
from reporting import calendar, figures
from reporting.models import ExpectedReport
from tests.factories import ActivityFactory, MemberStateFactory, ReportingCycleFactory
from tests.monitoring.conftest import complete, world  # noqa: F401 (fixture)
from tests.national.conftest import nat  # noqa: F401 (fixture)

pytestmark = pytest.mark.django_db

JAKARTA = zoneinfo.ZoneInfo("Asia/Jakarta")


def at(day, hour=9):
    return time_machine.travel(datetime.datetime.combine(day, datetime.time(hour), JAKARTA))


def by_hand(cycle, model):
    """expected, received, on time, late per writer and awaiting review, by walking the rows."""
    keys = list(model.EXPECTED_BY.items())
    expected = [tuple(getattr(row, f"{theirs}_id") for _, theirs in keys) for row in ExpectedReport.objects.filter(cycle=cycle)
                if all(getattr(row, f"{theirs}_id") for _, theirs in keys)]
    reports = {tuple(getattr(report, f"{mine}_id") for mine, _ in keys): report for report in model.objects.filter(cycle=cycle)}
    received = [key for key in expected if key in reports and reports[key].first_submitted_at]
    on_time = [key for key in received if reports[key].first_submitted_at.astimezone(JAKARTA).date() <= cycle.deadline]
    late = {}
    for key in expected:
        if key not in received:
            late[key[-1]] = late.get(key[-1], 0) + 1  # by the writer: the body, or the state
    awaiting = sum(1 for report in reports.values() if report.state == "submitted")
    return {"expected": len(expected), "received": len(received), "on_time": len(on_time), "late": late, "awaiting": awaiting}


@pytest.fixture
def known_cycle(world):
    """The 2025 cycle: SOMTC leads four activities, AICHR three. SOMTC sends two on time (one accepted),
    keeps one as a draft; AICHR sends one after the deadline; the rest are never started."""
    somtc_more = [ActivityFactory(lead_bodies=[world.somtc]) for _ in range(3)]
    aichr_more = [ActivityFactory(lead_bodies=[world.aichr]) for _ in range(2)]
    calendar.expect(world.cycle)
    cycle = world.cycle
    with at(cycle.deadline - datetime.timedelta(days=20)):
        for activity in (world.activity, somtc_more[0]):
            report = services.start_report(activity=activity, cycle=cycle, body=world.somtc, user=world.staff)
            services.submit_report(report=complete(report), user=world.staff)
        services.accept_report(report=report, user=world.cochair)
        services.start_report(activity=somtc_more[1], cycle=cycle, body=world.somtc, user=world.staff)
    with at(cycle.deadline + datetime.timedelta(days=3)):
        report = services.start_report(activity=aichr_more[0], cycle=cycle, body=world.aichr, user=world.other_staff)
        services.submit_report(report=complete(report), user=world.other_staff)
    return cycle


def test_the_figures_agree_with_a_count_of_the_rows_everywhere(client, world, known_cycle):
    cycle = known_cycle
    counted = by_hand(cycle, ActivityReport)
    assert counted == {"expected": 7, "received": 3, "on_time": 2, "late": {world.somtc.pk: 2, world.aichr.pk: 2},
                       "awaiting": 2}, "the known data"
    today = cycle.deadline + datetime.timedelta(days=7)  # a reminder day (REMINDER_DAYS_AFTER)
    with at(today):
        made = figures.figures(cycle, ActivityReport)
        assert (made.expected, made.received, made.on_time, made.late, made.awaiting_review) == (7, 3, 2, 4, 2)
        assert made.not_started == 3

        client.force_login(world.cochair)
        home = client.get(reverse("home")).context["attention"]
        assert {row["body__abbreviation"]: row["n"] for row in home.late} == {"SOMTC": 2, "AICHR": 2}
        assert dict((slug, n) for slug, _, n in home.to_review) == {cycle.plan.slug: 2}

        dashboard = client.get(reverse("dashboard:dashboard", args=[cycle.plan.slug]), {"cycle": cycle.year}).context
        total = dashboard["rates_total"]
        assert (total.expected, total.received, total.on_time) == (7, 3, 2)
        assert {body.abbreviation: n for body, n in dashboard["late_in_cycle"]} == {"SOMTC": 2, "AICHR": 2}

        annual = client.get(reverse("annualreports:annual_report", args=[cycle.plan.slug]), {"cycle": cycle.year}).context
        assert {body.abbreviation: n for body, n in annual["report"].late} == {"SOMTC": 2, "AICHR": 2}
        _, annual_total = annual["report"].rates
        assert (annual_total.expected, annual_total.received, annual_total.on_time) == (7, 3, 2)

        world.staff.email, world.other_staff.email = "somtc@asean.example", "aichr@asean.example"
        world.staff.save(), world.other_staff.save()
        calendar.send_reminders()
    reminders = {n.recipient.username: n for n in Notification.objects.filter(event=Event.REMINDER)}
    for username, late in (("somtc", 2), ("aichr", 2)):
        owed = reminders[username].lines[1].split(": ", 1)[1].rstrip(".").split(", ")
        assert len(owed) == late, username


def test_a_closed_cycle_of_2020_has_its_expected_reports_and_rates(client, world):
    cycle = ReportingCycleFactory(year=2020, state="closed")
    calendar.expect_every_cycle()  # a closed cycle without expectations gets them once
    with at(cycle.deadline - datetime.timedelta(days=1)):
        report = services.start_report(activity=world.activity, cycle=cycle, body=world.somtc, user=world.admin)
        services.submit_report(report=complete(report, start_date=datetime.date(2020, 5, 1),
                                               end_date=datetime.date(2020, 5, 2)), user=world.admin)
    counted = by_hand(cycle, ActivityReport)
    assert (counted["expected"], counted["received"], counted["on_time"]) == (2, 1, 1)
    client.force_login(world.cochair)
    total = client.get(reverse("dashboard:dashboard", args=[cycle.plan.slug]), {"cycle": 2020}).context["rates_total"]
    assert (total.expected, total.received, total.on_time) == (2, 1, 1)
    assert total.received_rate == 0.5


def test_the_chair_sees_the_same_national_figures_on_home_and_dashboard(client, nat):
    cycle = nat.cycle
    latecomer = MemberStateFactory(name="Timor-Leste", code="TL", joined_on=datetime.date(2025, 10, 15))
    calendar.expect(cycle)
    counted = by_hand(cycle, NationalReport)
    assert counted["expected"] >= 3 and sum(counted["late"].values()) >= 1, "the known data: states expected, some late"
    expected_states = {row.member_state_id for row in ExpectedReport.objects.filter(cycle=cycle, member_state__isnull=False)}
    assert (latecomer.pk in expected_states) == (cycle.year >= 2025)
    with at(cycle.deadline + datetime.timedelta(days=2)):
        client.force_login(nat.chair)
        home = client.get(reverse("home")).context["national_attention"]
        late_names = {row["member_state__name"] for row in home.late if row["cycle"] == cycle.pk}
        assert len(late_names) == sum(counted["late"].values())
        dashboard = client.get(reverse("national:dashboard", args=[cycle.plan.slug]), {"cycle": cycle.year}).context
        shown = dict(dashboard["figures_per_cycle"])[cycle]
        assert (shown.expected, shown.received, shown.on_time) == (counted["expected"], counted["received"], counted["on_time"])
        assert shown.late == sum(counted["late"].values())
        assert {row["member_state__name"] for row in dashboard["late_states"]} == late_names
