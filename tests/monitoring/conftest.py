"""A small world for monitoring tests: two bodies, an activity each, a user per role."""

import datetime
from types import SimpleNamespace

import pytest
from django.contrib.auth.models import Group

from monitoring import roles
from monitoring.models import ActivityReport
from monitoring.services import start_report
from bodies.models import Membership
from reporting.models import ReportingCycle
from tests.factories import ActivityFactory, OutputFactory, ReportingCycleFactory, SectoralBodyFactory, UserFactory


def make_user(group, *bodies, **kwargs):
    user = UserFactory(**kwargs)
    user.groups.add(Group.objects.get(name=group))
    for body in bodies:
        Membership.objects.create(user=user, body=body)
    return user


@pytest.fixture
def world(db):
    roles.ensure_groups()
    somtc = SectoralBodyFactory(abbreviation="SOMTC", name="Senior Officials Meeting on Transnational Crimes")
    aichr = SectoralBodyFactory(abbreviation="AICHR", name="ASEAN Inter-Governmental Commission on Human Rights")
    cycle = ReportingCycleFactory(year=2025)
    closed = ReportingCycleFactory(year=2024, state=ReportingCycle.State.CLOSED)
    activity = ActivityFactory(text="Conduct ASEAN Track 1.5 Dialogue", lead_bodies=[somtc])
    OutputFactory(activity=activity, position=1, text="Recommendations formulated")
    OutputFactory(activity=activity, position=2, text="Regional messages adopted")
    other_activity = ActivityFactory(text="AICHR Consultation on victims", lead_bodies=[aichr])
    OutputFactory(activity=other_activity, text="Recommendation on victims' protection")
    staff = make_user(roles.STAFF, somtc, username="somtc")
    other_staff = make_user(roles.STAFF, aichr, username="aichr")
    cochair = make_user(roles.COCHAIRS, username="cochair")
    admin = make_user(roles.ADMINISTRATORS, username="admin", is_superuser=True, is_staff=True)
    return SimpleNamespace(
        somtc=somtc, aichr=aichr, cycle=cycle, closed=closed, activity=activity, other_activity=other_activity,
        staff=staff, other_staff=other_staff, cochair=cochair, admin=admin,
    )


def complete(report, **overrides):
    """Fill in what section IV asks, so the report can be submitted."""
    values = dict(
        implementation_status=ActivityReport.Status.COMPLETED,
        start_date=datetime.date(2025, 4, 4),
        end_date=datetime.date(2025, 4, 5),
        assessment="Well attended; the dialogue met its aims.",
        recommendations="Hold it yearly.",
    )
    values.update(overrides)
    ActivityReport.objects.filter(pk=report.pk).update(**values)
    report.achievements.update(level="achieved", evidence="Chair's summary")
    report.refresh_from_db()
    return report


@pytest.fixture
def draft(world):
    return start_report(activity=world.activity, cycle=world.cycle, body=world.somtc, user=world.staff)
