"""The whole life of a report as its users see it, in Chromium: staff fill and submit it, the MTF
co-chair returns it with a comment, staff revise and resubmit, the co-chair accepts it."""

import re

import pytest
from django.contrib.auth.models import Group, User
from playwright.sync_api import expect

from bodies.models import Membership
from monitoring import roles
from monitoring.models import ActivityReport
from tests.browser.conftest import PASSWORD, log_in
from tests.factories import ActivityFactory, MemberStateFactory, OutputFactory, ReportingCycleFactory, SectoralBodyFactory

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture
def people(transactional_db):
    roles.ensure_groups()
    somtc = SectoralBodyFactory(abbreviation="SOMTC", name="Senior Officials Meeting on Transnational Crimes")
    ReportingCycleFactory(year=2025)
    MemberStateFactory(name="Indonesia", code="IDN")
    MemberStateFactory(name="Malaysia", code="MYS")
    activity = ActivityFactory(text="Conduct ASEAN Track 1.5 Dialogue on Combatting Radicalisation", lead_bodies=[somtc])
    OutputFactory(activity=activity, position=1, text="Recommendations formulated by the Dialogue")
    OutputFactory(activity=activity, position=2, text="Regional messages adopted")
    staff = User.objects.create_user("somtc", password=PASSWORD, first_name="Sari", last_name="Officer")
    staff.groups.add(Group.objects.get(name=roles.STAFF))
    Membership.objects.create(user=staff, body=somtc)
    cochair = User.objects.create_user("cochair", password=PASSWORD, first_name="Co", last_name="Chair")
    cochair.groups.add(Group.objects.get(name=roles.COCHAIRS))
    return activity


def log_out(page):
    page.get_by_role("button", name=re.compile("Log out")).click()


def test_report_from_draft_to_accepted(page, live_server, people, tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path / "media"
    base = live_server.url
    pdf = tmp_path / "post-activity-report.pdf"
    pdf.write_bytes(PDF)

    # Staff: start the report from "My activities", fill it with two achievements and a PDF, submit.
    log_in(page, base, "somtc")
    expect(page.get_by_role("heading", name=re.compile("My activities"))).to_be_visible()
    row = page.get_by_role("row", name=re.compile("Track 1.5 Dialogue"))
    expect(row).to_contain_text("No report")
    row.get_by_role("button", name="Start report").click()
    expect(page.locator(".messages")).to_contain_text("opened as a draft")
    page.get_by_label("Status of implementation").select_option("completed")
    page.get_by_label("Organised from").fill("2025-04-04")
    page.get_by_label("Organised until").fill("2025-04-05")
    page.get_by_label("Indonesia", exact=True).check()
    page.get_by_label("Role of Indonesia").select_option("hosted")
    page.get_by_label("Malaysia", exact=True).check()
    page.get_by_label("Venue").fill("Bali, Indonesia")
    levels = page.get_by_label("Achievement (needed to submit)", exact=True)
    levels.nth(0).select_option("achieved")
    levels.nth(1).select_option("partly")
    page.get_by_label("Evidence").nth(0).fill("Chair's summary of the Dialogue")
    page.get_by_label("Evidence").nth(1).fill("Messages drafted, adoption pending")
    page.get_by_label("Assessment (needed to submit)", exact=True).fill("The Dialogue met its aims.")
    page.get_by_label("Recommendations").fill("Hold it every year.")
    page.get_by_label("Add an official post-activity document").set_input_files(str(pdf))
    page.get_by_role("button", name="Save and submit to the MTF").click()
    expect(page.locator(".messages")).to_contain_text("Report submitted to the MTF co-chairs")
    expect(page.locator("h1 .state")).to_have_text("Submitted")
    expect(page.get_by_role("link", name="post-activity-report.pdf")).to_be_visible()
    expect(page.get_by_role("link", name="Edit report")).to_have_count(0)
    log_out(page)

    # Co-chair: finds it in the review queue and returns it with a comment.
    log_in(page, base, "cochair")
    page.get_by_role("link", name="Review queue").click()
    page.get_by_role("link", name=re.compile("Track 1.5 Dialogue")).click()
    expect(page.get_by_role("cell", name="Partly achieved")).to_be_visible()
    page.get_by_label(re.compile("Comment to SOMTC")).fill("Please give the number of participants.")
    page.get_by_role("button", name="Return with comment").click()
    expect(page.locator(".messages")).to_contain_text("returned to SOMTC")
    log_out(page)

    # Staff: sees the comment, revises and resubmits.
    log_in(page, base, "somtc")
    row = page.get_by_role("row", name=re.compile("Track 1.5 Dialogue"))
    expect(row).to_contain_text("Returned")
    row.get_by_role("link", name="Revise report").click()
    page.get_by_label("Figure (optional)").nth(0).fill("85")
    page.get_by_label("Challenges").fill("Late confirmation of two delegations.")
    page.get_by_role("button", name="Save and submit to the MTF").click()
    expect(page.locator("h1 .state")).to_have_text("Submitted")
    expect(page.locator(".timeline")).to_contain_text("Please give the number of participants.")
    log_out(page)

    # Co-chair: accepts; the queue is then empty.
    log_in(page, base, "cochair")
    page.get_by_role("link", name="Review queue").click()
    page.get_by_role("link", name=re.compile("Track 1.5 Dialogue")).click()
    page.get_by_role("button", name="Accept").click()
    expect(page.locator(".messages")).to_contain_text("accepted")
    expect(page.get_by_text(re.compile("^Nothing waits for review in the 2025 cycle"))).to_be_visible()
    page.get_by_role("link", name="Reports").click()
    page.get_by_role("link", name=re.compile("Track 1.5 Dialogue")).click()
    expect(page.locator(".history")).to_contain_text("Challenges")
    page.screenshot(path=str(tmp_path / "accepted.png"), full_page=True)
    log_out(page)

    report = ActivityReport.objects.get()
    assert report.state == ActivityReport.State.ACCEPTED
    assert [t.to_state for t in report.transitions.all()] == ["submitted", "returned", "submitted", "accepted"]
    assert sorted(report.participations.values_list("memberstate__code", "role")) == [("IDN", "hosted"), ("MYS", "attended")]
    assert report.achievements.get(output__position=1).figure == 85
    assert report.documents.get().file.read() == PDF
