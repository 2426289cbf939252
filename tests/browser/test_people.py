"""People in Chromium: the ASEAN Secretariat invites Indonesia's new national focal point and deactivates
the old one; the new one sets a password from the email's link and saves an answer of Indonesia's
national report; the old one can no longer sign in."""

import re

import pytest
from django.core import mail
from playwright.sync_api import expect

from national import roles
from people import roles as people_roles
from tests.browser.test_report_workflow import PASSWORD, log_out
from tests.browser.test_report_workflow import log_in as sign_in
from tests.factories import MemberStateFactory, ReportingCycleFactory
from tests.monitoring.conftest import make_user
from tests.national.conftest import build_plan_of_action, focal_point
from tests.people.conftest import invitation_link

NEW_PASSWORD = "tamarind-lighthouse-2026"


@pytest.fixture
def plan(transactional_db):
    roles.ensure_groups()
    people_roles.ensure_groups()
    plan = build_plan_of_action(provisions=2, areas=1)
    ReportingCycleFactory(plan=plan, year=2025)
    indonesia = MemberStateFactory(name="Indonesia", code="IDN")
    for user in (focal_point(indonesia, "National Counter Terrorism Agency", username="id-focal", first_name="Old",
                             last_name="Focal Point"),
                 make_user(roles.SECRETARIAT, username="asean-sec")):
        user.set_password(PASSWORD)
        user.save()
    return plan


def test_the_secretariat_replaces_a_national_focal_point(page, live_server, plan):
    base = live_server.url
    mail.outbox.clear()

    # The Secretariat invites the new focal point to Indonesia's seat, then deactivates the old one.
    sign_in(page, base, "asean-sec")
    page.goto(f"{base}/people/")
    page.get_by_role("link", name="Invite someone").click()
    page.get_by_label("First name").fill("Dewi")
    page.get_by_label("Last name").fill("Lestari")
    page.get_by_label("Email").fill("dewi.lestari@example.org")
    page.get_by_label("Seat").select_option(label="National focal point: Indonesia, National Counter Terrorism Agency")
    page.get_by_role("button", name="Send the invitation").click()
    expect(page.locator(".messages")).to_contain_text("Invitation sent to dewi.lestari@example.org")
    expect(page.locator("dl.facts")).to_contain_text("Invited")
    page.goto(f"{base}/people/?q=old")
    page.get_by_role("link", name="Old Focal Point").click()
    page.get_by_role("button", name="Deactivate Old Focal Point").click()
    expect(page.locator(".messages")).to_contain_text("their access has ended")
    log_out(page)

    # The new focal point sets a password from the email's link, signs in and answers a measure.
    assert [message.to for message in mail.outbox] == [["dewi.lestari@example.org"]]
    page.goto(base + invitation_link(mail.outbox[0]))
    page.get_by_label(re.compile(r"^New password \*")).fill(NEW_PASSWORD)
    page.get_by_label(re.compile(r"^New password confirmation")).fill(NEW_PASSWORD)
    page.get_by_role("button", name="Set my password").click()
    expect(page.locator(".messages")).to_contain_text("Your password is set")
    sign_in(page, base, "dewi.lestari@example.org", password=NEW_PASSWORD)
    page.goto(f"{base}/plans/{plan.slug}/national-reports/")
    page.get_by_role("row", name=re.compile("Indonesia")).get_by_role("button", name="Start the 2025 report").click()
    expect(page.locator(".messages")).to_contain_text("open as a draft")
    page.get_by_role("link", name="Fill in area of cooperation 1").click()
    page.locator("#id_entries-0-status").select_option(label="In progress")
    page.locator("#id_entries-0-national_measures").fill("A national action plan adopted by the new focal point")
    page.get_by_role("button", name="Save", exact=True).click()
    expect(page.locator(".messages")).to_contain_text("saved")
    log_out(page)

    # The old focal point is refused at the login form.
    sign_in(page, base, "id-focal")
    expect(page.locator("main")).to_contain_text(re.compile("correct username and password|inactive", re.I))
    expect(page.get_by_role("button", name=re.compile("Log out"))).to_have_count(0)
