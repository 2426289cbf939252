"""A report a state shares is read by the other states as submitted: its answers, its narrative and its
documents; never how it came to be (its history and so its earlier drafts, the workflow's steps and
their comments, the names of the agencies' staff who wrote it). Its own focal points and the chair
still read all of it."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from monitoring.services import add_document
from national import services
from national.models import NationalReport
from reporting.permissions import may_see_workflow
from tests.national.conftest import answer_all
from tests.national.test_views import area_post

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
EARLY_NARRATIVE = "Early narrative, written before the first submission"
FIRST_NARRATIVE = "Narrative as first submitted"
FINAL_NARRATIVE = "Narrative as finally submitted"
EARLY_MEASURE = "Draft measure never sent"
FINAL_MEASURE = "Law No. 5/2018 on countering terrorism"
RETURN_COMMENT = "Please add the 2025 amendments"
ACKNOWLEDGE_COMMENT = "Thank you, noted for the summary"
STAFF_NAMES = ["Budi", "Santoso", "Siti", "Rahmawati", "id-focal", "id-ppatk"]


def refresh(report):
    return NationalReport.objects.get(pk=report.pk)


def fill_first_answer(client, user, report, **answers):
    """The agency's focal point answers the first provision through the area form, so that the history
    records who did."""
    client.force_login(user)
    response = client.post(reverse("national:edit_area", args=[report.pk, 1]), area_post(report, 1, changes={0: answers}))
    assert response.status_code == 302
    client.logout()


@pytest.fixture
def shared_report(client, nat, draft, settings, tmp_path):
    """Indonesia's report, drafted by an agency focal point, shared and submitted by the national focal
    point, returned by the chair with a comment, changed, submitted again and acknowledged."""
    settings.MEDIA_ROOT = tmp_path
    for user, first, last in [(nat.focal, "Budi", "Santoso"), (nat.agency_focal, "Siti", "Rahmawati")]:
        user.first_name, user.last_name = first, last
        user.save()
    report = services.update_report(report=draft, user=nat.agency_focal, expected_version=draft.version,
                                    fields={"narrative": EARLY_NARRATIVE})
    fill_first_answer(client, nat.agency_focal, refresh(report), status="planned", national_measures=EARLY_MEASURE)
    report = refresh(report)
    services.update_report(report=report, user=nat.focal, expected_version=report.version,
                           fields={"narrative": FIRST_NARRATIVE, "shared_with_member_states": True})
    report = answer_all(refresh(report))
    services.submit_national_report(report=report, user=nat.focal)
    services.return_national_report(report=refresh(report), user=nat.chair, comment=RETURN_COMMENT)
    report = refresh(report)
    services.update_report(report=report, user=nat.focal, expected_version=report.version,
                           fields={"narrative": FINAL_NARRATIVE, "shared_with_member_states": True})
    fill_first_answer(client, nat.agency_focal, refresh(report), status="implemented", national_measures=FINAL_MEASURE)
    add_document(report=refresh(report), user=nat.agency_focal,
                 uploaded=SimpleUploadedFile("national-strategy.pdf", PDF, "application/pdf"))
    services.submit_national_report(report=refresh(report), user=nat.focal)
    services.acknowledge_national_report(report=refresh(report), user=nat.chair, comment=ACKNOWLEDGE_COMMENT)
    report = refresh(report)
    assert report.state == NationalReport.State.ACKNOWLEDGED and report.shared_with_member_states
    return report


def page_of(client, user, report):
    """The report page with its first area unfolded, where the answer this module follows is."""
    client.force_login(user)
    response = client.get(reverse("national:report", args=[report.pk]) + "?area=1")
    assert response.status_code == 200
    return response.content.decode()


def test_another_state_reads_the_submitted_answers_narrative_and_documents(client, nat, shared_report):
    text = page_of(client, nat.other_focal, shared_report)
    assert FINAL_NARRATIVE in text and FINAL_MEASURE in text
    assert "national-strategy.pdf" in text
    document = shared_report.documents.get()
    assert client.get(reverse("national:document", args=[document.pk])).status_code == 200


def test_another_state_reads_no_history_and_no_earlier_draft(client, nat, shared_report):
    text = page_of(client, nat.other_focal, shared_report)
    assert "History of changes" not in text
    for earlier in [EARLY_NARRATIVE, FIRST_NARRATIVE, EARLY_MEASURE]:
        assert earlier not in text


def test_another_state_reads_no_workflow_step_or_comment(client, nat, shared_report):
    text = page_of(client, nat.other_focal, shared_report)
    assert "Workflow" not in text and "Created by" not in text
    assert RETURN_COMMENT not in text and ACKNOWLEDGE_COMMENT not in text
    assert nat.chair.get_full_name() not in text and nat.chair.username not in text


def test_another_state_reads_no_name_of_the_agencies_staff(client, nat, shared_report):
    text = page_of(client, nat.other_focal, shared_report)
    for name in STAFF_NAMES:
        assert name not in text


@pytest.mark.parametrize("reader", ["focal", "agency_focal", "chair", "secretariat", "admin"])
def test_the_state_itself_and_those_who_read_every_report_see_how_it_came_to_be(client, nat, shared_report, reader):
    text = page_of(client, getattr(nat, reader), shared_report)
    assert "History of changes" in text and "Workflow" in text
    assert RETURN_COMMENT in text and ACKNOWLEDGE_COMMENT in text
    assert EARLY_NARRATIVE in text and EARLY_MEASURE in text  # as the old side of a recorded change
    assert "Budi Santoso" in text and "Siti Rahmawati" in text


def test_only_the_reporting_state_and_the_readers_of_every_report_may_see_the_workflow(nat, shared_report):
    allowed = {name: may_see_workflow(getattr(nat, name), shared_report)
               for name in ["focal", "agency_focal", "other_focal", "chair", "secretariat", "admin"]}
    assert allowed == {"focal": True, "agency_focal": True, "other_focal": False,
                       "chair": True, "secretariat": True, "admin": True}
