"""The chair's summary report as an official document: its snapshot, its renderings, and what a focal
point reads of it."""

import json

import pytest

from annualreports import summary_document as kind
from national.models import NationalReport, ProvisionEntry
from tests.documents import docx_text, pdf_text
from tests.national.conftest import focal_point, nat  # noqa: F401 (the national world)
from tests.national.test_summary import reported_cycle

pytestmark = pytest.mark.django_db

TEXT = {"overview": "Four states reported this year.", "conclusions": "Progress on prevention.",
        "recommendations": "SOMTC to note the needs for training."}


@pytest.fixture
def summary_cycle(nat):
    cycle = reported_cycle(provisions=6, areas=2, slug="poa-pcrve")
    first = NationalReport.objects.filter(cycle=cycle, state__in=NationalReport.sent_states()).order_by("member_state__name").first()
    ProvisionEntry.objects.filter(report=first).update(good_practice="A hotline run with the communities")
    return cycle


def test_snapshot_holds_the_chairs_text_the_good_practices_and_the_plans_author(summary_cycle, nat):
    snapshot = kind.compile(summary_cycle.plan, summary_cycle, TEXT)
    assert json.loads(json.dumps(snapshot)) == snapshot  # plain JSON values only
    assert snapshot["text"] == TEXT
    assert snapshot["author"] == "the Chair of the SOMTC Working Group on Counter Terrorism"
    assert kind.author_of(nat.plan) == "the Lead Shepherd on Counter Terrorism with the ASEAN Secretariat"
    assert len(snapshot["good_practices"]) == 6 and snapshot["good_practices"][0]["state"] == "Member State A"
    html = kind.render_html(snapshot)
    for words in [*TEXT.values(), "Good practices", "A hotline run with the communities", "Contents", "Chair of the SOMTC"]:
        assert words in html


def test_a_report_changed_after_compiling_changes_no_rendering(summary_cycle):
    snapshot = kind.compile(summary_cycle.plan, summary_cycle, TEXT)
    before = (kind.render_html(snapshot), pdf_text(kind.render_pdf(snapshot)), docx_text(kind.render_docx(snapshot)))
    assert "Measure of Member State A on" in before[1] and "Measure of Member State A on" in before[2]
    ProvisionEntry.objects.filter(report__cycle=summary_cycle).update(national_measures="Rewritten later", status="implemented")
    NationalReport.objects.filter(cycle=summary_cycle, member_state__name="Member State A").update(state="returned")
    after = (kind.render_html(snapshot), pdf_text(kind.render_pdf(snapshot)), docx_text(kind.render_docx(snapshot)))
    assert after == before
    assert "Rewritten later" in kind.render_html(kind.compile(summary_cycle.plan, summary_cycle, TEXT))


def test_a_focal_point_reads_only_their_own_and_shared_answers(summary_cycle, nat):
    sent = {r.member_state.name: r for r in NationalReport.objects.filter(cycle=summary_cycle).select_related("member_state")}
    NationalReport.objects.filter(pk=sent["Member State B"].pk).update(shared_with_member_states=True)
    reader = focal_point(sent["Member State A"].member_state, "Police HQ", username="a-reader")
    snapshot = kind.compile(summary_cycle.plan, summary_cycle, TEXT)
    narrowed = kind.narrow(snapshot, reader)
    states = {e["state"] for area in narrowed["areas"] for p in area["provisions"] for e in p["entries"]}
    assert states == {"Member State A", "Member State B"}
    assert narrowed["narrowed_to"] == ["Member State A", "Member State B"]
    html = kind.render_html(snapshot, reader=reader)
    assert "Measure of Member State C" not in html and "Measure of Member State B" in html
    # The chair reads it whole, and the snapshot itself is untouched.
    assert kind.narrow(snapshot, nat.chair) is snapshot
    assert "Measure of Member State C" in kind.render_html(snapshot)
