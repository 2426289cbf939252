"""The annual report's workbook built by the worker: the whole report as .xlsx. Registered with builds in
AnnualReportsConfig.ready(). The draft's PDF and Word files, and a signed version's, are the official
documents engine's (they carry the co-chairs' text)."""

from bodies.models import SectoralBody
from builds.registry import Builder, register
from monitoring import roles
from reporting.models import ReportingCycle
from workplan.models import PriorityArea

from . import annual_report as annual


def cycle_and_scope(build):
    """(cycle, priority area or None, body or None) a build's parameters name."""
    params = build.params
    cycle = ReportingCycle.objects.select_related("plan").filter(plan=build.plan, year=params["cycle"]).first()
    if cycle is None:
        raise ValueError(f"The {build.plan} has no reporting cycle {params['cycle']}.")
    area = PriorityArea.objects.get(plan=build.plan, number=params["priority_area"]) if params.get("priority_area") else None
    body = SectoralBody.objects.get(abbreviation=params["body"]) if params.get("body") else None
    return cycle, area, body


def build_xlsx(build):
    """The whole annual report of a cycle as .xlsx, narrowed as it was on the page that asked for it."""
    cycle, area, body = cycle_and_scope(build)
    return annual.xlsx_filename(cycle), annual.write_xlsx(cycle, priority_area=area, body=body)


def may_see_overview(user, build):
    return roles.can_see_all_reports(user) or roles.is_administrator(user)


def register_builders():
    register("annual-report-xlsx", Builder("Annual report (Excel)", build_xlsx, may_see_overview))
