"""The co-chairs mark an accepted activity report's text parts public: who may (every role), only an accepted
report, only its text parts, audited; the report page says what the public pages show."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from audit.models import AuditEvent
from monitoring.models import ActivityReport
from reporting.sensitivity import Sensitivity
from reporting.services import accept, add_document

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"

# role → the answer to posting the form on an accepted report (302: saved).
EXPECTED = {"anonymous": 302, "staff": 403, "focal": 403, "cochair": 302, "chair": 403, "secretariat": 403, "admin": 302}
SAVES = {"cochair", "admin"}


@pytest.fixture
def accepted(roles_world, activity_report):
    accept(report=activity_report, user=roles_world.cochair)
    return ActivityReport.objects.get(pk=activity_report.pk)


def url_of(report):
    return reverse("monitoring:public_parts", args=[report.pk])


def test_only_the_cochairs_and_administrators_mark_parts_public(client, roles_world, accepted):
    for role, status in EXPECTED.items():  # every role in turn, the parts put back after each
        client.logout()
        if role != "anonymous":
            client.force_login(getattr(roles_world, role))
        response = client.post(url_of(accepted), {"parts": ["assessment"]})
        assert response.status_code == status, role
        if role == "anonymous":
            assert response["Location"].startswith(reverse("login"))
        accepted.refresh_from_db()
        assert accepted.public_parts == (["assessment"] if role in SAVES else []), role
        assert accepted.public_text() == ({"assessment": accepted.assessment} if role in SAVES else {}), role
        ActivityReport.objects.filter(pk=accepted.pk).update(public_parts=[])


def test_a_report_not_yet_accepted_has_no_public_parts_form(client, roles_world, activity_report):
    client.force_login(roles_world.cochair)
    assert client.post(url_of(activity_report), {"parts": ["assessment"]}).status_code == 403
    text = client.get(activity_report.get_absolute_url()).content.decode()
    assert "Nothing of it until the MTF co-chairs accept it." in text and url_of(activity_report) not in text


def test_the_form_saves_the_parts_in_order_and_audits_the_change(client, roles_world, accepted):
    client.force_login(roles_world.cochair)
    text = client.get(accepted.get_absolute_url()).content.decode()
    assert url_of(accepted) in text and "none of its text" in text
    response = client.post(url_of(accepted), {"parts": ["recommendations", "assessment"]})
    assert response.status_code == 302 and response["Location"].endswith("#public-parts")
    accepted.refresh_from_db()
    assert accepted.public_parts == ["assessment", "recommendations"]
    event = AuditEvent.objects.get(action=AuditEvent.Action.MARKS_CHANGED)
    assert event.user == roles_world.cochair and event.detail == "public parts: — → assessment, recommendations"
    text = client.get(accepted.get_absolute_url()).content.decode()
    assert "and its text: Assessment, Recommendations." in text
    # Saving the same parts again changes nothing and records nothing.
    client.post(url_of(accepted), {"parts": ["assessment", "recommendations"]})
    assert AuditEvent.objects.filter(action=AuditEvent.Action.MARKS_CHANGED).count() == 1


def test_a_part_that_is_not_text_is_a_form_error(client, roles_world, accepted):
    client.force_login(roles_world.cochair)
    response = client.post(url_of(accepted), {"parts": ["state"]})
    assert response.status_code == 200 and "Select a valid choice" in response.content.decode()
    accepted.refresh_from_db()
    assert accepted.public_parts == []


def test_a_reopened_report_shows_nothing_public_until_accepted_again(roles_world, accepted):
    from monitoring.services import mark_public_parts, reopen_report

    mark_public_parts(report=accepted, user=roles_world.cochair, parts=["assessment"])
    reopen_report(report=ActivityReport.objects.get(pk=accepted.pk), user=roles_world.cochair, reason="Dates wrong")
    reopened = ActivityReport.objects.get(pk=accepted.pk)
    assert reopened.public_parts == ["assessment"] and reopened.public_text() == {}


def test_the_activity_report_page_shows_its_documents_marks(client, roles_world, accepted, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    add_document(report=accepted, user=roles_world.staff, sensitivity=Sensitivity.CONFIDENTIAL,
                 uploaded=SimpleUploadedFile("participants.pdf", PDF, "application/pdf"))
    for role in ("staff", "cochair"):
        client.force_login(getattr(roles_world, role))
        text = client.get(accepted.get_absolute_url()).content.decode()
        assert "participants.pdf" in text and '<span class="mark mark-confidential">Confidential</span>' in text


def test_the_annual_report_names_no_confidential_document(roles_world, accepted, settings, tmp_path):
    from annualreports.annual_report import documents_text

    settings.MEDIA_ROOT = tmp_path
    for name, mark in [("threat-assessment.pdf", Sensitivity.CONFIDENTIAL), ("summary-record.pdf", Sensitivity.PUBLIC)]:
        add_document(report=accepted, user=roles_world.staff, sensitivity=mark,
                     uploaded=SimpleUploadedFile(name, PDF, "application/pdf"))
    assert documents_text(ActivityReport.objects.get(pk=accepted.pk)) == "summary-record.pdf"


def test_only_accepted_reports_are_public(roles_world, activity_report):
    assert not ActivityReport.objects.public().exists()  # submitted, not accepted
    accept(report=activity_report, user=roles_world.cochair)
    assert list(ActivityReport.objects.public()) == [activity_report]
