"""Time that moves: a plan past its last year says it has ended while its last cycle still takes
reports until it closes by itself on its closing day; every deadline on a page says how far away or
how overdue it is."""

import datetime
import io

import pytest
from django.core.management import call_command
from django.urls import reverse

from monitoring import services
from reporting import calendar
from reporting.models import ReportingCycle
from reporting.services import WorkflowError
from reporting.templatetags.deadlines import deadline, how_far
from tests.monitoring.conftest import world  # noqa: F401 (fixture)
from tests.timemachine import frozen_today  # noqa: F401 (fixture)
from workplan.models import Plan

pytestmark = pytest.mark.django_db

NBSP = "\xa0"


@pytest.mark.parametrize("day, words", [
    (datetime.date(2026, 3, 31), f"8{NBSP}months ago"),
    (datetime.date(2026, 12, 6), f"1{NBSP}day ago"),
    (datetime.date(2026, 12, 7), "today"),
    (datetime.date(2026, 12, 28), f"in 3{NBSP}weeks"),
    (datetime.date(2027, 3, 31), f"in 3{NBSP}months"),
])
def test_a_deadline_says_how_far_away_or_how_overdue_it_is(day, words):
    assert how_far(day, today=datetime.date(2026, 12, 7)) == words


def test_the_deadline_filter_gives_the_day_then_how_far(frozen_today):
    frozen_today(datetime.date(2026, 12, 7))
    assert deadline(datetime.date(2026, 3, 31)) == f"31 March 2026, 8{NBSP}months ago"
    assert deadline(datetime.date(2026, 3, 31), "j M Y") == f"31 Mar 2026, 8{NBSP}months ago"
    assert deadline(None) == "" and deadline("junk") == ""


def test_across_a_plans_end_and_its_last_cycles_closing_day(client, world, frozen_today):
    """The Bali Work Plan (2019–2025, still in force) and its 2025 cycle (due 31 March 2026, closing
    after 30 June 2026), seen on days either side of each date."""
    plan, cycle = world.cycle.plan, world.cycle
    ReportingCycle.objects.filter(pk=cycle.pk).update(closes_on=datetime.date(2026, 6, 30))
    client.force_login(world.staff)
    my_activities = reverse("monitoring:my_activities", args=[plan.slug])

    frozen_today(datetime.date(2025, 12, 31))
    assert plan.status_label() == "In force" and plan.status_on() == "in_force"
    assert f"deadline 31 March 2026, in 3{NBSP}months" in client.get(my_activities).content.decode()

    frozen_today(datetime.date(2026, 1, 1))
    assert plan.status_label() == "Ended in 2025" and plan.status_on() == "ended"
    assert not plan.is_ended, "stored as in force: its last cycle still takes reports"
    home = client.get("/").content.decode()
    assert '<span class="plan-status plan-ended">Ended in 2025</span>' in home
    assert "Ended in 2025" in client.get(plan.get_absolute_url()).content.decode()
    assert calendar.close_due_cycles(today=datetime.date(2026, 6, 30)) == []
    report = services.start_report(activity=world.activity, cycle=cycle, body=world.somtc, user=world.staff)

    frozen_today(datetime.date(2026, 12, 7))
    assert f"deadline 31 March 2026, 8{NBSP}months ago" in client.get(my_activities).content.decode()
    assert calendar.close_due_cycles(today=datetime.date(2026, 12, 7)) == [cycle]
    cycle.refresh_from_db()
    assert cycle.state == ReportingCycle.State.CLOSED
    with pytest.raises(WorkflowError, match="reporting cycle is closed"):
        services.start_report(activity=world.other_activity, cycle=cycle, body=world.aichr, user=world.other_staff)
    assert report.pk


def test_the_shipped_2025_cycles_are_past_their_deadline_and_close_on_their_closing_day(real_plan):
    call_command("load_cycles", stdout=io.StringIO())
    call_command("load_national_cycles", stdout=io.StringIO())
    last = ReportingCycle.objects.filter(year=2025)
    assert last.count() == Plan.objects.count() == 3  # the work plan and both plans of action
    assert all(cycle.is_past_deadline(datetime.date(2026, 12, 7)) for cycle in last)
    assert set(last.values_list("closes_on", flat=True)) == {datetime.date(2026, 6, 30)}
    assert calendar.close_due_cycles(today=datetime.date(2026, 6, 30)) == []
    closed = calendar.close_due_cycles(today=datetime.date(2026, 12, 7))
    assert sorted(cycle.pk for cycle in closed) == sorted(last.values_list("pk", flat=True))
    assert not ReportingCycle.objects.filter(state=ReportingCycle.State.OPEN).exists()


def test_the_cycles_admin_says_how_far_each_deadline_is(client, world, frozen_today):
    frozen_today(datetime.date(2026, 12, 7))
    client.force_login(world.admin)
    page = client.get(reverse("admin:reporting_reportingcycle_changelist")).content.decode()
    assert f"31 Mar 2026, 8{NBSP}months ago" in page and f"31 Mar 2025, 1{NBSP}year ago" in page
