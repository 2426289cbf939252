"""The roles of the Member States' reporting, as Django groups beside those of monitoring.roles.

- Member State focal points fill in and submit the national reports of their own state (see `FocalPoint`).
- The Chair of the SOMTC WG on CT reads every national report and acknowledges or returns the
  submitted ones; for the ACPoA on CT the Lead Shepherd on CT holds the same role.
- The ASEAN Secretariat reads every national report and compiles the three-yearly reviews.
- Administrators (reporting.permissions.ADMINISTRATORS) do everything.
"""

from reporting import permissions
from reporting.roles import FOCAL_POINTS, SECRETARIAT, WG_CHAIR  # noqa: F401 (the names this app grants to)

GROUP_PERMISSIONS = {
    FOCAL_POINTS: [
        "national.view_nationalreport",
        "national.view_assistancerequest",
        "national.add_nationalreport",
        "national.change_nationalreport",
        "national.view_contactperson",
    ],
    WG_CHAIR: [
        "national.view_nationalreport",
        "national.view_all_nationalreports",
        "national.review_nationalreport",
        "national.view_contactperson",
        "national.view_review",
        "national.view_assistancerequest",
        "national.follow_assistancerequests",
    ],
    SECRETARIAT: [
        "national.view_nationalreport",
        "national.view_all_nationalreports",
        "national.view_contactperson",
        "national.view_review",
        "national.add_review",
        "national.change_review",
        "national.view_assistancerequest",
        "national.follow_assistancerequests",
        # The register of partners (bodies.Partner), kept in the administration.
        "bodies.view_partner", "bodies.add_partner", "bodies.change_partner",
        "bodies.view_partnercontact", "bodies.add_partnercontact", "bodies.change_partnercontact",
        "bodies.delete_partnercontact",
    ],
}


def ensure_groups():
    """Create these groups with their permissions, and give the Administrators this app's permissions too."""
    permissions.ensure_groups(GROUP_PERMISSIONS)


is_administrator = permissions.is_administrator


def can_review(user):
    return user.has_perm("national.review_nationalreport") or is_administrator(user)


def can_see_all(user):
    """The chair and the Secretariat read every Member State's report."""
    return user.has_perm("national.view_all_nationalreports") or is_administrator(user)


def follows_assistance(user):
    """The chair and the Secretariat follow every state's requests for assistance to delivery."""
    return user.has_perm("national.follow_assistancerequests") or is_administrator(user)


def can_see_directory(user):
    return user.has_perm("national.view_contactperson") or is_administrator(user)
