"""A report from "My activities" to submitted with the keyboard alone: no click, no mouse."""

import re

from playwright.sync_api import expect

from monitoring.models import ActivityReport
from tests.browser.conftest import PASSWORD
from tests.browser.test_report_workflow import people  # noqa: F401 (a fixture)

FOCUSED_NAME = """() => {
    const element = document.activeElement;
    const label = element.labels && element.labels[0];
    return (label ? label.innerText : element.getAttribute('aria-label') || element.innerText || '').trim();
}"""


def tab_to(page, name, *, limit=250):
    """Press Tab until a form control whose label or text matches `name` has the focus (links, such as
    those of the error summary, are passed over); fail if none does."""
    pattern = re.compile(name)
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.tagName") != "A" and pattern.search(page.evaluate(FOCUSED_NAME)):
            return
    raise AssertionError(f"Tab never reached {name!r}")


def focused_is_visible(page):
    return page.evaluate("""() => {
        const style = getComputedStyle(document.activeElement);
        return style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) >= 2;
    }""")


def test_staff_write_and_submit_a_report_with_the_keyboard_alone(page, live_server, people):  # noqa: F811
    page.goto(f"{live_server.url}/accounts/login/")
    assert page.evaluate(FOCUSED_NAME).startswith("Username")  # Django's login form focuses it
    page.keyboard.type("somtc")
    tab_to(page, "^Password")
    page.keyboard.type(PASSWORD)
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", name=re.compile("My activities"))).to_be_visible()
    page.keyboard.press("Tab")
    assert page.evaluate(FOCUSED_NAME) == "Skip to content"
    assert focused_is_visible(page)

    tab_to(page, "^Start report$")
    assert focused_is_visible(page)
    page.keyboard.press("Enter")
    expect(page.locator(".messages")).to_contain_text("opened as a draft")

    # Submitting at once is refused, each missing item named at the top and beside its field.
    tab_to(page, "^Save and submit to the MTF$")
    page.keyboard.press("Enter")
    expect(page.locator(".error-summary")).to_contain_text("status of implementation")
    expect(page.locator("#id_assessment_error")).to_be_visible()

    tab_to(page, "^Status of implementation")
    page.keyboard.type("Planned")
    tab_to(page, "^Achievement")
    page.keyboard.type("Achieved")
    tab_to(page, "^Achievement")
    page.keyboard.type("Partly")
    tab_to(page, "^Assessment")
    page.keyboard.type("Dates agreed with the host; invitations sent.")
    tab_to(page, "^Recommendations")
    page.keyboard.type("Confirm the delegations early.")
    tab_to(page, "^Save and submit to the MTF$")
    page.keyboard.press("Enter")
    expect(page.locator(".messages")).to_contain_text("Report submitted to the MTF co-chairs")

    report = ActivityReport.objects.get()
    assert report.state == ActivityReport.State.SUBMITTED
    assert report.implementation_status == ActivityReport.Status.PLANNED
    assert sorted(report.achievements.values_list("level", flat=True)) == ["achieved", "partly"]
