"""The annual report as the ministers' document, through the official documents engine: the co-chairs'
text, sign-off by both tied to what they read, frozen versions, files."""

import pytest
from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.urls import reverse

from audit.models import AuditEvent
from builds.models import DocumentBuild
from monitoring.models import ActivityReport
from notifications.models import Event, Notification
from official import kinds, services
from official.models import Signature, Version
from reporting.models import ReportingCycle
from tests.documents import docx_text, download, pdf_text

pytestmark = pytest.mark.django_db

PLAN = "bali-work-plan"
ANNUAL = reverse("annualreports:annual_report", args=[PLAN])
KIND = "annual-report"
DOCUMENT = reverse("official:document", args=[PLAN, KIND, 2024])


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def cycle(reported_plan):
    return ReportingCycle.objects.select_related("plan").get(plan__slug=PLAN, year=2024)


@pytest.fixture
def cochairs(reported_plan):
    return User.objects.get(username="mtf-cochair-1"), User.objects.get(username="mtf-cochair-2")


def document(cycle):
    return services.document_for(kinds.get(KIND), cycle.plan, cycle.year)


def write(cycle, user, summary="The MTF met twice.", challenges="Travel was costly.", recommendations="Fund the hub."):
    return services.save_text(document(cycle), user, {"executive_summary": summary, "challenges": challenges,
                                                      "recommendations": recommendations})


def sign(cycle, user, reason=""):
    doc = document(cycle)
    awaiting = Version.objects.filter(document__pk=doc.pk, state="awaiting").first() if doc.pk else None
    number, digest = (awaiting.number, awaiting.digest) if awaiting else services.open_for_signing(doc)
    return services.sign(doc, user, read_digest=digest, read_number=number, reason=reason)


def sign_both(cycle, cochairs, django_capture_on_commit_callbacks, reason=""):
    first, second = cochairs
    version = sign(cycle, first, reason=reason)
    with django_capture_on_commit_callbacks(execute=True):
        sign(cycle, second)
    version.refresh_from_db()
    return version


def test_the_cochairs_write_the_text_on_the_documents_page_linked_from_the_annual_report(cochair_client, cycle):
    assert DOCUMENT in cochair_client.get(ANNUAL, {"cycle": "2024"}).content.decode()
    assert cochair_client.get(reverse("annualreports:text", args=[PLAN, 2024]))["Location"] == \
        reverse("official:text", args=[PLAN, KIND, 2024])
    response = cochair_client.post(reverse("official:text", args=[PLAN, KIND, 2024]), {
        "executive_summary": "Seven bodies reported.", "challenges": "Late visas.", "recommendations": "Renew the Work Plan."})
    assert response.status_code == 302
    html = cochair_client.get(DOCUMENT).content.decode()
    for text in ("Seven bodies reported.", "Late visas.", "Renew the Work Plan.", "Recommendations to SOMTC and the AMMTC"):
        assert text in html


def test_only_cochairs_write_and_sign(client, cycle, cochairs):
    admin = User.objects.create_superuser("boss", password="x" * 20)
    with pytest.raises(PermissionDenied):
        sign(cycle, admin)
    client.force_login(admin)
    assert client.post(reverse("official:sign", args=[PLAN, KIND, 2024])).status_code == 403
    assert client.get(reverse("official:text", args=[PLAN, KIND, 2024])).status_code == 403
    assert not Version.objects.exists()


def test_staff_of_a_body_read_a_signed_version_and_its_files_but_not_one_awaiting(
    client, cycle, cochairs, django_capture_on_commit_callbacks
):
    version = sign_both(cycle, cochairs, django_capture_on_commit_callbacks)
    staff = User.objects.filter(username__endswith="-staff-1").first()
    client.force_login(staff)
    assert client.get(version.get_absolute_url()).status_code == 200
    pdf = client.get(reverse("official:version_file", args=[PLAN, KIND, 2024, 1, "pdf"]))
    assert b"".join(pdf.streaming_content) == version.pdf.read()
    # A version awaiting its second signature is the co-chairs' alone.
    write(cycle, cochairs[0], summary="Corrected.")
    awaiting = sign(cycle, cochairs[0], reason="Corrected.")
    assert client.get(awaiting.get_absolute_url()).status_code == 403
    assert client.get(DOCUMENT).status_code == 200 and "Corrected." not in client.get(DOCUMENT).content.decode()


def test_both_cochairs_sign_off_and_one_cannot_sign_twice(cycle, cochairs, django_capture_on_commit_callbacks):
    first, second = cochairs
    write(cycle, first)
    version = sign(cycle, first)
    assert (version.number, version.state, version.reason) == (1, "awaiting", "")
    with pytest.raises(services.SigningRefused, match="already"):
        sign(cycle, first)
    with django_capture_on_commit_callbacks(execute=True):
        signed = sign(cycle, second)
    assert signed.pk == version.pk and signed.state == "signed"
    assert list(signed.signatures.values_list("user", flat=True)) == [first.pk, second.pk]
    builds = DocumentBuild.objects.filter(kind__startswith="official-annual-report-")
    assert sorted(build.state for build in builds) == ["done", "done"]
    signed.refresh_from_db()
    assert signed.pdf.name.endswith("-v1.pdf") and signed.docx.name.endswith("-v1.docx")


def test_each_signature_is_audited_and_told_to_the_other_cochairs(cycle, cochairs, django_capture_on_commit_callbacks):
    first, second = cochairs
    for user in cochairs:
        user.email = f"{user.username}@example.org"
        user.save()
    version = sign(cycle, first)
    told = Notification.objects.filter(event=Event.ANNUAL_REPORT_SIGNED)
    assert [(n.recipient, n.subject) for n in told] == [
        (second, "Awaiting your signature: Bali Work Plan status and implementation report 2024, version 1")]
    assert told.get().url == version.get_absolute_url()
    assert sign(cycle, second).is_final
    assert [(n.recipient, n.subject) for n in told.filter(subject__startswith="Signed off")] == [
        (first, "Signed off: Bali Work Plan status and implementation report 2024, version 1")]
    events = AuditEvent.objects.filter(action=AuditEvent.Action.DOCUMENT_SIGNED).order_by("pk")
    assert [(e.user, e.object_id, e.detail) for e in events] == [
        (first, str(version.pk), "Signature 1 of 2 on version 1."),
        (second, str(version.pk), "Signature 2 of 2 on version 1."),
    ]


def test_the_database_refuses_one_person_signing_twice_and_a_new_version_without_reason(cycle, cochairs):
    first, _ = cochairs
    version = sign(cycle, first)
    with pytest.raises(IntegrityError), transaction.atomic():
        Signature.objects.create(version=version, user=first, name="x", role="x", signed_at=version.created_at)
    with pytest.raises(IntegrityError), transaction.atomic():
        Version.objects.create(document=version.document, number=2, snapshot={}, digest="0" * 64, state="withdrawn",
                               withdrawn_reason="x")


def test_changing_the_text_withdraws_a_version_awaiting_the_second_signature_and_keeps_it(cycle, cochairs):
    first, second = cochairs
    sign(cycle, first)
    write(cycle, second, summary="Corrected.")
    assert list(Version.objects.values_list("number", "state")) == [(1, "withdrawn")]
    assert sign(cycle, second).number == 2


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
    first.first_name = "Renamed"
    first.save()

    version.refresh_from_db()
    assert version.snapshot == frozen
    page = cochair_client.get(version.get_absolute_url()).content.decode()
    assert "Signed summary." in page and "Original challenge." in page and "Renamed" not in page
    assert "Later summary." not in page and "A later challenge." not in page
    # Asked for again, the signed PDF is the same file; the draft shows the change.
    again = cochair_client.get(reverse("official:version_file", args=[PLAN, KIND, 2024, 1, "pdf"]))
    assert b"".join(again.streaming_content) == frozen_pdf
    with django_capture_on_commit_callbacks(execute=True):
        cochair_client.post(reverse("builds:request", args=[PLAN]), {"kind": "annual-report-pdf", "cycle": 2024})
    draft = pdf_text(download(cochair_client, DocumentBuild.objects.get(kind="annual-report-pdf")))
    assert "Later summary." in draft and "Signed summary." not in draft and "Draft: not signed off" in draft


def test_a_new_version_needs_a_reason_and_keeps_the_old_one(cochair_client, cycle, cochairs, django_capture_on_commit_callbacks):
    first, second = cochairs
    write(cycle, first, summary="First words.")
    sign_both(cycle, cochairs, django_capture_on_commit_callbacks)
    write(cycle, first, summary="Second words.")
    with pytest.raises(services.SigningRefused, match="say why"):
        sign(cycle, second)
    sign_both(cycle, (second, first), django_capture_on_commit_callbacks, reason="SOMTC's report was corrected.")
    one, two = Version.objects.order_by("number")
    assert (one.number, two.number, two.reason) == (1, 2, "SOMTC's report was corrected.")
    assert one.snapshot["text"]["executive_summary"] == "First words."
    assert two.snapshot["text"]["executive_summary"] == "Second words."
    page = cochair_client.get(DOCUMENT).content.decode()
    assert one.get_absolute_url() in page and two.get_absolute_url() in page and "corrected" in page
    for version, words in ((one, "First words."), (two, "Second words.")):
        version.refresh_from_db()
        assert words in docx_text(version.docx.read())


def test_the_pdf_and_the_word_file_hold_the_text_figures_rates_and_every_entry(
    cycle, cochairs, django_capture_on_commit_callbacks
):
    from monitoring import cycles as cycle_service

    cycle_service.expect_reports(cycle)
    write(cycle, cochairs[0], summary="Executive words.", challenges="Shared challenge.", recommendations="Ministers should act.")
    version = sign_both(cycle, cochairs, django_capture_on_commit_callbacks)
    compiled = version.snapshot["compiled"]
    total = compiled["rates"]["total"]
    assert total["expected"] > 0 and len(compiled["entries"]) == ActivityReport.objects.filter(
        cycle=cycle, state__in=["submitted", "accepted"]).count()
    pdf, word = pdf_text(version.pdf.read()), docx_text(version.docx.read())
    last = compiled["entries"][-1]
    names = [s["name"] for s in version.snapshot["signatories"]]
    for text in (pdf, word):
        for expected in ("Executive words.", "Shared challenge.", "Ministers should act.", "Reporting rates",
                         "All bodies", "Recommendations still open", "signed off by", *names,
                         last["code"], "Dialogue Partner support"):
            assert expected in text, expected
    assert f"{total['expected']}" in word


@pytest.mark.parametrize("change", [
    {"kind": "official-annual-report-pdf"},  # no version
    {"kind": "official-annual-report-pdf", "version": "7"},  # none such
    {"kind": "official-annual-report-pdf", "version": "1"},  # awaiting, not signed
    {"kind": "annual-report-pdf", "version": "1"},  # a draft has no version
])
def test_a_request_for_a_version_that_is_not_signed_is_refused(cochair_client, cycle, cochairs, change):
    sign(cycle, cochairs[0])  # awaiting, not signed
    response = cochair_client.post(reverse("builds:request", args=[PLAN]), {"cycle": 2024, **change})
    assert response.status_code == 404 and not DocumentBuild.objects.exists()
