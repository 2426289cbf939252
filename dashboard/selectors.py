"""The dashboard's queries. Each figure is counted by the database, grouped in a handful of queries whose
number does not depend on how many activities or reports there are; Python only sums the 30-odd
rows per action line into priority areas and the whole plan.
"""

from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Case, Count, F, IntegerField, Max, OuterRef, Q, Subquery, Value, When
from django.db.models.functions import Coalesce

from bodies.models import MemberState, SectoralBody
from monitoring.models import ActivityReport, OutputAchievement, ReportingCycle
from workplan.models import Activity, ActionLine

from .figures import (
    REPORTED_STATES,
    AchievementCounts,
    BodyAreaCell,
    Coverage,
    Level,
    State,
    Status,
    StatusCounts,
    states_at_least,
)

LINE = "activity__focus_area__action_line"
AREA = "activity__focus_area__action_line__priority_area"
LeadBody = Activity.lead_bodies.through
ReportMemberState = ActivityReport.participating_member_states.through


@dataclass(frozen=True)
class Scope:
    """What the dashboard is looking at: a cycle, and optionally one priority area and one body.

    Narrowed to a body, the activities are those it leads, and the reports those it implemented.
    """

    cycle: ReportingCycle
    priority_area: object = None
    body: SectoralBody | None = None

    def activities(self):
        activities = Activity.objects.all()
        if self.priority_area:
            activities = activities.filter(focus_area__action_line__priority_area=self.priority_area)
        if self.body:
            activities = activities.filter(lead_bodies=self.body)
        return activities

    def reports(self, queryset=None, *, to_report="", all_cycles=False):
        """Reports in scope, or rows of another model reached from a report through `to_report`."""
        queryset = ActivityReport.objects.all() if queryset is None else queryset
        criteria = {}
        if not all_cycles:
            criteria[f"{to_report}cycle"] = self.cycle
        if self.priority_area:
            criteria[f"{to_report}{AREA}"] = self.priority_area
        if self.body:
            criteria[f"{to_report}implementing_body"] = self.body
        return queryset.filter(**criteria)

    def covering_reports(self, *, all_cycles=False):
        """The reports that count for the coverage of the activities in scope."""
        reports = self.reports(all_cycles=all_cycles)
        return reports.filter(activity__lead_bodies=self.body) if self.body else reports


def _coverage_counts():
    """Aggregates of activities whose best report reached at least each state; see Coverage.from_cumulative."""
    return {
        "accepted": Count("activity", distinct=True, filter=Q(state=State.ACCEPTED)),
        "submitted_or_better": Count("activity", distinct=True, filter=Q(state__in=states_at_least(State.SUBMITTED))),
        "returned_or_better": Count("activity", distinct=True, filter=Q(state__in=states_at_least(State.RETURNED))),
        "any_report": Count("activity", distinct=True),
    }


def _status_counts():
    return {
        status: Count("pk", filter=Q(state__in=REPORTED_STATES, implementation_status=status))
        for status in Status.values
    }


def _level_counts():
    counts = {level: Count("pk", filter=Q(level=level)) for level in Level.values}
    counts["not_assessed"] = Count("pk", filter=Q(level=""))
    return counts


def _coverage(row, activities):
    return Coverage.from_cumulative(
        activities=activities,
        **{key: row.get(key, 0) for key in ("accepted", "submitted_or_better", "returned_or_better", "any_report")},
    )


def _status(row):
    return StatusCounts(**{status: row.get(status, 0) for status in Status.values})


def _achievements(row):
    return AchievementCounts(**{level: row.get(level, 0) for level in [*Level.values, "not_assessed"]})


def _grouped(scope, group, *, all_cycles=False):
    """Coverage, status and achievement counts of the scope, each a dict keyed by `group`, a report
    field (the action line, the cycle): three grouped queries, whatever the number of reports."""
    coverage = {
        row[group]: row
        for row in scope.covering_reports(all_cycles=all_cycles).values(group).annotate(**_coverage_counts()).order_by()
    }
    status = {
        row[group]: row for row in scope.reports(all_cycles=all_cycles).values(group).annotate(**_status_counts()).order_by()
    }
    achievements = {
        row[f"report__{group}"]: row
        for row in scope.reports(
            OutputAchievement.objects.filter(report__state__in=REPORTED_STATES), to_report="report__", all_cycles=all_cycles
        )
        .values(f"report__{group}")
        .annotate(**_level_counts())
        .order_by()
    }
    return coverage, status, achievements


@dataclass
class LineFigures:
    action_line: ActionLine
    coverage: Coverage
    status: StatusCounts
    achievements: AchievementCounts


@dataclass
class AreaFigures:
    priority_area: object
    lines: list
    coverage: Coverage
    status: StatusCounts
    achievements: AchievementCounts


def figures_by_area(scope):
    """Coverage, implementation status and achievement per action line, summed into priority areas."""
    action_lines = ActionLine.objects.select_related("priority_area").order_by("priority_area__number", "position")
    if scope.priority_area:
        action_lines = action_lines.filter(priority_area=scope.priority_area)
    totals = dict(
        scope.activities().values("focus_area__action_line").annotate(n=Count("pk")).values_list("focus_area__action_line", "n")
    )
    coverage, status, achievements = _grouped(scope, LINE)
    areas = {}
    for line in action_lines:
        figures = LineFigures(
            action_line=line,
            coverage=_coverage(coverage.get(line.pk, {}), totals.get(line.pk, 0)),
            status=_status(status.get(line.pk, {})),
            achievements=_achievements(achievements.get(line.pk, {})),
        )
        areas.setdefault(line.priority_area, []).append(figures)
    return [
        AreaFigures(
            priority_area=area,
            lines=lines,
            coverage=Coverage.sum(line.coverage for line in lines),
            status=StatusCounts.sum(line.status for line in lines),
            achievements=AchievementCounts.sum(line.achievements for line in lines),
        )
        for area, lines in areas.items()
    ]


@dataclass
class CycleFigures:
    cycle: ReportingCycle
    coverage: Coverage
    status: StatusCounts
    achievements: AchievementCounts


def trend(scope, cycles):
    """The same figures for every cycle of the plan, oldest first."""
    activities = scope.activities().count()
    coverage, status, achievements = _grouped(scope, "cycle", all_cycles=True)
    return [
        CycleFigures(
            cycle=cycle,
            coverage=_coverage(coverage.get(cycle.pk, {}), activities),
            status=_status(status.get(cycle.pk, {})),
            achievements=_achievements(achievements.get(cycle.pk, {})),
        )
        for cycle in cycles
    ]


@dataclass
class BodyRow:
    body: SectoralBody
    cells: list  # (priority area, BodyAreaCell), in the order of the columns
    missing_by_cycle: dict = field(default_factory=dict)  # cycle pk → led activities not reported on

    @property
    def total(self):
        cells = [cell for _, cell in self.cells]
        return BodyAreaCell(
            led=sum(c.led for c in cells), reported_led=sum(c.reported_led for c in cells), reported=sum(c.reported for c in cells)
        )


def bodies_by_area(scope, priority_areas, cycles):
    """Sectoral bodies × priority areas: what each leads, what it reported, what is missing, per cycle."""
    bodies = SectoralBody.objects.all()
    if scope.body:
        bodies = bodies.filter(pk=scope.body.pk)
    leads = LeadBody.objects.all()
    reports = ActivityReport.objects.filter(state__in=REPORTED_STATES)
    if scope.priority_area:
        leads = leads.filter(activity__focus_area__action_line__priority_area=scope.priority_area)
        reports = reports.filter(**{AREA: scope.priority_area})
    led = {
        (row["sectoralbody"], row["area"]): row["n"]
        for row in leads.values("sectoralbody", area=F("activity__focus_area__action_line__priority_area"))
        .annotate(n=Count("pk"))
        .order_by()
    }
    reported = defaultdict(int)
    for row in reports.values("implementing_body", "cycle", AREA).annotate(n=Count("pk")).order_by():
        reported[(row["implementing_body"], row[AREA], row["cycle"])] = row["n"]
    # Reports a body made on activities it leads: joined through the lead bodies, which is far cheaper
    # for the database than asking, report by report, whether its body leads the activity.
    reported_led = defaultdict(int)
    for row in (
        leads.filter(activity__reports__state__in=REPORTED_STATES, activity__reports__implementing_body=F("sectoralbody"))
        .values("sectoralbody", "activity__reports__cycle", area=F("activity__focus_area__action_line__priority_area"))
        .annotate(n=Count("pk"))
        .order_by()
    ):
        reported_led[(row["sectoralbody"], row["area"], row["activity__reports__cycle"])] = row["n"]
    rows = []
    for body in bodies:
        cells = []
        for area in priority_areas:
            key = (body.pk, area.pk, scope.cycle.pk)
            cells.append((area, BodyAreaCell(led=led.get(key[:2], 0), reported_led=reported_led[key], reported=reported[key])))
        row = BodyRow(body=body, cells=cells)
        body_led = row.total.led
        for cycle in cycles:
            row.missing_by_cycle[cycle.pk] = body_led - sum(reported_led[(body.pk, area.pk, cycle.pk)] for area in priority_areas)
        rows.append(row)
    return rows


def late_bodies(body_rows, cycles, today=None):
    """Bodies that lead activities they have not reported on, in each cycle whose deadline has passed."""
    late_cycles = [cycle for cycle in cycles if cycle.is_past_deadline(today)]
    late = []
    for row in body_rows:
        missing = {cycle.pk: row.missing_by_cycle[cycle.pk] for cycle in late_cycles}
        if any(missing.values()):
            late.append((row, [(cycle, missing[cycle.pk]) for cycle in late_cycles]))
    return late_cycles, late


def late_in(cycle, body_rows, late_cycles):
    """(body, activities it leads and has not reported on) for one cycle, once its deadline has passed."""
    if cycle not in late_cycles:
        return []
    return [(row.body, row.missing_by_cycle[cycle.pk]) for row in body_rows if row.missing_by_cycle[cycle.pk]]


@dataclass
class MemberStateRow:
    member_state: MemberState
    by_cycle: list  # (cycle, reported activities it took part in)

    @property
    def total(self):
        return sum(n for _, n in self.by_cycle)


def member_state_participation(scope, cycles):
    """In how many reported activities each Member State took part, per cycle."""
    counts = {
        (row["memberstate"], row["activityreport__cycle"]): row["n"]
        for row in scope.reports(
            ReportMemberState.objects.filter(activityreport__state__in=REPORTED_STATES),
            to_report="activityreport__",
            all_cycles=True,
        )
        .values("memberstate", "activityreport__cycle")
        .annotate(n=Count("pk"))
        .order_by()
    }
    return [
        MemberStateRow(member_state, [(cycle, counts.get((member_state.pk, cycle.pk), 0)) for cycle in cycles])
        for member_state in MemberState.objects.all()
    ]


COVERAGE_RANK = {State.ACCEPTED: 4, State.SUBMITTED: 3, State.RETURNED: 2, State.DRAFT: 1}


def activities_by_coverage(scope, *, activities, coverage=None):
    """The activities behind a coverage figure, each annotated with the state of its best report (`best`)."""
    rank = Case(*(When(state=state, then=Value(n)) for state, n in COVERAGE_RANK.items()), output_field=IntegerField())
    best = (
        scope.covering_reports()
        .filter(activity=OuterRef("pk"))
        .values("activity")
        .annotate(best=Max(rank))
        .values("best")
    )
    activities = activities.annotate(best_rank=Coalesce(Subquery(best), Value(0)))
    if coverage == "none":
        activities = activities.filter(best_rank=0)
    elif coverage == "unreported":
        activities = activities.filter(best_rank__lt=COVERAGE_RANK[State.SUBMITTED])
    elif coverage:
        activities = activities.filter(best_rank=COVERAGE_RANK[coverage])
    return activities


def best_state_label(rank):
    labels = {n: State(state).label for state, n in COVERAGE_RANK.items()}
    return labels.get(rank, "No report")
