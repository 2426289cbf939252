"""Who manages people: the ASEAN Secretariat everyone and every seat; the Member States' focal points
see their own state's people, and its national focal point manages its agency focal points and contact
persons (people.seats says so, from the seat and this permission together)."""

from reporting import permissions
from reporting.roles import FOCAL_POINTS, SECRETARIAT

GROUP_PERMISSIONS = {
    SECRETARIAT: ["people.manage_people", "people.see_own_state"],
    FOCAL_POINTS: ["people.see_own_state"],
}


def ensure_groups():
    permissions.ensure_groups(GROUP_PERMISSIONS)
