"""A small world for the people pages: two bodies, two Member States with agencies and focal points, and a
user for every role."""

import re
from types import SimpleNamespace

import pytest
from django.core import mail

from monitoring import roles as monitoring_roles
from national import roles as national_roles
from national.models import Agency, ContactPerson, FocalPoint
from people import roles as people_roles
from reporting import permissions
from tests.factories import MemberStateFactory, SectoralBodyFactory
from tests.monitoring.conftest import make_user
from tests.national.conftest import build_plan_of_action, focal_point


def ensure_groups():
    """The groups of the apps these tests meet, in one call: each call gives the Administrators every
    permission again, the slowest part of a small world."""
    merged = {}
    for module in (monitoring_roles, national_roles, people_roles):
        for group, codenames in module.GROUP_PERMISSIONS.items():
            merged.setdefault(group, []).extend(codenames)
    permissions.ensure_groups(merged)


@pytest.fixture
def folks(db):
    ensure_groups()
    somtc = SectoralBodyFactory(abbreviation="SOMTC")
    aichr = SectoralBodyFactory(abbreviation="AICHR")
    indonesia = MemberStateFactory(name="Indonesia", code="IDN")
    malaysia = MemberStateFactory(name="Malaysia", code="MYS")
    plan = build_plan_of_action()
    world = SimpleNamespace(
        plan=plan, somtc=somtc, aichr=aichr, indonesia=indonesia, malaysia=malaysia,
        staff=make_user(monitoring_roles.STAFF, somtc, username="somtc", email="somtc@example.org"),
        cochair=make_user(monitoring_roles.COCHAIRS, username="cochair", email="cochair@example.org"),
        wg_chair=make_user(national_roles.WG_CHAIR, username="wgct-chair"),
        secretariat=make_user(national_roles.SECRETARIAT, username="asec", email="asec@example.org"),
        admin=make_user(monitoring_roles.ADMINISTRATORS, username="admin", is_superuser=True, is_staff=True),
        id_focal=focal_point(indonesia, "National Counter Terrorism Agency", username="id-focal",
                             email="id-focal@example.org"),
        id_agency=focal_point(indonesia, "Financial Transaction Reports and Analysis Centre",
                              role=FocalPoint.Role.AGENCY, username="id-ppatk"),
        my_focal=focal_point(malaysia, "Royal Malaysia Police", username="my-focal"),
    )
    world.id_police = Agency.objects.create(member_state=indonesia, name="Indonesian National Police")
    world.my_agency = Agency.objects.get(member_state=malaysia)
    world.id_contact = ContactPerson.objects.create(plan=plan, agency=world.id_police, name="Budi Santoso")
    world.my_contact = ContactPerson.objects.create(plan=plan, agency=world.my_agency, name="Aminah Yusof")
    return world


def invitation_link(message=None):
    """The set-password link of the last email sent (or of `message`), as a path."""
    message = message or mail.outbox[-1]
    return re.search(r"https?://[^/\s]+(/welcome/[^/\s]+/)", message.body).group(1)

