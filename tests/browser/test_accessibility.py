"""axe-core in Chromium on every kind of page, as each role, forms in their error state included:
no serious or critical violation of WCAG 2.1 A or AA.

axe-core (tests/browser/vendor/, from the npm registry, MPL-2.0) is injected by the test only; the
site never serves it. Pages forbid inline scripts, so the browser context bypasses the CSP, and
tests/browser/test_content_security_policy.py checks the CSP itself.
"""

import json
from pathlib import Path

import pytest
from django.contrib.auth.models import Group, User

from monitoring import roles
from monitoring.models import ActivityReport
from tests.browser.conftest import PASSWORD, log_in

AXE = (Path(__file__).parent / "vendor" / "axe.min.js").read_text()
TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"]
# Moderate in axe's reckoning, asked for all the same: headings in order, a skip link that works.
ALSO_REQUIRED = {"heading-order", "skip-link", "page-has-heading-one"}
PLAN = "/plans/bali-work-plan"


@pytest.fixture
def admin(reported_plan):
    user = User.objects.create_user("admin", password=PASSWORD, is_staff=True, is_superuser=True)
    user.groups.add(Group.objects.get(name=roles.ADMINISTRATORS))


@pytest.fixture
def axe_page(browser, live_server):
    context = browser.new_context(bypass_csp=True)
    page = context.new_page()
    yield page
    context.close()


def violations(page):
    """Serious and critical violations on the page now shown, one line per element."""
    page.add_script_tag(content=AXE)
    result = page.evaluate(
        "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}, resultTypes: ['violations']})", TAGS
    )
    found = []
    for violation in result["violations"]:
        if violation["impact"] in ("serious", "critical") or violation["id"] in ALSO_REQUIRED:
            for node in violation["nodes"][:5]:
                found.append(f"{page.url} {violation['id']} ({violation['impact']}): {json.dumps(node['target'])} {node['failureSummary'][:200]}")
    # Django 5.2 points fields at "<id>_helptext" and "<id>_error"; axe accepts one id of several
    # missing, a screen reader then reads nothing for it.
    dangling = page.evaluate("""() => [...document.querySelectorAll('[aria-describedby]')].flatMap(
        element => element.getAttribute('aria-describedby').split(/\\s+/).filter(id => id && !document.getElementById(id))
    )""")
    found += [f"{page.url} aria-describedby names no element: {id}" for id in dangling]
    return found


def check(page, base, paths):
    found = []
    for path in paths:
        page.goto(base + path)
        found += violations(page)
    return found


def report_of(state, body="SOMTC"):
    """A report of `body` in `state`, of the open cycle when there is one."""
    reports = ActivityReport.objects.filter(state=state, implementing_body__abbreviation=body).order_by("-cycle__year", "pk")
    return reports.first()


def test_public_pages_have_no_serious_violations(axe_page, live_server, reported_plan):
    page, base = axe_page, live_server.url
    found = check(page, base, [
        "/", f"{PLAN}/", f"{PLAN}/?lead_body=SOMTC&q=dialogue", f"{PLAN}/1.8/", f"{PLAN}/activities/1.8.3/",
        "/plans/acpoa-ct/", "/plans/acpoa-ct/7.2/", "/plans/poa-pcrve/1.8/", "/bodies/", "/bodies/SOMTC/",
        "/accounts/login/", "/no-such-page/", f"{PLAN}/?priority_area=99",
    ])
    log_in(page, base, "nobody", "wrong")  # the login form in its error state
    found += violations(page)
    assert found == [], "\n".join(found)


def test_staff_pages_have_no_serious_violations(axe_page, live_server, reported_plan):
    page, base = axe_page, live_server.url
    log_in(page, base, "somtc-staff-1")
    draft, submitted = report_of("draft"), report_of("accepted")
    found = check(page, base, [
        f"{PLAN}/my-activities/", f"{PLAN}/reports/", f"/monitoring/reports/{submitted.pk}/",
        f"/monitoring/reports/{draft.pk}/", f"/monitoring/reports/{draft.pk}/edit/", "/account/notifications/",
        f"{PLAN}/dashboard/",
    ])
    # The report form in its error state: dates in the wrong order and submitted.
    page.goto(f"{base}/monitoring/reports/{draft.pk}/edit/")
    page.get_by_label("Organised from").fill("2025-04-05")
    page.get_by_label("Organised until").fill("2025-04-04")
    page.get_by_role("button", name="Save and submit to the MTF").click()
    page.wait_for_load_state()
    assert page.locator(".error, .errors").count() > 0
    found += violations(page)
    assert found == [], "\n".join(found)


def test_cochair_pages_have_no_serious_violations(axe_page, live_server, reported_plan):
    page, base = axe_page, live_server.url
    log_in(page, base, "mtf-cochair-1")
    submitted = ActivityReport.objects.filter(state="submitted").order_by("pk").first()
    found = check(page, base, [
        f"{PLAN}/dashboard/", f"{PLAN}/dashboard/?cycle=2022&body=SOMTC", f"{PLAN}/dashboard/activities/?coverage=none",
        f"{PLAN}/dashboard/annual-report/?cycle=2024", f"{PLAN}/review/", f"{PLAN}/reports/",
        f"/monitoring/reports/{submitted.pk}/",
    ])
    # Returning without a comment is refused: the review form in its error state.
    page.goto(f"{base}/monitoring/reports/{submitted.pk}/")
    page.get_by_role("button", name="Return with comment").click()
    page.wait_for_load_state()
    found += violations(page)
    assert found == [], "\n".join(found)


def test_admin_pages_have_no_serious_violations(axe_page, live_server, admin):
    page, base = axe_page, live_server.url
    log_in(page, base, "admin")
    found = check(page, base, [
        f"{PLAN}/dashboard/", f"{PLAN}/reports/", "/admin/", "/admin/workplan/activity/", "/admin/monitoring/activityreport/",
    ])
    assert found == [], "\n".join(found)
