"""The chair's summary report built by the worker, as .xlsx, PDF and Word. Registered with builds in
NationalConfig.ready()."""

from builds.registry import Builder, register

from . import documents, roles
from .summary import Summary, summary_databook


def _summary(build, extension, render):
    if build.plan.is_work_plan:
        raise ValueError(f"The {build.plan} is a work plan: Member States report on plans of action.")
    cycle = build.plan.cycles.select_related("plan").get(year=build.params["cycle"])
    # Rendered for the person who asked for it: what they may not read is left out (reporting.sensitivity).
    return f"{build.plan.slug}-summary-report-{cycle.year}.{extension}", render(Summary.of(cycle, build.requested_by))


def build_xlsx(build):
    return _summary(build, "xlsx", lambda summary: summary_databook(summary).export("xlsx"))


def build_pdf(build):
    return _summary(build, "pdf", documents.render_pdf)


def build_docx(build):
    return _summary(build, "docx", documents.render_docx)


def may_see_national_reports(user, build):
    return roles.can_see_all(user)


def register_builders():
    register("national-summary-xlsx", Builder("Chair's summary report (Excel)", build_xlsx, may_see_national_reports))
    register("national-summary-pdf", Builder("Chair's summary report (PDF)", build_pdf, may_see_national_reports))
    register("national-summary-docx", Builder("Chair's summary report (Word)", build_docx, may_see_national_reports))
