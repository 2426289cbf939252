"""Hardening seen from outside: login throttling, passwords, headers, sessions, documents not public."""

import io

import pytest
from django.contrib.auth import password_validation
from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.http import HttpRequest
from django.urls import reverse

from monitoring import services
from tests.monitoring.conftest import draft, world  # noqa: F401  (fixtures: the monitoring world)

pytestmark = pytest.mark.django_db

PASSWORD = "a-long-test-password"
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def log_in(client, username, password, address="10.0.0.7", url=None):
    return client.post(url or reverse("login"), {"username": username, "password": password}, REMOTE_ADDR=address)


def test_five_failed_logins_lock_that_username_out_from_that_address(client, settings):
    User.objects.create_user("somtc", password=PASSWORD)
    User.objects.create_user("aichr", password=PASSWORD)
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        assert log_in(client, "somtc", "wrong-password").status_code == 200
    locked = log_in(client, "somtc", "wrong-password")
    assert locked.status_code == 429
    page = locked.content.decode()
    assert "Too many failed logins" in page and "as <strong>somtc</strong>" in page and "for 60 minutes" in page
    # Even the right password is refused now, from that address…
    assert log_in(client, "somtc", PASSWORD).status_code == 429
    assert "_auth_user_id" not in client.session
    # …but not another person from the same office, nor the same person from elsewhere.
    assert log_in(client, "aichr", PASSWORD).status_code == 302
    client.logout()
    assert log_in(client, "somtc", PASSWORD, address="10.0.0.8").status_code == 302


def test_a_successful_login_forgets_earlier_failures(client, settings):
    User.objects.create_user("somtc", password=PASSWORD)
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        log_in(client, "somtc", "wrong-password")
    assert log_in(client, "somtc", PASSWORD).status_code == 302
    client.logout()
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        assert log_in(client, "somtc", "wrong-password").status_code == 200


def test_the_admin_login_is_throttled_too(client, settings):
    User.objects.create_superuser("root", password=PASSWORD)
    url = reverse("admin:login")
    responses = [log_in(client, "root", "wrong-password", url=url) for _ in range(settings.AXES_FAILURE_LIMIT)]
    assert [r.status_code for r in responses] == [200] * (settings.AXES_FAILURE_LIMIT - 1) + [429]


def test_the_test_client_logs_in_when_it_passes_a_request(client):
    # django-axes needs the request to know the address; force_login skips authentication altogether.
    User.objects.create_user("somtc", password=PASSWORD)
    assert client.login(request=HttpRequest(), username="somtc", password=PASSWORD)


def test_passwords_need_twelve_characters_and_not_a_common_one():
    user = User(username="somtc")
    with pytest.raises(ValidationError, match="at least 12 characters"):
        password_validation.validate_password("Xq7#mv9!pLw", user)
    with pytest.raises(ValidationError, match="too common"):
        password_validation.validate_password("password1234", user)
    password_validation.validate_password("Xq7#mv9!pLw2", user)
    password_validation.validate_password("bali-workplan-demo", user)  # the demo accounts' password


def test_demo_accounts_still_log_in(client):
    call_command("create_demo_users", stdout=io.StringIO())
    assert log_in(client, "somtc", "bali-workplan-demo").status_code == 302


def test_pages_carry_the_security_headers(client):
    response = client.get(reverse("login"))
    csp = response["Content-Security-Policy"]
    assert "default-src 'self'" in csp and "script-src 'self'" in csp and "style-src 'self'" in csp
    assert "unsafe-inline" not in csp and "frame-ancestors 'none'" in csp
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"


def test_the_session_ends_with_the_browser_and_after_a_working_day(client, settings):
    assert settings.SESSION_COOKIE_AGE == 8 * 3600 and settings.SESSION_EXPIRE_AT_BROWSER_CLOSE
    User.objects.create_user("somtc", password=PASSWORD)
    response = log_in(client, "somtc", PASSWORD)
    cookie = response.cookies[settings.SESSION_COOKIE_NAME]
    assert cookie["expires"] == "" and cookie["max-age"] == ""  # a cookie for this browser session only
    assert cookie["httponly"] and cookie["samesite"] == "Lax"
    assert 8 * 3600 - 60 < client.session.get_expiry_age() <= 8 * 3600


def test_uploaded_documents_have_no_public_url_only_the_checked_view(client, world, draft, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    document = services.add_document(
        report=draft, user=world.staff, uploaded=SimpleUploadedFile("minutes.pdf", PDF, "application/pdf")
    )
    assert (tmp_path / document.file.name).read_bytes() == PDF  # a real file on disk…
    public = f"/{settings.MEDIA_URL}{document.file.name}"
    assert client.get(public).status_code == 404  # …that no one gets from its media path,
    client.force_login(world.staff)
    assert client.get(public).status_code == 404  # not even someone who may see it,
    download = client.get(reverse("monitoring:document", args=[document.pk]))
    assert download.status_code == 200 and b"".join(download.streaming_content) == PDF  # who gets it here.
    client.force_login(world.other_staff)
    assert client.get(reverse("monitoring:document", args=[document.pk])).status_code == 403
