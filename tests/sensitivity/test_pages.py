"""Each page, download and built document leaves a confidential piece out for a reader who may not read it,
says so, and shows it to one who may; the focal points mark answers, the narrative and documents."""

import datetime
import io
import zipfile

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from audit.models import AuditEvent
from national import services
from national.models import NationalReport
from national.documents import render_docx
from national.review import CompiledReview, review_databook
from national.summary import Summary, summary_databook
from reporting.sensitivity import Sensitivity
from reporting.services import add_document
from tests.national.conftest import answer_all
from tests.national.test_views import area_post

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
CONFIDENTIAL_ANSWER = "Joint operation with the intelligence service, codename HARBOUR"
RESTRICTED_ANSWER = "Regional training for prosecutors"
PUBLIC_ANSWER = "National action plan adopted and published"
CONFIDENTIAL_NARRATIVE = "Threat assessment of the southern provinces"
CONFIDENTIAL_DOCUMENT = "threat-assessment.pdf"
RESTRICTED_DOCUMENT = "national-strategy.pdf"


@pytest.fixture
def marked(roles_world, draft, settings, tmp_path):
    """Indonesia's report, shared and submitted: its first answer confidential, its second public, the rest
    restricted; a confidential narrative; a confidential and a restricted document."""
    settings.MEDIA_ROOT = tmp_path
    report = answer_all(draft, national_measures=RESTRICTED_ANSWER)
    entries = list(report.entries.in_plan_order())
    entries[0].national_measures, entries[0].sensitivity = CONFIDENTIAL_ANSWER, Sensitivity.CONFIDENTIAL
    entries[1].national_measures, entries[1].sensitivity = PUBLIC_ANSWER, Sensitivity.PUBLIC
    for entry in entries[:2]:
        entry.save()
    NationalReport.objects.filter(pk=report.pk).update(
        narrative=CONFIDENTIAL_NARRATIVE, narrative_sensitivity=Sensitivity.CONFIDENTIAL, shared_with_member_states=True)
    report = NationalReport.objects.get(pk=report.pk)
    for name, mark in [(CONFIDENTIAL_DOCUMENT, Sensitivity.CONFIDENTIAL), (RESTRICTED_DOCUMENT, Sensitivity.RESTRICTED)]:
        add_document(report=report, user=roles_world.focal, uploaded=SimpleUploadedFile(name, PDF, "application/pdf"),
                     sensitivity=mark)
    services.submit_national_report(report=report, user=roles_world.focal)
    return NationalReport.objects.get(pk=report.pk)


def text_of(book):
    return "\n".join(sheet.export("csv") for sheet in book.sheets())


def docx_text(content):
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        return archive.read("word/document.xml").decode()


def page(client, user, url):
    client.force_login(user)
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


def test_another_state_reading_a_shared_report_is_left_without_its_confidential_pieces(client, roles_world, marked):
    url = reverse("national:report", args=[marked.pk])
    text = page(client, roles_world.other_focal, url + "?area=1")
    assert CONFIDENTIAL_ANSWER not in text and CONFIDENTIAL_NARRATIVE not in text and CONFIDENTIAL_DOCUMENT not in text
    assert PUBLIC_ANSWER in text and RESTRICTED_DOCUMENT in text
    assert RESTRICTED_ANSWER in page(client, roles_world.other_focal, url + "?area=2")  # shared: its restricted answers
    assert "1 confidential answer not shown." in text and "1 confidential document not shown." in text
    assert "The narrative is confidential: not shown." in text


def test_the_state_the_chair_and_the_secretariat_read_every_piece_with_its_mark(client, roles_world, marked):
    for role in ("focal", "agency_focal", "chair", "secretariat", "admin"):
        text = page(client, getattr(roles_world, role), reverse("national:report", args=[marked.pk]) + "?area=1")
        assert CONFIDENTIAL_ANSWER in text and CONFIDENTIAL_NARRATIVE in text and CONFIDENTIAL_DOCUMENT in text, role
        assert "not shown" not in text and '<span class="mark mark-confidential">Confidential</span>' in text, role


def test_a_confidential_document_is_refused_to_another_state_and_served_to_its_own(client, roles_world, marked):
    confidential = marked.documents.get(sensitivity=Sensitivity.CONFIDENTIAL)
    restricted = marked.documents.get(sensitivity=Sensitivity.RESTRICTED)
    client.force_login(roles_world.other_focal)
    assert client.get(reverse("national:document", args=[confidential.pk])).status_code == 403
    assert client.get(reverse("national:document", args=[restricted.pk])).status_code == 200
    client.force_login(roles_world.focal)
    assert client.get(reverse("national:document", args=[confidential.pk])).status_code == 200


def test_the_summary_and_its_files_are_rendered_for_their_reader(client, roles_world, marked):
    assert CONFIDENTIAL_ANSWER in page(client, roles_world.chair,
                                       reverse("national:summary", args=[roles_world.plan.slug]) + "?cycle=2025")
    # A build whose requester is gone (no reader) holds the public answers only.
    public_only = Summary.of(roles_world.cycle, None)
    written = text_of(summary_databook(public_only))
    assert public_only.hidden == len(marked.entries.all()) - 1
    assert PUBLIC_ANSWER in written and CONFIDENTIAL_ANSWER not in written and RESTRICTED_ANSWER not in written
    chairs = Summary.of(roles_world.cycle, roles_world.chair)
    assert CONFIDENTIAL_ANSWER in text_of(summary_databook(chairs)) and chairs.hidden == 0
    word = docx_text(render_docx(public_only))
    assert PUBLIC_ANSWER in word and CONFIDENTIAL_ANSWER not in word and "confidential answers not shown" in word
    assert CONFIDENTIAL_ANSWER in docx_text(render_docx(chairs))


def test_the_review_leaves_out_what_its_reader_may_not_read(roles_world, marked):
    review = services.start_review(plan=roles_world.plan, first_year=2024, last_year=2026, user=roles_world.secretariat)
    read = text_of(review_databook(CompiledReview.of(review, roles_world.secretariat)))
    assert CONFIDENTIAL_ANSWER in read
    compiled = CompiledReview.of(review, AnonymousUser())
    assert CONFIDENTIAL_ANSWER not in text_of(review_databook(compiled)) and compiled.hidden == len(marked.entries.all()) - 1


def test_the_entries_list_shows_the_chair_every_answer(client, roles_world, marked):
    text = page(client, roles_world.chair, reverse("national:entries", args=[roles_world.plan.slug]))
    assert "Joint operation with the intelligence service" in text


def test_a_focal_point_marks_an_answer_the_narrative_and_a_document(client, roles_world, draft, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    client.force_login(roles_world.focal)
    data = area_post(draft, 1, changes={0: {"status": "planned", "sensitivity": "confidential"}})
    assert client.post(reverse("national:edit_area", args=[draft.pk, 1]), data).status_code == 302
    first = draft.entries.in_plan_order().first()
    assert first.sensitivity == Sensitivity.CONFIDENTIAL
    draft.refresh_from_db()
    response = client.post(reverse("national:edit_report", args=[draft.pk]), {
        "version": draft.version, "narrative": "Our year", "narrative_sensitivity": "public",
        "document": SimpleUploadedFile("annex.pdf", PDF, "application/pdf"), "document_sensitivity": "confidential"})
    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.narrative_sensitivity == Sensitivity.PUBLIC
    assert draft.documents.get().sensitivity == Sensitivity.CONFIDENTIAL
    details = sorted(AuditEvent.objects.filter(action=AuditEvent.Action.MARKS_CHANGED).values_list("detail", flat=True))
    assert details == [f"{first.provision.number}: restricted → confidential", "narrative: restricted → public"]
    assert "Confidential" in AuditEvent.objects.get(action=AuditEvent.Action.DOCUMENT_UPLOADED).detail


def test_a_page_that_sends_no_mark_keeps_the_mark(client, roles_world, draft):
    entry = draft.entries.in_plan_order().first()
    entry.sensitivity = Sensitivity.CONFIDENTIAL
    entry.save()
    client.force_login(roles_world.focal)
    data = {key: value for key, value in area_post(draft, 1, changes={0: {"status": "planned"}}).items()
            if not key.endswith("-sensitivity")}
    assert client.post(reverse("national:edit_area", args=[draft.pk, 1]), data).status_code == 302
    entry.refresh_from_db()
    assert (entry.status, entry.sensitivity) == ("planned", Sensitivity.CONFIDENTIAL)


def test_an_unknown_mark_is_a_form_error(client, roles_world, draft):
    client.force_login(roles_world.focal)
    data = area_post(draft, 1, changes={0: {"sensitivity": "secret"}})
    response = client.post(reverse("national:edit_area", args=[draft.pk, 1]), data)
    assert response.status_code == 200 and "Select a valid choice" in response.content.decode()
    assert draft.entries.filter(sensitivity="secret").count() == 0


def test_next_years_report_carries_an_answers_mark_forward(roles_world, marked):
    from reporting.services import accept

    accept(report=marked, user=roles_world.chair)
    following = roles_world.cycle.__class__.objects.create(plan=roles_world.plan, year=2026, opens_on="2026-10-01",
                                                            deadline="2027-03-31")
    carried = services.start_national_report(member_state=roles_world.indonesia, cycle=following, user=roles_world.focal)
    entry = carried.entries.get(national_measures=CONFIDENTIAL_ANSWER)
    assert entry.sensitivity == Sensitivity.CONFIDENTIAL and entry.carried_forward


def test_a_meetings_confidential_paper_is_left_out_for_a_focal_point_and_shown_to_the_secretariat(
        client, roles_world, settings, tmp_path):
    from django.core.files.base import ContentFile

    from meetings.models import Meeting, MeetingDocument
    from meetings.roles import ensure_groups

    ensure_groups()
    settings.MEDIA_ROOT = tmp_path
    meeting = Meeting.objects.create(title="WG on CT", kind=Meeting.Kind.WG_ON_CT, held_on=datetime.date(2025, 3, 1))
    paper = MeetingDocument(meeting=meeting, original_name="threat-briefing.pdf", content_type="application/pdf",
                            size=len(PDF), uploaded_by=roles_world.secretariat, sensitivity=Sensitivity.CONFIDENTIAL)
    paper.file.save("threat-briefing.pdf", ContentFile(PDF))
    text = page(client, roles_world.focal, meeting.get_absolute_url())
    assert "threat-briefing.pdf" not in text and "1 confidential document not shown." in text
    assert client.get(reverse("meetings:document", args=[paper.pk])).status_code == 403
    assert "threat-briefing.pdf" in page(client, roles_world.secretariat, meeting.get_absolute_url())
    assert client.get(reverse("meetings:document", args=[paper.pk])).status_code == 200
