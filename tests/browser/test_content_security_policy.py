"""The main pages and the admin work under the Content-Security-Policy: Chromium reports no violation."""

import re

import pytest
from django.contrib.auth.models import User
from playwright.sync_api import expect

from monitoring import services
from reporting.models import ReportingCycle
from tests.factories import ActionLineFactory, PlanOfActionFactory, PriorityAreaFactory
from tests.browser.test_report_workflow import PASSWORD, log_in, people  # noqa: F401  (fixture)
from workplan.models import Activity


@pytest.fixture
def console(page):
    """Every console message of the page: Chromium logs each CSP violation there."""
    messages = []
    page.on("console", lambda message: messages.append(f"{message.type}: {message.text}"))
    return messages


def violations(console):
    return [m for m in console if "Content Security Policy" in m or "Content-Security-Policy" in m]


def test_a_violation_would_be_seen(page, live_server, console, transactional_db):
    page.goto(f"{live_server.url}/workplan/")
    page.evaluate("document.body.insertAdjacentHTML('beforeend', '<p style=\"color: red\">inline</p>')")
    expect(page.locator("footer")).to_be_visible()
    page.wait_for_timeout(200)
    assert violations(console), console


def test_pages_and_admin_raise_no_csp_violation(page, live_server, people, console, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    base = live_server.url
    staff = User.objects.get(username="somtc")
    report = services.start_report(
        activity=Activity.objects.get(), cycle=ReportingCycle.objects.get(), body=staff.memberships.get().body, user=staff
    )
    User.objects.create_superuser("root", password=PASSWORD)
    ActionLineFactory(priority_area=PriorityAreaFactory(plan=PlanOfActionFactory(), number=7), position=2)

    def visit(url, heading):
        response = page.goto(base + url)
        assert "default-src 'self'" in response.headers["content-security-policy"]
        expect(page.get_by_role("heading", name=re.compile(heading)).first).to_be_visible()

    visit("/", "ASEAN plans on preventing and countering")
    visit("/plans/bali-work-plan/", "Matrix of the Bali Work Plan")
    visit("/plans/acpoa-ct/", "ASEAN Comprehensive Plan of Action on Counter Terrorism")
    visit("/plans/acpoa-ct/7.2/", "Measure 7.2")
    visit("/bodies/", "ASEAN Sectoral Bodies")
    log_in(page, base, "somtc")
    visit("/plans/bali-work-plan/my-activities/", "My activities")
    visit(f"/monitoring/reports/{report.pk}/edit/", "M&E report")
    visit(f"/monitoring/reports/{report.pk}/", "M&E report")
    page.get_by_role("button", name=re.compile("Log out")).click()

    log_in(page, base, "root")
    visit("/plans/bali-work-plan/dashboard/", "Where the Bali Work Plan stands")
    visit("/plans/bali-work-plan/dashboard/annual-report/", "Status and implementation report")
    visit("/plans/bali-work-plan/dashboard/activities/", "Activities and their furthest report")
    visit("/admin/", "Site administration")
    visit("/admin/workplan/activity/", "Select activity")
    visit(f"/admin/workplan/activity/{Activity.objects.get().pk}/change/", "Change activity")
    visit(f"/admin/monitoring/activityreport/{report.pk}/change/", "Change")
    visit("/admin/auth/user/add/", "Add user")
    visit("/admin/audit/auditevent/", "Select audit event")
    visit("/admin/workplan/activity/import/", "Import a plan")
    # The admin's own scripts ran, allowed as files of this site: they add "Today" beside date fields.
    visit(f"/admin/reporting/reportingcycle/{ReportingCycle.objects.get().pk}/change/", "Change reporting cycle")
    expect(page.locator(".datetimeshortcuts").first).to_contain_text("Today")
    page.wait_for_timeout(300)
    assert not violations(console), "\n".join(console)
