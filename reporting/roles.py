"""The names of the tracker's role groups, below every app that gives them permissions.

Each app declares what its groups may do (its own `roles.py`, with `permissions.ensure_groups`); the
names live here once so that apps beside each other (meetings, the steering of a plan) can grant
permissions to the same groups without importing each other.
"""

from bodies.roles import STAFF

from .permissions import ADMINISTRATORS

COCHAIRS = "MTF co-chairs"
FOCAL_POINTS = "Member State focal points"
WG_CHAIR = "Chair of the WG on CT / Lead Shepherd"
SECRETARIAT = "ASEAN Secretariat"

__all__ = ["ADMINISTRATORS", "STAFF", "COCHAIRS", "FOCAL_POINTS", "WG_CHAIR", "SECRETARIAT"]
