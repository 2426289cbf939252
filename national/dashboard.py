"""The figures of the WG chair's dashboard on a plan of action, one function per figure, counted in SQL."""

from dataclasses import dataclass

from django.db.models import Count, Q

from bodies.models import MemberState
from workplan.models import PriorityArea

from .models import STATUS_RANK, NationalReport, ProvisionEntry

Status = ProvisionEntry.Status


def coverage(plan, cycles):
    """Member State × cycle: each state's report in each cycle (or None); and (cycle, reports sent) per cycle."""
    reports = {
        (report.member_state_id, report.cycle_id): report
        for report in NationalReport.objects.filter(cycle__plan=plan).only("id", "member_state_id", "cycle_id", "state")
    }
    rows = [(state, [reports.get((state.pk, cycle.pk)) for cycle in cycles]) for state in MemberState.objects.all()]
    sent = {cycle.pk: sum(1 for (_, c), r in reports.items() if c == cycle.pk and r.state in NationalReport.sent_states())
            for cycle in cycles}
    return rows, [(cycle, sent[cycle.pk]) for cycle in cycles]


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
    for state in MemberState.objects.all():
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
