"""A work plan with two activities reported on, a meeting's decision, and a user for every role."""

import datetime
from types import SimpleNamespace

import pytest
from django.utils import timezone

from meetings.models import Decision, Meeting
from national import roles as national_roles
from steering import roles
from tests.factories import FocusAreaFactory, MemberStateFactory
from tests.monitoring.conftest import make_user, world  # noqa: F401 (shared fixture)
from tests.national.conftest import focal_point
from workplan.models import Activity, ActionLine, FocusArea, Output

ADOPTED = datetime.date(2019, 11, 27)


def as_adopted(plan):
    """The matrix as loaded when the plan was adopted: its history so far dated on the adoption day."""
    when = timezone.make_aware(datetime.datetime.combine(ADOPTED, datetime.time(12)))
    for model in (ActionLine, FocusArea, Activity, Output):
        model.history.filter(id__in=model.objects.values("pk")).update(history_date=when)


@pytest.fixture
def steer(world):  # noqa: F811 (the fixture imported above)
    national_roles.ensure_groups()
    roles.ensure_groups()
    plan = world.activity.plan
    other_area = FocusAreaFactory(action_line=world.activity.focus_area.action_line, text="Activities on victims' support")
    as_adopted(plan)
    meeting = Meeting.objects.create(title="15th MTF meeting", kind=Meeting.Kind.MTF, held_on=datetime.date(2025, 3, 12))
    meeting.plans.set([plan])
    decision = Decision.objects.create(meeting=meeting, position=3, text="The MTF adjusts the dialogues to the new situation.")
    return SimpleNamespace(
        **vars(world), plan=plan, other_area=other_area, meeting=meeting, decision=decision,
        focal=focal_point(MemberStateFactory(name="Indonesia", code="IDN"), "BNPT", username="id-focal"),
        chair=make_user(national_roles.WG_CHAIR, username="wgct-chair"),
        secretariat=make_user(national_roles.SECRETARIAT, username="asean-sec"),
    )
