"""A newcomer finds the plans from the home page in Chromium: opens the ACPoA, follows a measure, comes
back, then opens the Bali Work Plan's dashboard."""

import re

from playwright.sync_api import expect

from tests.browser.conftest import PASSWORD


def test_from_the_home_page_to_a_measure_of_the_acpoa_and_to_the_bali_dashboard(page, live_server, reported_plan):
    page.goto(f"{live_server.url}/")
    plans = page.locator("li.plan")
    expect(plans).to_have_count(3)
    expect(page.locator("li.plan", has_text="Bali Work Plan")).to_contain_text("PoA PCRVE")  # what it implements

    page.get_by_role("link", name="ACPoA on CT", exact=True).click()
    expect(page).to_have_url(re.compile(r"/plans/acpoa-ct/$"))
    expect(page.get_by_role("status")).to_contain_text("77 measures")
    page.get_by_role("link", name="7.2", exact=True).click()
    expect(page).to_have_url(re.compile(r"/plans/acpoa-ct/7\.2/$"))
    expect(page.get_by_role("heading", level=1)).to_contain_text("Measure 7.2")
    expect(page.locator("blockquote")).to_contain_text("Promote harmonisation of the security features of travel documents")

    page.go_back()
    expect(page).to_have_url(re.compile(r"/plans/acpoa-ct/$"))
    page.get_by_label("Area").select_option("7")
    page.get_by_role("button", name="Filter").click()
    expect(page.get_by_role("status")).to_contain_text("3 measures")

    page.get_by_role("navigation", name="Main").get_by_role("link", name="Plans", exact=True).click()
    page.locator("li.plan", has_text="Bali Work Plan").get_by_role("link", name="Bali Work Plan").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Matrix of the Bali Work Plan")
    page.get_by_role("link", name="Log in").click()
    page.get_by_label("Username").fill("mtf-cochair-1")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.get_by_role("link", name="Dashboard").click()
    expect(page).to_have_url(re.compile(r"/plans/bali-work-plan/dashboard/$"))
    expect(page.get_by_role("heading", level=1)).to_contain_text("Where the Bali Work Plan stands")
