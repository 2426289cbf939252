"""Demo people of the Member States' reporting, created by `create_demo_users` beside the others."""

from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Group, User

from bodies.models import MemberState
from national import roles
from national.models import Agency, ContactPerson, FocalPoint
from workplan.models import Plan

# username, first name, last name, role group, (Member State code, agency, agency kind)
DEMO_PEOPLE = [
    ("id-focal", "Demo", "Indonesia Focal Point", roles.FOCAL_POINTS, ("IDN", "National Counter Terrorism Agency", "other")),
    ("my-focal", "Demo", "Malaysia Focal Point", roles.FOCAL_POINTS, ("MYS", "Royal Malaysia Police", "police")),
    ("wgct-chair", "Demo", "Chair of the WG on CT", roles.WG_CHAIR, None),
    ("asec", "Demo", "ASEAN Secretariat", roles.SECRETARIAT, None),
]


def create_demo_people(password, password_hash=None):
    """Create (or reset) the demo focal points, the WG chair and the Secretariat; yield a line per account for the console.
    `password_hash`: `password` already hashed, to be given to every account as it is."""
    roles.ensure_groups()
    password_hash = password_hash or make_password(password)
    plans = list(Plan.objects.plans_of_action())
    for username, first, last, group, seat in DEMO_PEOPLE:
        user, _ = User.objects.get_or_create(username=username)
        user.first_name, user.last_name, user.is_active = first, last, True
        user.email = user.email or f"{username}@example.org"  # every demo account receives the emails
        user.password = password_hash
        user.save()
        user.groups.set([Group.objects.get(name=group)])
        label = group
        if seat:
            code, agency_name, kind = seat
            member_state = MemberState.objects.filter(code=code).first()
            if member_state is None:
                continue
            agency, _ = Agency.objects.get_or_create(member_state=member_state, name=agency_name, defaults={"kind": kind})
            FocalPoint.objects.update_or_create(user=user, agency=agency, defaults={"role": FocalPoint.Role.NATIONAL})
            for plan in plans:
                ContactPerson.objects.get_or_create(
                    plan=plan, agency=agency, name=f"{first} {last}",
                    defaults={"position": "National focal point", "email": user.email},
                )
            label = f"{group} ({member_state})"
        yield label, username
