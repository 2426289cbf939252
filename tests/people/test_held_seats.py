"""Access follows both the role group and the seat: a person removed from either loses it."""

import datetime

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse

from bodies.models import Membership
from meetings.models import Decision, Meeting
from monitoring import roles as monitoring_roles
from monitoring.services import may_report_on
from national import notices
from national.models import FocalPoint, NationalReport
from national.services import may_report_for, start_national_report
from reporting.models import ReportingCycle
from reporting.roles import FOCAL_POINTS, STAFF
from tests.factories import ActivityFactory, ReportingCycleFactory

pytestmark = pytest.mark.django_db


def _body_staff_access(world):
    return (monitoring_roles.is_staff_of_a_body(world.staff),
            list(Membership.objects.body_ids_of(world.staff)),
            [user.pk for user in monitoring_roles.staff_of(world.somtc)])


def test_body_staff_hold_their_seat_with_the_group_and_the_membership(folks):
    assert _body_staff_access(folks) == (True, [folks.somtc.pk], [folks.staff.pk])
    activity = ActivityFactory(lead_bodies=[folks.somtc])
    assert may_report_on(user=folks.staff, activity=activity, body=folks.somtc)


def test_body_staff_removed_from_the_group_lose_access_though_the_membership_stays(folks, client):
    folks.staff.groups.remove(Group.objects.get(name=STAFF))
    assert Membership.objects.filter(user=folks.staff).exists()
    assert _body_staff_access(folks) == (False, [], [])
    activity = ActivityFactory(lead_bodies=[folks.somtc])
    folks.staff.groups.add(Group.objects.get(name=STAFF))  # the report permission alone is not the seat
    Membership.objects.filter(user=folks.staff).delete()
    assert _body_staff_access(folks) == (False, [], [])
    assert not may_report_on(user=folks.staff, activity=activity, body=folks.somtc)


def test_a_body_seat_without_the_group_opens_no_dashboard(folks, client):
    ReportingCycleFactory(year=2025)
    ActivityFactory(lead_bodies=[folks.somtc])
    client.force_login(folks.staff)
    assert client.get(reverse("dashboard:dashboard", args=["bali-work-plan"])).status_code == 200
    folks.staff.groups.remove(Group.objects.get(name=STAFF))
    assert client.get(reverse("dashboard:dashboard", args=["bali-work-plan"])).status_code == 403


def _focal_point_access(world):
    report = NationalReport(member_state=world.indonesia)
    return (may_report_for(user=world.id_focal, member_state=world.indonesia),
            report.is_written_by(world.id_focal), report.is_sent_by(world.id_focal),
            notices.is_focal_point(world.id_focal),
            world.id_focal in notices.focal_points_of(world.indonesia))


def test_a_focal_point_removed_from_the_group_loses_the_state(folks):
    assert _focal_point_access(folks) == (True, True, True, True, True)
    folks.id_focal.groups.remove(Group.objects.get(name=FOCAL_POINTS))
    folks.id_focal = type(folks.id_focal).objects.get(pk=folks.id_focal.pk)  # a new request: no permission cache
    assert _focal_point_access(folks) == (False, False, False, False, False)


def test_a_focal_point_whose_seat_is_taken_away_loses_the_state_though_still_in_the_group(folks):
    FocalPoint.objects.filter(user=folks.id_focal).delete()
    assert folks.id_focal.groups.filter(name=FOCAL_POINTS).exists()
    assert _focal_point_access(folks) == (False, False, False, False, False)


def test_the_national_reports_list_shows_nothing_of_the_state_to_a_focal_point_out_of_the_group(folks, client):
    cycle = ReportingCycleFactory(plan=folks.plan, year=2025, state=ReportingCycle.State.OPEN)
    report = start_national_report(member_state=folks.indonesia, cycle=cycle, user=folks.id_focal)
    client.force_login(folks.id_focal)
    assert client.get(report.get_absolute_url()).status_code == 200
    folks.id_focal.groups.remove(Group.objects.get(name=FOCAL_POINTS))
    assert client.get(report.get_absolute_url()).status_code in (403, 404)


def test_a_states_decisions_are_owned_by_its_national_focal_point_while_in_the_group(folks):
    meeting = Meeting.objects.create(title="22nd SOMTC WG on CT", kind=Meeting.Kind.WG_ON_CT,
                                     held_on=datetime.date(2025, 5, 14), venue="Jakarta")
    decision = Decision.objects.create(meeting=meeting, position=1, text="Indonesia to share its assessment.",
                                       owner_kind=Decision.OwnerKind.STATE, owner_state=folks.indonesia)
    assert decision.is_owned_by(folks.id_focal)
    folks.id_focal.groups.remove(Group.objects.get(name=FOCAL_POINTS))
    assert not decision.is_owned_by(folks.id_focal)
