"""A world with something of every kind to publish and to keep: an accepted activity report with one part
and one document marked public, a draft and a submitted report, and national reports with public,
restricted and confidential answers. Every text that must never leave is marked LEAK; every text that
must be published is marked SHOWN."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from monitoring.models import ActivityReport, OutputAchievement
from monitoring.services import start_report
from national import services as national_services
from national.models import NationalReport, ProvisionEntry
from reporting import services
from reporting.sensitivity import Sensitivity
from tests.factories import (
    ActionLineFactory, ActivityFactory, FocusAreaFactory, OutputFactory, PriorityAreaFactory, ReportingCycleFactory,
    SectoralBodyFactory, UserFactory, WorkPlanFactory,
)
from tests.monitoring.conftest import complete
from tests.national.conftest import answer_all, draft, nat  # noqa: F401 (fixtures)
from tests.sensitivity.conftest import roles_world  # noqa: F401 (fixture)

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
LEAK = "LEAKc0ffee"
SHOWN = "SHOWNbeef"


def attach(report, user, name, sensitivity, description=""):
    document = services.add_document(report=report, user=user, uploaded=SimpleUploadedFile(name, PDF),
                                     description=description)
    type(document).objects.filter(pk=document.pk).update(sensitivity=sensitivity)
    document.sensitivity = sensitivity
    return document


def accepted_report(world, activity, *, body=None, public_parts=("assessment",), **text):
    """A report of `body` (the world's SOMTC) on `activity`, filled in, submitted and accepted by a co-chair."""
    report = start_report(activity=activity, cycle=world.work_cycle, body=body or world.body, user=world.staff)
    complete(report, **text)
    services.submit(report=report, user=world.staff)
    services.accept(report=ActivityReport.objects.get(pk=report.pk), user=world.cochair)
    ActivityReport.objects.filter(pk=report.pk).update(public_parts=list(public_parts))
    return ActivityReport.objects.get(pk=report.pk)


@pytest.fixture
def published(roles_world, settings, tmp_path):  # noqa: F811
    settings.MEDIA_ROOT = tmp_path
    world = roles_world
    # The accepted report: its assessment marked public, its recommendations not.
    world.accepted = accepted_report(
        world, world.activity, assessment=f"{SHOWN} assessment", recommendations=f"{LEAK} restricted recommendations",
        venue=f"{LEAK} venue", start_date=datetime.date(2025, 4, 4), end_date=datetime.date(2025, 4, 5))
    world.accepted.achievements.update(figure=42, evidence=f"{LEAK} evidence")
    world.public_document = attach(world.accepted, world.staff, "shown-minutes.pdf", Sensitivity.PUBLIC, f"{SHOWN} doc")
    world.restricted_document = attach(world.accepted, world.staff, "restricted.pdf", Sensitivity.RESTRICTED, f"{LEAK} r")
    world.confidential_document = attach(world.accepted, world.staff, "confidential.pdf", Sensitivity.CONFIDENTIAL,
                                         f"{LEAK} c")
    # A draft and a submitted report on two more activities of the same plan, with their text all over.
    plan = world.activity.plan
    second = ActivityFactory(focus_area=world.activity.focus_area, text="Second activity", lead_bodies=[world.body])
    OutputFactory(activity=second, text="Second output")
    third = ActivityFactory(focus_area=world.activity.focus_area, text="Third activity", lead_bodies=[world.body])
    world.draft_report = start_report(activity=second, cycle=world.work_cycle, body=world.body, user=world.staff)
    complete(world.draft_report, assessment=f"{LEAK} draft", venue=f"{LEAK} draft venue")
    ActivityReport.objects.filter(pk=world.draft_report.pk).update(public_parts=["assessment", "venue"])
    attach(world.draft_report, world.staff, "draft-public.pdf", Sensitivity.PUBLIC, f"{LEAK} draft doc")
    world.submitted_report = start_report(activity=third, cycle=world.work_cycle, body=world.body, user=world.staff)
    complete(world.submitted_report, assessment=f"{LEAK} submitted")
    services.submit(report=world.submitted_report, user=world.staff)
    ActivityReport.objects.filter(pk=world.submitted_report.pk).update(public_parts=["assessment"])
    attach(world.submitted_report, world.staff, "submitted-public.pdf", Sensitivity.PUBLIC, f"{LEAK} submitted doc")
    world.plan = plan

    # Indonesia publishes one answer; keeps one restricted and one confidential; its narrative restricted.
    indonesia = national_services.start_national_report(member_state=world.indonesia, cycle=world.cycle, user=world.focal)
    answer_all(indonesia, national_measures=f"{LEAK} restricted answer")
    entries = list(indonesia.entries.order_by("provision__priority_area__number", "provision__position"))
    ProvisionEntry.objects.filter(pk=entries[0].pk).update(
        sensitivity=Sensitivity.PUBLIC, status=ProvisionEntry.Status.IMPLEMENTED, national_measures=f"{SHOWN} answer")
    ProvisionEntry.objects.filter(pk=entries[1].pk).update(
        sensitivity=Sensitivity.CONFIDENTIAL, national_measures=f"{LEAK} confidential answer")
    NationalReport.objects.filter(pk=indonesia.pk).update(narrative=f"{LEAK} narrative")
    attach(indonesia, world.focal, "national-confidential.pdf", Sensitivity.CONFIDENTIAL, f"{LEAK} national c")
    national_services.submit_national_report(report=NationalReport.objects.get(pk=indonesia.pk), user=world.focal)
    services.accept(report=NationalReport.objects.get(pk=indonesia.pk), user=world.chair)
    world.indonesia_report = NationalReport.objects.get(pk=indonesia.pk)
    world.public_entry = ProvisionEntry.objects.get(pk=entries[0].pk)
    # Malaysia's report is acknowledged too, and publishes nothing: not even that it reported shows.
    malaysia = national_services.start_national_report(member_state=world.malaysia, cycle=world.cycle,
                                                       user=world.other_focal)
    answer_all(malaysia, national_measures=f"{LEAK} malaysia", status=ProvisionEntry.Status.PLANNED)
    national_services.submit_national_report(report=NationalReport.objects.get(pk=malaysia.pk), user=world.other_focal)
    services.accept(report=NationalReport.objects.get(pk=malaysia.pk), user=world.chair)
    world.malaysia_report = NationalReport.objects.get(pk=malaysia.pk)
    return world


def sized_plan(count, *, accepted_every=1):
    """A work plan with `count` activities in two areas, each with two outputs and a report of one of two
    bodies (every `accepted_every`-th accepted, the others drafts): for pinning query counts at two sizes."""
    plan = WorkPlanFactory(slug="sized")
    bodies = [SectoralBodyFactory(), SectoralBodyFactory()]
    cycle = ReportingCycleFactory(plan=plan, year=2025)
    user = UserFactory()
    areas = [PriorityAreaFactory(plan=plan, number=number) for number in (1, 2)]
    focus_areas = [FocusAreaFactory(action_line=ActionLineFactory(priority_area=area, position=1), position=1)
                   for area in areas]
    for index in range(count):
        activity = ActivityFactory(focus_area=focus_areas[index % 2], position=index + 1, lead_bodies=[bodies[index % 2]])
        outputs = [OutputFactory(activity=activity, position=position) for position in (1, 2)]
        state = ActivityReport.State.ACCEPTED if index % accepted_every == 0 else ActivityReport.State.DRAFT
        report = ActivityReport.objects.create(
            activity=activity, cycle=cycle, implementing_body=bodies[index % 2], state=state, created_by=user,
            implementation_status="completed", public_parts=["assessment"], assessment="Done.")
        OutputAchievement.objects.bulk_create(OutputAchievement(report=report, output=output, level="achieved")
                                              for output in outputs)
    return plan
