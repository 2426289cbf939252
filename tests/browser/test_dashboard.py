"""A co-chair reads the dashboard in Chromium, changes the cycle, and follows a figure to its list."""

import re

from playwright.sync_api import expect

from tests.browser.conftest import PASSWORD


def test_cochair_changes_the_cycle_and_follows_a_figure(page, live_server, reported_plan):
    page.goto(f"{live_server.url}/accounts/login/?next=/dashboard/")
    page.get_by_label("Username").fill("mtf-cochair-1")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Where the Bali Work Plan stands")

    page.get_by_label("Cycle").select_option("2022")
    page.get_by_role("button", name="Filter").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("2022 reporting cycle")

    total_row = page.locator("tr.total")
    no_report = total_row.locator("td.num a").nth(4)  # Accepted, Submitted, Returned, Draft, No report
    figure = no_report.inner_text()
    assert int(figure) > 0
    no_report.click()
    expect(page).to_have_url(re.compile(r"/plans/bali-work-plan/dashboard/activities/\?.*cycle=2022.*coverage=none"))
    expect(page.get_by_role("status")).to_contain_text(f"{figure} indicative activit")
    expect(page.locator("table.list tbody tr").first.get_by_text("No report")).to_be_visible()

    page.go_back()
    page.locator("svg.bar a").first.click()  # a segment of the first bar is a link too
    expect(page).to_have_url(re.compile(r"/plans/bali-work-plan/dashboard/activities/\?.*coverage="))
