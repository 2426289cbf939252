"""Decisions' owners, their follow-up and the twice-a-year rule of the WG on CT, tested as functions."""

import datetime

import pytest
from django.contrib.auth.models import Group
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction

from audit.models import AuditEvent
from meetings import roles, services
from meetings.models import Decision, Meeting, wg_on_ct_meetings_in
from meetings.selectors import attention_for
from reporting.roles import COCHAIRS, SECRETARIAT
from tests.factories import SectoralBodyFactory
from tests.monitoring.conftest import make_user

pytestmark = pytest.mark.django_db


def test_a_states_owner_is_its_national_focal_point_only(nat, recorded):
    assert recorded.is_owned_by(nat.focal)
    assert not recorded.is_owned_by(nat.agency_focal)  # an agency's focal point does not speak for the state
    assert not recorded.is_owned_by(nat.other_focal)
    assert not recorded.is_owned_by(nat.staff) and not recorded.is_owned_by(nat.chair)
    assert not recorded.is_owned_by(nat.secretariat)
    assert list(Decision.objects.owned_by(nat.focal)) == [recorded]


def test_a_bodys_owner_is_its_staff_and_the_secretariats_its_people(nat, recorded):
    somtc = nat.staff.memberships.get().body
    recorded.owner_kind, recorded.owner_state, recorded.owner_body = Decision.OwnerKind.BODY, None, somtc
    recorded.save()
    assert recorded.is_owned_by(nat.staff) and not recorded.is_owned_by(nat.focal)
    assert not recorded.is_owned_by(make_user(roles.COCHAIRS, SectoralBodyFactory(abbreviation="AICHR")))
    recorded.owner_kind, recorded.owner_body = Decision.OwnerKind.SECRETARIAT, None
    recorded.save()
    assert recorded.is_owned_by(nat.secretariat) and not recorded.is_owned_by(nat.staff)


def test_the_owner_must_match_its_kind_in_the_database(nat, recorded):
    with transaction.atomic(), pytest.raises(IntegrityError):
        Decision.objects.filter(pk=recorded.pk).update(owner_kind=Decision.OwnerKind.BODY)
    with transaction.atomic(), pytest.raises(IntegrityError):
        Decision.objects.filter(pk=recorded.pk).update(status="forgotten")


def test_the_owner_and_the_recorders_follow_up_others_may_not(nat, recorded):
    note = services.follow_up(decision=recorded, user=nat.focal, text="Assessment drafted.", status="in_progress")
    recorded.refresh_from_db()
    assert recorded.status == "in_progress" and (note.from_status, note.to_status) == ("open", "in_progress")
    assert services.follow_up(decision=recorded, user=nat.chair, text="Seen at the 23rd meeting.").to_status == ""
    for outsider in (nat.other_focal, nat.agency_focal, nat.staff):
        with pytest.raises(PermissionDenied):
            services.follow_up(decision=recorded, user=outsider, text="Done.", status="done")
    services.follow_up(decision=recorded, user=nat.admin, status="done")
    recorded.refresh_from_db()
    assert recorded.status == "done" and recorded.notes.count() == 3
    assert not recorded.is_open and attention_for(nat.focal).decisions == []  # done: no longer waiting
    followed = AuditEvent.objects.filter(action=AuditEvent.Action.DECISION_FOLLOWED_UP).order_by("pk")
    assert [event.username for event in followed] == ["id-focal", "wgct-chair", "admin"]
    assert followed.last().detail == "in_progress → done"


def test_the_recorders_are_the_secretariat_the_wg_chair_and_the_cochairs(nat, recorded):
    roles.ensure_groups()
    for user in (nat.secretariat, nat.chair, nat.cochair, nat.admin):
        assert roles.may_record(type(user).objects.get(pk=user.pk))
    for user in (nat.focal, nat.other_focal, nat.staff):
        assert not roles.may_record(user)


def test_granting_meetings_permissions_keeps_what_other_apps_granted(nat):
    roles.ensure_groups()
    cochairs = Group.objects.get(name=COCHAIRS).permissions.values_list("content_type__app_label", flat=True)
    secretariat = Group.objects.get(name=SECRETARIAT).permissions.values_list("content_type__app_label", flat=True)
    assert {"monitoring", "meetings"} <= set(cochairs) and {"national", "meetings"} <= set(secretariat)


def _wg_meeting(held_on, kind=Meeting.Kind.WG_ON_CT):
    return Meeting.objects.create(title=f"WG on CT {held_on}", kind=kind, held_on=held_on)


def test_the_wg_chair_is_told_until_the_wg_has_met_twice_this_year(nat):
    today = datetime.date(2026, 9, 1)
    _wg_meeting(datetime.date(2025, 3, 1))
    _wg_meeting(datetime.date(2025, 10, 1))  # last year's two count for nothing this year
    _wg_meeting(datetime.date(2026, 4, 1), kind=Meeting.Kind.MTF)  # nor another body's meeting
    assert wg_on_ct_meetings_in(2026, today) == 0
    assert attention_for(nat.chair, today).wg_on_ct_meetings == 0
    assert attention_for(nat.secretariat, today).wg_on_ct_meetings is None  # only the chair is told
    _wg_meeting(datetime.date(2026, 2, 10))
    _wg_meeting(datetime.date(2026, 11, 10))  # recorded ahead: not yet held
    assert attention_for(nat.chair, today).wg_on_ct_meetings == 1
    _wg_meeting(datetime.date(2026, 8, 20))
    assert wg_on_ct_meetings_in(2026, today) == 2 and not attention_for(nat.chair, today)


def test_a_ministerial_meeting_names_its_body_and_only_it_does(nat):
    meeting = Meeting(title="AMMTC", kind=Meeting.Kind.MINISTERIAL, held_on=datetime.date(2025, 1, 1))
    with pytest.raises(Exception, match="Name the sectoral body"):
        meeting.full_clean()
    with transaction.atomic(), pytest.raises(IntegrityError):
        meeting.save()
