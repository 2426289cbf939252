"""The rules behind the dashboard's figures, without a database."""

import pytest

from dashboard.figures import AchievementCounts, BodyAreaCell, Coverage, State, StatusCounts, states_at_least


def test_coverage_turns_cumulative_counts_into_exclusive_categories():
    coverage = Coverage.from_cumulative(
        activities=20, accepted=5, submitted_or_better=8, returned_or_better=9, any_report=14
    )
    assert coverage == Coverage(accepted=5, submitted=3, returned=1, draft=5, none=6)
    assert coverage.activities == 20 and coverage.reported == 8 and coverage.reported_share == 0.4


def test_coverage_of_an_empty_scope_has_no_share():
    assert Coverage.zero().reported_share == 0


def test_states_at_least_follow_the_workflow_order():
    assert states_at_least(State.ACCEPTED) == (State.ACCEPTED,)
    assert states_at_least(State.SUBMITTED) == (State.ACCEPTED, State.SUBMITTED)
    assert states_at_least(State.DRAFT) == (State.ACCEPTED, State.SUBMITTED, State.RETURNED, State.DRAFT)


@pytest.mark.parametrize("figures", [Coverage, StatusCounts, AchievementCounts])
def test_figures_add_up_field_by_field(figures):
    one = figures(*range(1, 6))
    two = figures(*range(10, 60, 10))
    assert figures.sum([one, two]) == figures(11, 22, 33, 44, 55)
    assert sum(n for _, _, n in figures.sum([one, two]).segments()) == 165


@pytest.mark.parametrize(
    "led, reported_led, shade, missing",
    [(0, 0, "", 0), (4, 0, "heat-0", 4), (4, 1, "heat-1", 3), (4, 2, "heat-2", 2), (4, 3, "heat-3", 1), (4, 4, "heat-4", 0)],
)
def test_heat_map_cell_shade_and_missing(led, reported_led, shade, missing):
    cell = BodyAreaCell(led=led, reported_led=reported_led, reported=reported_led + 1)
    assert cell.shade == shade and cell.missing == missing
