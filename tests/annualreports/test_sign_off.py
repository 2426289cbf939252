"""The annual report as the ministers' document: the co-chairs' text, sign-off by both, frozen versions, files."""


import pytest
from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse

from annualreports import services
from annualreports.models import AnnualReportVersion
from audit.models import AuditEvent
from builds.models import DocumentBuild
from monitoring.models import ActivityReport
from notifications.models import Event, Notification
from reporting.models import ReportingCycle
from tests.documents import docx_text, download, pdf_text

pytestmark = pytest.mark.django_db

PLAN = "bali-work-plan"
ANNUAL = reverse("annualreports:annual_report", args=[PLAN])


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def cycle(reported_plan):
    return ReportingCycle.objects.select_related("plan").get(plan__slug=PLAN, year=2024)


@pytest.fixture
def cochairs(reported_plan):
    return User.objects.get(username="mtf-cochair-1"), User.objects.get(username="mtf-cochair-2")


def write(cycle, user, summary="The MTF met twice.", challenges="Travel was costly.", recommendations="Fund the hub."):
    return services.save_text(cycle=cycle, user=user, executive_summary=summary, challenges=challenges,
                              recommendations=recommendations)


def sign_both(cycle, cochairs, django_capture_on_commit_callbacks, reason=""):
    first, second = cochairs
    version = services.sign_off(cycle=cycle, user=first, reason=reason)
    with django_capture_on_commit_callbacks(execute=True):
        services.sign_off(cycle=cycle, user=second)
    version.refresh_from_db()
    return version


def test_the_cochairs_write_the_text_on_the_annual_report_page(cochair_client, cycle):
    url = reverse("annualreports:text", args=[PLAN, 2024])
    response = cochair_client.post(url, {"executive_summary": "Seven bodies reported.", "challenges": "Late visas.",
                                         "recommendations": "Renew the Work Plan."})
    assert response.status_code == 302
    html = cochair_client.get(ANNUAL, {"cycle": "2024"}).content.decode()
    for text in ("Seven bodies reported.", "Late visas.", "Renew the Work Plan.", "Recommendations to SOMTC and the AMMTC"):
        assert text in html


def test_only_cochairs_write_and_sign(client, cycle, cochairs):
    admin = User.objects.create_superuser("boss", password="x" * 20)
    with pytest.raises(PermissionDenied):
        services.sign_off(cycle=cycle, user=admin)
    client.force_login(admin)
    assert client.post(reverse("annualreports:sign_off", args=[PLAN, 2024])).status_code == 403
    assert client.get(reverse("annualreports:text", args=[PLAN, 2024])).status_code == 403
    assert not AnnualReportVersion.objects.exists()


def test_staff_of_a_body_neither_read_a_version_nor_get_its_files(client, cycle, cochairs, django_capture_on_commit_callbacks):
    version = sign_both(cycle, cochairs, django_capture_on_commit_callbacks)
    staff = User.objects.filter(username__endswith="-staff-1").first()
    client.force_login(staff)
    assert client.get(version.get_absolute_url()).status_code == 403
    build = DocumentBuild.objects.get(kind="signed-annual-report-pdf")
    assert client.get(reverse("builds:download", args=[build.pk])).status_code == 403
    response = client.post(reverse("builds:request", args=[PLAN]), {"kind": "signed-annual-report-pdf", "cycle": 2024, "version": 1})
    assert response.status_code == 403


def test_both_cochairs_sign_off_and_one_cannot_sign_twice(cycle, cochairs, django_capture_on_commit_callbacks):
    first, second = cochairs
    write(cycle, first)
    version = services.sign_off(cycle=cycle, user=first)
    assert (version.number, version.state, version.reason) == (1, "awaiting", "")
    with pytest.raises(ValidationError, match="other co-chair"):
        services.sign_off(cycle=cycle, user=first)
    with django_capture_on_commit_callbacks(execute=True):
        signed = services.sign_off(cycle=cycle, user=second)
    assert signed.pk == version.pk and signed.state == "signed" and signed.second_signed_by == second
    # Its files are built by the worker once signed, and kept on the version.
    builds = DocumentBuild.objects.filter(kind__startswith="signed-annual-report-")
    assert sorted(build.state for build in builds) == ["done", "done"]
    signed.refresh_from_db()
    assert signed.pdf.name.endswith("-v1.pdf") and signed.docx.name.endswith("-v1.docx")


def test_each_signature_is_audited_and_told_to_the_other_cochairs(cycle, cochairs, django_capture_on_commit_callbacks):
    first, second = cochairs
    for user in cochairs:
        user.email = f"{user.username}@example.org"
        user.save()
    version = services.sign_off(cycle=cycle, user=first)
    told = Notification.objects.filter(event=Event.ANNUAL_REPORT_SIGNED)
    assert [(n.recipient, n.subject) for n in told] == [(second, "Awaiting your signature: Bali Work Plan annual report 2024, version 1")]
    assert told.get().url == version.get_absolute_url()
    assert services.sign_off(cycle=cycle, user=second).is_signed
    assert [(n.recipient, n.subject) for n in told.filter(subject__startswith="Signed off")] == [
        (first, "Signed off: Bali Work Plan annual report 2024, version 1")]
    events = AuditEvent.objects.filter(action=AuditEvent.Action.ANNUAL_REPORT_SIGNED).order_by("pk")
    assert [(e.user, e.object_id, e.detail) for e in events] == [
        (first, str(version.pk), "First signature of version 1."),
        (second, str(version.pk), "Second signature: version 1 signed off."),
    ]


def test_the_database_refuses_one_person_signing_twice_and_a_new_version_without_reason(cycle, cochairs):
    first, _ = cochairs
    with pytest.raises(IntegrityError), transaction.atomic():
        AnnualReportVersion.objects.create(cycle=cycle, number=1, snapshot={}, first_signed_by=first,
                                           second_signed_by=first, state="signed")
    with pytest.raises(IntegrityError), transaction.atomic():
        AnnualReportVersion.objects.create(cycle=cycle, number=2, snapshot={}, first_signed_by=first)


def test_changing_the_text_withdraws_a_version_awaiting_the_second_signature(cycle, cochairs):
    first, second = cochairs
    services.sign_off(cycle=cycle, user=first)
    write(cycle, second, summary="Corrected.")
    assert not AnnualReportVersion.objects.exists()


def test_the_signed_version_stays_as_signed_when_reports_and_text_change(
    cochair_client, cycle, cochairs, django_capture_on_commit_callbacks
):
    first, _ = cochairs
    write(cycle, first, summary="Signed summary.")
    entry = ActivityReport.objects.filter(cycle=cycle, state="accepted").exclude(recommendations="").first()
    ActivityReport.objects.filter(pk=entry.pk).update(challenges="Original challenge.")
    version = sign_both(cycle, cochairs, django_capture_on_commit_callbacks)
    frozen, frozen_pdf = version.snapshot, version.pdf.read()
    assert "Signed summary." in pdf_text(frozen_pdf) and "Original challenge." in pdf_text(frozen_pdf)

    entry.refresh_from_db()
    entry.challenges, entry.state = "A later challenge.", "returned"
    entry.save()
    write(cycle, first, summary="Later summary.")

    version.refresh_from_db()
    assert version.snapshot == frozen
    page = cochair_client.get(version.get_absolute_url()).content.decode()
    assert "Signed summary." in page and "Original challenge." in page
    assert "Later summary." not in page and "A later challenge." not in page
    # Asked for again, the signed PDF is the same file; the draft shows the change.
    with django_capture_on_commit_callbacks(execute=True):
        cochair_client.post(reverse("builds:request", args=[PLAN]), {
            "kind": "signed-annual-report-pdf", "cycle": 2024, "version": 1})
        cochair_client.post(reverse("builds:request", args=[PLAN]), {
            "kind": "annual-report-pdf", "cycle": 2024})
    again = DocumentBuild.objects.filter(kind="signed-annual-report-pdf").first()
    assert download(cochair_client, again) == frozen_pdf
    draft = pdf_text(download(cochair_client, DocumentBuild.objects.get(kind="annual-report-pdf")))
    assert "Later summary." in draft and "Signed summary." not in draft and "Draft: not signed off" in draft


def test_a_new_version_needs_a_reason_and_keeps_the_old_one(cochair_client, cycle, cochairs, django_capture_on_commit_callbacks):
    first, second = cochairs
    write(cycle, first, summary="First words.")
    sign_both(cycle, cochairs, django_capture_on_commit_callbacks)
    write(cycle, first, summary="Second words.")
    with pytest.raises(ValidationError, match="say why"):
        services.sign_off(cycle=cycle, user=second)
    sign_both(cycle, (second, first), django_capture_on_commit_callbacks, reason="SOMTC's report was corrected.")
    one, two = AnnualReportVersion.objects.filter(cycle=cycle).order_by("number")
    assert (one.number, two.number, two.reason) == (1, 2, "SOMTC's report was corrected.")
    assert one.snapshot["text"]["executive_summary"] == "First words."
    assert two.snapshot["text"]["executive_summary"] == "Second words."
    page = cochair_client.get(ANNUAL, {"cycle": "2024"}).content.decode()
    assert one.get_absolute_url() in page and two.get_absolute_url() in page and "corrected" in page
    for version, words in ((one, "First words."), (two, "Second words.")):
        with django_capture_on_commit_callbacks(execute=True):
            response = cochair_client.post(reverse("builds:request", args=[PLAN]), {
                "kind": "signed-annual-report-docx", "cycle": 2024, "version": version.number})
        build = DocumentBuild.objects.get(pk=response["Location"].rstrip("/").rsplit("/", 1)[-1])
        assert words in docx_text(download(cochair_client, build))


def test_the_pdf_and_the_word_file_hold_the_text_figures_rates_and_every_entry(
    cochair_client, cycle, cochairs, django_capture_on_commit_callbacks
):
    from monitoring import cycles as cycle_service

    cycle_service.expect_reports(cycle)
    write(cycle, cochairs[0], summary="Executive words.", challenges="Shared challenge.", recommendations="Ministers should act.")
    version = sign_both(cycle, cochairs, django_capture_on_commit_callbacks)
    snapshot = version.snapshot
    total = snapshot["rates"]["total"]
    assert total["expected"] > 0 and len(snapshot["entries"]) == ActivityReport.objects.filter(
        cycle=cycle, state__in=["submitted", "accepted"]).count()
    pdf, word = pdf_text(version.pdf.read()), docx_text(version.docx.read())
    last = snapshot["entries"][-1]
    for text in (pdf, word):
        for expected in ("Executive words.", "Shared challenge.", "Ministers should act.", "Reporting rates",
                         "All bodies", "Recommendations still open", "signed off by the MTF co-chairs",
                         "cochair-1", "cochair-2", last["code"], "Dialogue Partner support"):
            assert expected in text, expected
    assert f"{total['expected']}" in word


@pytest.mark.parametrize("change", [
    {"kind": "signed-annual-report-pdf"},  # no version
    {"kind": "signed-annual-report-pdf", "version": "7"},  # none such
    {"kind": "annual-report-pdf", "version": "1"},  # a draft has no version
])
def test_a_request_for_a_version_that_is_not_signed_is_refused(cochair_client, cycle, cochairs, change):
    services.sign_off(cycle=cycle, user=cochairs[0])  # awaiting, not signed
    response = cochair_client.post(reverse("builds:request", args=[PLAN]), {"cycle": 2024, **change})
    assert response.status_code == 404 and not DocumentBuild.objects.exists()
