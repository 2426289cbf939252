import datetime

import pytest

from meetings import roles
from meetings.models import Decision, Meeting
from tests.national.conftest import nat  # noqa: F401 (shared fixture)


@pytest.fixture
def recorded(nat):
    """A WG on CT meeting on the plan of action with one decision, on its first provision, owned by Indonesia."""
    roles.ensure_groups()
    meeting = Meeting.objects.create(title="22nd SOMTC WG on CT", kind=Meeting.Kind.WG_ON_CT,
                                     held_on=datetime.date(2025, 5, 14), venue="Jakarta")
    meeting.plans.set([nat.plan])
    decision = Decision.objects.create(
        meeting=meeting, position=1, text="Indonesia to share its CT financing assessment.",
        owner_kind=Decision.OwnerKind.STATE, owner_state=nat.indonesia, due_on=datetime.date(2025, 12, 1))
    decision.provisions.set([nat.plan.action_lines.order_by("pk").first()])
    return decision
