"""The figures of the dashboard, as plain values: what a coverage, a status count or a heat-map cell is.

The database does the counting (see selectors.py); these classes only name the results and derive
the exclusive categories from them, so the rules can be tested without a database.
"""

from dataclasses import dataclass, fields

from monitoring.models import REPORTED_STATES, ActivityReport, OutputAchievement  # noqa: F401 (REPORTED_STATES used by the selectors)

State = ActivityReport.State
Status = ActivityReport.Status
Level = OutputAchievement.Level

# Drafts and returned reports are work in progress and are never counted as implementation figures:
# only REPORTED_STATES (defined with the report model) are.

# An activity's coverage is the furthest any of its reports has gone, in this order.
COVERAGE_ORDER = (State.ACCEPTED, State.SUBMITTED, State.RETURNED, State.DRAFT)


def states_at_least(state):
    """The report states at least as far along as `state` (accepted ⊇ submitted ⊇ returned ⊇ draft)."""
    return COVERAGE_ORDER[: COVERAGE_ORDER.index(state) + 1]


class Summable:
    """Figures that add up field by field (an action line's into its priority area's, areas' into the total)."""

    def __add__(self, other):
        return type(self)(**{f.name: getattr(self, f.name) + getattr(other, f.name) for f in fields(self)})

    @classmethod
    def zero(cls):
        return cls(**{f.name: 0 for f in fields(cls)})

    @classmethod
    def sum(cls, items):
        total = cls.zero()
        for item in items:
            total += item
        return total


@dataclass(frozen=True)
class Coverage(Summable):
    """How many activities have, at best, an accepted / submitted / returned / draft report, or none."""

    accepted: int
    submitted: int
    returned: int
    draft: int
    none: int

    @classmethod
    def from_cumulative(cls, *, activities, accepted, submitted_or_better, returned_or_better, any_report):
        """Exclusive categories from counts of activities whose best report reached at least each state.

        Counting "at least" is what SQL does well (COUNT DISTINCT with a filter); the best state of each
        activity is then the difference between two neighbouring counts.
        """
        return cls(
            accepted=accepted,
            submitted=submitted_or_better - accepted,
            returned=returned_or_better - submitted_or_better,
            draft=any_report - returned_or_better,
            none=activities - any_report,
        )

    @property
    def activities(self):
        return self.accepted + self.submitted + self.returned + self.draft + self.none

    @property
    def reported(self):
        return self.accepted + self.submitted

    @property
    def reported_share(self):
        return self.reported / self.activities if self.activities else 0

    def segments(self):
        """(key, label, count) in the order of the bars and the legend."""
        return [
            ("accepted", "Accepted", self.accepted),
            ("submitted", "Submitted", self.submitted),
            ("returned", "Returned", self.returned),
            ("draft", "Draft", self.draft),
            ("none", "No report", self.none),
        ]


@dataclass(frozen=True)
class StatusCounts(Summable):
    """Implementation status given in the reported (submitted or accepted) reports."""

    not_started: int
    planned: int
    ongoing: int
    completed: int
    cancelled: int

    @property
    def reports(self):
        return sum(getattr(self, f.name) for f in fields(self))

    def segments(self):
        return [(value, label, getattr(self, value)) for value, label in Status.choices]


@dataclass(frozen=True)
class AchievementCounts(Summable):
    """Achievement of the expected outputs (performance indicators) in the reported reports."""

    achieved: int
    partly: int
    not_achieved: int
    not_applicable: int
    not_assessed: int

    @property
    def outputs(self):
        return sum(getattr(self, f.name) for f in fields(self))

    def segments(self):
        return [(value, label, getattr(self, value)) for value, label in Level.choices] + [
            ("not_assessed", "Not assessed", self.not_assessed)
        ]


@dataclass(frozen=True)
class BodyAreaCell:
    """One cell of the bodies × priority areas matrix, for one cycle."""

    led: int  # activities of the area that the body leads
    reported_led: int  # of those, how many the body has reported on (submitted or accepted)
    reported: int  # all the body's reported reports in the area, led or not

    @property
    def missing(self):
        return self.led - self.reported_led

    @property
    def share(self):
        """Share of what it leads that the body has reported; None when it leads nothing there."""
        return self.reported_led / self.led if self.led else None

    @property
    def shade(self):
        """Heat-map class: 0 (nothing reported) to 4 (everything reported); empty when it leads nothing."""
        if self.share is None:
            return ""
        return f"heat-{min(4, int(self.share * 4))}"
