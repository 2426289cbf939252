"""The figures of reporting, one definition each, for every kind of report and every page, document
and email that shows them (DHIS2's reporting rates):

- expected: the reports a cycle expects (reporting.models.ExpectedReport);
- received: expected reports whose report has been submitted at least once, whatever returns followed;
- on time: received, and first submitted on or before the cycle's deadline;
- late: expected reports not received once the deadline has passed (a body or a state is late when
  it has one; its number is those reports);
- awaiting review: reports submitted and neither returned nor accepted (acknowledged) yet: reports,
  not activities;
- not started: expected reports with no report at all, not even a draft.

Each is counted in the database, in a fixed number of queries whatever the size of the plan.
"""

from dataclasses import dataclass

from django.db.models import Count, Exists, OuterRef
from django.utils import timezone

from .models import ExpectedReport

# What each figure counts, in a line, for the pages that show it.
MEANING = {
    "expected": "reports the cycle expects: each lead body on its activities (or the bodies assigned), each Member State that was a member on 31 December",
    "received": "expected reports submitted at least once",
    "on_time": "received reports first submitted on or before the deadline",
    "late": "expected reports not received once the deadline has passed",
    "awaiting_review": "reports submitted and not yet returned or accepted (acknowledged)",
    "not_started": "expected reports of which not even a draft exists",
}


@dataclass
class Figures:
    expected: int = 0
    received: int = 0
    on_time: int = 0
    late: int = 0
    awaiting_review: int = 0
    not_started: int = 0
    deadline_passed: bool = False

    @property
    def received_rate(self):
        return self.received / self.expected if self.expected else None

    @property
    def on_time_rate(self):
        return self.on_time / self.expected if self.expected else None


def _started(report_model):
    match = {mine: OuterRef(theirs) for mine, theirs in report_model.EXPECTED_BY.items()}
    return Exists(report_model._default_manager.filter(cycle=OuterRef("cycle"), **match))


def figures(cycle, report_model, *, today=None):
    """The Figures of one cycle for one kind of report. Three queries."""
    return figures_by_cycle([cycle], report_model, today=today)[cycle.pk]


def late_by(cycles, report_model, who, *, today=None):
    """[{who fields…, "cycle__…", "n"}] of the late reports in `cycles` (a queryset), grouped by `who`
    (e.g. ("body__abbreviation",) or ("member_state__name",)): who is late, and by how many reports."""
    today = today or timezone.localdate()
    return list(ExpectedReport.objects.filter(cycle__in=cycles).late(report_model, today).order_by()
                .values("cycle", "cycle__year", "cycle__plan__short_name", "cycle__plan__slug", *who).annotate(n=Count("pk"))
                .order_by("cycle__plan__short_name", "cycle__year", "-n", *who))


def figures_by_cycle(cycles, report_model, *, today=None):
    """{cycle pk: Figures} of several cycles of one kind of report, in three queries whatever their number."""
    today = today or timezone.localdate()
    cycles = list(cycles)
    expected = ExpectedReport.objects.filter(cycle__in=cycles).of_kind(report_model)
    rates = {row["cycle"]: row for row in expected.rates(report_model, "cycle")}
    not_started = dict(expected.filter(~_started(report_model)).order_by().values("cycle").annotate(n=Count("pk"))
                       .values_list("cycle", "n"))
    awaiting = dict(report_model._default_manager.filter(cycle__in=cycles, state=report_model.state_reached_by("submit"))
                    .order_by().values("cycle").annotate(n=Count("pk")).values_list("cycle", "n"))
    result = {}
    for cycle in cycles:
        row = rates.get(cycle.pk, {"expected": 0, "received": 0, "on_time": 0})
        passed = cycle.is_past_deadline(today)
        result[cycle.pk] = Figures(
            expected=row["expected"], received=row["received"], on_time=row["on_time"],
            late=(row["expected"] - row["received"]) if passed else 0, awaiting_review=awaiting.get(cycle.pk, 0),
            not_started=not_started.get(cycle.pk, 0), deadline_passed=passed,
        )
    return result
