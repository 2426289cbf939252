"""What each kind of background document is: how to build it, what it is called, and who may have it."""

from dataclasses import dataclass
from reporting.models import ReportingCycle
from typing import Callable

from bodies.models import SectoralBody
from dashboard import annual_report as annual
from monitoring import roles
from national import roles as national_roles
from national import summary as national_summary
from workplan.models import PriorityArea


@dataclass(frozen=True)
class Builder:
    label: str
    build: Callable  # (DocumentBuild) → (file name, bytes)
    may_have: Callable  # (user, DocumentBuild) → bool
    of_signed_version: bool = False  # its parameters name a signed version of the annual report ("version")


def _cycle_and_scope(build):
    params = build.params
    cycle = ReportingCycle.objects.select_related("plan").filter(plan=build.plan, year=params["cycle"]).first()
    if cycle is None:
        raise ValueError(f"The {build.plan} has no reporting cycle {params['cycle']}.")
    area = PriorityArea.objects.get(plan=build.plan, number=params["priority_area"]) if params.get("priority_area") else None
    body = SectoralBody.objects.get(abbreviation=params["body"]) if params.get("body") else None
    return cycle, area, body


def build_annual_report_xlsx(build):
    """The whole annual report of a cycle as .xlsx, narrowed as it was on the page that asked for it."""
    cycle, area, body = _cycle_and_scope(build)
    return annual.xlsx_filename(cycle), annual.write_xlsx(cycle, priority_area=area, body=body)


def _draft_document(build, render, extension):
    """The annual report as it stands now, not signed off, drawn from a snapshot taken for the purpose."""
    from annualreports import documents
    from annualreports.models import AnnualReportText

    cycle, area, body = _cycle_and_scope(build)
    text = AnnualReportText.objects.filter(cycle=cycle).first()
    doc = documents.snapshot(annual.for_cycle(cycle, priority_area=area, body=body), text)
    return f"{cycle.plan.slug}-annual-report-{cycle.year}-draft.{extension}", render(doc)


def build_annual_report_pdf(build):
    from annualreports.documents import render_pdf

    return _draft_document(build, render_pdf, "pdf")


def build_annual_report_docx(build):
    from annualreports.documents import render_docx

    return _draft_document(build, render_docx, "docx")


def _signed_version(build):
    from annualreports.models import AnnualReportVersion

    return AnnualReportVersion.objects.signed().get(
        cycle__plan=build.plan, cycle__year=build.params["cycle"], number=build.params["version"])


def build_signed_pdf(build):
    from annualreports.services import signed_file

    return signed_file(_signed_version(build), "pdf")


def build_signed_docx(build):
    from annualreports.services import signed_file

    return signed_file(_signed_version(build), "docx")


def may_see_overview(user, build):
    return roles.can_see_all_reports(user) or roles.is_administrator(user)


def _national_summary(build, extension, render):
    if build.plan.is_work_plan:
        raise ValueError(f"The {build.plan} is a work plan: Member States report on plans of action.")
    cycle = ReportingCycle.objects.select_related("plan").get(plan=build.plan, year=build.params["cycle"])
    return f"{build.plan.slug}-summary-report-{cycle.year}.{extension}", render(national_summary.Summary.of(cycle))


def build_national_summary_xlsx(build):
    return _national_summary(build, "xlsx", lambda summary: national_summary.summary_databook(summary).export("xlsx"))


def build_national_summary_pdf(build):
    from national.documents import render_pdf

    return _national_summary(build, "pdf", render_pdf)


def build_national_summary_docx(build):
    from national.documents import render_docx

    return _national_summary(build, "docx", render_docx)


def may_see_national_reports(user, build):
    return national_roles.can_see_all(user)


BUILDERS = {
    "annual-report-xlsx": Builder("Annual report (Excel)", build_annual_report_xlsx, may_see_overview),
    "national-summary-xlsx": Builder("Chair's summary report (Excel)", build_national_summary_xlsx, may_see_national_reports),
    "national-summary-pdf": Builder("Chair's summary report (PDF)", build_national_summary_pdf, may_see_national_reports),
    "national-summary-docx": Builder("Chair's summary report (Word)", build_national_summary_docx, may_see_national_reports),
    "annual-report-pdf": Builder("Annual report, draft (PDF)", build_annual_report_pdf, may_see_overview),
    "annual-report-docx": Builder("Annual report, draft (Word)", build_annual_report_docx, may_see_overview),
    "signed-annual-report-pdf": Builder("Annual report as signed off (PDF)", build_signed_pdf, may_see_overview, True),
    "signed-annual-report-docx": Builder("Annual report as signed off (Word)", build_signed_docx, may_see_overview, True),
}
