"""Who steers a plan: the ASEAN Secretariat and the MTF co-chairs record and apply amendments of the
matrix (Work Plan §III.b, §IV); the Administrators may do everything (reporting.permissions)."""

from reporting import permissions
from reporting.roles import COCHAIRS, SECRETARIAT

RECORDING = [
    "steering.view_amendment", "steering.add_amendment", "steering.change_amendment",
    "steering.add_amendmentchange", "steering.change_amendmentchange", "steering.delete_amendmentchange",
]
GROUP_PERMISSIONS = {SECRETARIAT: RECORDING, COCHAIRS: RECORDING}


def ensure_groups():
    permissions.ensure_groups(GROUP_PERMISSIONS)


def may_record(user):
    """Record, fill in and apply an amendment of a plan's matrix."""
    return user.is_authenticated and (permissions.is_administrator(user) or user.has_perm("steering.add_amendment"))
