import io
import random

import openpyxl
import pytest
from django.db.models import Count
from django.urls import reverse
from django.utils import timezone

from builds.models import DocumentBuild
from national import services
from national.models import NationalReport, ProvisionEntry
from tests.documents import docx_text, download, pdf_text
from tests.factories import MemberStateFactory, ReportingCycleFactory
from tests.national.conftest import build_plan_of_action, focal_point

pytestmark = pytest.mark.django_db

STATUSES = ProvisionEntry.Status.values
THEMES = ProvisionEntry.Assistance.values


def reported_cycle(*, provisions, areas, states=6, seed=13, slug="acpoa-ct"):
    """A cycle in which most states sent reports with random answers, one has a draft and one nothing."""
    rng = random.Random(seed)
    plan = build_plan_of_action(provisions=provisions, areas=areas, slug=slug)
    cycle = ReportingCycleFactory(plan=plan, year=2024)
    MemberStateFactory(name="Brunei Darussalam")  # a state that never started a report
    for index in range(states):
        state = MemberStateFactory(name=f"Member State {chr(65 + index)}")
        if index == states - 1:
            continue  # no report at all
        report = services.start_national_report(member_state=state, cycle=cycle, user=focal_point(state, "Police"))
        for entry in report.entries.all():
            needs = rng.random() < 0.3
            ProvisionEntry.objects.filter(pk=entry.pk).update(
                status=rng.choice(STATUSES), national_measures=f"Measure of {state.name} on {entry.provision_id}",
                assistance_needed="Training of investigators" if needs else "", assistance_theme=rng.choice(THEMES) if needs else "",
            )
        if index == states - 2:
            continue  # a draft: not reported
        state_after = NationalReport.State.ACKNOWLEDGED if index % 2 else NationalReport.State.SUBMITTED
        sent_at = timezone.now()
        NationalReport.objects.filter(pk=report.pk).update(state=state_after, submitted_at=sent_at, first_submitted_at=sent_at)
    return cycle


def test_summary_figures_agree_with_an_independent_count(client, nat):
    cycle = reported_cycle(provisions=9, areas=3, slug="poa-test")
    client.force_login(nat.chair)
    response = client.get(reverse("national:summary", args=[cycle.plan.slug]) + "?cycle=2024&area=all")
    assert response.status_code == 200
    summary = response.context["summary"]
    sent = NationalReport.objects.filter(cycle=cycle, state__in=["submitted", "acknowledged"])
    assert {r.member_state.name for r in summary.reports} == set(sent.values_list("member_state__name", flat=True))
    assert len(summary.reports) == 4
    # Everyone else did not report: the draft's state, the state with nothing, and the states of the other world.
    assert {s.name for s in summary.not_reported} >= {"Member State E", "Member State F", "Brunei Darussalam"}
    entries = ProvisionEntry.objects.filter(report__in=sent)
    expected = dict(entries.values_list("status").annotate(n=Count("pk")))
    assert {status: count for status, _, count in summary.statuses} == {s: expected.get(s, 0) for s in STATUSES}
    for area in summary.areas:
        expected = dict(entries.filter(provision__priority_area=area.area).values_list("status").annotate(n=Count("pk")))
        assert {status: count for status, _, count in area.statuses} == {s: expected.get(s, 0) for s in STATUSES}
    needs = dict(entries.exclude(assistance_needed="").values_list("assistance_theme").annotate(n=Count("pk")))
    assert {theme.theme: theme.count for theme in summary.assistance} == needs
    text = response.content.decode()
    assert "Member State E" in text and "Measure of Member State A on" in text
    assert "Measure of Member State E" not in text  # the draft is not quoted


def test_summary_is_for_the_chair_the_secretariat_and_administrators_only(client, nat):
    url = reverse("national:summary", args=[nat.plan.slug])
    expected = {"focal": 403, "other_focal": 403, "staff": 403, "cochair": 403, "chair": 200, "secretariat": 200, "admin": 200}
    for role, status in expected.items():
        client.force_login(getattr(nat, role))
        assert client.get(url).status_code == status, role
    client.logout()
    assert client.get(url).status_code == 302


def test_summary_workbook_is_built_for_the_chair_and_refused_to_others(client, nat, django_capture_on_commit_callbacks):
    cycle = reported_cycle(provisions=4, areas=2, slug="poa-xlsx")
    url = reverse("builds:request", args=[cycle.plan.slug])
    data = {"kind": "national-summary-xlsx", "cycle": 2024}
    client.force_login(nat.cochair)
    assert client.post(url, data).status_code == 403
    client.force_login(nat.chair)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url, data)
    build = DocumentBuild.objects.get()
    assert build.state == "done"
    download = client.get(reverse("builds:download", args=[build.pk]))
    book = openpyxl.load_workbook(io.BytesIO(b"".join(download.streaming_content)))
    assert book.sheetnames == ["Who reported", "Answers", "Assistance needed"]
    assert book["Answers"].max_row == 1 + 4 * 4  # four states sent a report on four provisions
    client.force_login(nat.focal)
    assert client.get(reverse("builds:download", args=[build.pk])).status_code == 403


@pytest.mark.parametrize("kind,read", [("national-summary-pdf", pdf_text), ("national-summary-docx", docx_text)])
def test_summary_pdf_and_word_hold_who_reported_the_answers_and_the_needs(
        client, nat, kind, read, settings, tmp_path, django_capture_on_commit_callbacks):
    settings.MEDIA_ROOT = tmp_path
    cycle = reported_cycle(provisions=4, areas=2, slug="poa-docs")
    sent = NationalReport.objects.sent().filter(cycle=cycle)
    ProvisionEntry.objects.filter(report=sent.order_by("member_state__name").first()).update(
        good_practice="Community policing forum")
    client.force_login(nat.chair)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("builds:request", args=[cycle.plan.slug]), {"kind": kind, "cycle": 2024})
    build = DocumentBuild.objects.get()
    assert response.status_code == 302 and build.state == "done"
    assert build.filename == f"poa-docs-summary-report-2024.{kind.rsplit('-', 1)[1]}"
    text = read(download(client, build))
    assert f"{sent.count()} Member States reported" in text
    # The good practices, once left out of the files: Member State A's, on each of the four provisions.
    assert "Good practices" in text and text.count("Community policing forum") == 4
    for entry in ProvisionEntry.objects.filter(report__in=sent).select_related("report__member_state", "provision"):
        assert f"Measure of {entry.report.member_state.name} on {entry.provision_id}" in text
    assert "Measure of Member State E" not in text  # a draft is not quoted
    needs = ProvisionEntry.objects.filter(report__in=sent).exclude(assistance_needed="")
    assert text.count("Training of investigators") == 2 * needs.count()  # under its kind, and quoted under its provision
    client.force_login(nat.cochair)
    assert client.get(reverse("builds:download", args=[build.pk])).status_code == 403


@pytest.mark.parametrize("size", [(30, 4), (77, 17)], ids=["poa-30", "acpoa-77"])
def test_summary_queries_do_not_grow_with_the_plan(client, nat, size, django_assert_max_num_queries):
    cycle = reported_cycle(provisions=size[0], areas=size[1], slug=f"plan-{size[0]}")
    client.force_login(nat.chair)
    # One area shown (the first): the plan's areas for its menu and the table of every area's figures
    # counted in the database are two queries more than the page showing everything took.
    with django_assert_max_num_queries(14):
        response = client.get(reverse("national:summary", args=[cycle.plan.slug]) + "?cycle=2024")
    assert response.status_code == 200
