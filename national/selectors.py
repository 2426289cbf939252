"""Read-side queries of the national reports, each in a fixed number of SQL queries."""

from dataclasses import dataclass

from bodies.models import MemberState
from monitoring.selectors import history_of
from workplan.models import PriorityArea

from . import roles
from .models import FocalPoint, NationalReport, ProvisionEntry


def member_states_of(user):
    """The Member States the user reports for."""
    return MemberState.objects.filter(pk__in=FocalPoint.objects.member_state_ids_of(user))


@dataclass
class AreaOfReport:
    area: PriorityArea
    entries: list

    @property
    def answered(self):
        return sum(1 for entry in self.entries if entry.status and not entry.carried_forward)


def areas_of(report):
    """The report's entries grouped by the plan's areas, in the plan's order, with the provisions' text."""
    entries = list(report.entries.in_plan_order().select_related("provision"))
    areas = []
    for entry in entries:
        if not areas or areas[-1].area.pk != entry.provision.priority_area_id:
            areas.append(AreaOfReport(entry.provision.priority_area, []))
        areas[-1].entries.append(entry)
    return areas


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
    states = MemberState.objects.all() if roles.can_see_all(user) else MemberState.objects.filter(pk__in=own | set(reports))
    return [StateRow(state, reports.get(state.pk)) for state in states]
