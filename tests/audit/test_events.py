"""Every kind of event the audit log records, made the way people make them."""

import io

import pytest
from django.contrib.auth.models import User
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.urls import reverse

from audit.models import AuditEvent
from monitoring import services
from tests.monitoring.conftest import complete, draft, world  # noqa: F401  (fixtures: the monitoring world)
from tests.workplan.test_import import as_xlsx, exported_rows
from workplan import spreadsheets as sheet

pytestmark = pytest.mark.django_db

Action = AuditEvent.Action
PASSWORD = "a-long-test-password"
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def events(action):
    return list(AuditEvent.objects.filter(action=action).order_by("at", "pk"))


def log_in(client, username, password=PASSWORD, address="10.0.0.7"):
    return client.post(reverse("login"), {"username": username, "password": password}, REMOTE_ADDR=address)


def test_login_and_logout_are_recorded_with_the_address(client):
    user = User.objects.create_user("somtc", password=PASSWORD)
    assert log_in(client, "somtc").status_code == 302
    client.post(reverse("logout"), REMOTE_ADDR="10.0.0.7")
    [login] = events(Action.LOGIN)
    [logout] = events(Action.LOGOUT)
    assert (login.user, login.username, login.ip_address) == (user, "somtc", "10.0.0.7")
    assert (logout.user, logout.ip_address) == (user, "10.0.0.7")


def test_failed_login_is_recorded_with_the_name_typed_never_the_password(client):
    User.objects.create_user("somtc", password=PASSWORD)
    response = log_in(client, "somtc", password="not-the-password")
    assert response.status_code == 200 and "Please enter a correct username" in response.content.decode()
    [failed] = events(Action.LOGIN_FAILED)
    assert failed.user is None and failed.username == "somtc" and failed.ip_address == "10.0.0.7"
    assert "not-the-password" not in failed.detail + failed.object_label
    assert not events(Action.LOGIN)


def test_lockout_is_recorded(client, settings):
    User.objects.create_user("somtc", password=PASSWORD)
    for _ in range(settings.AXES_FAILURE_LIMIT):
        log_in(client, "somtc", password="wrong-password")
    [lockout] = events(Action.LOCKOUT)[:1]
    assert lockout.username == "somtc" and lockout.ip_address == "10.0.0.7"


def test_report_steps_are_recorded_with_who_and_the_report(world, draft):
    [created] = events(Action.REPORT_CREATED)
    assert created.user == world.staff and created.object_label == str(draft)
    assert created.object_url == draft.get_absolute_url() and created.object_id == str(draft.pk)
    complete(draft)
    services.submit_report(report=draft, user=world.staff)
    services.return_report(report=draft, user=world.cochair, comment="Add the dates of the second day.")
    services.submit_report(report=draft, user=world.staff)
    services.accept_report(report=draft, user=world.cochair)
    assert [(e.action, e.user) for e in AuditEvent.objects.filter(object_type="monitoring.activityreport")
            .exclude(action=Action.REPORT_CREATED).order_by("pk")] == [
        (Action.REPORT_SUBMITTED, world.staff),
        (Action.REPORT_RETURNED, world.cochair),
        (Action.REPORT_SUBMITTED, world.staff),
        (Action.REPORT_ACCEPTED, world.cochair),
    ]
    [returned] = events(Action.REPORT_RETURNED)
    assert returned.detail == "submitted → returned: Add the dates of the second day."


def test_document_upload_and_removal_are_recorded_through_the_pages(client, world, draft, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    document = services.add_document(
        report=draft, user=world.staff, uploaded=SimpleUploadedFile("minutes.pdf", PDF, "application/pdf")
    )
    [uploaded] = events(Action.DOCUMENT_UPLOADED)
    assert uploaded.user == world.staff and uploaded.object_label == f"minutes.pdf ({draft})"
    assert uploaded.object_type == "monitoring.reportdocument" and uploaded.object_id == str(document.pk)
    client.force_login(world.staff)
    response = client.post(reverse("monitoring:remove_document", args=[document.pk]), REMOTE_ADDR="10.0.0.9")
    assert response.status_code == 302
    [removed] = events(Action.DOCUMENT_REMOVED)
    # Who removed it comes from the request: the document row no longer says.
    assert (removed.user, removed.ip_address, removed.object_id) == (world.staff, "10.0.0.9", str(document.pk))
    assert removed.object_url == draft.get_absolute_url()


def test_matrix_import_is_recorded_when_it_writes_not_on_a_dry_run(admin_client, admin_user, real_plan, tmp_path):
    rows = exported_rows()
    rows[1][rows[0].index(sheet.ACTIVITY)] = "Consider creating a regional network, as revised"
    upload = io.BytesIO(as_xlsx(rows))
    upload.name = "revised.xlsx"
    url = reverse("admin:workplan_activity_import")
    preview = admin_client.post(url, {"file": upload, "plan": "bali-work-plan"})
    assert not events(Action.MATRIX_IMPORT)  # the preview is a dry run
    admin_client.post(url, {"confirm": "1", **preview.context["confirm_form"].initial})
    [imported] = events(Action.MATRIX_IMPORT)
    assert imported.user == admin_user and imported.object_label == "revised.xlsx"
    assert imported.detail == "Bali Work Plan: 114 rows: 0 new, 1 updated, 113 unchanged."

    path = tmp_path / "matrix.xlsx"
    path.write_bytes(as_xlsx(rows))
    call_command("import_matrix", "--plan", "bali-work-plan", str(path), "--dry-run", verbosity=0)
    assert len(events(Action.MATRIX_IMPORT)) == 1
    call_command("import_matrix", "--plan", "bali-work-plan", str(path), verbosity=0)
    command = events(Action.MATRIX_IMPORT)[-1]
    assert command.user is None and command.object_label == str(path) and command.ip_address is None


def test_a_refused_import_is_not_recorded(real_plan, tmp_path):
    rows = exported_rows()
    rows[1][rows[0].index(sheet.LEAD_BODIES)] = "NOT-A-BODY"
    path = tmp_path / "bad.xlsx"
    path.write_bytes(as_xlsx(rows))
    with pytest.raises(CommandError):
        call_command("import_matrix", "--plan", "bali-work-plan", str(path), verbosity=0)
    assert not events(Action.MATRIX_IMPORT)


def test_behind_a_proxy_the_address_is_the_one_the_proxy_appended(client, settings):
    settings.BEHIND_PROXY = True
    User.objects.create_user("somtc", password=PASSWORD)
    client.post(
        reverse("login"), {"username": "somtc", "password": PASSWORD},
        REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR="6.6.6.6, 203.0.113.5",
    )
    assert events(Action.LOGIN)[0].ip_address == "203.0.113.5"
