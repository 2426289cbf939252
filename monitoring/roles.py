"""The three roles of the tracker, as Django groups with model permissions.

- Secretariat staff write the reports of the bodies they belong to (see `Membership`).
- MTF co-chairs read every report and accept or return submitted ones.
- Administrators do everything (superusers, or members of the Administrators group).
"""

from django.contrib.auth.models import Group, Permission

from reporting import permissions

STAFF = "Secretariat staff"
COCHAIRS = "MTF co-chairs"
ADMINISTRATORS = permissions.ADMINISTRATORS

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
    ],
    ADMINISTRATORS: ["*"],
}


def ensure_groups(group_permissions=None):
    """Create the role groups and give them their permissions (idempotent: safe after every migrate).

    Another app passes its own groups; Administrators get every permission that exists when called.
    """
    for name, codenames in (group_permissions or GROUP_PERMISSIONS).items():
        group, _ = Group.objects.get_or_create(name=name)
        if codenames == ["*"]:
            permissions = Permission.objects.all()
        else:
            permissions = [
                Permission.objects.get(content_type__app_label=label, codename=codename)
                for label, codename in (name.split(".") for name in codenames)
            ]
        group.permissions.set(permissions)


is_administrator = permissions.is_administrator


def is_cochair(user):
    """One of the MTF co-chairs: they write and sign off the annual report (two of them, in person)."""
    return user.is_authenticated and user.groups.filter(name=COCHAIRS).exists()


def can_review(user):
    return user.has_perm("monitoring.review_activityreport")


def can_see_all_reports(user):
    return user.has_perm("monitoring.view_all_activityreports")
