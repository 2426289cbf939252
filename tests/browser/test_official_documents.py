"""The documents that go up the reporting line, in Chromium: the WG chair writes and signs the summary,
the Secretariat records the signed annual report as sent to SOMTC and noted (and the summary as sent),
both registers show them, and the ministers' pack downloads as one PDF holding each part."""

import io
import re

import pytest
from django.contrib.auth.models import Group, User
from playwright.sync_api import expect
from pypdf import PdfReader

from national import roles as national_roles
from official import kinds, services
from reporting import roles
from tests.browser.test_report_workflow import PASSWORD, log_in, log_out, people  # noqa: F401 (fixture)
from tests.factories import PlanOfActionFactory, ReportingCycleFactory

ANNUAL_TITLE = "Bali Work Plan status and implementation report 2025"
SUMMARY_TITLE = "Summary report 2025 on the implementation of the PoA PCRVE"


def _member(username, group, **names):
    user = User.objects.create_user(username, password=PASSWORD, **names)
    user.groups.add(Group.objects.get(name=group))
    return user


@pytest.fixture
def signed_annual_report(people, settings, tmp_path):  # noqa: F811 (the fixture imported above)
    """The Bali Work Plan's annual report 2025 signed off by both co-chairs; a plan of action reporting in
    2025; the chair of the WG on CT and the Secretariat."""
    settings.MEDIA_ROOT = tmp_path
    national_roles.ensure_groups()
    roles_of = {"cochair": User.objects.get(username="cochair"),
                "cochair_2": _member("cochair2", roles.COCHAIRS, first_name="Second", last_name="Chair")}
    _member("wgchair", roles.WG_CHAIR, first_name="Wira", last_name="Chair")
    _member("secretariat", roles.SECRETARIAT, first_name="Sekar", last_name="Secretariat")
    ReportingCycleFactory(plan=PlanOfActionFactory(slug="poa-pcrve", short_name="PoA PCRVE"), year=2025)
    annual = kinds.get("annual-report")
    plan = people.focus_area.action_line.plan
    services.save_text(services.document_for(annual, plan, 2025), roles_of["cochair"],
                       {"executive_summary": "Every body reported this year."})
    version = None
    for signer in roles_of.values():
        document = services.document_for(annual, plan, 2025)
        number, digest = (version.number, version.digest) if version else services.open_for_signing(document)
        version = services.sign(document, signer, read_digest=digest, read_number=number)
    assert version.state == "signed"
    return version


def record_dispatch(page, base, plan, document, outcome):
    page.goto(f"{base}/plans/{plan}/reporting-line/")
    page.get_by_label(re.compile("^Version sent")).select_option(label=f"{document}, version 1")
    page.get_by_label(re.compile("^sent to", re.I)).select_option(label="SOMTC")
    page.get_by_label(re.compile("^sent on", re.I)).fill("2026-03-02")
    page.get_by_label(re.compile("^outcome", re.I)).select_option(label=outcome)
    page.get_by_role("button", name="Record").click()
    row = page.get_by_role("row", name=re.compile(document))
    expect(row).to_contain_text("SOMTC")
    expect(row).to_contain_text(outcome)
    expect(row).to_contain_text("2 March 2026")


def test_summary_signed_documents_sent_and_the_ministers_pack_downloaded(page, live_server, signed_annual_report):
    base = live_server.url

    # The chair of the WG on CT writes the summary's text and signs it.
    log_in(page, base, "wgchair")
    page.goto(f"{base}/plans/poa-pcrve/official/summary/2025/")
    page.get_by_role("link", name="Write the text").click()
    page.get_by_label("Overview").fill("Eight Member States reported on the plan this year.")
    page.get_by_label("Recommendations to SOMTC").fill("Ask the remaining states to report by March.")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text("Eight Member States reported on the plan this year.").first).to_be_visible()
    page.get_by_role("button", name="Sign as version 1").click()
    expect(page.locator(".messages")).to_contain_text("Version 1 is signed off")
    expect(page.get_by_role("heading", level=1).first).to_contain_text("Version 1: signed")
    log_out(page)

    # The Secretariat records the annual report as sent to SOMTC and noted, and the summary as sent.
    log_in(page, base, "secretariat")
    record_dispatch(page, base, "bali-work-plan", ANNUAL_TITLE, "Noted")
    record_dispatch(page, base, "poa-pcrve", SUMMARY_TITLE, "Pending")

    # … and downloads the year's ministers' pack, built by the worker.
    page.goto(f"{base}/plans/bali-work-plan/official/")
    page.get_by_role("link", name="Ministers' packs").click()
    page.get_by_role("link", name="Ministers' pack 2025").click()
    contents = page.get_by_role("region", name="Contents")
    expect(contents).to_contain_text(ANNUAL_TITLE)
    expect(contents).to_contain_text(SUMMARY_TITLE)
    page.get_by_role("button", name="Build the pack as PDF").click()
    expect(page.get_by_role("status")).to_contain_text("Ready since")
    with page.expect_download() as download:
        page.get_by_role("link", name="Download ministers-pack-2025.pdf").click()
    reader = PdfReader(io.BytesIO(open(download.value.path(), "rb").read()))
    text = " ".join(" ".join(p.extract_text().split()) for p in reader.pages)
    assert "Ministers' pack 2025" in text
    for heading in (ANNUAL_TITLE, SUMMARY_TITLE):
        assert text.count(heading) >= 2, heading  # in the contents, and at the head of its part
    assert "Every body reported this year." in text and "Eight Member States reported on the plan this year." in text
    assert "not yet signed" not in text
