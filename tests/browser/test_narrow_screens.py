"""Phone to desktop: at 390 px no page is wider than the screen; at 768 and 1366 px neither. At 390 x 844
the page's heading is on the first screen, under the banner and the navigation.

Screenshots of every page at each width go to $SCREENSHOT_DIR when it is set, to look at."""

import os
from pathlib import Path

from django.contrib.auth.models import User

from monitoring.models import ActivityReport
from workplan.models import Plan
from workplan import spreadsheets as sheet
from workplan.spreadsheets import export, matrix_dataset
from tests.browser.conftest import PASSWORD, log_in

PLAN = "/plans/bali-work-plan"
WIDTHS = (390, 768, 1366)
HEADER_MOST = 160


def widths(page, base, paths, role, low_headings=None):
    """{(path, viewport width): page width} for every path at every width wider than the screen; with
    `low_headings`, each path is added to it whose h1 ends below the first screen at 390 x 844, or whose
    banner and navigation take more than HEADER_MOST px (they took 290 px when the navigation wrapped)."""
    measured = {}
    shots = os.environ.get("SCREENSHOT_DIR")
    for width in WIDTHS:
        page.set_viewport_size({"width": width, "height": 844})
        for path in paths:
            page.goto(base + path)
            measured[path, width] = page.evaluate("document.documentElement.scrollWidth")
            if width == 390 and low_headings is not None:
                top, bottom = page.evaluate("[document.querySelector('main').getBoundingClientRect().top,"
                                            " document.querySelector('h1').getBoundingClientRect().bottom]")
                if bottom > 844 or top > HEADER_MOST:
                    low_headings[path] = (top, bottom)
            if shots:
                name = f"{role}-{path.strip('/').replace('/', '_').replace('?', '_') or 'home'}-{width}.png"
                page.screenshot(path=str(Path(shots) / name), full_page=width == 390)
    return {key: value for key, value in measured.items() if value > key[1]}


def test_no_page_is_wider_than_the_screen(page, live_server, reported_plan, settings):
    settings.DEMO_DATA = True  # the banner too, as on the demonstration site
    base = live_server.url
    low_headings = {}
    too_wide = widths(page, base, ["/", f"{PLAN}/", f"{PLAN}/1.8/", f"{PLAN}/activities/1.8.3/", "/bodies/", "/bodies/SOMTC/",
                                   "/plans/acpoa-ct/"], "public", low_headings)
    # The list of bodies fits the phone itself, not only a box scrolling sideways inside it.
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(base + "/bodies/")
    assert page.evaluate("document.querySelector('main table').getBoundingClientRect().right") <= 390

    log_in(page, base, "somtc-staff-1")
    draft = ActivityReport.objects.filter(state="draft", implementing_body__abbreviation="SOMTC").order_by("-cycle__year").first()
    too_wide |= widths(page, base, [f"{PLAN}/my-activities/", f"/monitoring/reports/{draft.pk}/edit/",
                               f"/monitoring/reports/{draft.pk}/", f"{PLAN}/reports/"], "staff", low_headings)
    page.get_by_role("button", name="Log out").click()

    log_in(page, base, "mtf-cochair-1")
    too_wide |= widths(page, base, [f"{PLAN}/review/", f"{PLAN}/dashboard/", f"{PLAN}/dashboard/activities/",
                               f"{PLAN}/dashboard/annual-report/?cycle=2024", f"{PLAN}/handover/", f"{PLAN}/indicators/",
                               f"{PLAN}/activities/1.8.3/indicators/", f"{PLAN}/activities/1.8.3/indicators/1/"], "cochair")
    page.get_by_role("button", name="Log out").click()

    # The admin's import preview of an edited matrix: its old → new texts wrap within the phone's width.
    User.objects.create_superuser("matrix-admin", "matrix-admin@example.org", PASSWORD)
    log_in(page, base, "matrix-admin")
    rows = matrix_dataset(Plan.objects.get(slug="bali-work-plan"))
    rows[0] = tuple(f"{cell} revised with a long unbroken word Counterterrorismcapacitybuildingprogrammes"
                    if header == sheet.ACTIVITY else cell for header, cell in zip(rows.headers, rows[0]))
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(base + "/admin/workplan/activity/import/")
    page.set_input_files("input[type=file]", {"name": "matrix.xlsx", "buffer": export(rows, ".xlsx"),
                                              "mimeType": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"})
    page.get_by_role("button", name="Check the file").click()
    page.get_by_text("Changes and errors (1 row)").wait_for()
    if page.evaluate("document.documentElement.scrollWidth") > 390:
        too_wide["/admin/workplan/activity/import/ (preview)", 390] = page.evaluate("document.documentElement.scrollWidth")
    assert too_wide == {}, "\n".join(f"{path} at {width} px: {wide} px" for (path, width), wide in too_wide.items())
    assert low_headings == {}, "\n".join(f"{path}: the page starts {top:.0f} px down, its h1 ends {bottom:.0f} px down"
                                         for path, (top, bottom) in low_headings.items())


def test_no_page_of_the_member_states_reporting_is_wider_than_the_screen(page, live_server, reported_plan):
    """The national reports' pages as the demo fills them: every Member State, every cycle."""
    from django.core.management import call_command

    from demo.synthetic import generate_in_apps
    from demo.national_people import create_demo_people
    from national.models import NationalReport

    call_command("load_national_cycles", verbosity=0)
    list(create_demo_people(PASSWORD))
    list(generate_in_apps(scale=1, seed=3, password=PASSWORD))
    base, poa, acpoa = live_server.url, "/plans/poa-pcrve", "/plans/acpoa-ct"
    log_in(page, base, "wgct-chair")
    sent = NationalReport.objects.sent().filter(cycle__plan__slug="acpoa-ct").order_by("-cycle__year").first()
    too_wide = widths(page, base, [
        f"{acpoa}/national-reports/", f"{acpoa}/national-reports/dashboard/?cycle=2024",
        f"{poa}/national-reports/dashboard/?cycle=2024", f"{acpoa}/national-reports/summary/?cycle=2024",
        f"{acpoa}/national-reports/entries/?cycle=2024", f"{acpoa}/contacts/", f"/national-reports/{sent.pk}/",
    ], "wg-chair")
    page.get_by_role("button", name="Log out").click()
    log_in(page, base, "id-focal")
    draft = NationalReport.objects.filter(member_state__code="IDN", state="draft").first()
    too_wide |= widths(page, base, [f"{poa}/national-reports/", f"/national-reports/{draft.pk}/",
                                    f"/national-reports/{draft.pk}/areas/1/", f"/national-reports/{draft.pk}/import/"], "focal")
    assert too_wide == {}, "\n".join(f"{path} at {width} px: {wide} px" for (path, width), wide in too_wide.items())


def test_the_report_forms_buttons_never_cover_the_field_being_typed_in(page, live_server, reported_plan):
    base = live_server.url
    log_in(page, base, "somtc-staff-1")
    draft = ActivityReport.objects.filter(state="draft", implementing_body__abbreviation="SOMTC").order_by("-cycle__year").first()
    for width, height in ((390, 844), (1366, 768)):
        page.set_viewport_size({"width": width, "height": height})
        page.goto(f"{base}/monitoring/reports/{draft.pk}/edit/")
        for label in ("Organised from", "Assessment (needed to submit)", "Challenges"):
            field = page.get_by_label(label, exact=label.startswith("Assessment"))
            field.focus()
            box = field.bounding_box()
            actions = page.locator(".report-form .actions").bounding_box()
            overlaps = box["y"] < actions["y"] + actions["height"] and actions["y"] < box["y"] + box["height"]
            assert not overlaps, f"{label} at {width} px is under the buttons"
