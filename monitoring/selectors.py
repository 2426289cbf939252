"""Read-side queries of monitoring, each in a fixed number of SQL queries."""

from dataclasses import dataclass, field

from django.db.models import Case, Count, Exists, F, IntegerField, Min, OuterRef, Q, Value, When
from django.utils import timezone
from django.utils.text import Truncator

from bodies.models import MemberState, Membership, Partner, SectoralBody
from reporting.history import history_of
from reporting.models import ExpectedReport, ReportingCycle
from workplan import previews
from workplan.models import Activity

from . import roles
from .models import ActivityReport, OutputAchievement, Participation


@dataclass
class MyActivityRow:
    activity: Activity
    body: SectoralBody
    role: str  # "lead" or "relevant"
    report: ActivityReport | None


def activities_of(bodies, plan, cycle=None):
    """The activities of a plan that a user's bodies lead or are relevant to, ready for rows: those with a
    report of `cycle` returned to one of the bodies first (they wait for the person), then the matrix's order."""
    activities = Activity.objects.filter(plan=plan).concerning(bodies).with_matrix().in_matrix_order()
    if cycle is None:
        return activities
    returned = ActivityReport.objects.filter(
        activity=OuterRef("pk"), cycle=cycle, implementing_body__in=bodies, state=ActivityReport.State.RETURNED
    )
    return activities.alias(waiting=Exists(returned)).order_by(F("waiting").desc(), *activities.query.order_by)


def my_activity_rows(*, bodies, cycle, activities):
    """One row per (activity, body of the user that leads it or is relevant to it), with its report."""
    if not bodies:
        return []
    reports = {
        (report.activity_id, report.implementing_body_id): report
        for report in ActivityReport.objects.filter(
            cycle=cycle, implementing_body__in=bodies, activity__in=[activity.pk for activity in activities]
        ).only(
            "id", "activity_id", "implementing_body_id", "state", "implementation_status", "updated_at"
        )
    }
    rows = []
    for activity in activities:
        leads = {body.pk for body in activity.lead_bodies.all()}
        relevant = {body.pk for body in activity.focus_area.action_line.relevant_bodies.all()}
        for body in bodies:
            if body.pk in leads or body.pk in relevant:
                rows.append(
                    MyActivityRow(activity, body, "lead" if body.pk in leads else "relevant", reports.get((activity.pk, body.pk)))
                )
    return rows


def report_history(report):
    """Every saved version of an activity report and of its output achievements, newest first."""
    names = {
        row.pk: f"Achievement of output “{Truncator(row.output.text).words(12)}”" for row in report.achievements.select_related("output")
    }
    return history_of(report, row_model=OutputAchievement, row_names=names, fixed_row_fields=["report", "output"])


@dataclass
class Attention:
    """What waits for one person, by role, at the top of their home page."""

    revising: list = field(default_factory=list)  # their bodies' returned and reopened reports, then drafts
    not_started: list = field(default_factory=list)  # expected reports of their bodies with no report yet
    not_started_count: int = 0
    progress: list = field(default_factory=list)  # per open cycle: {"cycle", "expected", "received"}
    to_review: list = field(default_factory=list)  # per plan: (plan, submitted reports)
    late: list = field(default_factory=list)  # (cycle, body, outstanding) past the deadline
    cycles_to_close: list = field(default_factory=list)
    previews: int = 0  # matrix imports previewed and not yet confirmed

    def __bool__(self):
        return any([self.revising, self.not_started, self.progress, self.to_review, self.late, self.cycles_to_close, self.previews])


NOT_STARTED_SHOWN = 10


def attention_for(user, today=None):
    """The home page's "Needs your attention": a fixed number of queries, whatever the number of reports."""
    today = today or timezone.localdate()
    attention = Attention()
    body_ids = list(Membership.objects.body_ids_of(user))
    open_expected = ExpectedReport.objects.filter(cycle__state=ReportingCycle.State.OPEN)
    if body_ids:
        attention.revising = list(
            ActivityReport.objects.filter(implementing_body__in=body_ids, cycle__state=ReportingCycle.State.OPEN,
                                          state__in=ActivityReport.editable_states())
            .select_related("activity", "implementing_body", "cycle__plan")
            .order_by(Case(When(state=ActivityReport.State.RETURNED, then=0), default=1), "-updated_at")
        )
        started = ActivityReport.objects.filter(cycle=OuterRef("cycle"), activity=OuterRef("activity"),
                                                implementing_body=OuterRef("body"))
        not_started = (open_expected.filter(body__in=body_ids).exclude(Exists(started))
                       .select_related("activity", "body", "cycle__plan").order_by("cycle__deadline", "activity__code"))
        attention.not_started = list(not_started[:NOT_STARTED_SHOWN])
        attention.not_started_count = not_started.count()
        cycles = {cycle.pk: cycle for cycle in ReportingCycle.objects.filter(state=ReportingCycle.State.OPEN).select_related("plan")}
        attention.progress = [{**row, "cycle": cycles[row["cycle"]]}
                              for row in open_expected.filter(body__in=body_ids).rates(ActivityReport, "cycle")]
    if roles.can_review(user) or roles.is_administrator(user):
        counts = (ActivityReport.objects.filter(state=ActivityReport.State.SUBMITTED).order_by()
                  .values("cycle__plan__slug", "cycle__plan__short_name").annotate(n=Count("pk")))
        attention.to_review = [(row["cycle__plan__slug"], row["cycle__plan__short_name"], row["n"]) for row in counts]
        late = (open_expected.late(ActivityReport, today).order_by()
                .values("cycle__plan__short_name", "cycle__plan__slug", "cycle__year", "body__abbreviation").annotate(n=Count("pk"))
                .order_by("cycle__plan__short_name", "cycle__year", "-n", "body__abbreviation"))
        attention.late = list(late)
    if roles.is_administrator(user):
        attention.cycles_to_close = list(ReportingCycle.objects.filter(state=ReportingCycle.State.OPEN, deadline__lt=today)
                                         .select_related("plan").order_by("deadline"))
        attention.previews = previews.count()
    return attention


# --- partners and participation ----------------------------------------------------------------

def partners_with_counts():
    """The register of partners, each with the number of reported activities it supported: one query."""
    reported = Q(supported_reports__state__in=ActivityReport.sent_states())
    return Partner.objects.annotate(activity_count=Count("supported_reports__activity", filter=reported, distinct=True))


def activities_supported_by(partner):
    """The reported activity reports that name `partner`, newest cycle first, with what their rows show."""
    return (partner.supported_reports.reported()
            .select_related("cycle__plan", "implementing_body", "activity")
            .order_by("-cycle__year", "cycle__plan__short_name", "activity__code", "implementing_body__position"))


# The strongest part a state took in an activity, when several bodies report on it: hosting it, then
# co-sponsoring it, then attending.
ROLE_RANK = [Participation.Role.HOSTED, Participation.Role.CO_SPONSORED, Participation.Role.ATTENDED]


@dataclass
class ParticipationMatrix:
    """Activities (rows) against Member States (columns) for one cycle, a role in each cell, and per
    state the number of activities it hosted, co-sponsored and attended."""

    member_states: list
    activities: list  # [(activity, [role or "" per state])]
    totals: list  # [{"hosted": n, "co_sponsored": n, "attended": n} per state]


def participation_matrix(*, reports, cycle, activity_ids=None):
    """The matrix of the reported reports among `reports` in `cycle`, aggregated in the database: the
    strongest role per (activity, state), whichever body reported it. `activity_ids` narrows the rows
    (a page of them); the totals count every activity of the cycle. Three queries."""
    rank = Case(*[When(role=role, then=Value(position)) for position, role in enumerate(ROLE_RANK)],
                output_field=IntegerField())
    cells = (Participation.objects.filter(activityreport__in=reports.reported().filter(cycle=cycle))
             .values("activityreport__activity_id", "memberstate_id").annotate(best=Min(rank)).order_by())
    member_states = list(MemberState.objects.members_in(cycle.year))
    by_cell = {}
    totals = {state.pk: {role: 0 for role in ROLE_RANK} for state in member_states}
    for row in cells:
        role = ROLE_RANK[row["best"]]
        by_cell[(row["activityreport__activity_id"], row["memberstate_id"])] = role
        if row["memberstate_id"] in totals:
            totals[row["memberstate_id"]][role] += 1
    ids = activity_ids if activity_ids is not None else sorted({activity for activity, _ in by_cell})
    activities = Activity.objects.filter(pk__in=ids).select_related("plan").in_matrix_order() if ids else []
    rows = [(activity, [by_cell.get((activity.pk, state.pk), "") for state in member_states]) for activity in activities]
    return ParticipationMatrix(member_states, rows, [totals[state.pk] for state in member_states])


def activities_with_participation(*, reports, cycle):
    """The ids of the activities, in the matrix's order, that a reported report of `cycle` gives a
    participating Member State: the rows of the matrix, to be paginated."""
    reported = reports.reported().filter(cycle=cycle, participations__isnull=False)
    return Activity.objects.filter(pk__in=reported.values("activity")).in_matrix_order().values_list("pk", flat=True)
