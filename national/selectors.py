"""Read-side queries of the national reports, each in a fixed number of SQL queries."""

from dataclasses import dataclass, field

from django.db.models import Count, Q

from bodies.models import MemberState
from reporting.figures import late_by
from reporting.history import history_of
from reporting.models import ReportingCycle
from workplan.models import Plan, PriorityArea

from . import roles
from .models import FocalPoint, NationalReport, ProvisionEntry


def member_states_of(user):
    """The Member States the user reports for."""
    return MemberState.objects.filter(pk__in=FocalPoint.objects.member_state_ids_of(user))


@dataclass
class AreaTask:
    """One line of the report's task list: an area of the plan, how many of its provisions are answered
    and how many carried-forward answers still wait for the state's confirmation."""

    area: PriorityArea
    provisions: int
    answered: int
    to_confirm: int
    unanswered: int

    @property
    def done(self):
        # The same test as NationalReport.missing_for_submission, area by area.
        return self.answered == self.provisions


def area_tasks(report):
    """The report's task list: one AreaTask per area of the plan, in the plan's order, counted in one
    query over the report's own entries."""
    answered = Q(carried_forward=False) & ~Q(status="")
    rows = (
        report.entries.order_by()
        .values("provision__priority_area_id", "provision__priority_area__number", "provision__priority_area__title")
        .annotate(provisions=Count("pk"), answered=Count("pk", filter=answered),
                  to_confirm=Count("pk", filter=Q(carried_forward=True)), unanswered=Count("pk", filter=Q(status="")))
        .order_by("provision__priority_area__number")
    )
    return [
        AreaTask(
            PriorityArea(pk=row["provision__priority_area_id"], plan_id=report.cycle.plan_id,
                         number=row["provision__priority_area__number"], title=row["provision__priority_area__title"]),
            row["provisions"], row["answered"], row["to_confirm"], row["unanswered"],
        )
        for row in rows
    ]


def entries_of_area(report, number):
    """The report's entries on one area, in the plan's order, with the provisions' text."""
    return list(report.entries.in_plan_order().select_related("provision").filter(provision__priority_area__number=number))


def national_report_history(report):
    """Every saved version of a national report and of its entries, newest first."""
    names = {
        pk: f"{report.cycle.plan.provision_label.capitalize()} {number}"
        for pk, number in report.entries.values_list("pk", "provision__number")
    }
    return history_of(report, row_model=ProvisionEntry, row_names=names, fixed_row_fields=["report", "provision"])


@dataclass
class StateRow:
    member_state: MemberState
    report: NationalReport | None


def state_rows(*, cycle, user):
    """One row per Member State the user may see in the cycle: its report, or none yet."""
    reports = {
        report.member_state_id: report
        for report in NationalReport.objects.visible_to(user).filter(cycle=cycle).select_related("member_state")
    }
    own = set(FocalPoint.objects.member_state_ids_of(user))
    # Only the states that were members that year (and any that reported anyway, so that nothing is hidden).
    members = MemberState.objects.members_in(cycle.year)
    if not roles.can_see_all(user):
        members = members.filter(pk__in=own)
    states = MemberState.objects.filter(Q(pk__in=members.values("pk")) | Q(pk__in=set(reports)))
    return [StateRow(state, reports.get(state.pk)) for state in states]


@dataclass
class ReportToDo:
    cycle: ReportingCycle
    member_state: MemberState
    report: NationalReport | None  # None: not started


@dataclass
class NationalAttention:
    """What waits for one person in the Member States' reporting, at the top of their home page."""

    to_do: list = field(default_factory=list)  # ReportToDo of the open cycles: their states' reports not yet sent
    to_acknowledge: list = field(default_factory=list)  # per plan: (slug, short name, submitted reports)
    late: list = field(default_factory=list)  # reporting.figures.late_by rows of the open cycles, by state

    def __bool__(self):
        return bool(self.to_do or self.to_acknowledge or self.late)


# Returned reports first, then drafts, then those not started.
TO_DO_ORDER = {NationalReport.State.RETURNED: 0, NationalReport.State.DRAFT: 1, None: 2}


def attention_for(user):
    """Focal points: their states' reports of the open cycles not yet sent; the chair: the reports
    awaiting acknowledgement. A fixed number of queries, whatever the number of states and reports."""
    attention = NationalAttention()
    states = list(member_states_of(user).order_by("name"))
    if states:
        cycles = list(ReportingCycle.objects.filter(state=ReportingCycle.State.OPEN, plan__kind=Plan.Kind.PLAN_OF_ACTION)
                      .select_related("plan").order_by("deadline", "plan__short_name"))
        reports = {(report.cycle_id, report.member_state_id): report
                   for report in NationalReport.objects.filter(cycle__in=cycles, member_state__in=states)}
        to_do = [ReportToDo(cycle, state, reports.get((cycle.pk, state.pk))) for cycle in cycles for state in states]
        attention.to_do = sorted(
            (item for item in to_do if item.report is None or item.report.state in NationalReport.editable_states()),
            key=lambda item: TO_DO_ORDER[item.report and item.report.state],
        )
    if roles.can_review(user):
        counts = (NationalReport.objects.filter(state=NationalReport.State.SUBMITTED).order_by()
                  .values("cycle__plan__slug", "cycle__plan__short_name").annotate(n=Count("pk"))
                  .order_by("cycle__plan__short_name"))
        attention.to_acknowledge = [(row["cycle__plan__slug"], row["cycle__plan__short_name"], row["n"]) for row in counts]
    if roles.can_see_all(user):
        open_cycles = ReportingCycle.objects.filter(state=ReportingCycle.State.OPEN, plan__kind=Plan.Kind.PLAN_OF_ACTION)
        attention.late = late_by(open_cycles, NationalReport, ("member_state__name",))
    return attention
