"""Password reset: offered only where email is configured, and throttled per address and per email."""

import pytest
from django.contrib.auth.models import User
from django.core import mail
from django.urls import reverse

pytestmark = pytest.mark.django_db


@pytest.fixture
def with_email(settings):
    settings.EMAIL_HOST = "smtp.example.org"
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    settings.PASSWORD_RESET_LIMIT = 3


def test_without_email_the_login_page_offers_no_reset_and_its_pages_are_not_found(client, settings):
    settings.EMAIL_HOST = ""
    assert "Forgotten your password?" not in client.get(reverse("login")).content.decode()
    for name, args in [("password_reset", []), ("password_reset_done", []), ("password_reset_complete", []),
                       ("password_reset_confirm", ["MQ", "set-password"])]:
        assert client.get(reverse(name, args=args)).status_code == 404
    assert client.post(reverse("password_reset"), {"email": "a@example.org"}).status_code == 404
    assert mail.outbox == []


def test_with_email_the_login_page_offers_a_reset_that_sends_the_link(client, with_email):
    User.objects.create_user("somtc", email="somtc@example.org", password="a-long-test-password")
    assert reverse("password_reset") in client.get(reverse("login")).content.decode()
    assert client.get(reverse("password_reset")).status_code == 200
    response = client.post(reverse("password_reset"), {"email": "somtc@example.org"})
    assert response.status_code == 302
    assert len(mail.outbox) == 1 and "/accounts/reset/" in mail.outbox[0].body


def test_resets_for_one_email_are_throttled_from_any_address(client, with_email):
    User.objects.create_user("somtc", email="somtc@example.org", password="a-long-test-password")
    statuses = [
        client.post(reverse("password_reset"), {"email": "SOMTC@example.org"}, REMOTE_ADDR=f"10.0.0.{n}").status_code
        for n in range(5)
    ]
    assert statuses == [302, 302, 302, 429, 429]
    assert len(mail.outbox) == 3


def test_resets_from_one_address_are_throttled_whatever_the_email(client, with_email):
    statuses = [
        client.post(reverse("password_reset"), {"email": f"user{n}@example.org"}, REMOTE_ADDR="10.0.0.9").status_code
        for n in range(5)
    ]
    assert statuses == [302, 302, 302, 429, 429]
    other = client.post(reverse("password_reset"), {"email": "user9@example.org"}, REMOTE_ADDR="10.0.0.10")
    assert other.status_code == 302
