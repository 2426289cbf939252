"""The three-yearly review as an official document: what changed grouped and sorted, and a snapshot
that a national report changed after the endorsement does not alter."""

import datetime
import json

import pytest

from annualreports import review_document as kind
from national import services
from national.models import ProvisionEntry, Review
from tests.documents import docx_text, pdf_text
from tests.national.conftest import nat  # noqa: F401 (the national world)
from tests.national.test_review import history  # noqa: F401 (reports of 2019–2024 and two reviews)

pytestmark = pytest.mark.django_db


def test_what_changed_is_grouped_by_area_and_by_state_with_counts(nat, history):
    _, second = history
    snapshot = kind.compile(nat.plan, second)
    assert json.loads(json.dumps(snapshot)) == snapshot  # plain JSON values only
    assert snapshot["counts"] == {"rose": 2, "fell": 2, "new_measure": 4}
    by_area = kind.groups(snapshot, "area")
    assert [(g["key"], g["counts"], g["total"]) for g in by_area] == [
        (1, {"rose": 2, "fell": 0, "new_measure": 2}, 4), (2, {"rose": 0, "fell": 2, "new_measure": 2}, 4)]
    by_state = kind.groups(snapshot, "state")
    assert [(g["label"], g["total"]) for g in by_state] == [("Indonesia", 7), ("Malaysia", 1)]
    assert {(c["provision"], c["kind"]) for c in by_state[1]["changes"]} == {("1.1", "rose")}
    html = kind.render_html(snapshot)
    assert html.count("<details") == 4 and "Status rose: 2 · Status fell: 2 · New measures: 4." in html


def test_groups_sort_by_count_or_keep_the_plans_order():
    change = lambda state: {"kind": "rose", "area": 1, "state": state}  # noqa: E731
    snapshot = {"areas": [{"number": 1, "name": "One"}], "states": [{"name": n} for n in ("Brunei", "Cambodia", "Lao PDR")],
                "changes": [change("Brunei"), change("Lao PDR"), change("Lao PDR"), change("Cambodia"), change("Lao PDR")]}
    assert [g["label"] for g in kind.groups(snapshot, "state")] == ["Brunei", "Cambodia", "Lao PDR"]
    assert [g["label"] for g in kind.groups(snapshot, "state", sort="count")] == ["Lao PDR", "Brunei", "Cambodia"]
    ordered = kind.render_html({**_minimal(snapshot)}, sort="count")
    assert ordered.index("Lao PDR —") < ordered.index("Brunei —")


def _minimal(snapshot):
    return {**snapshot, "plan": {"title": "T", "short_name": "P", "area_label": "area", "provision_label": "measure"},
            "title": "Review", "review": {"period": "2022–2024", "years": [2022]}, "previous": None, "baseline_year": 2022,
            "text": {"findings": "", "recommendations": ""}, "counts": {"rose": 5, "fell": 0, "new_measure": 0},
            "changes": [{**c, "provision": "1.1", "before": "Planned", "after": "Implemented"} for c in snapshot["changes"]],
            "areas": [{"number": 1, "name": "One", "provisions": []}]}


def test_an_endorsed_review_keeps_its_figures_when_a_report_changes(nat, history):
    _, second = history
    Review.objects.filter(pk=second.pk).update(findings="Steady progress.", recommendations="Keep going.")
    second.refresh_from_db()
    services.submit_review(review=second, user=nat.secretariat, on=datetime.date(2025, 3, 1))
    services.endorse_review(review=second, user=nat.secretariat, on=datetime.date(2025, 6, 1))
    snapshot = kind.compile(nat.plan, second)  # the review's own text, as it was endorsed
    before = (kind.render_html(snapshot), pdf_text(kind.render_pdf(snapshot)), docx_text(kind.render_docx(snapshot)))
    assert "Status rose: 2" in before[0] and "Steady progress." in before[1] and "Steady progress." in before[2]
    ProvisionEntry.objects.filter(report__member_state=nat.indonesia, report__cycle__year=2024).update(status="not_started")
    assert kind.compile(nat.plan, second)["counts"]["rose"] == 1  # compiled afresh, the figures would move
    after = (kind.render_html(snapshot), pdf_text(kind.render_pdf(snapshot)), docx_text(kind.render_docx(snapshot)))
    assert after == before


def test_only_the_reviews_readers_read_it(nat, history):
    snapshot = kind.compile(nat.plan, history[1])
    assert kind.narrow(snapshot, nat.secretariat) is snapshot and kind.narrow(snapshot, nat.chair) is snapshot
    assert kind.narrow(snapshot, nat.focal) is None and kind.render_html(snapshot, reader=nat.staff) == ""
