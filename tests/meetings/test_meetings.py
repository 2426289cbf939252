import datetime

import pytest
from django.urls import reverse

from meetings.models import Decision, Meeting
from tests.factories import ActionLineFactory, ActivityFactory, PriorityAreaFactory, WorkPlanFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def meeting(nat):
    meeting = Meeting.objects.create(title="21st SOMTC WG on CT", kind=Meeting.Kind.WG_ON_CT,
                                     held_on=datetime.date(2025, 5, 14), venue="Jakarta")
    meeting.plans.set([nat.plan])
    meeting.member_states_present.set([nat.indonesia, nat.malaysia])
    Decision.objects.create(meeting=meeting, position=1, text="Member States to report on CT financing by June.")
    return meeting


def test_a_plans_page_lists_the_decisions_about_it_to_people_logged_in(client, nat, meeting):
    url = nat.plan.get_absolute_url()
    assert "report on CT financing" not in client.get(url).content.decode()
    client.force_login(nat.focal)
    text = client.get(url).content.decode()
    assert "report on CT financing" in text and "21st SOMTC WG on CT" in text


def test_a_decision_reaches_the_plan_whose_provision_or_activity_it_points_at(client, nat, meeting):
    activity = ActivityFactory(focus_area__action_line__priority_area=PriorityAreaFactory(plan=WorkPlanFactory()))
    decision = Decision.objects.create(meeting=meeting, position=2, text="The MTF to fund the track 1.5 dialogue.")
    decision.activities.set([activity])
    assert list(Decision.objects.about(activity.plan)) == [decision]
    other = PriorityAreaFactory(plan=WorkPlanFactory(slug="work-plan-2026", short_name="Work Plan 2026"))
    provision = ActionLineFactory(priority_area=other)
    decision.provisions.set([provision])
    assert list(Decision.objects.about(other.plan)) == [decision]
    assert set(Decision.objects.about(nat.plan)) == set(meeting.decisions.all())
    client.force_login(nat.cochair)
    page = client.get(reverse("meetings:meeting", args=[meeting.pk])).content.decode()
    assert f"activity {activity.code}" in page and "Indonesia, Malaysia" in page


def test_meeting_pages_need_a_login(client, nat, meeting):
    for url in (reverse("meetings:meetings", args=[nat.plan.slug]), reverse("meetings:meeting", args=[meeting.pk])):
        assert client.get(url).status_code == 302
        client.force_login(nat.staff)
        assert client.get(url).status_code == 200
        client.logout()
