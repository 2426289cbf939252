"""Every national-report URL for every role: anonymous, a focal point of the reporting state and of
another state, sectoral-body staff, MTF co-chair, Chair of the WG on CT, ASEAN Secretariat,
administrator. Nothing of a state's report reaches anyone it is not for."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from builds.models import DocumentBuild
from meetings.models import Meeting
from monitoring.services import add_document
from national import services
from national.models import ContactPerson, NationalReport
from tests.national.conftest import answer_all

pytestmark = pytest.mark.django_db

ROLES = ["anonymous", "focal", "other_focal", "staff", "cochair", "chair", "secretariat", "admin"]
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture
def urls(nat, draft, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    document = add_document(report=draft, user=nat.focal, uploaded=SimpleUploadedFile("strategy.pdf", PDF, "application/pdf"))
    submitted = services.start_national_report(member_state=nat.indonesia, cycle=nat.closed, user=nat.admin)
    services.submit_national_report(report=answer_all(submitted), user=nat.admin)
    shared = services.start_national_report(member_state=nat.malaysia, cycle=nat.closed, user=nat.admin)
    NationalReport.objects.filter(pk=shared.pk).update(shared_with_member_states=True)
    services.submit_national_report(report=answer_all(shared), user=nat.admin)
    shared_document = add_document(report=shared, user=nat.admin, uploaded=SimpleUploadedFile("law.pdf", PDF, "application/pdf"))
    ContactPerson.objects.create(plan=nat.plan, agency=nat.focal.focal_points.get().agency, name="Budi Santoso",
                                 email="budi@example.org")
    review = services.start_review(plan=nat.plan, first_year=2023, last_year=2025, user=nat.secretariat)
    meeting = Meeting.objects.create(title="WG on CT", kind=Meeting.Kind.WG_ON_CT, held_on=datetime.date(2025, 5, 1))
    meeting.plans.set([nat.plan])
    slug = nat.plan.slug
    return {
        "reports": reverse("national:reports", args=[slug]),
        "contacts": reverse("national:contacts", args=[slug]),
        "report": reverse("national:report", args=[draft.pk]),
        "edit": reverse("national:edit_report", args=[draft.pk]),
        "area": reverse("national:edit_area", args=[draft.pk, 1]),
        "document": reverse("national:document", args=[document.pk]),
        "submitted": reverse("national:report", args=[submitted.pk]),
        "edit_submitted": reverse("national:edit_report", args=[submitted.pk]),
        "shared": reverse("national:report", args=[shared.pk]),
        "shared_document": reverse("national:document", args=[shared_document.pk]),
        "import": reverse("national:import_report", args=[draft.pk]),
        "import_xlsx": reverse("national:import_report", args=[draft.pk]) + "?download=xlsx",
        "summary": reverse("national:summary", args=[slug]) + "?cycle=2024",
        "dashboard": reverse("national:dashboard", args=[slug]),
        "entries": reverse("national:entries", args=[slug]) + "?cycle=2024",
        "reviews": reverse("national:reviews", args=[slug]),
        "review": review.get_absolute_url(),
        "review_xlsx": review.get_absolute_url() + "?download=xlsx",
        "edit_review": reverse("national:edit_review", args=[review.pk]),
        "meetings": reverse("meetings:meetings", args=[slug]),
        "meeting": meeting.get_absolute_url(),
    }


# The expected status of a GET, by URL and role. 302 for anonymous is the redirect to the login page.
EXPECTED_GET = {
    #                  anon focal other staff cochair chair sec  admin
    "reports":        (302, 200, 200, 403, 403, 200, 200, 200),
    "contacts":       (302, 200, 200, 403, 403, 200, 200, 200),
    "report":         (302, 200, 403, 403, 403, 200, 200, 200),
    "edit":           (302, 200, 403, 403, 403, 403, 403, 200),
    "area":           (302, 200, 403, 403, 403, 403, 403, 200),
    "document":       (302, 200, 403, 403, 403, 200, 200, 200),
    "submitted":      (302, 200, 403, 403, 403, 200, 200, 200),
    "edit_submitted": (302, 403, 403, 403, 403, 403, 403, 403),
    "shared":         (302, 200, 200, 403, 403, 200, 200, 200),
    "shared_document": (302, 200, 200, 403, 403, 200, 200, 200),
    "import":         (302, 200, 403, 403, 403, 403, 403, 200),
    "import_xlsx":    (302, 200, 403, 403, 403, 403, 403, 200),
    "summary":        (302, 403, 403, 403, 403, 200, 200, 200),
    "dashboard":      (302, 403, 403, 403, 403, 200, 200, 200),
    "entries":        (302, 403, 403, 403, 403, 200, 200, 200),
    "reviews":        (302, 403, 403, 403, 403, 200, 200, 200),
    "review":         (302, 403, 403, 403, 403, 200, 200, 200),
    "review_xlsx":    (302, 403, 403, 403, 403, 200, 200, 200),
    "edit_review":    (302, 403, 403, 403, 403, 403, 200, 200),
    "meetings":       (302, 200, 200, 200, 200, 200, 200, 200),
    "meeting":        (302, 200, 200, 200, 200, 200, 200, 200),
}


def login(client, nat, role):
    if role != "anonymous":
        client.force_login(getattr(nat, role))


@pytest.mark.parametrize("role", ROLES)
def test_get_every_national_url_as_every_role(client, nat, urls, role):
    login(client, nat, role)
    for name, expected in EXPECTED_GET.items():
        response = client.get(urls[name])
        assert response.status_code == expected[ROLES.index(role)], f"{name} as {role}"
        if role == "anonymous":
            assert response["Location"].startswith(reverse("login"))


@pytest.mark.parametrize("role", ROLES)
def test_the_list_shows_each_role_only_the_states_it_may_see(client, nat, urls, role):
    login(client, nat, role)
    response = client.get(urls["reports"] + "?cycle=2024")
    if response.status_code != 200:
        return
    text = response.content.decode()
    sees_all = role in ("chair", "secretariat", "admin")
    assert ("Indonesia" in text) is (sees_all or role == "focal")
    assert "Malaysia" in text  # shared with every focal point once submitted
    contacts = client.get(urls["contacts"]).content.decode()
    assert "budi@example.org" in contacts


def test_national_pages_of_a_work_plan_are_not_found(client, nat):
    from tests.factories import WorkPlanFactory

    WorkPlanFactory()
    client.force_login(nat.chair)
    assert client.get(reverse("national:reports", args=["bali-work-plan"])).status_code == 404


POSTS = {
    # name: (role allowed, roles refused)
    "start": ("focal", ["anonymous", "other_focal", "staff", "cochair", "chair", "secretariat"]),
    "submit": ("focal", ["anonymous", "other_focal", "staff", "cochair", "chair", "secretariat"]),
    "acknowledge": ("chair", ["anonymous", "focal", "other_focal", "staff", "cochair", "secretariat"]),
    "return": ("chair", ["anonymous", "focal", "other_focal", "staff", "cochair", "secretariat"]),
    "remove_document": ("focal", ["anonymous", "other_focal", "staff", "cochair", "chair", "secretariat"]),
}


@pytest.mark.parametrize("action", list(POSTS))
def test_every_state_change_only_by_its_role(client, nat, draft, settings, tmp_path, action):
    settings.MEDIA_ROOT = tmp_path
    allowed, refused = POSTS[action]
    if action in ("acknowledge", "return"):
        services.submit_national_report(report=answer_all(draft), user=nat.focal)
    answer_all(draft)
    document = add_document(report=draft, user=nat.focal, uploaded=SimpleUploadedFile("a.pdf", PDF, "application/pdf"))
    url = {
        "start": reverse("national:start_report", args=[nat.plan.slug, 2025, "MYS"]),
        "submit": reverse("national:submit_report", args=[draft.pk]),
        "acknowledge": reverse("national:acknowledge_report", args=[draft.pk]),
        "return": reverse("national:return_report", args=[draft.pk]),
        "remove_document": reverse("national:remove_document", args=[document.pk]),
    }[action]
    if action == "start":
        allowed = "other_focal"
        refused = [role for role in refused if role != "other_focal"] + ["focal"]

    def state():
        draft.refresh_from_db()
        return (draft.state, draft.documents.count(), NationalReport.objects.count())

    before = state()
    for role in refused:
        client.logout()
        login(client, nat, role)
        response = client.post(url, {"comment": "Please add the laws."})
        assert response.status_code in (302, 403), f"{action} as {role}"
        assert state() == before, f"{action} as {role}"
    client.force_login(getattr(nat, allowed))
    client.post(url, {"comment": "Please add the laws."})
    assert state() != before


@pytest.mark.parametrize("role", ROLES)
def test_only_the_chair_the_secretariat_and_administrators_may_ask_for_the_summarys_files(client, nat, role):
    login(client, nat, role)
    allowed = role in ("chair", "secretariat", "admin")
    for kind in ("national-summary-xlsx", "national-summary-pdf", "national-summary-docx"):
        response = client.post(reverse("builds:request", args=[nat.plan.slug]), {"kind": kind, "cycle": 2024})
        expected = 302 if role == "anonymous" or allowed else 403
        assert response.status_code == expected, f"{kind} as {role}"
        if role == "anonymous":
            assert response["Location"].startswith(reverse("login"))
        elif allowed:
            assert response["Location"] == reverse("builds:build", args=[DocumentBuild.objects.get(kind=kind).pk])
