"""The annual report's documents built by the worker: the whole report as .xlsx, the draft as PDF and
Word, and the files of a signed version. Registered with builds in AnnualReportsConfig.ready()."""

from django import forms

from bodies.models import SectoralBody
from builds.registry import Builder, register
from monitoring import roles
from reporting.models import ReportingCycle
from workplan.models import PriorityArea

from . import annual_report as annual
from . import documents, services
from .models import AnnualReportText, AnnualReportVersion


def _cycle_and_scope(build):
    params = build.params
    cycle = ReportingCycle.objects.select_related("plan").filter(plan=build.plan, year=params["cycle"]).first()
    if cycle is None:
        raise ValueError(f"The {build.plan} has no reporting cycle {params['cycle']}.")
    area = PriorityArea.objects.get(plan=build.plan, number=params["priority_area"]) if params.get("priority_area") else None
    body = SectoralBody.objects.get(abbreviation=params["body"]) if params.get("body") else None
    return cycle, area, body


def build_xlsx(build):
    """The whole annual report of a cycle as .xlsx, narrowed as it was on the page that asked for it."""
    cycle, area, body = _cycle_and_scope(build)
    return annual.xlsx_filename(cycle), annual.write_xlsx(cycle, priority_area=area, body=body)


def _draft_document(build, render, extension):
    """The annual report as it stands now, not signed off, drawn from a snapshot taken for the purpose."""
    cycle, area, body = _cycle_and_scope(build)
    text = AnnualReportText.objects.filter(cycle=cycle).first()
    doc = documents.snapshot(annual.for_cycle(cycle, priority_area=area, body=body), text)
    return f"{cycle.plan.slug}-annual-report-{cycle.year}-draft.{extension}", render(doc)


def build_draft_pdf(build):
    return _draft_document(build, documents.render_pdf, "pdf")


def build_draft_docx(build):
    return _draft_document(build, documents.render_docx, "docx")


def _signed_version(build):
    return AnnualReportVersion.objects.signed().get(
        cycle__plan=build.plan, cycle__year=build.params["cycle"], number=build.params["version"])


def build_signed_pdf(build):
    return services.signed_file(_signed_version(build), "pdf")


def build_signed_docx(build):
    return services.signed_file(_signed_version(build), "docx")


def may_see_overview(user, build):
    return roles.can_see_all_reports(user) or roles.is_administrator(user)


def check_signed_version(plan, params):
    """A signed version of the whole report: never narrowed to an area or a body."""
    version = params.get("version")
    signed = AnnualReportVersion.objects.signed().filter(cycle__plan=plan, cycle__year=params["cycle"], number=version)
    if version is None or not signed.exists() or params.get("priority_area") or params.get("body"):
        raise forms.ValidationError("No such signed version of the annual report.")


def register_builders():
    register("annual-report-xlsx", Builder("Annual report (Excel)", build_xlsx, may_see_overview))
    register("annual-report-pdf", Builder("Annual report, draft (PDF)", build_draft_pdf, may_see_overview))
    register("annual-report-docx", Builder("Annual report, draft (Word)", build_draft_docx, may_see_overview))
    register("signed-annual-report-pdf", Builder("Annual report as signed off (PDF)", build_signed_pdf, may_see_overview,
                                                 check_signed_version))
    register("signed-annual-report-docx", Builder("Annual report as signed off (Word)", build_signed_docx, may_see_overview,
                                                  check_signed_version))
