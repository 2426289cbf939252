"""The achievement of the performance indicators (Work Plan §IV): targets against the actuals that the
activity reports give, year by year and over the plan's period, and whether each indicator is on track.

Which reports count: **accepted** reports only. A submitted report may still be returned and changed,
so its figures are not yet the MTF's.
Where several bodies report on one activity in a cycle, the cycle's actual is the **sum** of their
figures for a number (a count adds up); for a percentage, a yes/no or a milestone it is the **lead
body's** value (of the lead bodies that reported, the first in the list of bodies; where no lead body
reported, the first reporting body).
"""

import re
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Count, Exists, OuterRef, Q, Subquery, Sum
from django.db.models.functions import Coalesce
from django.urls import reverse

from workplan.models import Activity, Indicator, IndicatorDirection, IndicatorKind, IndicatorTarget

from .models import ActivityReport, OutputAchievement

TOLERANCE = Decimal("0.15")

# The rule, as the pages state it.
ON_TRACK_RULE = (
    "A number or a percentage is on track within 15 % of its target in its direction: when higher is better, "
    "an actual of at least 85 % of the target; when lower is better, at most 115 % of it. A yes/no or a "
    "milestone is on track once reached. Over the whole period so far, a number's actuals are summed and judged "
    "against the period's target (without one, against the sum of the years' targets, counting those years "
    "only); a percentage, a yes/no or a milestone is judged by its latest actual."
)
COUNTED_REPORTS = "Only accepted reports count: a submitted report may still be returned and changed."
SEVERAL_BODIES = (
    "Where several bodies report on one activity in a year, a number is the sum of their figures; a "
    "percentage, a yes/no or a milestone is the lead body's (where no lead body reported, the first "
    "reporting body's in the list of bodies)."
)


def is_on_track(*, kind, direction="", target=None, actual=None, reached=None):
    """Whether an actual meets its target under the rule of ON_TRACK_RULE; None without a target (for a
    number or a percentage) to judge against. No actual yet is not on track.

    A target of zero: higher-is-better is met by any actual (>= 0); lower-is-better only by an actual of 0.
    """
    if kind in (IndicatorKind.YES_NO, IndicatorKind.MILESTONE):
        return reached is True
    if target is None:
        return None
    if actual is None:
        return False
    if direction == IndicatorDirection.LOWER:
        return actual <= (1 + TOLERANCE) * target
    return actual >= (1 - TOLERANCE) * target


@dataclass
class Actual:
    """An indicator's actual in one cycle: the value (a figure, or reached), and the reports behind it."""

    value: Decimal = None
    reached: bool = None
    reports: int = 0
    body: str = ""  # whose value it is, where not a sum


@dataclass
class Line:
    """One line of an indicator's table: a year, or the whole period so far."""

    label: str
    target: object = None  # IndicatorTarget or a Decimal (the sum of yearly targets), or None
    target_display: str = ""
    actual: Actual = None
    on_track: bool = None


@dataclass
class Performance:
    indicator: Indicator
    lines: list = field(default_factory=list)
    overall: Line = None

    @property
    def has_target(self):
        return bool(self.indicator.targets.all())

    @property
    def on_track(self):
        return self.overall.on_track if self.overall else None


def _lead_first(rows, *, activity, body):
    """`rows` ordered so that the lead body's row comes first, then the bodies' order."""
    leads = Activity.lead_bodies.through.objects.filter(activity=OuterRef(activity), sectoralbody=OuterRef(body))
    return rows.annotate(is_lead=Exists(leads)).order_by("-is_lead", f"{body}__position", body)


def actuals_of(indicators):
    """{(indicator pk, year): Actual} for the indicators, from accepted reports: two queries, aggregated
    in the database (one over the outputs' achievements, one over the activities' own actuals)."""
    accepted = ActivityReport.State.ACCEPTED
    by_output = {i.output_id: i for i in indicators if i.output_id}
    by_activity = {i.activity_id: i for i in indicators if i.activity_id}
    actuals = {}
    if by_output:
        rows = OutputAchievement.objects.filter(report__state=accepted, output__in=list(by_output))
        lead = _lead_first(rows.filter(output=OuterRef("output"), report__cycle=OuterRef("report__cycle")),
                           activity="report__activity", body="report__implementing_body")
        grouped = rows.values("output", "report__cycle", "report__cycle__year").annotate(
            total=Sum("figure"), reports=Count("pk"),
            lead_figure=Subquery(lead.values("figure")[:1]), lead_reached=Subquery(lead.values("reached")[:1]),
            lead_body=Subquery(lead.values("report__implementing_body__abbreviation")[:1]),
        ).order_by()
        for row in grouped:
            indicator = by_output[row["output"]]
            actuals[indicator.pk, row["report__cycle__year"]] = _actual(indicator, row)
    if by_activity:
        rows = ActivityReport.objects.filter(state=accepted, activity__in=list(by_activity))
        lead = _lead_first(rows.filter(activity=OuterRef("activity"), cycle=OuterRef("cycle")),
                           activity="activity", body="implementing_body")
        grouped = rows.values("activity", "cycle", "cycle__year").annotate(
            total=Sum("indicator_figure"), reports=Count("pk"),
            lead_figure=Subquery(lead.values("indicator_figure")[:1]),
            lead_reached=Subquery(lead.values("indicator_reached")[:1]),
            lead_body=Subquery(lead.values("implementing_body__abbreviation")[:1]),
        ).order_by()
        for row in grouped:
            indicator = by_activity[row["activity"]]
            actuals[indicator.pk, row["cycle__year"]] = _actual(indicator, row)
    return actuals


def _actual(indicator, row):
    if indicator.is_count:
        return Actual(value=row["total"], reports=row["reports"])
    body = row["lead_body"] if row["reports"] > 1 else ""
    if indicator.is_measured:
        return Actual(value=row["lead_figure"], reports=row["reports"], body=body)
    return Actual(reached=row["lead_reached"], reports=row["reports"], body=body)


def _judge(indicator, target_value, actual):
    return is_on_track(kind=indicator.kind, direction=indicator.direction, target=target_value,
                       actual=actual.value if actual else None, reached=actual.reached if actual else None)


def performance(indicator, actuals, *, up_to=None):
    """The indicator's lines, year by year (the years with a target or an actual, up to `up_to`), and the
    whole period so far: for a number, the sum of the years' actuals against the period's target (or,
    without one, the sum of the years' targets against the actuals of those years); otherwise the latest
    year's actual against the period's target (or, without one, the latest year's target)."""
    targets = {target.year: target for target in indicator.targets.all()}
    years = sorted({year for (pk, year) in actuals if pk == indicator.pk} | {year for year in targets if year})
    if up_to is not None:
        years = [year for year in years if year <= up_to]
    result = Performance(indicator)
    for year in years:
        target, actual = targets.get(year), actuals.get((indicator.pk, year))
        line = Line(str(year), target, target.display_value if target else "", actual)
        line.on_track = _judge(indicator, target.value if target else None, actual) if target else None
        result.lines.append(line)
    reported = [line.actual for line in result.lines if line.actual]
    period_target = targets.get(None)
    yearly = [line.target for line in result.lines if line.target]
    if indicator.is_count:
        if period_target:
            target_value, display = period_target.value, period_target.display_value
            counted = reported
        elif yearly:
            # Against the years' targets summed, the same years' actuals: a year without a target adds to neither.
            target_value = sum(t.value for t in yearly)
            display = f"{target_value.normalize():f} (sum of the years with a target)"
            counted = [line.actual for line in result.lines if line.actual and line.target]
        else:
            target_value, display, counted = None, "", reported
        values = [a.value for a in counted if a.value is not None]
        actual = Actual(value=sum(values) if values else None, reports=sum(a.reports for a in counted))
    else:
        actual = reported[-1] if reported else None
        chosen = period_target or (yearly[-1] if yearly else None)
        target_value = chosen.value if chosen else None
        display = chosen.display_value if chosen else ""
        if chosen and chosen is not period_target:
            display = f"{display} ({chosen.year})"
    has_target = bool(period_target or yearly)
    result.overall = Line("Whole period so far", None, display, actual,
                          _judge(indicator, target_value, actual) if has_target else None)
    return result


def performances(indicators, *, up_to=None):
    indicators = list(indicators)
    actuals = actuals_of(indicators)
    return [performance(indicator, actuals, up_to=up_to) for indicator in indicators]


def indicators_of(plan, *, priority_area=None, body=None, activity=None):
    """The plan's indicators, filtered by priority area (its number), lead body or activity, in matrix order."""
    indicators = Indicator.objects.of_plan(plan).with_matrix()
    if priority_area is not None:
        indicators = indicators.filter(_either("focus_area__action_line__priority_area__number", priority_area))
    if body is not None:
        led = Activity.objects.filter(lead_bodies=body).values("pk")
        indicators = indicators.filter(Q(output__activity__in=led) | Q(activity__in=led))
    if activity is not None:
        indicators = indicators.filter(_either("pk", activity.pk))
    place = ("focus_area__action_line__priority_area__number", "focus_area__action_line__position",
             "focus_area__position", "position")
    return indicators.annotate(**{
        f"place_{n}": Coalesce(f"output__activity__{path}", f"activity__{path}") for n, path in enumerate(place)
    }).order_by(*(f"place_{n}" for n in range(len(place))), "activity", "output__position", "pk")


def _either(path, value):
    """An indicator's activity is its output's or its own: the lookup through either."""
    return Q(**{f"output__activity__{path}": value}) | Q(**{f"activity__{path}": value})


@dataclass
class Standing:
    on_track: int
    with_target: int


def standing(indicators, *, up_to=None):
    """How many of the indicators have a target, and how many of those are on track over the period so far."""
    judged = [p for p in performances(indicators, up_to=up_to) if p.overall.on_track is not None]
    return Standing(on_track=sum(1 for p in judged if p.on_track), with_target=len(judged))


# How an amendment applied by the steering of the plan begins the reason of each row it writes
# (steering.models.Amendment.history_reason): "Amendment 7, 15th MTF meeting decision 3: …". Monitoring
# cannot import steering (same layer): it reads the amendment's number there and reverses its URL by name.
AMENDMENT_REASON = re.compile(r"^Amendment (\d+), .+ decision \d+: ")


def amendment_url(plan, reason, decision_reference):
    """The page of the amendment that made a change, or "" for a change made on the indicator pages."""
    found = AMENDMENT_REASON.match(reason or "")
    if not found or not decision_reference:
        return ""
    return reverse("steering:amendment", kwargs={"plan": plan.slug, "pk": int(found.group(1))})


def history_of(activity, indicators_now):
    """Every saved value of the activity's indicators and targets, newest first: who, when, why."""
    outputs = [output.pk for output in activity.outputs.all()]
    records = list(Indicator.history.filter(Q(output_id__in=outputs) | Q(activity_id=activity.pk))
                   .select_related("history_user").order_by("-history_date", "-history_id"))
    ids = {record.id for record in records} | {indicator.pk for indicator in indicators_now}
    targets = list(IndicatorTarget.history.filter(indicator_id__in=ids).select_related("history_user")
                   .order_by("-history_date", "-history_id"))
    kinds = dict(Indicator.Kind.choices)
    directions = dict(Indicator.Direction.choices)
    positions = {output.pk: output.position for output in activity.outputs.all()}
    kind_of = {record.id: record.kind for record in reversed(records)}  # the latest kind of each
    subject_of = {record.id: (f"output {positions.get(record.output_id, '?')}" if record.output_id else "the activity")
                  for record in records}
    entries = []
    for record in records:
        baseline = f"{record.baseline.normalize():f} ({record.baseline_year})" if record.baseline is not None else "—"
        values = [("kind", kinds.get(record.kind, record.kind)), ("unit", record.unit or "—"), ("baseline", baseline),
                  ("direction", directions.get(record.direction, "—")),
                  ("means of verification", record.means_of_verification or "—")]
        if record.text:
            values.insert(0, ("what is measured", record.text))
        entries.append({"when": record.history_date, "who": record.history_user, "why": record.history_change_reason,
                        "decision": record.decision_reference, "what": f"Indicator of {subject_of[record.id]}",
                        "amendment": amendment_url(activity.plan, record.history_change_reason, record.decision_reference),
                        "type": record.get_history_type_display(), "values": values})
    for record in targets:
        year = record.year or "whole period"
        kind = kind_of.get(record.indicator_id)
        if kind == Indicator.Kind.YES_NO:
            value = "yes"
        elif kind == Indicator.Kind.MILESTONE:
            value = record.milestone
        else:
            value = f"{record.value.normalize():f}" if record.value is not None else "—"
        entries.append({"when": record.history_date, "who": record.history_user, "why": record.history_change_reason,
                        "decision": record.decision_reference,
                        "amendment": amendment_url(activity.plan, record.history_change_reason, record.decision_reference),
                        "what": f"Target of {subject_of.get(record.indicator_id, 'an indicator')} for {year}",
                        "type": "Withdrawn" if record.history_type == "-" else record.get_history_type_display(),
                        "values": [("target", value)]})
    entries.sort(key=lambda entry: entry["when"], reverse=True)
    return entries
