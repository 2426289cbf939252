"""The chair's annual summary report, the three-yearly review and a plan's final report as official
documents. What each says and how it is drawn lives in annualreports (`summary_document`,
`review_document`, `final_report`); this module fits them to the engine: the engine keeps the authors'
text and the signatories, the kind compiles the figures (`snapshot["compiled"]`) and draws both."""

from django.http import Http404

from annualreports import final_report, review_document, summary_document
from national import roles as national_roles
from national.models import FocalPoint, Review
from reporting.models import ReportingCycle
from reporting.roles import COCHAIRS

from . import kinds


def _is_cochair(user):
    """An MTF co-chair, from the groups the engine asks once per request (every kind asks, on every page)."""
    return COCHAIRS in kinds.groups_of(user)


def _drawn(snapshot):
    """The annualreports module's own snapshot (its figures with the authors' text), and the status line."""
    return {**snapshot["compiled"], "text": snapshot.get("text") or {}}, snapshot.get("status_line", "")


def _without_text(compiled):
    compiled = dict(compiled)
    compiled.pop("text", None)  # the engine keeps the authors' text beside the figures
    return compiled


def _renderers(module):
    def render_html(snapshot, *, reader=None):
        doc, line = _drawn(snapshot)
        return module.render_html(doc, reader=reader, signature_line=line)

    def render_pdf(snapshot, *, reader=None):
        doc, line = _drawn(snapshot)
        return module.render_pdf(doc, reader=reader, signature_line=line)

    def render_docx(snapshot, *, reader=None):
        doc, line = _drawn(snapshot)
        return module.render_docx(doc, reader=reader, signature_line=line)

    return render_html, render_pdf, render_docx


# The chair's summary --------------------------------------------------------------------------------------

def compile_summary(document):
    cycle = ReportingCycle.objects.select_related("plan").filter(plan=document.plan, year=document.year).first()
    if cycle is None:
        raise Http404(f"The {document.plan} has no reporting cycle {document.year}.")
    return _without_text(summary_document.compile(document.plan, cycle))


def narrow_summary(snapshot, user):
    """A focal point reads their own state's answers and those of the states that shared theirs; anyone
    else who may not read it in full reads nothing of it."""
    if not FocalPoint.objects.filter(user=user).exists():
        return None
    return {**snapshot, "compiled": summary_document.narrow(snapshot["compiled"], user)}


def _summary_role(user, plan):
    if national_roles.can_review(user):
        return "Lead Shepherd on CT" if plan.slug in summary_document.AUTHORS else "Chair of the SOMTC WG on CT"
    return "ASEAN Secretariat"


summary_html, summary_pdf, summary_docx = _renderers(summary_document)

SUMMARY = kinds.DocumentKind(
    slug="summary", title=summary_document.title, sections=summary_document.SECTIONS,
    applies_to=summary_document.applies_to, compile=compile_summary, render_html=summary_html,
    render_docx=summary_docx, render_pdf=summary_pdf,
    writers=lambda user, plan: national_roles.can_review(user),
    # The chair (for the ACPoA the Lead Shepherd) signs; with the Secretariat, as §21 has them report together.
    signers=lambda user, plan: national_roles.can_review(user) or national_roles.can_see_all(user),
    signatures_needed=1, may_read_full=lambda user, plan: national_roles.can_see_all(user) or _is_cochair(user),
    narrow=narrow_summary, role_of=_summary_role, states=("awaiting", "signed", "withdrawn"),
    signers_label="the chair (Lead Shepherd) or the ASEAN Secretariat", signer_title="signatory",
    file_stem="summary-report",
)


# The three-yearly review ----------------------------------------------------------------------------------

def review_of(document):
    review = document.review or Review.objects.filter(plan=document.plan, last_year=document.year).order_by(
        "-first_year").first()
    if review is None:
        raise Http404(f"No review of the {document.plan} ends in {document.year}.")
    return review


def compile_review(document):
    return _without_text(review_document.compile(document.plan, review_of(document)))


review_html, review_pdf, review_docx = _renderers(review_document)

REVIEW = kinds.DocumentKind(
    slug="review", title=review_document.title, sections=review_document.SECTIONS,
    applies_to=review_document.applies_to, compile=compile_review, render_html=review_html,
    render_docx=review_docx, render_pdf=review_pdf,
    writers=lambda user, plan: user.has_perm("national.change_review"),
    # The Secretariat submits the review to SOMTC: its signature freezes the version, the AMMTC's
    # endorsement (recorded in the reporting line's register) makes it final.
    signers=lambda user, plan: user.has_perm("national.change_review"),
    signatures_needed=1, may_read_full=lambda user, plan: review_document.may_read_full(user, plan),
    freezes_on=kinds.ENDORSEMENT, role_of=lambda user, plan: "ASEAN Secretariat",
    signers_label="the ASEAN Secretariat", signer_title="ASEAN Secretariat", file_stem="review",
    needs_review=True,
)


# A plan's final report ------------------------------------------------------------------------------------

def _final_signer(user, plan):
    """As final_report.signs, with the co-chairs' group asked once per request."""
    return _is_cochair(user) if plan.is_work_plan else national_roles.can_review(user)


def compile_final(document):
    return _without_text(final_report.compile(document.plan, document.year))


final_html, final_pdf, final_docx = _renderers(final_report)

FINAL_REPORT = kinds.DocumentKind(
    slug="final-report", title=final_report.title, sections=final_report.SECTIONS,
    applies_to=final_report.applies_to, compile=compile_final, render_html=final_html,
    render_docx=final_docx, render_pdf=final_pdf,
    writers=lambda user, plan: _final_signer(user, plan) or user.has_perm("national.change_review"),
    signers=lambda user, plan: _final_signer(user, plan), signatures_needed=1,
    may_read_full=lambda user, plan: (national_roles.can_see_all(user) or _is_cochair(user)
                                      or user.has_perm("monitoring.view_all_activityreports")),
    states=("awaiting", "signed", "submitted", "endorsed", "withdrawn"), file_stem="final-report",
)


def register_national_kinds():
    for kind in (SUMMARY, REVIEW, FINAL_REPORT):
        kinds.register(kind)
