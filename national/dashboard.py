"""The figures of the WG chair's dashboard on a plan of action, one function per figure, counted in SQL."""

from dataclasses import dataclass

from django.db.models import Count, Q

from bodies.models import MemberState
from reporting import figures as reporting_figures
from reporting.models import ExpectedReport
from workplan.models import PriorityArea

from .models import STATUS_RANK, NationalReport, ProvisionEntry

Status = ProvisionEntry.Status


@dataclass
class CoverageCell:
    expected: bool  # the state was a member on 31 December of the cycle's year
    report: NationalReport | None


def coverage(plan, cycles):
    """Member State × cycle: whether each state was expected to report in each cycle and its report (or
    None); and the reporting Figures (reporting.figures) of each cycle."""
    reports = {
        (report.member_state_id, report.cycle_id): report
        for report in NationalReport.objects.filter(cycle__plan=plan).only("id", "member_state_id", "cycle_id", "state")
    }
    expected = set(ExpectedReport.objects.filter(cycle__in=cycles).of_kind(NationalReport)
                   .values_list("member_state", "cycle"))
    rows = [(state, [CoverageCell((state.pk, cycle.pk) in expected, reports.get((state.pk, cycle.pk))) for cycle in cycles])
            for state in MemberState.objects.all()]
    by_cycle = reporting_figures.figures_by_cycle(cycles, NationalReport)
    return rows, [(cycle, by_cycle[cycle.pk]) for cycle in cycles]


def rates_by_state(plan):
    """(state, Rates over every cycle of the plan): how many reports each state was expected to send,
    sent, and sent on time. One query."""
    rows = {row["member_state"]: row for row in ExpectedReport.objects.filter(cycle__plan=plan).rates(NationalReport, "member_state")}
    return [(state, reporting_figures.Figures(expected=rows[state.pk]["expected"], received=rows[state.pk]["received"],
                                              on_time=rows[state.pk]["on_time"]))
            for state in MemberState.objects.filter(pk__in=rows)]


@dataclass
class HeatCell:
    implemented: int
    answered: int  # with a status that ranks (not "not applicable")

    @property
    def share(self):
        return self.implemented / self.answered if self.answered else None

    @property
    def shade(self):
        """heat-0 (nothing implemented) to heat-4 (all), as the MTF dashboard's heat map shades."""
        return "" if self.share is None else f"heat-{round(self.share * 4)}"


def status_heat_map(cycle):
    """Member State × area: of the provisions the state answered in its sent report, how many are implemented."""
    counts = (
        ProvisionEntry.objects.filter(report__cycle=cycle, report__state__in=NationalReport.sent_states())
        .values("report__member_state_id", "provision__priority_area_id")
        .annotate(
            implemented=Count("pk", filter=Q(status=Status.IMPLEMENTED)),
            answered=Count("pk", filter=Q(status__in=list(STATUS_RANK))),
        )
    )
    cells = {(row["report__member_state_id"], row["provision__priority_area_id"]): row for row in counts}
    areas = list(PriorityArea.objects.filter(plan_id=cycle.plan_id).order_by("number"))
    rows = []
    # The states that were members that year, and any that sent a report anyway, so that nothing is hidden.
    members = MemberState.objects.members_in(cycle.year).values("pk")
    for state in MemberState.objects.filter(Q(pk__in=members) | Q(pk__in={state_id for state_id, _ in cells})):
        row = [(area, HeatCell(**{k: cells.get((state.pk, area.pk), {}).get(k, 0) for k in ("implemented", "answered")}))
               for area in areas]
        rows.append((state, row))
    return areas, rows


def assistance_ranking(cycle):
    """The kinds of assistance asked for in the cycle's sent reports, most requested first: (theme, label, count)."""
    labels = dict(ProvisionEntry.Assistance.choices)
    counts = (
        ProvisionEntry.objects.filter(report__cycle=cycle, report__state__in=NationalReport.sent_states())
        .exclude(assistance_needed="")
        .values_list("assistance_theme")
        .annotate(count=Count("pk"))
        .order_by("-count", "assistance_theme")
    )
    return [(theme, labels.get(theme, labels[ProvisionEntry.Assistance.OTHER]), count) for theme, count in counts]
