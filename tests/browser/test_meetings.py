"""A meeting's decision in Chromium: the Chair of the WG on CT records a meeting and a decision on
measure 7.2 of the ACPoA on CT owned by Indonesia, found with the picker's search box; the decision shows
on the measure's page and on Indonesia's focal point's home, who marks it done."""

import re

import pytest
from playwright.sync_api import expect

from meetings import roles as meetings_roles
from national import roles
from tests.browser.test_report_workflow import PASSWORD, log_in, log_out
from tests.factories import ActionLineFactory, MemberStateFactory, PriorityAreaFactory
from tests.monitoring.conftest import make_user
from tests.national.conftest import build_plan_of_action, focal_point


@pytest.fixture
def plan(transactional_db):
    roles.ensure_groups()
    meetings_roles.ensure_groups()
    plan = build_plan_of_action(provisions=2, areas=1)
    ActionLineFactory(priority_area=PriorityAreaFactory(plan=plan, number=7), position=2,
                      text="Strengthen the exchange of information on the financing of terrorism")
    indonesia = MemberStateFactory(name="Indonesia", code="IDN")
    MemberStateFactory(name="Malaysia", code="MYS")
    for user in (focal_point(indonesia, "National Counter Terrorism Agency", username="id-focal"),
                 make_user(roles.WG_CHAIR, username="wgct-chair")):
        user.set_password(PASSWORD)
        user.save()
    return plan


def fits_a_phone(page):
    """The page, as a phone shows it, is no wider than the screen."""
    assert page.evaluate("document.documentElement.scrollWidth") <= 390, page.url


def test_the_wg_chair_records_a_decision_that_its_owner_marks_done(page, live_server, plan):
    base = live_server.url
    page.set_viewport_size({"width": 390, "height": 844})
    decision_text = "Indonesia to share its assessment of the financing of terrorism"

    log_in(page, base, "wgct-chair")
    page.goto(f"{base}/plans/{plan.slug}/meetings/")
    page.get_by_role("link", name="Record a meeting").click()
    fits_a_phone(page)
    page.locator("#id_title").fill("23rd SOMTC Working Group on Counter Terrorism")
    page.locator("#id_kind").select_option(label="SOMTC Working Group on Counter Terrorism")
    page.locator("#id_held_on").fill("2026-06-10")
    page.get_by_label("Indonesia").first.check()
    page.get_by_role("button", name="Save the meeting").click()
    expect(page.locator(".messages")).to_contain_text("recorded")

    page.get_by_role("link", name="Record a decision").click()
    page.locator("#id_text").fill(decision_text)
    page.get_by_label("A Member State").check()
    page.locator("#id_owner_state").select_option(label="Indonesia")
    page.locator("#id_search").fill("7.2")
    page.get_by_role("button", name="Search").click()
    page.get_by_label(re.compile(r"ACPoA on CT measure 7\.2")).check()
    fits_a_phone(page)
    expect(page.locator("#id_text")).to_have_value(decision_text)  # the search kept what was typed
    page.get_by_role("button", name="Save the decision").click()
    expect(page.locator(".messages")).to_contain_text("Decision 1 saved")
    fits_a_phone(page)

    page.goto(f"{base}/plans/{plan.slug}/7.2/")
    expect(page.locator("#decisions")).to_contain_text(decision_text)
    fits_a_phone(page)
    log_out(page)

    log_in(page, base, "id-focal")
    page.goto(f"{base}/")
    attention = page.locator(".attention")
    expect(attention).to_contain_text("Decisions of meetings to follow up (1)")
    attention.get_by_role("link", name=re.compile("decision 1")).click()
    page.get_by_label("Status").select_option(label="Done")
    page.get_by_label("Note").fill("Assessment shared with the Member States.")
    page.get_by_role("button", name="Record the follow-up").click()
    expect(page.locator("#decision-status")).to_have_text("Done")
    fits_a_phone(page)
    expect(page.locator("#follow-up ~ ol")).to_contain_text("open → done")
