"""Two-factor sign-in in Chromium: a co-chair sets it up, signs out, and signs in again with a code from the
app; a wrong code is refused; a recovery code works once; until the code is given the review queue and the
admin stay closed."""

import re
from base64 import b32decode

from django.contrib.auth.models import User
from django_otp.oath import totp
from playwright.sync_api import expect

from tests.browser.test_report_workflow import log_in, log_out, people  # noqa: F401 (fixture)

CODE = re.compile(r"^Code\W*$")  # the sign-in's field (its label marks it required)


def app_code(key, ahead=0):
    """What the co-chair's app shows (`ahead` steps on: the code used at set-up cannot be used again)."""
    return f"{totp(b32decode(key.replace(' ', '')), step=30, digits=6, drift=ahead):06d}"


def fits_a_phone(page):
    """At 390 px the page is no wider than the screen."""
    assert page.evaluate("document.documentElement.scrollWidth") <= 390


def test_a_cochair_sets_up_two_factor_sign_in_and_signs_in_with_a_code(page, live_server, people, settings):
    console = []
    page.on("console", lambda message: console.append(message.text))
    page.set_viewport_size({"width": 390, "height": 844})
    settings.TWO_FACTOR_REQUIRED = True
    settings.OTP_TOTP_THROTTLE_FACTOR = 0  # no wait after the wrong code (the lockout is tested without a browser)
    User.objects.filter(username="cochair").update(is_staff=True)  # the admin would open to them
    base, review = live_server.url, f"{live_server.url}/plans/bali-work-plan/review/"

    # After the password, set-up: scan or type the key, confirm with the app's code; ten recovery codes, once.
    log_in(page, base, "cochair")
    expect(page.get_by_role("heading", name="Set up two-factor sign-in")).to_be_visible()
    page.goto(review)
    expect(page.get_by_role("heading", name="Set up two-factor sign-in")).to_be_visible()
    expect(page.get_by_role("img", name="QR code of the key below")).to_be_visible()
    fits_a_phone(page)
    key = page.locator("#totp-key").inner_text()
    page.get_by_label("Code from the app").fill(app_code(key))
    page.get_by_role("button", name="Confirm").click()
    expect(page.get_by_role("heading", name="Your recovery codes")).to_be_visible()
    codes = page.locator(".recovery-codes code").all_inner_texts()
    assert len(codes) == 10
    fits_a_phone(page)
    page.get_by_role("link", name=re.compile("continue")).click()
    expect(page.get_by_role("heading", name=re.compile("Review"))).to_be_visible()
    log_out(page)

    # The password alone: the review queue and the admin lead to the code, nowhere else.
    log_in(page, base, "cochair")
    expect(page.get_by_role("heading", name="Code from your app")).to_be_visible()
    for closed in (review, f"{base}/admin/"):
        page.goto(closed)
        expect(page.get_by_role("heading", name="Code from your app")).to_be_visible()
    fits_a_phone(page)
    page.get_by_label(CODE).fill(app_code(key, ahead=5))
    page.get_by_role("button", name="Sign in").click()
    expect(page.locator("#id_code_error")).to_contain_text("That code was not accepted.")
    page.get_by_label(CODE).fill(app_code(key, ahead=1))
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("heading", name="Site administration")).to_be_visible()  # on to where they asked for
    page.goto(review)
    expect(page.get_by_role("heading", name=re.compile("Review"))).to_be_visible()
    log_out(page)

    # Phone lost: a recovery code signs in, once.
    for attempt in range(2):
        log_in(page, base, "cochair")
        page.get_by_label(CODE).fill(codes[0])
        page.get_by_role("button", name="Sign in").click()
        if attempt == 0:
            expect(page.get_by_text(re.compile("signed in with a recovery code; 9 left"))).to_be_visible()
            log_out(page)
        else:
            expect(page.locator("#id_code_error")).to_contain_text("That code was not accepted.")
    assert not [text for text in console if "Content Security Policy" in text], console
