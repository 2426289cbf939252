"""What an ended plan leaves open, stream by stream, and how many of each per area: each list is a
queryset, each count one grouped query. The rules of "open" are those of the streams themselves
(the dashboard's open recommendations, the cycle's outstanding expected reports); only "the last
report says ongoing" and the hand-over's own "not yet carried over" are written here."""

from dataclasses import dataclass, field

from django.db.models import Count, Exists, F, OuterRef, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone

from dashboard.selectors import Scope, open_recommendations as dashboard_open_recommendations
from meetings.models import Decision
from monitoring.models import ActivityReport, ImplementationStatus
from national.models import AssistanceRequest, NationalReport
from reporting.models import ExpectedReport, ReportingCycle
from workplan.models import Activity, PriorityArea

from .models import ITEM_FIELDS, CarryOver, CarryOverKind

SHOWN = 100  # items of each kind listed on the page, oldest first; carried ones make room for the next


def has_ended(plan, today=None):
    """Ended by the administrator's word (`Plan.Status.ENDED`), or its last year is behind us."""
    year = (today or timezone.localdate()).year
    return plan.is_ended or (plan.end_year is not None and plan.end_year < year)


def last_cycle(plan):
    return ReportingCycle.objects.filter(plan=plan).order_by("-year").first()


def open_recommendations(plan):
    """Reports of the plan whose recommendations no later report has followed up as done or dropped:
    the dashboard's own rule, over every cycle up to the last."""
    cycle = last_cycle(plan)
    if cycle is None or not plan.is_work_plan:
        return ActivityReport.objects.none()
    return dashboard_open_recommendations(Scope(cycle=cycle))


def ongoing_activities(plan):
    """Activities of the plan whose latest reported report (latest cycle, then latest sent) says ongoing."""
    last_status = (
        ActivityReport.objects.reported().filter(activity=OuterRef("pk"))
        .order_by("-cycle__year", "-first_submitted_at", "-pk").values("implementation_status")[:1]
    )
    return (Activity.objects.filter(plan=plan).annotate(last_status=Subquery(last_status))
            .filter(last_status=ImplementationStatus.ONGOING)
            .select_related("plan", "focus_area__action_line").in_matrix_order())


def missing_reports(plan):
    """The reports the plan's last cycle expected and never received: the sectoral bodies' activity
    reports on a work plan, the Member States' national reports on a plan of action."""
    cycle = last_cycle(plan)
    if cycle is None:
        return ExpectedReport.objects.none()
    return (ExpectedReport.objects.filter(cycle=cycle)
            .outstanding(ActivityReport if plan.is_work_plan else NationalReport)
            .select_related("cycle", "body", "activity__plan", "member_state")
            .order_by("activity__code", "body__position", "member_state__name"))


def open_decisions(plan):
    return Decision.objects.about(plan).still_open().order_by("meeting__held_on", "position")


def undelivered_assistance(plan):
    """Assistance requests of the plan no partner has delivered yet (requested, or offered and waiting):
    the national app's own rule. Requests come from national reports, which only a plan of action has."""
    if plan.is_work_plan:
        return AssistanceRequest.objects.none()
    return AssistanceRequest.objects.not_delivered(plan).with_context().order_by("requested_on", "pk")


AREA = {
    CarryOverKind.RECOMMENDATION: "activity__focus_area__action_line__priority_area",
    CarryOverKind.ACTIVITY: "focus_area__action_line__priority_area",
    "missing_report": "activity__focus_area__action_line__priority_area",
    # A request answers a provision of the state's national report: its area is the provision's.
    CarryOverKind.ASSISTANCE: "entry__provision__priority_area",
}
OPEN = {
    CarryOverKind.RECOMMENDATION: open_recommendations,
    CarryOverKind.ACTIVITY: ongoing_activities,
    CarryOverKind.DECISION: open_decisions,
    CarryOverKind.ASSISTANCE: undelivered_assistance,
}


def open_items(plan, kind):
    """The open items of one kind that can be carried, carried over already or not."""
    return OPEN[kind](plan)


def not_carried(queryset, kind):
    carried = CarryOver.objects.filter(**{ITEM_FIELDS[kind]: OuterRef("pk")})
    return queryset.exclude(Exists(carried))


def _per_area(queryset, area):
    """{priority area pk (None: not tied to one): count}, counted by the database."""
    area = F(area) if isinstance(area, str) else area
    rows = queryset.order_by().values(area_pk=area).annotate(n=Count("pk", distinct=True))
    return {row["area_pk"]: row["n"] for row in rows}


COLUMNS = [("recommendations", "Recommendations not followed up"), ("activities", "Activities ongoing"),
           ("missing", "Reports never received in the last cycle"), ("decisions", "Open decisions")]
# Only a plan of action's national reports ask for assistance: its page alone has that column.
ASSISTANCE_COLUMN = ("assistance", "Assistance not delivered")


@dataclass
class AreaRow:
    priority_area: object  # None: the whole plan (decisions of a meeting that name no provision)
    counts: dict = field(default_factory=dict)  # column key → count

    columns: list = field(default_factory=lambda: COLUMNS)

    @property
    def values(self):
        """The counts in the columns' order."""
        return [self.counts.get(key, 0) for key, _ in self.columns]


@dataclass
class OpenItems:
    """What the hand-over page shows: the open items not yet carried, by kind, and their counts per area."""

    columns: list  # (key, heading)
    rows: list  # AreaRow, the plan's areas in order, then one for items tied to no area
    totals: AreaRow
    recommendations: list
    activities: list
    missing: list
    decisions: list
    assistance: list = field(default_factory=list)


def open_items_of(plan):
    """Every open item not yet carried over, oldest first (at most SHOWN of a kind), with their counts per area."""
    recommendations = not_carried(open_recommendations(plan), CarryOverKind.RECOMMENDATION)
    activities = not_carried(ongoing_activities(plan), CarryOverKind.ACTIVITY)
    missing = missing_reports(plan)
    decisions = not_carried(open_decisions(plan), CarryOverKind.DECISION)
    assistance = not_carried(undelivered_assistance(plan), CarryOverKind.ASSISTANCE)
    columns = COLUMNS if plan.is_work_plan else [*COLUMNS, ASSISTANCE_COLUMN]
    per_area = {
        "recommendations": _per_area(recommendations, AREA[CarryOverKind.RECOMMENDATION]),
        "activities": _per_area(activities, AREA[CarryOverKind.ACTIVITY]),
        "missing": _per_area(missing, AREA["missing_report"]),
        # A decision may name provisions and activities of several areas: counted once in each.
        "decisions": _per_area(decisions, Coalesce("provisions__priority_area",
                                                   "activities__focus_area__action_line__priority_area")),
    }
    if not plan.is_work_plan:
        per_area["assistance"] = _per_area(assistance, AREA[CarryOverKind.ASSISTANCE])
    rows = [AreaRow(area, columns=columns) for area in PriorityArea.objects.filter(plan=plan).order_by("number")]
    rows.append(AreaRow(None, columns=columns))
    for row in rows:
        pk = row.priority_area.pk if row.priority_area else None
        row.counts = {key: counts.get(pk, 0) for key, counts in per_area.items()}
    if not any(rows[-1].counts.values()):
        rows.pop()
    totals = AreaRow(None, {key: sum(row.counts[key] for row in rows) for key, _ in columns}, columns=columns)
    # The total of decisions counts each decision once, however many areas it names.
    totals.counts["decisions"] = decisions.count() if per_area["decisions"] else 0
    return OpenItems(
        columns=columns, rows=rows, totals=totals,
        recommendations=list(recommendations[:SHOWN]), activities=list(activities[:SHOWN]),
        missing=list(missing[:SHOWN]), decisions=list(decisions[:SHOWN]),
        assistance=list(assistance[:SHOWN]) if not plan.is_work_plan else [],
    )


def carried_out_of(plan):
    return CarryOver.objects.filter(from_plan=plan).with_origin()
