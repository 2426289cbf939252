"""Changing who may read a document from the report's page, for every role, on a national report and on an
activity report: its writers (and who decides its sharing, also once sent) may; nobody else; audited."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from audit.models import AuditEvent
from reporting.sensitivity import Sensitivity
from reporting.services import add_document

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"

# role → the answer to marking a document of Indonesia's draft (302: done, 403: refused; anonymous: to log in).
NATIONAL = {"anonymous": 302, "staff": 403, "focal": 302, "agency_focal": 302, "other_focal": 403, "cochair": 403,
            "chair": 403, "secretariat": 403, "admin": 302}
# role → the same on the SOMTC's submitted activity report: its staff decide, as they decide its sending.
ACTIVITY = {"anonymous": 302, "staff": 302, "focal": 403, "cochair": 403, "chair": 403, "secretariat": 403, "admin": 302}


def attached(report, user, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return add_document(report=report, user=user, uploaded=SimpleUploadedFile("annex.pdf", PDF, "application/pdf"))


def post_mark(client, world, role, url):
    if role != "anonymous":
        client.force_login(getattr(world, role))
    return client.post(url, {"sensitivity": "confidential"})


def each_role(client, world, document, url, expected):
    """Every role in turn on one document, put back to restricted after each (one world built, not nine)."""
    for role, status in expected.items():
        client.logout()
        AuditEvent.objects.all().delete()
        response = post_mark(client, world, role, url)
        assert response.status_code == status, role
        document.refresh_from_db()
        done = status == 302 and role != "anonymous"
        assert document.sensitivity == (Sensitivity.CONFIDENTIAL if done else Sensitivity.RESTRICTED), role
        assert AuditEvent.objects.filter(action=AuditEvent.Action.MARKS_CHANGED).exists() == done, role
        type(document).objects.filter(pk=document.pk).update(sensitivity=Sensitivity.RESTRICTED)


def test_marking_a_national_reports_document_by_role(client, roles_world, draft, settings, tmp_path):
    document = attached(draft, roles_world.focal, settings, tmp_path)
    each_role(client, roles_world, document, reverse("national:mark_document", args=[document.pk]), NATIONAL)


def test_marking_an_activity_reports_document_by_role(client, roles_world, activity_report, settings, tmp_path):
    document = attached(activity_report, roles_world.staff, settings, tmp_path)
    each_role(client, roles_world, document, reverse("monitoring:mark_document", args=[document.pk]), ACTIVITY)


def test_the_national_focal_point_marks_a_document_confidential_after_sharing(client, roles_world, shared_national,
                                                                              settings, tmp_path):
    """Once sent, the one who decides the sharing can still take a document back from the other states."""
    document = attached(shared_national, roles_world.focal, settings, tmp_path)
    client.force_login(roles_world.focal)
    page = client.get(shared_national.get_absolute_url()).content.decode()
    assert reverse("national:mark_document", args=[document.pk]) in page
    response = client.post(reverse("national:mark_document", args=[document.pk]), {"sensitivity": "confidential"}, follow=True)
    assert "“annex.pdf” is now confidential." in response.content.decode()
    client.force_login(roles_world.other_focal)
    assert "annex.pdf" not in client.get(shared_national.get_absolute_url()).content.decode()
    assert client.get(reverse("national:document", args=[document.pk])).status_code == 403
    event = AuditEvent.objects.get(action=AuditEvent.Action.MARKS_CHANGED)
    assert event.detail == "document annex.pdf: restricted → confidential" and event.user == roles_world.focal


def test_an_unknown_mark_changes_nothing(client, roles_world, draft, settings, tmp_path):
    document = attached(draft, roles_world.focal, settings, tmp_path)
    client.force_login(roles_world.focal)
    response = client.post(reverse("national:mark_document", args=[document.pk]), {"sensitivity": "secret"}, follow=True)
    assert "Nothing was changed" in response.content.decode()
    document.refresh_from_db()
    assert document.sensitivity == Sensitivity.RESTRICTED


def test_no_such_document_is_a_404(client, roles_world):
    client.force_login(roles_world.focal)
    assert client.post(reverse("national:mark_document", args=[999999]), {"sensitivity": "public"}).status_code == 404
