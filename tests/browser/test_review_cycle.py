"""Review as the co-chairs and staff do it in Chromium: three reports accepted at once from the queue,
a filtered queue's page kept through a bulk accept, and a returned report revised with the co-chair's
comment in view on the form."""

import re

import pytest
from django.contrib.auth.models import User
from playwright.sync_api import expect

from monitoring import services
from monitoring.models import ActivityReport
from reporting.models import ReportingCycle
from tests.browser.test_report_workflow import PASSWORD, log_in, log_out, people  # noqa: F401 (fixture)
from tests.factories import ActivityFactory, OutputFactory
from tests.monitoring.conftest import complete
from workplan import pagination


@pytest.fixture
def submitted(people):
    staff, cycle = User.objects.get(username="somtc"), ReportingCycle.objects.get(year=2025)
    somtc = staff.memberships.get().body
    reports = []
    for n, activity in enumerate([people, *[ActivityFactory(focus_area=people.focus_area, lead_bodies=[somtc]) for _ in range(3)]]):
        if n:
            OutputFactory(activity=activity, text=f"Output of activity {n}")
        report = services.start_report(activity=activity, cycle=cycle, body=somtc, user=staff)
        reports.append(services.submit_report(report=complete(report), user=staff))
    return reports


def test_a_cochair_accepts_three_reports_at_once(page, live_server, submitted):
    log_in(page, live_server.url, "cochair")
    page.goto(f"{live_server.url}/plans/bali-work-plan/review/")
    expect(page.get_by_text("4 reports to review")).to_be_visible()
    for report in submitted[:3]:
        page.get_by_label(f"Select report {report.activity.code}, SOMTC").check()
    page.get_by_label("Comment to their bodies (optional, the same for each)").fill("Thank you for the timely reports.")
    page.get_by_role("button", name="Accept selected").click()
    expect(page.get_by_text(re.compile("3 reports accepted"))).to_be_visible()
    expect(page.get_by_text("1 report to review")).to_be_visible()
    states = sorted(ActivityReport.objects.values_list("state", flat=True))
    assert states == ["accepted", "accepted", "accepted", "submitted"]
    for report in submitted[:3]:
        assert report.transitions.get(to_state="accepted").comment == "Thank you for the timely reports."


def test_staff_revise_a_returned_report_with_the_comment_on_the_form(page, live_server, submitted):
    log_in(page, live_server.url, "cochair")
    page.goto(f"{live_server.url}{submitted[0].get_absolute_url()}")
    page.get_by_label(re.compile("Comment to SOMTC")).fill("Please add the number of participants to the assessment.")
    page.get_by_role("button", name="Return with comment").click()
    expect(page.get_by_text(re.compile("returned to"))).to_be_visible()
    log_out(page)

    log_in(page, live_server.url, "somtc")
    page.goto(f"{live_server.url}/")
    attention = page.get_by_role("region", name="Needs your attention")
    attention.get_by_role("link", name=re.compile(submitted[0].activity.code)).click()
    note = page.get_by_role("note")
    expect(note).to_contain_text("Please add the number of participants to the assessment.")
    expect(note).to_contain_text("Returned by Co Chair")
    page.get_by_label("Assessment").fill("Well attended: 120 participants from the ten Member States.")
    page.get_by_role("button", name="Save and submit to the MTF").click()
    expect(page.get_by_text("Report submitted to the MTF co-chairs for review.")).to_be_visible()
    report = ActivityReport.objects.get(pk=submitted[0].pk)
    assert report.state == "submitted" and "120 participants" in report.assessment


def test_a_cochair_bulk_accepts_from_a_filtered_page_and_lands_back_on_it(page, live_server, submitted, monkeypatch):
    monkeypatch.setattr(pagination.paginate, "__defaults__", (2,))  # two pages of two, not fifty
    log_in(page, live_server.url, "cochair")
    page.goto(f"{live_server.url}/plans/bali-work-plan/review/")
    expect(page.get_by_label("Cycle")).to_have_value("2025")  # opens on the cycle in progress
    page.get_by_label("Implementing body").select_option("SOMTC")
    page.get_by_role("button", name="Filter").click()
    page.get_by_role("link", name="Next →").click()
    page.get_by_role("link", name="Select all on this page").click()
    oldest = submitted[:2]  # newest first: the two submitted first are on page 2
    for report in oldest:
        expect(page.get_by_label(f"Select report {report.activity.code}, SOMTC")).to_be_checked()
    page.get_by_label(f"Select report {oldest[1].activity.code}, SOMTC").uncheck()
    page.get_by_role("button", name="Accept selected").click()
    expect(page.get_by_text(re.compile("1 report accepted"))).to_be_visible()
    assert re.search(r"cycle=2025", page.url) and "body=SOMTC" in page.url and "page=2" in page.url
    assert "select=" not in page.url
    expect(page.get_by_text("Page 2 of 2")).to_be_visible()
    expect(page.get_by_label("Implementing body")).to_have_value("SOMTC")
    expect(page.get_by_label(f"Select report {oldest[0].activity.code}, SOMTC")).to_have_count(0)
    expect(page.get_by_label(f"Select report {oldest[1].activity.code}, SOMTC")).not_to_be_checked()
    assert ActivityReport.objects.get(pk=oldest[0].pk).state == "accepted"
