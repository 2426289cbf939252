"""Read-side queries of meetings: what the home page's "Needs your attention" says of them."""

from dataclasses import dataclass, field

from django.db.models import F
from django.utils import timezone

from . import roles
from .models import WG_ON_CT_MEETINGS_A_YEAR, Decision, wg_on_ct_meetings_in


@dataclass
class Attention:
    decisions: list = field(default_factory=list)  # open decisions the person's body, state or Secretariat owns
    year: int = 0
    wg_on_ct_meetings: int | None = None  # for the WG chair when the WG has met fewer times than it should

    def __bool__(self):
        return bool(self.decisions) or self.wg_on_ct_meetings is not None


def attention_for(user, today=None):
    """The open decisions the person follows up, oldest due first; for the Chair of the WG on CT, how
    many times the WG has met this year when it is not yet twice. Two queries (three for the chair)."""
    today = today or timezone.localdate()
    attention = Attention(year=today.year)
    if not user.is_authenticated:
        return attention
    group_names = set(user.groups.values_list("name", flat=True))
    attention.decisions = list(
        Decision.objects.owned_by(user, group_names).still_open().select_related("meeting", "owner_body", "owner_state")
        .order_by(F("due_on").asc(nulls_last=True), "meeting__held_on", "position")
    )
    if roles.WG_CHAIR in group_names:
        held = wg_on_ct_meetings_in(today.year, today)
        if held < WG_ON_CT_MEETINGS_A_YEAR:
            attention.wg_on_ct_meetings = held
    return attention
