""""Needs your attention" at the top of each person's home page, by role, in a fixed number of queries."""

import datetime

import pytest
import time_machine
from django.urls import reverse

from monitoring import cycles, services
from tests.factories import ActivityFactory, OutputFactory
from tests.monitoring.conftest import complete

pytestmark = pytest.mark.django_db


def more_activities(world, n):
    """`n` more activities led by SOMTC, half of them with a submitted report, half with a draft."""
    for i in range(n):
        activity = ActivityFactory(focus_area=world.activity.focus_area, lead_bodies=[world.somtc])
        OutputFactory(activity=activity)
        report = services.start_report(activity=activity, cycle=world.cycle, body=world.somtc, user=world.staff)
        if i % 2:
            services.submit_report(report=complete(report), user=world.staff)
    cycles.expect_reports(world.cycle)


def test_staff_see_returned_reports_first_then_drafts_not_started_and_how_many_are_in(client, world, draft):
    returned = services.start_report(activity=world.other_activity, cycle=world.cycle, body=world.aichr, user=world.other_staff)
    cycles.expect_reports(world.cycle)
    more_activities(world, 2)
    report = services.submit_report(report=complete(draft), user=world.staff)
    services.return_report(report=report, user=world.cochair, comment="Dates?")
    client.force_login(world.staff)
    page = client.get(reverse("home")).content.decode()
    assert "Needs your attention" in page
    # Received: the submitted one and the returned one (the MTF had it); the draft is not.
    assert "<strong>2 of 3</strong> expected reports of your bodies received" in page
    revising = page[page.index("Reports to revise or finish"):]
    assert revising.index(f"/monitoring/reports/{report.pk}/edit/") < revising.index("Draft")
    assert returned.activity.code not in page, "another body's report"


def test_a_body_expected_to_report_sees_what_it_has_not_started(client, world):
    cycles.expect_reports(world.cycle)
    client.force_login(world.other_staff)
    page = client.get(reverse("home")).content.decode()
    assert "Expected and not started (1)" in page and world.other_activity.code in page


def test_cochairs_see_what_awaits_review_and_who_is_late(client, world, draft):
    cycles.expect_reports(world.cycle)
    services.submit_report(report=complete(draft), user=world.staff)
    client.force_login(world.cochair)
    with time_machine.travel(datetime.datetime.combine(world.cycle.deadline + datetime.timedelta(days=2), datetime.time(9))):
        page = client.get(reverse("home")).content.decode()
    assert "<strong>1</strong> report of the" in page and reverse("monitoring:review", args=[world.cycle.plan.slug]) in page
    assert "AICHR: 1" in page and "SOMTC:" not in page


def test_administrators_see_cycles_to_close(client, world):
    client.force_login(world.admin)
    with time_machine.travel(datetime.datetime.combine(world.cycle.deadline + datetime.timedelta(days=2), datetime.time(9))):
        page = client.get(reverse("home")).content.decode()
    assert "Cycles past their deadline, still open" in page


def test_anonymous_visitors_see_only_the_plans(client, world):
    assert "Needs your attention" not in client.get(reverse("home")).content.decode()


@pytest.mark.parametrize("size", [2, 12])
# Two of them (three for those who read every national report: the late states) are the Member States'
# reporting's (national/selectors.py attention_for); two more are the meetings' (meetings/selectors.py:
# the person's groups, the open decisions they own).
@pytest.mark.parametrize(("who", "queries"), [("staff", 19), ("cochair", 15), ("admin", 14)])
def test_the_home_page_runs_a_fixed_number_of_queries(client, world, draft, size, who, queries, django_assert_max_num_queries):
    more_activities(world, size)
    client.force_login(getattr(world, who))
    with django_assert_max_num_queries(queries):
        assert client.get(reverse("home")).status_code == 200
