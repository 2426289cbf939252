"""One world for the sensitivity marks: the national reports' (a plan of action, two states and a user
per role) with an activity report of the SOMTC, whose staff the national world already has."""

import pytest

from monitoring import roles as monitoring_roles
from monitoring.models import ActivityReport
from monitoring.services import start_report
from national import services
from national.models import NationalReport
from reporting.services import submit
from tests.factories import ActivityFactory, OutputFactory, ReportingCycleFactory
from tests.monitoring.conftest import complete
from tests.national.conftest import answer_all, nat, draft  # noqa: F401 (fixtures)


@pytest.fixture
def roles_world(nat):
    monitoring_roles.ensure_groups()
    nat.body = nat.staff.memberships.get().body
    activity = ActivityFactory(text="Conduct ASEAN Track 1.5 Dialogue", lead_bodies=[nat.body])
    OutputFactory(activity=activity, position=1, text="Recommendations formulated")
    nat.activity = activity
    nat.work_cycle = ReportingCycleFactory(plan=activity.plan, year=2025)
    return nat


@pytest.fixture
def activity_report(roles_world):
    """A SOMTC report, submitted to the co-chairs."""
    report = start_report(activity=roles_world.activity, cycle=roles_world.work_cycle, body=roles_world.body,
                          user=roles_world.staff)
    complete(report)
    submit(report=report, user=roles_world.staff)
    return ActivityReport.objects.get(pk=report.pk)


@pytest.fixture
def shared_national(roles_world, draft):
    """Indonesia's report, shared with the other states and submitted to the chair."""
    report = answer_all(draft)
    NationalReport.objects.filter(pk=report.pk).update(shared_with_member_states=True)
    report.refresh_from_db()
    services.submit_national_report(report=report, user=roles_world.focal)
    return NationalReport.objects.get(pk=report.pk)
