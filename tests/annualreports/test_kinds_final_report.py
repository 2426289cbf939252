"""A plan's final report: every cycle's rates from the one definition of each figure, the indicators,
what was done per area and what is still open, frozen in its snapshot."""

import json

import pytest

from annualreports import final_report as kind
from monitoring.models import ActivityReport
from national.models import AssistanceRequest, NationalReport
from reporting.figures import figures_by_cycle
from tests.documents import docx_text, pdf_text
from tests.national.conftest import nat  # noqa: F401 (the national world)
from tests.national.test_review import history  # noqa: F401 (reports of 2019–2024)
from workplan.models import Plan

pytestmark = pytest.mark.django_db


def test_a_plan_of_actions_final_report_once_it_has_ended(nat, history):
    plan = nat.plan
    assert not kind.applies_to(plan)
    Plan.objects.filter(pk=plan.pk).update(end_year=2024)
    plan.refresh_from_db()
    assert kind.applies_to(plan)
    snapshot = kind.compile(plan, 2024, {"assessment": "A decade of steady work."})
    assert json.loads(json.dumps(snapshot)) == snapshot
    figures = figures_by_cycle(plan.cycles.all(), NationalReport)
    assert [c["year"] for c in snapshot["cycles"]] == sorted(c.year for c in plan.cycles.all())
    assert {c["year"]: c["received"] for c in snapshot["cycles"]} == {
        cycle.year: figures[cycle.pk].received for cycle in plan.cycles.all()}
    # Each state's latest answer on each measure: Indonesia's 2024 report, Malaysia's 2023 one.
    first_area = snapshot["areas"][0]
    assert first_area["reported"] == 4 and dict(first_area["statuses"]) == {"Implemented": 1, "In progress": 1, "Planned": 1, "Not started": 1}
    assert snapshot["open"] == [] and snapshot["indicators"] == []
    html = kind.render_html(snapshot)
    text, word = pdf_text(kind.render_pdf(snapshot)), docx_text(kind.render_docx(snapshot))
    for rendering in (html, text, word):
        assert "A decade of steady work." in rendering and "Requests for assistance not yet delivered" in rendering
    assert kind.narrow(snapshot, nat.focal) is None and kind.render_html(snapshot, reader=nat.secretariat) == html


def test_a_work_plans_final_report_holds_indicators_and_open_recommendations(reported_plan):
    plan = Plan.objects.get(slug="bali-work-plan")
    snapshot = kind.compile(plan, plan.end_year)
    assert json.loads(json.dumps(snapshot)) == snapshot  # plain JSON values only
    figures = figures_by_cycle(plan.cycles.all(), ActivityReport)
    assert len(snapshot["cycles"]) == plan.cycles.count()
    assert sum(c["expected"] for c in snapshot["cycles"]) == sum(f.expected for f in figures.values())
    assert len(snapshot["open"]) == ActivityReport.objects.filter(cycle__plan=plan).with_open_recommendations().count()
    assert sum(area["reported"] for area in snapshot["areas"]) == (
        ActivityReport.objects.reported().filter(cycle__plan=plan).values("activity").distinct().count())
    html = kind.render_html(snapshot)
    assert "Performance indicators" in html and "Recommendations still open" in html
    assert AssistanceRequest.objects.count() == 0
