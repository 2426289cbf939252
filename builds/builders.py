"""What each kind of background document is: how to build it, what it is called, and who may have it."""

from dataclasses import dataclass
from typing import Callable

from bodies.models import SectoralBody
from dashboard import annual_report as annual
from monitoring import roles
from monitoring.models import ReportingCycle
from national import roles as national_roles
from national import summary as national_summary
from workplan.models import PriorityArea


@dataclass(frozen=True)
class Builder:
    label: str
    build: Callable  # (DocumentBuild) → (file name, bytes)
    may_have: Callable  # (user, DocumentBuild) → bool


def build_annual_report_xlsx(build):
    """The whole annual report of a cycle as .xlsx, narrowed as it was on the page that asked for it."""
    params = build.params
    cycle = ReportingCycle.objects.select_related("plan").filter(plan=build.plan, year=params["cycle"]).first()
    if cycle is None:
        raise ValueError(f"The {build.plan} has no reporting cycle {params['cycle']}.")
    area = PriorityArea.objects.get(plan=build.plan, number=params["priority_area"]) if params.get("priority_area") else None
    body = SectoralBody.objects.get(abbreviation=params["body"]) if params.get("body") else None
    return annual.xlsx_filename(cycle), annual.write_xlsx(cycle, priority_area=area, body=body)


def may_see_overview(user, build):
    return roles.can_see_all_reports(user) or roles.is_administrator(user)


def build_national_summary_xlsx(build):
    if build.plan.is_work_plan:
        raise ValueError(f"The {build.plan} is a work plan: Member States report on plans of action.")
    cycle = ReportingCycle.objects.select_related("plan").get(plan=build.plan, year=build.params["cycle"])
    book = national_summary.summary_databook(national_summary.Summary.of(cycle))
    return f"{build.plan.slug}-summary-report-{cycle.year}.xlsx", book.export("xlsx")


def may_see_national_reports(user, build):
    return national_roles.can_see_all(user)


BUILDERS = {
    "annual-report-xlsx": Builder("Annual report (Excel)", build_annual_report_xlsx, may_see_overview),
    "national-summary-xlsx": Builder("Chair's summary report (Excel)", build_national_summary_xlsx, may_see_national_reports),
}
