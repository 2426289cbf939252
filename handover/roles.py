"""Who sees what a plan leaves open, and who carries it over into the successor.

- The ASEAN Secretariat, the MTF co-chairs and the Chair of the WG on CT read the hand-over page.
- The ASEAN Secretariat carries the open items over.
- Administrators (reporting.permissions.ADMINISTRATORS) do everything.
"""

from reporting import permissions
from reporting.roles import COCHAIRS, SECRETARIAT, WG_CHAIR

GROUP_PERMISSIONS = {
    SECRETARIAT: ["handover.view_carryover", "handover.add_carryover"],
    COCHAIRS: ["handover.view_carryover"],
    WG_CHAIR: ["handover.view_carryover"],
}


def ensure_groups():
    permissions.ensure_groups(GROUP_PERMISSIONS)


def may_read_handover(user):
    return user.is_authenticated and (permissions.is_administrator(user) or user.has_perm("handover.view_carryover"))


def may_carry_over(user):
    return user.is_authenticated and (permissions.is_administrator(user) or user.has_perm("handover.add_carryover"))
