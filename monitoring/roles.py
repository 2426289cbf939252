"""The three roles of the tracker, as Django groups with model permissions.

- Secretariat staff write the reports of the bodies they belong to (see `Membership`).
- MTF co-chairs read every report and accept or return submitted ones.
- Administrators do everything (superusers, or members of the Administrators group).
"""

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission

from bodies.models import Membership
from reporting import permissions
from reporting.roles import ADMINISTRATORS, COCHAIRS, SECRETARIAT, STAFF  # noqa: F401 (the names this app grants to)

# The MTF sets and adjusts the performance indicators (Work Plan §III.b), the ASEAN Secretariat with it; both
# read the indicators' performance. The permissions are the work plan's, which knows no role: granted here.
INDICATOR_PERMISSIONS = [
    "workplan.view_indicator", "workplan.add_indicator", "workplan.change_indicator",
    "workplan.view_indicatortarget", "workplan.add_indicatortarget", "workplan.change_indicatortarget",
    "workplan.delete_indicatortarget",
]

GROUP_PERMISSIONS = {
    STAFF: [
        "monitoring.view_activityreport",
        "monitoring.add_activityreport",
        "monitoring.change_activityreport",
    ],
    COCHAIRS: [
        "monitoring.view_activityreport",
        "monitoring.view_all_activityreports",
        "monitoring.review_activityreport",
        *INDICATOR_PERMISSIONS,
    ],
    SECRETARIAT: INDICATOR_PERMISSIONS,
}


def ensure_groups():
    """Create this app's role groups with their permissions, and give the Administrators every permission."""
    permissions.ensure_groups(GROUP_PERMISSIONS)


is_administrator = permissions.is_administrator


def is_cochair(user):
    """One of the MTF co-chairs: they write and sign off the annual report (two of them, in person)."""
    return user.is_authenticated and user.groups.filter(name=COCHAIRS).exists()


def is_staff_of_a_body(user):
    return Membership.objects.held_by(user).exists()


def staff_of(body):
    """The active secretariat staff of a sectoral body: those who write its reports."""
    return list(get_user_model().objects.filter(
        is_active=True, pk__in=Membership.objects.held().filter(body=body).values("user")).order_by("pk"))


def cochairs():
    """The active MTF co-chairs."""
    return list(get_user_model().objects.filter(is_active=True, groups__name=COCHAIRS).order_by("pk"))


def can_review(user):
    return user.has_perm("monitoring.review_activityreport")


def can_see_all_reports(user):
    return user.has_perm("monitoring.view_all_activityreports")


def may_set_indicators(user):
    """Set and adjust a plan's performance indicators and their targets: the co-chairs, the Secretariat."""
    return is_administrator(user) or user.has_perm("workplan.change_indicator")


def may_read_indicators(user):
    """The indicators' performance (targets against the accepted reports' actuals)."""
    return is_administrator(user) or user.has_perm("workplan.view_indicator")
