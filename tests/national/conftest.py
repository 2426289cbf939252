"""A small world for the national reports: a plan of action with two areas, two Member States with
their focal points, and a user for every other role."""

from reporting.models import ReportingCycle
from types import SimpleNamespace

import pytest

from monitoring import roles as monitoring_roles
from national import roles, services
from national.models import Agency, FocalPoint, ProvisionEntry
from tests.factories import (
    ActionLineFactory, MemberStateFactory, PlanOfActionFactory, PriorityAreaFactory, ReportingCycleFactory,
    SectoralBodyFactory,
)
from tests.monitoring.conftest import make_user


def build_plan_of_action(*, provisions=4, areas=2, **plan_fields):
    """A plan of action with `provisions` spread over `areas`."""
    plan = PlanOfActionFactory(**plan_fields)
    area_list = [PriorityAreaFactory(plan=plan, number=number + 1) for number in range(areas)]
    for index in range(provisions):
        area = area_list[index % areas]
        ActionLineFactory(priority_area=area, position=index // areas + 1, text=f"Measure on matter {index + 1}")
    return plan


def focal_point(member_state, agency_name, *, role=FocalPoint.Role.NATIONAL, **user_fields):
    user = make_user(roles.FOCAL_POINTS, **user_fields)
    agency, _ = Agency.objects.get_or_create(member_state=member_state, name=agency_name)
    FocalPoint.objects.create(user=user, agency=agency, role=role)
    return user


@pytest.fixture
def nat(db):
    roles.ensure_groups()
    plan = build_plan_of_action()
    indonesia = MemberStateFactory(name="Indonesia", code="IDN")
    malaysia = MemberStateFactory(name="Malaysia", code="MYS")
    cycle = ReportingCycleFactory(plan=plan, year=2025)
    closed = ReportingCycleFactory(plan=plan, year=2024, state=ReportingCycle.State.CLOSED)
    body = SectoralBodyFactory(abbreviation="SOMTC")
    people = dict(
        focal=focal_point(indonesia, "National Counter Terrorism Agency", username="id-focal"),
        agency_focal=focal_point(indonesia, "Financial Transaction Reports and Analysis Centre",
                                 role=FocalPoint.Role.AGENCY, username="id-ppatk"),
        other_focal=focal_point(malaysia, "Royal Malaysia Police", username="my-focal"),
        staff=make_user(monitoring_roles.STAFF, body, username="somtc"),
        cochair=make_user(monitoring_roles.COCHAIRS, username="cochair"),
        chair=make_user(roles.WG_CHAIR, username="wgct-chair"),
        secretariat=make_user(roles.SECRETARIAT, username="asean-sec"),
        admin=make_user(monitoring_roles.ADMINISTRATORS, username="admin", is_superuser=True, is_staff=True),
    )
    return SimpleNamespace(plan=plan, indonesia=indonesia, malaysia=malaysia, cycle=cycle, closed=closed, **people)


def answer_all(report, **values):
    """Answer every provision of the report, as a state that has finished filling it in."""
    values = {"status": ProvisionEntry.Status.IN_PROGRESS, "national_measures": "A national action plan.", **values}
    report.entries.update(carried_forward=False, **values)
    return report


@pytest.fixture
def draft(nat):
    return services.start_national_report(member_state=nat.indonesia, cycle=nat.cycle, user=nat.focal)

