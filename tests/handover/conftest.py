"""An ended work plan with open items, its successor with one area, line and focus area, and a user per role."""

import datetime
from types import SimpleNamespace

import pytest
from django.utils import timezone

from handover import roles as handover_roles
from monitoring import roles
from monitoring.models import ActivityReport, FollowUp
from national import roles as national_roles
from reporting.models import ReportingCycle
from tests.factories import (
    ActivityFactory, ActionLineFactory, FocusAreaFactory, OutputFactory, PriorityAreaFactory, ReportingCycleFactory,
    SectoralBodyFactory, WorkPlanFactory,
)
from tests.monitoring.conftest import make_user

Status = ActivityReport.Status


def sent_report(activity, cycle, body, *, status=Status.ONGOING, recommendations="", **fields):
    """A report as its body's staff sent it to the MTF."""
    when = timezone.make_aware(datetime.datetime(cycle.year + 1, 2, 1))
    return ActivityReport.objects.create(
        activity=activity, cycle=cycle, implementing_body=body, state=ActivityReport.State.SUBMITTED,
        created_by=body.memberships.first().user,
        implementation_status=status, recommendations=recommendations, assessment="Held as planned.",
        submitted_at=when, first_submitted_at=when, **fields)


def add_open_items(plan, line, body, closed, last, *, count):
    """`count` activities on `line`: each ongoing by its last report, which recommends something."""
    focus_area = FocusAreaFactory(action_line=line)
    activities = []
    for _ in range(count):
        activity = ActivityFactory(focus_area=focus_area, lead_bodies=[body])
        OutputFactory(activity=activity, text="Regional guidelines drafted")
        sent_report(activity, closed, body, recommendations="Widen it to youth groups.")
        sent_report(activity, last, body, recommendations="Draft the guidelines.")
        activities.append(activity)
    return activities


@pytest.fixture
def ended(db):
    roles.ensure_groups()
    national_roles.ensure_groups()
    handover_roles.ensure_groups()
    somtc = SectoralBodyFactory(abbreviation="SOMTC", name="Senior Officials Meeting on Transnational Crime")
    staff = make_user(roles.STAFF, somtc, username="somtc")
    plan = WorkPlanFactory(end_year=2025)  # the Bali Work Plan, 2019-2025: its end has passed
    closed = ReportingCycleFactory(plan=plan, year=2024, state=ReportingCycle.State.CLOSED)
    last = ReportingCycleFactory(plan=plan, year=2025)
    line = ActionLineFactory(priority_area=PriorityAreaFactory(plan=plan, number=1))
    focus_area = FocusAreaFactory(action_line=line)
    ongoing = ActivityFactory(focus_area=focus_area, lead_bodies=[somtc], text="Track 1.5 dialogue on youth and PCRVE")
    OutputFactory(activity=ongoing, position=1, text="Recommendations formulated")
    OutputFactory(activity=ongoing, position=2, text="Regional messages adopted")
    done = ActivityFactory(focus_area=focus_area, lead_bodies=[somtc], text="Workshop on prison radicalisation")
    # 2024: recommendations that the 2025 report follows up as done, and one left open.
    followed = sent_report(done, closed, somtc, status=Status.COMPLETED, recommendations="Share the toolkit.")
    sent_report(done, last, somtc, status=Status.COMPLETED, follows_up=followed, follow_up_status=FollowUp.DONE)
    open_report = sent_report(ongoing, last, somtc, recommendations="Hold the dialogue yearly, with the youth forum.")
    successor = WorkPlanFactory(slug="work-plan-2026-2030", short_name="Work Plan 2026-2030", start_year=2026, end_year=2030)
    next_line = ActionLineFactory(priority_area=PriorityAreaFactory(plan=successor, number=1, title="Prevention"),
                                  position=1, number="1.1")
    next_focus = FocusAreaFactory(action_line=next_line, position=1, text="Dialogue with young people")
    people = dict(
        staff=staff,
        focal=make_user(national_roles.FOCAL_POINTS, username="id-focal"),
        cochair=make_user(roles.COCHAIRS, username="cochair"),
        chair=make_user(national_roles.WG_CHAIR, username="wgct-chair"),
        secretariat=make_user(national_roles.SECRETARIAT, username="asean-sec", first_name="Ayu", last_name="Lestari"),
        admin=make_user(roles.ADMINISTRATORS, username="admin"),
    )
    return SimpleNamespace(plan=plan, closed=closed, last=last, line=line, somtc=somtc, ongoing=ongoing, done=done,
                           open_report=open_report, followed=followed, successor=successor, next_line=next_line,
                           next_focus=next_focus, **people)


def ask_for_assistance(plan, cycle, member_state, focal, *, count):
    """`member_state`'s national report on `plan`, submitted, asking for assistance on `count` provisions."""
    from national import services
    from tests.national.conftest import answer_all

    report = answer_all(services.start_national_report(member_state=member_state, cycle=cycle, user=focal))
    for entry in report.entries.order_by("provision__position", "provision__priority_area__number")[:count]:
        entry.assistance_needed = f"Training of prosecutors on measure {entry.provision.number}"
        entry.assistance_theme = "training"
        entry.save()
    services.submit_national_report(report=report, user=focal)
    return report


@pytest.fixture
def assisted(ended, dialogue_partners):
    """An ended plan of action (two areas, four measures) whose 2025 national report from Indonesia asked for
    assistance on two measures, one of them offered by Japan, and its successor with one measure."""
    from bodies.models import Partner
    from national import services
    from national.models import AssistanceRequest
    from tests.factories import MemberStateFactory, PlanOfActionFactory
    from tests.national.conftest import build_plan_of_action, focal_point

    poa = build_plan_of_action(slug="acpoa-ct-2017", short_name="ACPoA on CT", start_year=2017, end_year=2025)
    cycle = ReportingCycleFactory(plan=poa, year=2025)
    indonesia = MemberStateFactory(name="Indonesia", code="IDN")
    focal = focal_point(indonesia, "National Counter Terrorism Agency", username="idn-focal")
    ask_for_assistance(poa, cycle, indonesia, focal, count=2)
    first, second = AssistanceRequest.objects.order_by("entry__provision__priority_area__number")
    services.take_assistance_step(request=first, user=ended.secretariat, step="offer", on=timezone.localdate(),
                                  partner=Partner.objects.get(slug="japan"), note="A course for prosecutors")
    successor = PlanOfActionFactory(slug="acpoa-ct-2026", short_name="ACPoA on CT 2026", start_year=2026)
    measure = ActionLineFactory(priority_area=PriorityAreaFactory(plan=successor, number=1, title="Prevention"),
                                position=1, number="1.1", text="Strengthen the criminal justice response")
    poa.succeeded_by = successor
    poa.save()
    return SimpleNamespace(plan=poa, cycle=cycle, indonesia=indonesia, focal=focal,
                           offered=AssistanceRequest.objects.get(pk=first.pk), requested=second, successor=successor,
                           measure=measure)
