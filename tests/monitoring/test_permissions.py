"""Every monitoring URL for every role: anonymous, staff of the right body, staff of another body,
MTF co-chair, administrator."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from monitoring import services
from tests.monitoring.conftest import complete

pytestmark = pytest.mark.django_db

ROLES = ["anonymous", "staff", "other_staff", "cochair", "admin"]
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture
def urls(world, draft, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    document = services.add_document(
        report=draft, user=world.staff, uploaded=SimpleUploadedFile("minutes.pdf", PDF, "application/pdf")
    )
    submitted = services.start_report(activity=world.activity, cycle=world.closed, body=world.somtc, user=world.admin)
    complete(submitted)
    services.submit_report(report=submitted, user=world.admin)
    return {
        "home": reverse("monitoring:home"),
        "my_activities": reverse("monitoring:my_activities", args=["bali-work-plan"]),
        "reports": reverse("monitoring:reports", args=["bali-work-plan"]),
        "review": reverse("monitoring:review", args=["bali-work-plan"]),
        "report": reverse("monitoring:report", args=[draft.pk]),
        "edit": reverse("monitoring:edit_report", args=[draft.pk]),
        "document": reverse("monitoring:document", args=[document.pk]),
        "submitted_report": reverse("monitoring:report", args=[submitted.pk]),
        "edit_submitted": reverse("monitoring:edit_report", args=[submitted.pk]),
    }


# The expected status of a GET, by URL and role. 302 for anonymous is the redirect to the login page.
EXPECTED_GET = {
    #                    anonymous staff other_staff cochair admin
    "home":             (302, 302, 302, 302, 302),
    "my_activities":    (302, 200, 200, 200, 200),
    "reports":          (302, 200, 200, 200, 200),
    "review":           (302, 403, 403, 200, 200),
    "report":           (302, 200, 403, 200, 200),
    "edit":             (302, 200, 403, 403, 200),
    "document":         (302, 200, 403, 200, 200),
    "submitted_report": (302, 200, 403, 200, 200),
    "edit_submitted":   (302, 403, 403, 403, 403),
}


def login(client, world, role):
    if role != "anonymous":
        client.force_login(getattr(world, role))


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("name", list(EXPECTED_GET))
def test_get_every_monitoring_url_as_every_role(client, world, urls, role, name):
    login(client, world, role)
    response = client.get(urls[name])
    expected = EXPECTED_GET[name][ROLES.index(role)]
    assert response.status_code == expected, f"{name} as {role}"
    if role == "anonymous":
        assert response["Location"].startswith(reverse("login"))


# POSTs that change state, by role: True where the step is allowed.
@pytest.mark.parametrize(
    "role,allowed",
    [("anonymous", False), ("staff", True), ("other_staff", False), ("cochair", False), ("admin", True)],
)
def test_start_report_by_role(client, world, role, allowed):
    login(client, world, role)
    url = reverse("monitoring:start_report", args=["bali-work-plan", 2025, world.activity.code, "SOMTC"])
    response = client.post(url)
    created = world.activity.reports.filter(cycle=world.cycle, implementing_body=world.somtc).exists()
    assert created is allowed
    if role == "anonymous":
        assert response.status_code == 302 and response["Location"].startswith(reverse("login"))
    elif not allowed:
        assert response.status_code == 403


@pytest.mark.parametrize(
    "role,allowed", [("anonymous", False), ("staff", False), ("other_staff", False), ("cochair", True), ("admin", True)]
)
@pytest.mark.parametrize("decision", ["accept", "return"])
def test_review_by_role(client, world, draft, role, allowed, decision):
    complete(draft)
    services.submit_report(report=draft, user=world.staff)
    login(client, world, role)
    response = client.post(reverse(f"monitoring:{decision}_report", args=[draft.pk]), {"comment": "Seen."})
    draft.refresh_from_db()
    assert (draft.state != "submitted") is allowed
    if role == "other_staff":
        assert response.status_code == 403


@pytest.mark.parametrize(
    "role,allowed", [("anonymous", False), ("staff", True), ("other_staff", False), ("cochair", False), ("admin", True)]
)
def test_submit_and_remove_document_by_role(client, world, draft, role, allowed, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    complete(draft)
    document = services.add_document(
        report=draft, user=world.staff, uploaded=SimpleUploadedFile("a.pdf", PDF, "application/pdf")
    )
    login(client, world, role)
    remove = client.post(reverse("monitoring:remove_document", args=[document.pk]))
    submit = client.post(reverse("monitoring:submit_report", args=[draft.pk]))
    draft.refresh_from_db()
    assert (draft.state == "submitted") is allowed
    assert (not draft.documents.exists()) is allowed
    if role in ("other_staff", "cochair"):
        assert remove.status_code == submit.status_code == 403


def test_staff_editing_the_url_to_another_bodys_report_gets_403_not_the_report(client, world):
    theirs = services.start_report(
        activity=world.other_activity, cycle=world.cycle, body=world.aichr, user=world.other_staff
    )
    client.force_login(world.staff)
    for url in (theirs.get_absolute_url(), reverse("monitoring:edit_report", args=[theirs.pk])):
        response = client.get(url)
        assert response.status_code == 403
        assert b"AICHR Consultation" not in response.content


def test_report_list_shows_staff_only_their_bodies_reports(client, world, draft):
    services.start_report(activity=world.other_activity, cycle=world.cycle, body=world.aichr, user=world.other_staff)
    client.force_login(world.staff)
    assert [r.implementing_body.abbreviation for r in client.get(reverse("monitoring:reports", args=["bali-work-plan"])).context["reports"]] == ["SOMTC"]
    client.force_login(world.cochair)
    assert len(client.get(reverse("monitoring:reports", args=["bali-work-plan"])).context["reports"]) == 2
