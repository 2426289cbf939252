"""Who records meetings and their decisions: the ASEAN Secretariat, the Chair of the WG on CT and the
MTF co-chairs (administrators hold every permission). A decision's owner follows it up without any of
these permissions: that rule is `Decision.may_follow_up`."""

from reporting import permissions
from reporting.roles import ADMINISTRATORS, COCHAIRS, SECRETARIAT, WG_CHAIR  # noqa: F401 (the names this app grants to)

RECORDING = [
    "meetings.view_meeting", "meetings.add_meeting", "meetings.change_meeting",
    "meetings.view_decision", "meetings.add_decision", "meetings.change_decision",
    "meetings.view_meetingdocument", "meetings.add_meetingdocument", "meetings.delete_meetingdocument",
    "meetings.view_decisionnote", "meetings.add_decisionnote",
]

GROUP_PERMISSIONS = {SECRETARIAT: RECORDING, WG_CHAIR: RECORDING, COCHAIRS: RECORDING}


def ensure_groups():
    """Give the recorders their permissions on meetings (and the Administrators every permission)."""
    permissions.ensure_groups(GROUP_PERMISSIONS)


def may_record(user):
    """May record and change meetings, their decisions and documents."""
    return user.is_authenticated and user.has_perm("meetings.change_meeting")
