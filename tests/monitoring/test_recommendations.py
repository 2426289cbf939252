"""Recommendations tracked to closure: a report follows up the same body's recommendations of an earlier
cycle, and they stay open until a report calls them done or dropped."""

import pytest
from django.urls import reverse

from monitoring import services
from monitoring.models import ActivityReport, FollowUp
from tests.factories import ReportingCycleFactory
from tests.monitoring.conftest import complete

pytestmark = pytest.mark.django_db


@pytest.fixture
def reported_2024(world):
    """SOMTC's accepted 2024 report on the activity, with recommendations (the cycle reopened to write it)."""
    world.closed.state = "open"
    world.closed.save()
    report = services.start_report(activity=world.activity, cycle=world.closed, body=world.somtc, user=world.staff)
    report = services.submit_report(report=complete(report, recommendations="Hold it yearly; invite CSOs."), user=world.staff)
    return services.accept_report(report=report, user=world.cochair)


def test_a_new_report_follows_up_the_earlier_recommendations_and_needs_a_follow_up_to_be_submitted(client, world, reported_2024):
    report = services.start_report(activity=world.activity, cycle=world.cycle, body=world.somtc, user=world.staff)
    assert report.follows_up == reported_2024
    client.force_login(world.staff)
    page = client.get(reverse("monitoring:edit_report", args=[report.pk])).content.decode()
    assert "Follow-up of the 2024 recommendations" in page and "Hold it yearly; invite CSOs." in page
    assert 'name="follow_up_status"' in page
    assert "say what came of the 2024 recommendations" in services.missing_for_submission(complete(report))
    ActivityReport.objects.filter(pk=report.pk).update(follow_up_status=FollowUp.IN_PROGRESS, follow_up_note="CSOs invited for 2026.")
    report.refresh_from_db()
    assert services.missing_for_submission(report) == []


def test_recommendations_stay_open_until_a_reported_follow_up_closes_them(world, reported_2024):
    assert list(ActivityReport.objects.with_open_recommendations()) == [reported_2024]
    report = services.start_report(activity=world.activity, cycle=world.cycle, body=world.somtc, user=world.staff)
    ActivityReport.objects.filter(pk=report.pk).update(follow_up_status=FollowUp.DONE)
    assert list(ActivityReport.objects.with_open_recommendations()) == [reported_2024], "a draft closes nothing yet"
    services.submit_report(report=complete(ActivityReport.objects.get(pk=report.pk)), user=world.staff)
    # 2024's are closed; 2025's own recommendations are the open ones now.
    assert list(ActivityReport.objects.with_open_recommendations()) == [report]


def test_a_report_without_earlier_recommendations_asks_for_no_follow_up(client, world):
    report = services.start_report(activity=world.activity, cycle=world.cycle, body=world.somtc, user=world.staff)
    assert report.follows_up is None
    client.force_login(world.staff)
    assert 'name="follow_up_status"' not in client.get(reverse("monitoring:edit_report", args=[report.pk])).content.decode()


def test_only_the_same_bodys_earlier_reports_of_the_same_plan_are_followed_up(world, reported_2024):
    later = ReportingCycleFactory(year=2026)
    report = services.start_report(activity=world.activity, cycle=later, body=world.somtc, user=world.staff)
    assert report.follows_up == reported_2024, "the latest earlier report with recommendations, not just the previous year"
