"""The co-chairs' annual status and implementation report (Work Plan §III.b) as an official document:
its figures and entries compiled by annualreports, its text written and signed off by both MTF
co-chairs, read once signed by every signed-in member of the plan's reporting."""

from monitoring import roles
from reporting.models import ReportingCycle
from reporting.permissions import is_administrator
from reporting.roles import COCHAIRS, SECRETARIAT, WG_CHAIR

from . import kinds

SLUG = "annual-report"

SECTIONS = (
    ("executive_summary", "Executive summary", "The co-chairs' overview of the year, for SOMTC and the AMMTC."),
    ("challenges", "Challenges", "What held implementation back."),
    ("recommendations", "Recommendations to SOMTC and the AMMTC", "What the co-chairs recommend."),
)


def applies_to(plan):
    return plan.kind == plan.Kind.WORK_PLAN


def title(plan, year):
    return f"{plan.short_name} status and implementation report {year}"


def compile_figures(document):
    """The figures and entries of the cycle's whole report, as annualreports compiles them, without the
    authors' text (the engine's) and without the moment it was drawn (which would change every digest)."""
    from annualreports import annual_report, documents

    cycle = ReportingCycle.objects.select_related("plan").get(plan=document.plan, year=document.year)
    compiled = documents.snapshot(annual_report.for_cycle(cycle))
    compiled.pop("text", None)
    compiled.pop("drawn_at", None)
    return compiled


def _annual_doc(snapshot):
    """The dict annualreports' templates draw, from the engine's snapshot."""
    return {**snapshot["compiled"], "text": {**dict.fromkeys(name for name, *_ in SECTIONS), **snapshot["text"]},
            "signature_line": snapshot.get("status_line", "")}


def render_html(snapshot, *, reader=None):
    from annualreports import documents

    return documents.render_html(_annual_doc(snapshot))


def render_pdf(snapshot, *, reader=None):
    from annualreports import documents

    return documents.render_pdf(_annual_doc(snapshot))


def render_docx(snapshot, *, reader=None):
    from annualreports import documents

    return documents.render_docx(_annual_doc(snapshot))


def is_cochair(user, plan=None):
    return COCHAIRS in kinds.groups_of(user)


writers = signers = is_cochair


def may_read_full(user, plan):
    """A signed annual report is an MTF document: every signed-in member of the plan's reporting reads it
    (the sectoral bodies' staff, the co-chairs, the WG chair, the Secretariat, the administrators)."""
    if not user.is_authenticated:
        return False
    if kinds.groups_of(user) & {COCHAIRS, WG_CHAIR, SECRETARIAT} or is_administrator(user):
        return True
    return kinds.is_staff_of_a_body(user)


def signer_pool(plan):
    return roles.cochairs()


def role_of(user, plan):
    return "MTF co-chair"


ANNUAL_REPORT = kinds.DocumentKind(
    slug=SLUG, title=title, sections=SECTIONS, applies_to=applies_to, compile=compile_figures,
    render_html=render_html, render_docx=render_docx, writers=writers, signers=signers, signatures_needed=2,
    may_read_full=may_read_full, render_pdf=render_pdf, role_of=role_of, signer_pool=signer_pool,
    states=("awaiting", "signed", "withdrawn"), signers_label="both MTF co-chairs", signer_title="co-chair", file_stem="annual-report",
)


def _draft(build, render, extension):
    """The annual report as it stands now, not signed off (narrowed as the page that asked for it was),
    with the co-chairs' text: what a signature would freeze."""
    from annualreports import annual_report, builders, documents

    from .models import Document

    cycle, area, body = builders.cycle_and_scope(build)
    document = Document.objects.filter(kind=SLUG, plan=cycle.plan, year=cycle.year).first()
    text = {name: ((document.text if document else {}) or {}).get(name, "") for name, *_ in SECTIONS}
    doc = {**documents.snapshot(annual_report.for_cycle(cycle, priority_area=area, body=body)), "text": text,
           "signature_line": "Draft: not signed off by the MTF co-chairs."}
    return f"{cycle.plan.slug}-annual-report-{cycle.year}-draft.{extension}", render(doc)


def build_draft_pdf(build):
    from annualreports import documents

    return _draft(build, documents.render_pdf, "pdf")


def build_draft_docx(build):
    from annualreports import documents

    return _draft(build, documents.render_docx, "docx")


def register_annual_report():
    from annualreports.builders import may_see_overview
    from builds.registry import Builder, register

    kinds.register(ANNUAL_REPORT)
    register("annual-report-pdf", Builder("Annual report, draft (PDF)", build_draft_pdf, may_see_overview))
    register("annual-report-docx", Builder("Annual report, draft (Word)", build_draft_docx, may_see_overview))
