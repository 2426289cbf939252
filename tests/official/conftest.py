import pytest
from django.contrib.auth.models import Group

from bodies.models import Membership
from reporting import roles
from tests.factories import ReportingCycleFactory, SectoralBodyFactory, UserFactory, WorkPlanFactory

ROLES = ("anonymous", "staff", "focal_point", "cochair", "wg_chair", "secretariat", "administrator")


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def _member(group, **kwargs):
    user = UserFactory(**kwargs)
    user.groups.add(Group.objects.get_or_create(name=group)[0])
    return user


@pytest.fixture
def plan(db):
    plan = WorkPlanFactory(slug="bali-work-plan", short_name="Bali Work Plan")
    ReportingCycleFactory(plan=plan, year=2024)
    return plan


@pytest.fixture
def people(db):
    """One person in each role, by the names of ROLES (anonymous is None)."""
    staff = _member(roles.STAFF, username="body-staff")  # a seat counts with its group (bodies.MembershipQuerySet.held)
    Membership.objects.create(user=staff, body=SectoralBodyFactory())
    return {
        "anonymous": None,
        "staff": staff,
        "focal_point": _member(roles.FOCAL_POINTS, username="focal-point"),
        "cochair": _member(roles.COCHAIRS, username="cochair-1", first_name="Ana", last_name="First"),
        "cochair_2": _member(roles.COCHAIRS, username="cochair-2", first_name="Budi", last_name="Second"),
        "wg_chair": _member(roles.WG_CHAIR, username="wg-chair"),
        "secretariat": _member(roles.SECRETARIAT, username="secretariat"),
        "administrator": UserFactory(username="admin", is_superuser=True, is_staff=True),
    }
