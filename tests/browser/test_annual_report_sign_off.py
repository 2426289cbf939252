"""Both co-chairs sign off the annual report in Chromium, and one downloads its PDF."""

import io
import re

import pytest
from django.contrib.auth.models import Group, User
from playwright.sync_api import expect
from pypdf import PdfReader

from monitoring import roles, services
from reporting.models import ReportingCycle
from tests.browser.test_report_workflow import PASSWORD, log_in, log_out, people  # noqa: F401 (fixture)
from tests.monitoring.conftest import complete


@pytest.fixture
def reported(people, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    staff, cycle = User.objects.get(username="somtc"), ReportingCycle.objects.get(year=2025)
    report = services.start_report(activity=people, cycle=cycle, body=staff.memberships.get().body, user=staff)
    services.submit_report(report=complete(report), user=staff)
    second = User.objects.create_user("cochair2", password=PASSWORD, first_name="Second", last_name="Chair")
    second.groups.add(Group.objects.get(name=roles.COCHAIRS))
    return report


def test_both_cochairs_sign_off_the_annual_report_and_download_its_pdf(page, live_server, reported):
    annual = f"{live_server.url}/plans/bali-work-plan/dashboard/annual-report/?cycle=2025"
    log_in(page, live_server.url, "cochair")
    page.goto(annual)
    page.get_by_role("link", name="The co-chairs' text and sign-off").click()
    page.get_by_role("link", name="Write the text").click()
    page.get_by_label("Executive summary").fill("Every body reported on time this year.")
    page.get_by_label("Recommendations to SOMTC and the AMMTC").fill("Keep the hub funded.")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text("Every body reported on time this year.").first).to_be_visible()
    page.get_by_role("button", name="Sign as version 1").click()
    expect(page.get_by_text(re.compile("You signed version 1"))).to_be_visible()
    expect(page.get_by_role("status")).to_contain_text("Signed by one co-chair, awaiting the other")
    log_out(page)

    log_in(page, live_server.url, "cochair2")
    page.goto(annual)
    page.get_by_role("link", name="The co-chairs' text and sign-off").click()
    page.get_by_role("button", name="Sign version 1").click()
    expect(page.get_by_text(re.compile("Version 1 is signed off"))).to_be_visible()
    expect(page.get_by_role("status")).to_contain_text("signed off by Co Chair")
    expect(page.get_by_role("status")).to_contain_text("Second Chair")
    with page.expect_download() as download:
        page.get_by_role("link", name="PDF", exact=True).click()
    content = open(download.value.path(), "rb").read()
    text = " ".join(" ".join(p.extract_text().split()) for p in PdfReader(io.BytesIO(content)).pages)
    assert "Every body reported on time this year." in text and "Keep the hub funded." in text
    assert "signed off by Co Chair" in text and "Second Chair" in text
    assert reported.activity.code in text
