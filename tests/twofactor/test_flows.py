"""Setting up, signing in with a code or a recovery code, lockout, turning off and an administrator's reset,
through the pages; and the gate that keeps every other page closed until the second factor is given."""

import datetime
import re

import pytest
from django.test import Client
from django.urls import resolve, reverse
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from audit.models import AuditAction, AuditEvent
from tests.factories import ReportingCycleFactory
from twofactor.middleware import SecondFactorMiddleware

from .conftest import app_of, code_of, verified_session

pytestmark = pytest.mark.django_db


@pytest.fixture
def plan(db):
    return ReportingCycleFactory(year=2025).plan


def events(action):
    return list(AuditEvent.objects.filter(action=action).values_list("username", flat=True))


# --- The gate ---------------------------------------------------------------------------------------

def test_a_password_alone_opens_no_page_to_a_cochair_without_an_app(client, people, enforced, plan):
    client.force_login(people.cochair)
    review = reverse("monitoring:review", args=[plan.slug])
    response = client.get(review)
    assert response.status_code == 302
    assert response["Location"] == f"{reverse('twofactor:setup')}?next={review.replace('/', '%2F')}"
    assert "no-store" in response["Cache-Control"]
    # Forms and files are refused outright.
    assert client.post(reverse("monitoring:accept_reports", args=[plan.slug])).status_code == 403
    assert client.get(reverse("monitoring:document", args=[1])).status_code == 403
    assert client.get(reverse("monitoring:reports", args=[plan.slug]) + "?download=csv").status_code == 403
    # Signing out and setting up stay open.
    assert client.get(reverse("twofactor:setup")).status_code == 200


def test_with_an_app_the_password_leads_to_the_code_and_the_admin_stays_closed(client, people, enforced, plan):
    app_of(people.superuser)
    client.force_login(people.superuser)
    response = client.get("/admin/")
    assert response.status_code == 302 and response["Location"].startswith(reverse("twofactor:verify"))
    assert client.get(reverse("monitoring:review", args=[plan.slug]))["Location"].startswith(reverse("twofactor:verify"))
    assert client.post("/admin/auth/user/add/", {"username": "x"}).status_code == 403
    # Set-up is no way round the code: a password alone never replaces the app.
    assert client.get(reverse("twofactor:setup"))["Location"].startswith(reverse("twofactor:verify"))


def test_once_verified_the_review_queue_and_the_admin_open(client, people, enforced, plan):
    verified_session(client, people.superuser, app_of(people.superuser))
    assert client.get(reverse("monitoring:review", args=[plan.slug])).status_code == 200
    assert client.get("/admin/").status_code == 200


def test_those_who_need_not_use_it_pass_without_a_code(client, people, enforced, plan):
    client.force_login(people.staff)
    assert client.get(reverse("monitoring:my_activities", args=[plan.slug])).status_code == 200


def test_where_it_is_waived_the_gate_costs_no_query(rf, people, settings, django_assert_num_queries):
    settings.TWO_FACTOR_REQUIRED = False
    request = rf.get("/admin/")
    request.user, request.resolver_match = people.superuser, resolve("/admin/")
    with django_assert_num_queries(0):
        assert SecondFactorMiddleware(lambda request: None).process_view(request, None, (), {}) is None


# --- Setting up --------------------------------------------------------------------------------------

def key_on(page):
    return re.search(r'id="totp-key">([A-Z2-7 ]+)<', page).group(1).replace(" ", "")


def test_setting_up_shows_a_qr_code_and_the_key_and_confirms_with_a_code(client, people, enforced, plan):
    from base64 import b32decode

    client.force_login(people.cochair)
    review = reverse("monitoring:review", args=[plan.slug])
    page = client.get(reverse("twofactor:setup") + f"?next={review}").content.decode()
    assert 'src="data:image/svg+xml' in page
    key = b32decode(key_on(page)).hex()
    device = TOTPDevice(key=key)

    wrong = client.post(reverse("twofactor:setup"), {"code": "000000" if code_of(device) != "000000" else "111111"})
    assert wrong.status_code == 200 and "not the code your app shows" in wrong.content.decode()
    assert not TOTPDevice.objects.exists()

    done = client.post(reverse("twofactor:setup"), {"code": code_of(device), "next": review})
    assert done.status_code == 302 and done["Location"].startswith(reverse("twofactor:codes"))
    codes = re.findall(r"<li><code>([a-z2-7]{8})</code></li>", client.get(done["Location"]).content.decode())
    assert len(codes) == 10
    assert set(StaticToken.objects.filter(device__user=people.cochair).values_list("token", flat=True)) == set(codes)
    # Shown once only.
    assert client.get(reverse("twofactor:codes"))["Location"] == reverse("twofactor:account")
    assert TOTPDevice.objects.get(user=people.cochair).confirmed
    assert events(AuditAction.TWO_FACTOR_SET_UP) == ["cochair"]
    # The session that set it up has given its second factor.
    assert client.get(review).status_code == 200


def test_a_new_app_replaces_the_old_one(client, people, enforced):
    from base64 import b32decode

    old = app_of(people.focal)
    verified_session(client, people.focal, old)
    page = client.get(reverse("twofactor:setup")).content.decode()
    assert "replaces the one you have now" in page
    new = TOTPDevice(key=b32decode(key_on(page)).hex())
    client.post(reverse("twofactor:setup"), {"code": code_of(new)})
    assert list(TOTPDevice.objects.filter(user=people.focal).values_list("key", flat=True)) == [new.key]
    assert not StaticToken.objects.filter(token="code0000").exists()


# --- Signing in with a code ---------------------------------------------------------------------------

def test_the_right_code_signs_in_and_a_wrong_one_does_not(client, people, enforced, plan):
    device = app_of(people.cochair)
    client.force_login(people.cochair)
    review = reverse("monitoring:review", args=[plan.slug])
    wrong = client.post(reverse("twofactor:verify"), {"code": code_of(device, ahead=5), "next": review})
    assert wrong.status_code == 200 and "not accepted" in wrong.content.decode()
    assert client.get(review).status_code == 302
    device.refresh_from_db()
    device.throttling_failure_timestamp -= datetime.timedelta(seconds=5)  # past the one-second wait
    device.save()
    right = client.post(reverse("twofactor:verify"), {"code": code_of(device), "next": review})
    assert right.status_code == 302 and right["Location"] == review
    assert client.get(review).status_code == 200
    assert events(AuditAction.TWO_FACTOR_VERIFIED) == ["cochair"]
    assert events(AuditAction.TWO_FACTOR_FAILED) == ["cochair"]


def test_a_code_is_never_accepted_twice(client, people, enforced):
    device = app_of(people.cochair)
    client.force_login(people.cochair)
    code = code_of(device)
    assert client.post(reverse("twofactor:verify"), {"code": code}).status_code == 302
    client.force_login(people.cochair)
    assert client.post(reverse("twofactor:verify"), {"code": code}).status_code == 200


def test_wrong_codes_lock_further_tries_and_say_until_when(client, people, enforced, settings):
    settings.OTP_TOTP_THROTTLE_FACTOR = 60
    device = app_of(people.secretariat)
    client.force_login(people.secretariat)
    client.post(reverse("twofactor:verify"), {"code": "000001"})
    locked = client.post(reverse("twofactor:verify"), {"code": code_of(device)})  # even the right code waits
    assert locked.status_code == 429
    assert "Try again then" in locked.content.decode()
    assert re.search(r"from \d\d:\d\d:\d\d", locked.content.decode())
    device.refresh_from_db()
    assert device.throttling_failure_count == 1  # a try while locked is not even checked
    assert client.get(reverse("twofactor:account")).status_code == 302


def test_the_next_address_never_leads_elsewhere(client, people, enforced):
    device = app_of(people.cochair)
    client.force_login(people.cochair)
    response = client.post(reverse("twofactor:verify"), {"code": code_of(device), "next": "https://evil.example/"})
    assert response["Location"] == reverse("national:home")


# --- Recovery codes -----------------------------------------------------------------------------------

def test_a_recovery_code_signs_in_once(client, people, enforced, plan):
    app_of(people.chair)
    client.force_login(people.chair)
    response = client.post(reverse("twofactor:verify"), {"code": "CODE-0003"}, follow=True)
    assert "9 left" in response.content.decode()
    assert events(AuditAction.RECOVERY_CODE_USED) == ["wgct-chair"]
    assert StaticToken.objects.filter(device__user=people.chair).count() == 9
    client.logout()
    client.force_login(people.chair)
    again = client.post(reverse("twofactor:verify"), {"code": "code0003"})
    assert again.status_code == 200 and "not accepted" in again.content.decode()


def test_new_recovery_codes_replace_the_old_ones(client, people, enforced):
    verified_session(client, people.cochair, app_of(people.cochair))
    response = client.post(reverse("twofactor:new_codes"))
    codes = re.findall(r"<li><code>([a-z2-7]{8})</code></li>", client.get(response["Location"]).content.decode())
    assert len(codes) == 10 and not StaticToken.objects.filter(token="code0000").exists()
    assert events(AuditAction.RECOVERY_CODES_NEW) == ["cochair"]


# --- Turning off, and an administrator's reset ----------------------------------------------------------

def test_who_need_not_use_it_may_turn_it_off_and_who_must_may_not(client, people, enforced):
    verified_session(client, people.focal, app_of(people.focal))
    client.post(reverse("twofactor:turn_off"))
    assert not TOTPDevice.objects.filter(user=people.focal).exists()
    assert events(AuditAction.TWO_FACTOR_REMOVED) == ["id-focal"]
    verified_session(client, people.cochair, app_of(people.cochair))
    client.post(reverse("twofactor:turn_off"))
    assert TOTPDevice.objects.filter(user=people.cochair).exists()


def test_an_administrator_resets_a_lost_device(client, people, enforced, plan):
    app_of(people.cochair)
    other = Client()
    verified_session(other, people.cochair, TOTPDevice.objects.get(user=people.cochair))
    verified_session(client, people.administrator, app_of(people.administrator))
    listed = client.get(reverse("twofactor:people")).content.decode()
    assert "Reset cochair" in listed and "Reset somtc" not in listed
    response = client.post(reverse("twofactor:reset", args=[people.cochair.pk]))
    assert response.status_code == 302
    assert not TOTPDevice.objects.filter(user=people.cochair).exists()
    assert not StaticDevice.objects.filter(user=people.cochair).exists()
    event = AuditEvent.objects.get(action=AuditAction.TWO_FACTOR_RESET)
    assert (event.username, event.object_label) == ("admin-group", "cochair")
    # The person's session, verified with the lost device, no longer counts: they set up again.
    assert other.get(reverse("monitoring:review", args=[plan.slug]))["Location"].startswith(reverse("twofactor:setup"))


def test_the_admin_action_resets_too(client, people, enforced):
    device = app_of(people.chair)
    verified_session(client, people.superuser, app_of(people.superuser))
    response = client.post("/admin/otp_totp/totpdevice/", {"action": "reset_two_factor", "_selected_action": [device.pk]})
    assert response.status_code == 302
    assert not TOTPDevice.objects.filter(user=people.chair).exists()
    assert events(AuditAction.TWO_FACTOR_RESET) == ["root"]

