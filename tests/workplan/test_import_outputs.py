"""A re-import matches an activity's expected outputs by their text, so reports' achievements stay on theirs."""

from types import SimpleNamespace

import pytest
from django.db.models import F

from monitoring.models import ActivityReport, OutputAchievement
from bodies.models import SectoralBody
from tests.factories import ReportingCycleFactory, UserFactory, bali
from tests.workplan.test_import import as_xlsx, exported_rows, snapshot
from workplan import spreadsheets as sheet
from workplan.models import Activity, Output
from workplan.services import import_matrix, match_outputs
from workplan.spreadsheets import read_dataset

pytestmark = pytest.mark.django_db


def output(text, reported=False):
    return SimpleNamespace(text=text, is_reported=reported)


def test_outputs_are_matched_by_text_whatever_their_order():
    a, b, c = output("A", True), output("B", True), output("C")
    match = match_outputs([a, b, c], ["C", "A", "B"])
    assert match.outputs == [c, a, b] and match.removed == [] and not match.error


def test_unreported_outputs_whose_text_changed_are_reworded_in_order():
    a, b, c = output("A", True), output("B"), output("C")
    match = match_outputs([a, b, c], ["A", "B2", "C2", "D"])
    assert match.outputs == [a, b, c, None] and not match.error


def test_one_reported_output_against_one_new_text_is_that_output_reworded():
    a, b, c = output("A", True), output("B", True), output("C")
    match = match_outputs([a, b, c], ["B", "A, reworded"])
    assert match.outputs == [b, a] and match.removed == [c] and not match.error


def test_removing_a_reported_output_is_refused():
    a, b = output("A", True), output("B", True)
    match = match_outputs([a, b], ["B"])
    assert match.error == "expected output “A” has reported achievements and cannot be removed"


def test_rewording_two_reported_outputs_at_once_is_refused_as_ambiguous():
    a, b = output("A", True), output("B", True)
    match = match_outputs([a, b], ["B2", "A2"])
    assert "“A”, “B” are no longer in the row" in match.error
    assert "ambiguous which of “B2”, “A2” each became" in match.error


@pytest.fixture
def reported(real_plan):
    """Activity 1.1.1's outputs, each with a report's achievement whose evidence names the output."""
    activity = Activity.objects.get(code="1.1.1")
    Output.objects.create(activity=activity, position=activity.outputs.count() + 1, text="A second output")
    report = ActivityReport.objects.create(
        activity=activity, cycle=ReportingCycleFactory(year=2025), implementing_body=SectoralBody.objects.get(abbreviation="SOMTC"),
        created_by=UserFactory(),
    )
    for out in activity.outputs.all():
        OutputAchievement.objects.create(report=report, output=out, level="achieved", evidence=f"evidence of {out.text}")
    return activity


def achievements_by_text(activity):
    return {a.output.text: a.evidence for a in OutputAchievement.objects.filter(output__activity=activity).select_related("output")}


def import_with_outputs(code, outputs):
    rows = exported_rows()
    header = rows[0]
    row = next(r for r in rows[1:] if r[header.index(sheet.CODE)] == code)
    row[header.index(sheet.OUTPUTS)] = "\n".join(outputs)
    return import_matrix(plan=bali(), dataset=read_dataset(content=as_xlsx(rows), filename="m.xlsx"), dry_run=False)


def test_reordering_a_rows_outputs_keeps_each_achievement_with_its_output(reported):
    before = achievements_by_text(reported)
    texts = [o.text for o in reported.outputs.order_by("position")]
    result = import_with_outputs("1.1.1", list(reversed(texts)))
    assert not result.has_errors, result.error_messages()
    assert result.totals["updated"] == 1
    assert [o.text for o in reported.outputs.order_by("position")] == list(reversed(texts))
    assert achievements_by_text(reported) == before


def test_rewording_one_reported_output_keeps_its_achievement(reported):
    first, second = [o.text for o in reported.outputs.order_by("position")]
    result = import_with_outputs("1.1.1", [second, first + " (revised)"])
    assert not result.has_errors, result.error_messages()
    assert achievements_by_text(reported) == {first + " (revised)": f"evidence of {first}", second: f"evidence of {second}"}


def test_an_ambiguous_change_of_reported_outputs_is_refused_and_nothing_is_written(reported):
    before, achievements = snapshot(), achievements_by_text(reported)
    result = import_with_outputs("1.1.1", ["Something else", "Another thing"])
    assert result.has_errors
    [message] = result.error_messages()
    assert message.startswith("Row 2, column “Expected outputs”: the reported expected output(s)")
    assert "ambiguous" in message
    assert snapshot() == before and achievements_by_text(reported) == achievements


def test_an_output_given_twice_in_a_row_is_refused(real_plan):
    before = snapshot()
    result = import_with_outputs("1.1.1", ["Same", "Same"])
    assert result.error_messages() == ["Row 2, column “Expected outputs”: expected output “Same” is given twice"]
    assert snapshot() == before


def test_outputs_whose_positions_do_not_run_from_one_are_unchanged_by_the_same_text(real_plan):
    activity = Activity.objects.get(code="1.1.1")
    Output.objects.filter(activity=activity).update(position=F("position") + 40)
    before = snapshot()
    result = import_with_outputs("1.1.1", [o.text for o in activity.outputs.order_by("position")])
    assert result.totals["updated"] == 0
    assert sorted(activity.outputs.values_list("position", flat=True)) == [p + 40 for p in range(1, activity.outputs.count() + 1)]
    assert snapshot() == before
