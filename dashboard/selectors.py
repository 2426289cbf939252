"""The dashboard's queries. Every figure is counted by the database in a handful of grouped queries
whose number does not depend on how many activities, reports or cycles there are. They come in
three parts; the two that count are kept in the cache (see cache.py), the names never are:

- `matrix_names`: the action lines with their priority areas, the bodies and the Member States, read
  with every page so that a rename shows at once;
- `matrix_numbers`: what the Work Plan itself holds (activities per line, who leads what);
- `cycle_counts`: what the reports of some cycles say, by cycle and action line (or priority area).

A body saving a 2025 report then makes only the 2025 counts stale. The functions after them only put
counts together for a scope (a priority area is a set of action lines), in Python, over a few hundred
small rows at most.
"""

from dataclasses import dataclass, field

from django.db.models import Case, Count, F, IntegerField, Max, OuterRef, Q, Subquery, Value, When
from django.db.models.functions import Coalesce

from bodies.models import MemberState, SectoralBody
from monitoring import indicators
from monitoring.models import ActivityReport, OutputAchievement
from reporting.figures import Figures
from reporting.models import ExpectedReport, ReportingCycle
from workplan.models import Activity, ActionLine

from .figures import (
    COVERAGE_ORDER,
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

    @property
    def plan(self):
        return self.cycle.plan

    def activities(self):
        activities = Activity.objects.filter(plan=self.cycle.plan_id)
        if self.priority_area:
            activities = activities.filter(focus_area__action_line__priority_area=self.priority_area)
        if self.body:
            activities = activities.filter(lead_bodies=self.body)
        return activities

    def reports(self, queryset=None, *, to_report="", all_cycles=False):
        """Reports in scope, or rows of another model reached from a report through `to_report`."""
        queryset = ActivityReport.objects.all() if queryset is None else queryset
        criteria = {}
        if all_cycles:
            criteria[f"{to_report}cycle__plan"] = self.cycle.plan_id
        else:
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

    def includes_area(self, priority_area_pk):
        return self.priority_area is None or self.priority_area.pk == priority_area_pk

    def expected_reports(self):
        """The reports the MTF expects in the cycle, narrowed like the reports: a body's own, an area's activities."""
        expected = ExpectedReport.objects.filter(cycle=self.cycle)
        if self.priority_area:
            expected = expected.filter(**{AREA: self.priority_area})
        if self.body:
            expected = expected.filter(body=self.body)
        return expected


def _coverage_counts():
    """Aggregates of activities whose best report reached at least each state; see Coverage.from_cumulative."""
    return {
        "accepted": Count("activity", distinct=True, filter=Q(state=State.ACCEPTED)),
        "submitted_or_better": Count("activity", distinct=True, filter=Q(state__in=states_at_least(State.SUBMITTED))),
        "returned_or_better": Count("activity", distinct=True, filter=Q(state__in=states_at_least(State.RETURNED))),
        "any_report": Count("activity", distinct=True),
    }


def _status_counts():
    """Reports by implementation status, over reports already narrowed to the reported ones."""
    return {status: Count("pk", filter=Q(implementation_status=status)) for status in Status.values}


def _level_counts():
    counts = {level: Count("pk", filter=Q(level=level)) for level in Level.values}
    counts["not_assessed"] = Count("pk", filter=Q(level=""))
    return counts


COVERAGE_KEYS = ("accepted", "submitted_or_better", "returned_or_better", "any_report")


def _coverage(row, activities):
    return Coverage.from_cumulative(activities=activities, **{key: row.get(key, 0) for key in COVERAGE_KEYS})


def _status(row):
    return StatusCounts(**{status: row.get(status, 0) for status in Status.values})


def _achievements(row):
    return AchievementCounts(**{level: row.get(level, 0) for level in [*Level.values, "not_assessed"]})


@dataclass
class MatrixCounts:
    """What the figures are counted against, from the Work Plan: unchanged by any report."""

    action_lines: list  # ActionLine with its priority area, in the matrix's order
    bodies: list  # SectoralBody, in their order
    member_states: list  # MemberState, in their order
    activities: dict  # action line pk → activities (led by the body, when narrowed to one)
    led: dict  # (body pk, priority area pk) → activities the body leads there

    @property
    def priority_areas(self):
        return list({line.priority_area: None for line in self.action_lines})


def matrix_names(plan, body=None):
    """The rows whose names the figures show, as the database holds them now: three small queries."""
    return {
        "action_lines": list(
            ActionLine.objects.filter(plan=plan).select_related("plan", "priority_area").order_by("priority_area__number", "position")
        ),
        "bodies": [body] if body else list(SectoralBody.objects.all()),
        "member_states": list(MemberState.objects.all()),
    }


def matrix_numbers(plan, body=None):
    """Activities per action line and per lead body and priority area: plain numbers keyed by primary
    keys, which the cache may keep."""
    activities = Activity.objects.filter(plan=plan)
    if body:
        activities = activities.filter(lead_bodies=body)
    return {
        "activities": dict(
            activities.values("focus_area__action_line").annotate(n=Count("pk")).values_list("focus_area__action_line", "n")
        ),
        "led": {
            (row["sectoralbody"], row["area"]): row["n"]
            for row in LeadBody.objects.filter(activity__plan=plan)
            .values("sectoralbody", area=F("activity__focus_area__action_line__priority_area"))
            .annotate(n=Count("pk"))
            .order_by()
        },
    }


@dataclass
class CycleCounts:
    """What the reports of one cycle say, by action line or priority area (for one body, if narrowed)."""

    coverage: dict = field(default_factory=dict)  # action line pk → cumulative coverage counts
    status: dict = field(default_factory=dict)  # action line pk → reported reports by status
    achievements: dict = field(default_factory=dict)  # action line pk → outputs by level of achievement
    member_states: dict = field(default_factory=dict)  # Member State pk → reports, in the scope's priority area
    reported: dict = field(default_factory=dict)  # (body pk, area pk) → reported reports
    reported_led: dict = field(default_factory=dict)  # (body pk, area pk) → of those, on led activities


def cycle_counts(cycle_pks, body=None):
    """{cycle pk: CycleCounts} for the given cycles, Member State participation left out (see
    `participation_counts`): four grouped queries, however many cycles and reports.

    Narrowed to a body: its reports (and, for coverage, only those on activities it leads).
    """
    counts = {pk: CycleCounts() for pk in cycle_pks}
    if not counts:
        return counts
    reports = ActivityReport.objects.filter(cycle__in=cycle_pks)
    outputs = OutputAchievement.objects.filter(report__cycle__in=cycle_pks, report__state__in=REPORTED_STATES)
    leads = LeadBody.objects.filter(
        activity__reports__cycle__in=cycle_pks,
        activity__reports__state__in=REPORTED_STATES,
        activity__reports__implementing_body=F("sectoralbody"),
    )
    covering = reports
    if body:
        reports = reports.filter(implementing_body=body)
        covering = reports.filter(activity__lead_bodies=body)
        outputs = outputs.filter(report__implementing_body=body)
        leads = leads.filter(sectoralbody=body)
    for row in covering.values("cycle", LINE).annotate(**_coverage_counts()).order_by():
        counts[row["cycle"]].coverage[row[LINE]] = row
    # Status by action line and reported reports by body and area from one pass over the reported
    # reports: a few hundred rows a cycle (lines × bodies) to add up here cost less than two scans.
    for row in (
        reports.filter(state__in=REPORTED_STATES)
        .values("cycle", LINE, "implementing_body", AREA)
        .annotate(**_status_counts(), reported=Count("pk"))
        .order_by()
    ):
        cycle = counts[row["cycle"]]
        line = cycle.status.setdefault(row[LINE], dict.fromkeys(Status.values, 0))
        for status in Status.values:
            line[status] += row[status]
        key = (row["implementing_body"], row[AREA])
        cycle.reported[key] = cycle.reported.get(key, 0) + row["reported"]
    for row in outputs.values("report__cycle", f"report__{LINE}").annotate(**_level_counts()).order_by():
        counts[row["report__cycle"]].achievements[row[f"report__{LINE}"]] = row
    # Reports a body made on activities it leads: joined through the lead bodies, which is far cheaper
    # for the database than asking, report by report, whether its body leads the activity.
    for row in (
        leads.values("sectoralbody", "activity__reports__cycle", area=F("activity__focus_area__action_line__priority_area"))
        .annotate(n=Count("pk"))
        .order_by()
    ):
        counts[row["activity__reports__cycle"]].reported_led[(row["sectoralbody"], row["area"])] = row["n"]
    return counts


def participation_counts(cycle_pks, body=None, priority_area=None):
    """{cycle pk: {Member State pk: reported reports}}, in one priority area if given: one grouped query.

    Apart from the other counts because it is the dearest (every report's Member States) and changes
    the least: editing a report's text, status or achievements leaves it as it was. And counted for
    the scope's priority area rather than by area: over the whole plan the database then joins no
    table of the matrix to half a million rows.
    """
    counts = {pk: {} for pk in cycle_pks}
    if not counts:
        return counts
    member_states = ReportMemberState.objects.filter(
        activityreport__cycle__in=cycle_pks, activityreport__state__in=REPORTED_STATES
    )
    if body:
        member_states = member_states.filter(activityreport__implementing_body=body)
    if priority_area:
        member_states = member_states.filter(**{f"activityreport__{AREA}": priority_area})
    for row in member_states.values("activityreport__cycle", "memberstate").annotate(n=Count("pk")).order_by():
        counts[row["activityreport__cycle"]][row["memberstate"]] = row["n"]
    return counts


@dataclass
class Counts:
    """The matrix counts and the counts of every cycle, from which any scope's figures are put together."""

    matrix: MatrixCounts
    by_cycle: dict  # cycle pk → CycleCounts

    def lines_in(self, scope):
        return [line for line in self.matrix.action_lines if scope.includes_area(line.priority_area_id)]

    def priority_areas_in(self, scope):
        return [area for area in self.matrix.priority_areas if scope.includes_area(area.pk)]


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


def _line_figures(line, cycle_counts, matrix):
    return LineFigures(
        action_line=line,
        coverage=_coverage(cycle_counts.coverage.get(line.pk, {}), matrix.activities.get(line.pk, 0)),
        status=_status(cycle_counts.status.get(line.pk, {})),
        achievements=_achievements(cycle_counts.achievements.get(line.pk, {})),
    )


def figures_by_area(scope, counts):
    """Coverage, implementation status and achievement per action line, summed into priority areas."""
    areas = {}
    for line in counts.lines_in(scope):
        areas.setdefault(line.priority_area, []).append(_line_figures(line, counts.by_cycle[scope.cycle.pk], counts.matrix))
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


def trend(scope, cycles, counts):
    """The same figures for every cycle of the plan, oldest first: an activity belongs to one action
    line, so a cycle's figures are the sums of its lines'."""
    rows = []
    for cycle in cycles:
        lines = [_line_figures(line, counts.by_cycle[cycle.pk], counts.matrix) for line in counts.lines_in(scope)]
        rows.append(
            CycleFigures(
                cycle=cycle,
                coverage=Coverage.sum(line.coverage for line in lines),
                status=StatusCounts.sum(line.status for line in lines),
                achievements=AchievementCounts.sum(line.achievements for line in lines),
            )
        )
    return rows


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


def bodies_by_area(scope, cycles, counts):
    """Sectoral bodies × priority areas: what each leads, what it reported, what is missing, per cycle."""
    priority_areas = counts.priority_areas_in(scope)
    led, current = counts.matrix.led, counts.by_cycle[scope.cycle.pk]
    rows = []
    for body in counts.matrix.bodies:
        cells = [
            (
                area,
                BodyAreaCell(
                    led=led.get((body.pk, area.pk), 0),
                    reported_led=current.reported_led.get((body.pk, area.pk), 0),
                    reported=current.reported.get((body.pk, area.pk), 0),
                ),
            )
            for area in priority_areas
        ]
        row = BodyRow(body=body, cells=cells)
        body_led = row.total.led
        for cycle in cycles:
            reported_led = counts.by_cycle[cycle.pk].reported_led
            row.missing_by_cycle[cycle.pk] = body_led - sum(reported_led.get((body.pk, area.pk), 0) for area in priority_areas)
        rows.append(row)
    return rows


@dataclass
class LateBody:
    body: SectoralBody
    missing: list  # (cycle, expected reports not received), in the order of the late cycles

    def in_cycle(self, cycle):
        return next((n for other, n in self.missing if other.pk == cycle.pk), 0)


def late_bodies(scope, cycles, today=None):
    """(the cycles whose deadline has passed, [LateBody]): each body with expected reports not received
    in those cycles, narrowed like the scope: "late" as reporting.figures defines it everywhere. Two queries."""
    late_cycles = [cycle for cycle in cycles if cycle.is_past_deadline(today)]
    expected = ExpectedReport.objects.filter(cycle__in=late_cycles)
    if scope.priority_area:
        expected = expected.filter(**{AREA: scope.priority_area})
    if scope.body:
        expected = expected.filter(body=scope.body)
    counts = {(row["body"], row["cycle"]): row["n"] for row in expected.late(ActivityReport, today).order_by()
              .values("body", "cycle").annotate(n=Count("pk"))}
    bodies = SectoralBody.objects.filter(pk__in={body for body, _ in counts}).order_by("position") if counts else []
    late = [LateBody(body, [(cycle, counts.get((body.pk, cycle.pk), 0)) for cycle in late_cycles]) for body in bodies]
    return late_cycles, late


def late_in(cycle, late):
    """(body, expected reports not received) of one cycle, once its deadline has passed."""
    return [(row.body, row.in_cycle(cycle)) for row in late if row.in_cycle(cycle)]


@dataclass
class MemberStateRow:
    member_state: MemberState
    by_cycle: list  # (cycle, reported activities it took part in)

    @property
    def total(self):
        return sum(n for _, n in self.by_cycle)


def member_state_participation(scope, cycles, counts):
    """In how many reported activities each Member State took part, per cycle."""
    return [
        MemberStateRow(
            member_state, [(cycle, counts.by_cycle[cycle.pk].member_states.get(member_state.pk, 0)) for cycle in cycles]
        )
        for member_state in counts.matrix.member_states
    ]


# Built from the coverage order (figures.COVERAGE_ORDER): accepted 4 … draft 1, none 0.
COVERAGE_RANK = {state: len(COVERAGE_ORDER) - index for index, state in enumerate(COVERAGE_ORDER)}


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


@dataclass
class Rates(Figures):
    """DHIS2's reporting rates of a body, or of all (reporting.figures): expected, received, on time."""

    body: object = None  # {"abbreviation", "name"} of the body; None for the total

    def __add__(self, other):
        return Rates(self.expected + other.expected, self.received + other.received, self.on_time + other.on_time)


def reporting_rates(scope):
    """(each body's Rates in the bodies' order, the total) for the scope's cycle, in one query. Every
    expected report has exactly one body, so the total is the sum of the bodies' rows."""
    rows = scope.expected_reports().rates(ActivityReport, "body__position", "body__abbreviation", "body__name")
    bodies = [
        Rates(row["expected"], row["received"], row["on_time"],
              body={"abbreviation": row["body__abbreviation"], "name": row["body__name"]})
        for row in sorted(rows, key=lambda row: (row["body__position"], row["body__abbreviation"]))
    ]
    return bodies, sum(bodies, Rates())


OPEN_RECOMMENDATIONS_SHOWN = 50  # the oldest; the annual report's files hold them all


def open_recommendations(scope):
    """The reports of the plan up to the scope's cycle whose recommendations no later report has followed up
    as done or dropped, oldest first (by when the MTF first had them)."""
    return (
        scope.reports(all_cycles=True)
        .filter(cycle__year__lte=scope.cycle.year)
        .with_open_recommendations()
        .select_related("cycle", "implementing_body", "activity")
        .order_by("first_submitted_at", "pk")
    )


def _indicators_in(scope):
    return indicators.indicators_of(
        scope.plan, priority_area=scope.priority_area.number if scope.priority_area else None, body=scope.body)


def indicator_standing(scope):
    """The performance indicators of the scope (its priority area, the activities its body leads) with a target,
    and how many of them are on track over the plan's years up to the scope's cycle (monitoring.indicators)."""
    return indicators.standing(_indicators_in(scope), up_to=scope.cycle.year)


def indicator_performances(scope):
    """Each indicator of the scope with a target, with its line for the scope's cycle (or None) and the period so far."""
    rows = []
    for performance in indicators.performances(_indicators_in(scope), up_to=scope.cycle.year):
        if performance.overall.on_track is None:
            continue
        performance.in_cycle = next((line for line in performance.lines if line.label == str(scope.cycle.year)), None)
        rows.append(performance)
    return rows
