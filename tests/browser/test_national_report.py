"""A national report's life in Chromium: a focal point fills and submits it one area at a time, the
Chair of the WG on CT returns it with a comment, the focal point corrects and resubmits it, the chair
acknowledges it, then opens the summary report and the three-yearly review."""

import re

import pytest
from django.contrib.auth.models import User
from playwright.sync_api import expect

from national import roles, services
from national.models import NationalReport
from tests.browser.test_report_workflow import PASSWORD, log_out
from tests.browser.test_report_workflow import log_in as sign_in
from tests.factories import MemberStateFactory, ReportingCycleFactory
from tests.monitoring.conftest import make_user
from tests.national.conftest import build_plan_of_action, focal_point


@pytest.fixture
def plan(transactional_db):
    roles.ensure_groups()
    plan = build_plan_of_action(provisions=4, areas=2)
    ReportingCycleFactory(plan=plan, year=2025)
    indonesia = MemberStateFactory(name="Indonesia", code="IDN")
    MemberStateFactory(name="Malaysia", code="MYS")
    for user in (focal_point(indonesia, "National Counter Terrorism Agency", username="id-focal"),
                 make_user(roles.WG_CHAIR, username="wgct-chair"),
                 make_user(roles.SECRETARIAT, username="asean-sec")):
        user.set_password(PASSWORD)
        user.save()
    services.start_review(plan=plan, first_year=2023, last_year=2025, user=User.objects.get(username="asean-sec"))
    return plan


def log_in(page, base, username, then):
    sign_in(page, base, username)
    page.goto(f"{base}{then}")


def fill_area(page, statuses, measures):
    for index, status in enumerate(statuses):
        page.locator(f"#id_entries-{index}-status").select_option(label=status)
        page.locator(f"#id_entries-{index}-national_measures").fill(measures)


def test_national_report_from_draft_to_acknowledged_then_summary_and_review(page, live_server, plan):
    base = live_server.url
    reports = f"/plans/{plan.slug}/national-reports/"

    # The focal point starts Indonesia's report, fills both areas of cooperation, and submits it.
    log_in(page, base, "id-focal", reports)
    row = page.get_by_role("row", name=re.compile("Indonesia"))
    row.get_by_role("button", name="Start the 2025 report").click()
    expect(page.locator(".messages")).to_contain_text("open as a draft")
    page.get_by_role("link", name="Fill in area of cooperation 1").click()
    fill_area(page, ["Implemented", "In progress"], "National action plan adopted")
    page.locator("#id_entries-1-assistance_theme").select_option(label="Training and capacity building")
    page.locator("#id_entries-1-assistance_needed").fill("Training for prison officers")
    page.get_by_role("button", name="Save and go to area of cooperation 2").click()
    expect(page.locator(".messages")).to_contain_text("Area of cooperation 1 saved")
    fill_area(page, ["Planned", "Not applicable"], "Inter-agency task force")
    page.get_by_role("button", name="Save", exact=True).click()
    page.get_by_role("button", name="Submit to the Chair of the WG on CT").click()
    expect(page.locator(".messages")).to_contain_text("Report submitted")
    log_out(page)

    # The chair returns it with a comment.
    report = NationalReport.objects.get()
    log_in(page, base, "wgct-chair", report.get_absolute_url())
    page.get_by_label(re.compile("Comment to Indonesia")).fill("Please name the law behind measure 2.1.")
    page.get_by_role("button", name="Return with comment").click()
    expect(page.locator(".messages")).to_contain_text("returned to Indonesia")
    log_out(page)

    # The focal point sees the comment, corrects area 2 and resubmits.
    log_in(page, base, "id-focal", report.get_absolute_url())
    expect(page.locator(".returned-comment")).to_contain_text("name the law behind measure 2.1")
    page.get_by_role("link", name="Fill in area of cooperation 2").click()
    page.locator("#id_entries-0-laws_and_policies").fill("Law No. 5 of 2018 on the Eradication of Terrorism")
    page.get_by_role("button", name="Save", exact=True).click()
    page.get_by_role("button", name="Submit to the Chair of the WG on CT").click()
    expect(page.locator("h1")).to_contain_text("Submitted")
    log_out(page)

    # The chair acknowledges it, then opens the summary report and the review.
    log_in(page, base, "wgct-chair", report.get_absolute_url())
    expect(page.get_by_role("definition").filter(has_text="Law No. 5 of 2018")).to_have_count(0)  # areas folded
    page.locator("#area-2 .task-name a").click()
    expect(page.get_by_role("definition").filter(has_text="Law No. 5 of 2018")).to_be_visible()
    page.get_by_role("button", name="Acknowledge").click()
    expect(page.locator(".messages")).to_contain_text("acknowledged")
    page.get_by_role("link", name="Summary report 2025").click()
    expect(page.locator("#who-reported")).to_contain_text("1 Member State reported: Indonesia")
    expect(page.locator("#who-reported")).to_contain_text("Malaysia")
    expect(page.locator("#assistance")).to_contain_text("Indonesia: “Training for prison officers”")
    page.goto(f"{base}/plans/{plan.slug}/reviews/")
    page.get_by_role("link", name="2023–2025").click()
    expect(page.locator("#matrix")).to_contain_text("IDN")
    expect(page.locator("#matrix abbr[title='Implemented']").first).to_be_visible()


def test_a_focal_point_confirms_last_years_answers_of_an_area_in_one_step(page, live_server, plan):
    from national.models import FocalPoint
    from tests.national.conftest import answer_all

    focal = User.objects.get(username="id-focal")
    indonesia = FocalPoint.objects.get(user=focal).agency.member_state
    last = services.start_national_report(member_state=indonesia, cycle=ReportingCycleFactory(plan=plan, year=2024), user=focal)
    answer_all(last, status="implemented")
    report = services.start_national_report(member_state=indonesia, cycle=plan.cycles.get(year=2025), user=focal)

    log_in(page, live_server.url, "id-focal", report.get_absolute_url())
    area_1, area_2 = page.locator("#area-1"), page.locator("#area-2")
    expect(area_1).to_contain_text("0 of 2 answered · 2 to confirm")
    expect(area_1.locator(".task-tag")).to_have_text("To do")
    area_1.get_by_role("button", name="Confirm the 2 carried-forward answers as still true").click()
    expect(page.locator(".messages")).to_contain_text("Area of cooperation 1: the answers carried forward from last year are confirmed")
    expect(area_1).to_contain_text("2 of 2 answered")
    expect(area_1).not_to_contain_text("to confirm")
    expect(area_1.locator(".task-tag")).to_have_text("Done")
    expect(area_1.get_by_text("Measure on matter 1")).to_be_visible()  # the confirmed area is open, its answers shown
    expect(area_2.locator(".task-tag")).to_have_text("To do")
    expect(area_2).to_contain_text("2 to confirm")
