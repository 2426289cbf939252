"""The writes of the national reports: starting one (with last year's answers to confirm), saving an
area or the report as a whole, and the workflow draft → submitted → acknowledged | returned; and
the three-yearly reviews the ASEAN Secretariat compiles.

Built on the machinery every kind of report shares (reporting.services): the same locking against
stale saves, workflow steps, documents, and refusal on ended plans; the same errors.
"""

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history

from reporting import services as workflow
from reporting.signals import marks_changed
from reporting.services import (  # noqa: F401 (the errors this app's views catch)
    CommentRequired, StaleReportError, WorkflowError, add_document, lock, refuse_if_closed, refuse_if_frozen,
    refuse_unless_editable, save_new_version,
)
from workplan.models import ActionLine

from . import roles
from .models import AssistanceRequest, AssistanceStep, FocalPoint, NationalReport, ProvisionEntry, Review

__all__ = [
    "StaleReportError", "WorkflowError", "start_national_report", "update_entries", "confirm_area", "update_report",
    "missing_for_submission", "submit_national_report", "return_national_report", "acknowledge_national_report",
    "reopen_national_report", "acknowledge_national_reports", "share_national_report", "add_comment",
    "start_review", "update_review", "submit_review", "endorse_review", "open_assistance_requests",
    "take_assistance_step",
]


def may_report_for(*, user, member_state):
    if roles.is_administrator(user):
        return True
    return (
        user.has_perm("national.add_nationalreport")
        and FocalPoint.objects.held_by(user, member_state=member_state).exists()
    )


def previous_report(*, member_state, cycle):
    """The state's report of the latest earlier cycle of the same plan, if it has one."""
    return (
        NationalReport.objects.filter(member_state=member_state, cycle__plan_id=cycle.plan_id, cycle__year__lt=cycle.year)
        .order_by("-cycle__year")
        .first()
    )


@transaction.atomic
def start_national_report(*, member_state, cycle, user, carry_forward=True) -> NationalReport:
    """The state's report in `cycle`: the existing one, or a new draft with an entry per provision of the
    plan. With `carry_forward`, each entry takes last year's answers, marked for the state to confirm or update."""
    existing = NationalReport.objects.filter(member_state=member_state, cycle=cycle).first()
    if existing:
        return existing
    plan = cycle.plan
    if plan.is_work_plan:
        raise WorkflowError(_("Member States report on a plan of action, not on the %(plan)s.") % {"plan": plan})
    refuse_if_frozen(cycle)
    if member_state.joined_on > cycle.last_day_of_year:
        raise WorkflowError(_("%(state)s joined ASEAN on %(date)s: it reports from %(year)s on.")
                            % {"state": member_state, "date": f"{member_state.joined_on:%-d %B %Y}",
                               "year": member_state.joined_on.year})
    if not may_report_for(user=user, member_state=member_state):
        raise PermissionDenied(_("You do not report for %(state)s.") % {"state": member_state})
    refuse_if_closed(cycle, user)
    report = NationalReport(member_state=member_state, cycle=cycle, created_by=user)
    report.full_clean()
    report.save()
    earlier = {}
    if carry_forward:
        last = previous_report(member_state=member_state, cycle=cycle)
        if last is not None:
            earlier = {entry.provision_id: entry for entry in last.entries.all()}
    entries = []
    for provision in ActionLine.objects.filter(plan=plan).only("pk"):
        entry = ProvisionEntry(report=report, provision=provision)
        if provision.pk in earlier:
            for name in ProvisionEntry.CARRIED_FORWARD:
                setattr(entry, name, getattr(earlier[provision.pk], name))
            entry.carried_forward = True
        entries.append(entry)
    bulk_create_with_history(entries, ProvisionEntry)
    return report


@transaction.atomic
def update_entries(*, report, user, expected_version, entries):
    """Save what the state entered for some provisions (one area at a time). `entries` maps a
    ProvisionEntry's pk to its answers; an entry saved this way is confirmed, no longer carried forward."""
    locked = lock(report, expected_version=expected_version)
    refuse_unless_editable(locked, user)
    rows = {row.pk: row for row in locked.entries.filter(pk__in=list(entries)).select_related("provision")}
    if len(rows) != len(entries):
        raise WorkflowError(_("The provisions on this page are not those of the report; open the report again."))
    marks = []
    for pk, values in entries.items():
        row = rows[pk]
        # An area's form posts every answer of the area; only those it changes are written (each with its
        # history row): saving twenty unchanged answers cost a hundred queries and as many history rows.
        changed = {name: value for name, value in values.items() if getattr(row, name) != value}
        if not changed:
            continue
        if "sensitivity" in changed:
            marks.append((f"{row.provision.number}", row.sensitivity, changed["sensitivity"]))
        for name, value in changed.items():
            setattr(row, name, value)
        row.full_clean(exclude=["report", "provision"])  # both fixed above: no query to check they exist
        row.save()
    locked.save(update_fields=["updated_at"])  # a new version (VersionedReport)
    if marks:
        marks_changed.send(sender=NationalReport, report=locked, user=user, changes=marks)
    report.version = locked.version
    return locked


@transaction.atomic
def confirm_area(*, report, user, expected_version, area) -> NationalReport:
    """Confirm in one step every answer of `area` carried forward from last year, unchanged: as if each
    had been ticked "Still true this year" on the area's form. Returns the report, one version on."""
    locked = lock(report, expected_version=expected_version)
    refuse_unless_editable(locked, user)
    carried = locked.entries.filter(provision__priority_area=area, carried_forward=True).select_related("provision")
    for row in carried:
        row.carried_forward = False
        row.full_clean()
        row.save(update_fields=["carried_forward"])  # each entry's history records its confirmation
    locked.save(update_fields=["updated_at"])  # a new version (VersionedReport)
    report.version = locked.version
    return locked


@transaction.atomic
def update_report(*, report, user, expected_version, fields, documents=()):
    """Save the report as a whole: its general narrative, whether it is shared (a step of its own:
    reporting.services.share), and new documents (each an (uploaded file, description) already checked
    by the form, and its mark)."""
    locked = lock(report, expected_version=expected_version)
    refuse_unless_editable(locked, user)
    fields = dict(fields)
    shared = fields.pop("shared_with_member_states", locked.shared_with_member_states)
    if shared != locked.shared_with_member_states:
        locked = workflow.share(report=locked, user=user, shared=shared)
    narrative_mark = (locked.narrative_sensitivity, fields.get("narrative_sensitivity", locked.narrative_sensitivity))
    save_new_version(locked, **fields)
    if narrative_mark[0] != narrative_mark[1]:
        marks_changed.send(sender=NationalReport, report=locked, user=user, changes=[("narrative", *narrative_mark)])
    for uploaded, description, sensitivity in documents:
        add_document(report=locked, user=user, uploaded=uploaded, description=description, sensitivity=sensitivity)
    report.version = locked.version
    return locked


def missing_for_submission(report):
    return report.missing_for_submission()


# The workflow's steps are reporting.services', written once for every kind of report; these are
# their names in this app's views and tests.


@transaction.atomic
def submit_national_report(*, report, user):
    """Submit the report (reporting.services.submit), and open a request for assistance for each of its
    answers that asks for some: the need the state puts to the chair is the one it submits."""
    submitted = workflow.submit(report=report, user=user)
    open_assistance_requests(report=submitted, user=user)
    return submitted


def open_assistance_requests(*, report, user):
    """A request per answer of a submitted report that asks for assistance. Submitted again (after a
    return), the report updates the requests no partner has answered yet, and withdraws those it no longer
    makes; a request with an offer keeps its course."""
    today = timezone.localdate()
    asking = {entry.pk: entry for entry in report.entries.exclude(assistance_needed="").exclude(assistance_theme="")}
    existing = {request.entry_id: request for request in AssistanceRequest.objects.filter(entry__report=report)}
    for entry_pk, request in existing.items():
        if request.status != AssistanceRequest.Status.REQUESTED:
            continue
        entry = asking.get(entry_pk)
        if entry is None:
            request.delete()  # withdrawn before anyone answered it: nothing to follow
        elif (request.need, request.theme) != (entry.assistance_needed, entry.assistance_theme):
            request.need, request.theme = entry.assistance_needed, entry.assistance_theme
            request.save()
    for entry_pk, entry in asking.items():
        if entry_pk in existing:
            continue
        request = AssistanceRequest.objects.create(entry=entry, need=entry.assistance_needed,
                                                   theme=entry.assistance_theme, requested_on=today)
        AssistanceStep.objects.create(request=request, to_status=AssistanceRequest.Status.REQUESTED, on=today, by=user,
                                      note=_("Stated in the %(year)s national report.") % {"year": report.cycle.year})


@transaction.atomic
def take_assistance_step(*, request, user, step, on, note="", partner=None) -> AssistanceRequest:
    """The next step of a request for assistance (offer, deliver, close), taken by someone who may, on the
    date it happened; an offer names the partner that made it."""
    locked = AssistanceRequest.objects.select_for_update().select_related("entry__report").get(pk=request.pk)
    following = locked.next_step()
    if following is None or following[0] != step:
        raise WorkflowError(_("This request for assistance is %(status)s: it cannot take that step now.")
                            % {"status": locked.get_status_display().lower()})
    if not locked.may_take(user, step):
        raise PermissionDenied(_("You cannot take this step on this request for assistance."))
    if step == "offer" and partner is None:
        raise WorkflowError(_("Name the partner whose offer matched the request."))
    if on > timezone.localdate():
        raise WorkflowError(_("The date of a step cannot be in the future."))
    last = locked.steps.order_by("-on").values_list("on", flat=True).first()
    if last and on < last:
        raise WorkflowError(_("The date cannot be before the previous step (%(date)s).") % {"date": last})
    from_status, to_status = locked.status, following[1]
    locked.status = to_status
    if step == "offer":
        locked.partner = partner
    locked.full_clean()
    locked.save()
    AssistanceStep.objects.create(request=locked, from_status=from_status, to_status=to_status, on=on, by=user,
                                  note=note.strip(), partner=partner if step == "offer" else None)
    return locked
return_national_report = workflow.return_for_revision
acknowledge_national_report = workflow.accept
reopen_national_report = workflow.reopen
acknowledge_national_reports = workflow.accept_many
share_national_report = workflow.share
add_comment = workflow.post_comment


# --- the three-yearly review ---------------------------------------------------------------------

def _refuse_unless_secretariat(user):
    if not user.has_perm("national.change_review"):
        raise PermissionDenied(_("The ASEAN Secretariat compiles the reviews."))


@transaction.atomic
def start_review(*, plan, first_year, last_year, user) -> Review:
    """A draft review of the plan over the period; the existing one if that period has one already."""
    if not user.has_perm("national.add_review"):
        raise PermissionDenied(_("The ASEAN Secretariat compiles the reviews."))
    if plan.is_work_plan:
        raise WorkflowError(_("Reviews are of plans of action, not of the %(plan)s.") % {"plan": plan})
    existing = Review.objects.filter(plan=plan, first_year=first_year, last_year=last_year).first()
    if existing:
        return existing
    if Review.objects.filter(plan=plan, first_year__lte=last_year, last_year__gte=first_year).exists():
        raise WorkflowError(_("Another review of the %(plan)s covers some of these years.") % {"plan": plan})
    review = Review(plan=plan, first_year=first_year, last_year=last_year, created_by=user)
    review.full_clean()
    review.save()
    return review


@transaction.atomic
def update_review(*, review, user, expected_version, fields) -> Review:
    """Save the Secretariat's findings and recommendations."""
    locked = lock(review, expected_version=expected_version)
    if not locked.is_editable_by(user):
        raise PermissionDenied(_("Only a draft review can be changed, by the ASEAN Secretariat."))
    save_new_version(locked, **fields)
    review.version = locked.version
    return locked


def _move_review(review, user, *, to_state, date_field, on, refusal):
    """One step of a review, on the date it happened; `refusal(review)` says why it cannot be taken, if so."""
    review = lock(review)
    _refuse_unless_secretariat(user)
    problem = refusal(review)
    if problem:
        raise WorkflowError(problem)
    return save_new_version(review, state=to_state, **{date_field: on})


@transaction.atomic
def submit_review(*, review, user, on) -> Review:
    """Draft → submitted to SOMTC on the date given, once it has findings and recommendations."""

    def refusal(review):
        if review.state != Review.State.DRAFT:
            return _("Only a draft review can be submitted to SOMTC.")
        if not (review.findings.strip() and review.recommendations.strip()):
            return _("Write the findings and the recommendations before submitting the review.")

    return _move_review(review, user, to_state=Review.State.SUBMITTED, date_field="submitted_on", on=on, refusal=refusal)


@transaction.atomic
def endorse_review(*, review, user, on) -> Review:
    """Submitted → endorsed by the AMMTC on the date given."""

    def refusal(review):
        if review.state != Review.State.SUBMITTED:
            return _("Only a review submitted to SOMTC can be recorded as endorsed by the AMMTC.")
        if on < review.submitted_on:
            return _("The AMMTC cannot endorse the review before it went to SOMTC (%(date)s).") % {"date": review.submitted_on}

    return _move_review(review, user, to_state=Review.State.ENDORSED, date_field="endorsed_on", on=on, refusal=refusal)
