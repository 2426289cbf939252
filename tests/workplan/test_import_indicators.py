"""The performance indicators travel with the matrix: export, import, export again gives the same file;
a bad indicator cell is a row error and nothing is written."""

from decimal import Decimal

import pytest

from tests.factories import ActivityFactory, OutputFactory, SectoralBodyFactory, UserFactory
from workplan import indicators as setting
from workplan import spreadsheets as sheet
from workplan.models import Indicator, IndicatorTarget
from workplan.services import import_matrix
from workplan.spreadsheets import export, matrix_dataset, read_dataset

pytestmark = pytest.mark.django_db


@pytest.fixture
def matrix(db):
    """Two activities; one with an indicator on an output and one of its own, the other with none."""
    user = UserFactory()
    body = SectoralBodyFactory(abbreviation="SOMTC")
    first = ActivityFactory(text="Regional workshop on deradicalisation", lead_bodies=[body])
    OutputFactory(activity=first, position=1, text="Officers trained")
    OutputFactory(activity=first, position=2, text="Guidelines drafted")
    second = ActivityFactory(focus_area=first.focus_area, text="Dialogue with youth", lead_bodies=[body])
    OutputFactory(activity=second, position=1, text="Recommendations adopted")
    trained = setting.set_indicator(user=user, reason="MTF", output=first.outputs.get(position=1), kind="number",
                                    unit="officers", baseline=Decimal(0), baseline_year=2019, direction="higher",
                                    means_of_verification="attendance lists")
    setting.set_target(indicator=trained, year=2023, value=Decimal(10), user=user, reason="MTF")
    setting.set_target(indicator=trained, year=None, value=Decimal("50.5"), user=user, reason="MTF")
    own = setting.set_indicator(user=user, reason="MTF", activity=first, kind="milestone", text="Guidelines adopted")
    setting.set_target(indicator=own, year=2024, milestone="Draft circulated", user=user, reason="MTF")
    setting.set_target(indicator=own, year=None, milestone="Adopted by SOMTC", user=user, reason="MTF")
    return first.plan


def _file(plan, extension=".xlsx"):
    return read_dataset(content=export(matrix_dataset(plan), extension), filename=f"m{extension}")


def _rows(plan):
    dataset = matrix_dataset(plan)
    return [list(dataset.headers)] + [list(row) for row in dataset]


@pytest.mark.parametrize("extension", [".xlsx", ".csv"])
def test_indicators_round_trip_through_export_and_import_unchanged(matrix, extension):
    exported = export(matrix_dataset(matrix), ".csv")
    history = (Indicator.history.count(), IndicatorTarget.history.count())
    result = import_matrix(plan=matrix, dataset=_file(matrix, extension), dry_run=False)
    assert not result.has_errors and result.totals["updated"] == result.totals["new"] == 0
    assert export(matrix_dataset(matrix), ".csv") == exported
    assert (Indicator.history.count(), IndicatorTarget.history.count()) == history  # nothing written at all
    row = next(r for r in _rows(matrix)[1:] if r[0].endswith(".1"))
    header = _rows(matrix)[0]
    cells = dict(zip(header, row))
    assert cells[sheet.INDICATOR_OF] == "output 1\nactivity"
    assert cells[sheet.INDICATOR_TARGETS] == "2023: 10; period: 50.5\n2024: Draft circulated; period: Adopted by SOMTC"
    assert cells[sheet.INDICATOR_DIRECTION] == "higher\n—"


def test_indicators_imported_into_a_plan_that_had_none_come_out_as_they_went_in(matrix):
    exported = export(matrix_dataset(matrix), ".csv")
    dataset = _file(matrix)
    IndicatorTarget.objects.all().delete()
    Indicator.objects.all().delete()
    result = import_matrix(plan=matrix, dataset=dataset, dry_run=False, source="matrix.xlsx")
    assert result.totals["updated"] == 1, result.error_messages()
    assert export(matrix_dataset(matrix), ".csv") == exported
    assert set(Indicator.history.filter(history_type="+").values_list("history_change_reason", flat=True)) >= {
        "Imported from matrix.xlsx"}


def test_an_edited_target_updates_the_row_and_keeps_the_earlier_value(matrix):
    rows = _rows(matrix)
    header = rows[0]
    row = next(r for r in rows[1:] if r[0].endswith(".1"))
    row[header.index(sheet.INDICATOR_TARGETS)] = "2023: 12; period: 50.5\n2024: Draft circulated; period: Adopted by SOMTC"
    dataset = read_dataset(content=export(_as_dataset(rows), ".csv"), filename="m.csv")
    result = import_matrix(plan=matrix, dataset=dataset, dry_run=False)
    assert result.totals["updated"] == 1
    target = IndicatorTarget.objects.get(year=2023)
    assert target.value == 12 and list(target.history.values_list("value", flat=True)) == [Decimal(12), Decimal(10)]


def _as_dataset(rows):
    import tablib

    return tablib.Dataset(*rows[1:], headers=rows[0])


@pytest.mark.parametrize("column, value, message", [
    (sheet.INDICATOR_TARGETS, "2023: ten", "the target for 2023, “ten”, is not a number"),
    (sheet.INDICATOR_TARGETS, "2031: 10", "2031 is not a year of the Bali Work Plan (2019–2025)"),
    (sheet.INDICATOR_TARGETS, "next year 10", "is not a target"),
    (sheet.INDICATOR_KIND, "count", "“count” is not a kind of indicator"),
    (sheet.INDICATOR_OF, "output 3", "the row has 1 expected output(s), not an output 3"),
    (sheet.INDICATOR_DIRECTION, "—", "needs its direction"),
])
def test_a_row_with_a_bad_indicator_is_refused_with_its_reason_and_nothing_is_written(matrix, column, value, message):
    rows = _rows(matrix)
    header = rows[0]
    row = next(r for r in rows[1:] if r[0].endswith(".2"))  # the activity without indicators
    given = {sheet.INDICATOR_OF: "output 1", sheet.INDICATOR_KIND: "number", sheet.INDICATOR_DIRECTION: "higher",
             sheet.INDICATOR_TARGETS: "2023: 5"}
    given[column] = value
    for name, cell in given.items():
        row[header.index(name)] = cell
    # Another row changes too, to show that nothing at all is written when one row is wrong.
    other = next(r for r in rows[1:] if r[0].endswith(".1"))
    other[header.index(sheet.INDICATOR_UNIT)] = "participants\n—"
    before = export(matrix_dataset(matrix), ".csv")
    result = import_matrix(plan=matrix, dataset=read_dataset(content=export(_as_dataset(rows), ".csv"), filename="m.csv"),
                           dry_run=False)
    assert result.has_errors
    errors = result.error_messages()
    number = rows.index(row) + 1
    assert any(error.startswith(f"Row {number}, column “{column}”") and message in error for error in errors), errors
    assert export(matrix_dataset(matrix), ".csv") == before
