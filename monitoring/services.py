"""The writes of monitoring: starting, saving and moving reports through their workflow.

Every function is atomic, checks who may do it, and leaves the report either fully changed or
untouched. Permission problems raise PermissionDenied (a 403 in the views); a report that cannot take
the step raises WorkflowError with a message for the person; a report changed by someone else since
it was opened raises StaleReportError.
"""

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history

from bodies.models import Membership
from workplan.models import Activity

from . import notices, roles
from .forms import detected_content_type
from .models import ActivityReport, OutputAchievement, ReportComment


class WorkflowError(Exception):
    """A step the report cannot take in its present state; the message says why."""


class CommentRequired(WorkflowError):
    """The step needs a comment (returning a report says what to change)."""


class StaleReportError(Exception):
    """The report was saved by someone else after this person opened it."""

    def __init__(self, message, *, current_version):
        super().__init__(message)
        self.current_version = current_version


def may_report_on(*, user, activity, body):
    """Staff may report for a body they belong to, on an activity that body leads or is relevant to."""
    if roles.is_administrator(user):
        return Activity.objects.concerning([body]).filter(pk=activity.pk).exists()
    return (
        user.has_perm("monitoring.add_activityreport")
        and Membership.objects.filter(user=user, body=body).exists()
        and Activity.objects.concerning([body]).filter(pk=activity.pk).exists()
    )


@transaction.atomic
def start_report(*, activity, cycle, body, user) -> ActivityReport:
    """The report of `body` on `activity` in `cycle`: the existing one, or a new draft with a line per output."""
    existing = ActivityReport.objects.filter(activity=activity, cycle=cycle, implementing_body=body).first()
    if existing:
        return existing
    if activity.plan_id != cycle.plan_id:
        raise WorkflowError(_("Activity %(code)s is not of the plan of the %(cycle)s.") % {"code": activity.code, "cycle": cycle})
    refuse_if_ended(cycle.plan)
    if not may_report_on(user=user, activity=activity, body=body):
        raise PermissionDenied(_("%(body)s cannot report on this activity.") % {"body": body})
    if not cycle.is_open and not roles.is_administrator(user):
        raise WorkflowError(_("The %(year)s reporting cycle is closed.") % {"year": cycle.year})
    report = ActivityReport(activity=activity, cycle=cycle, implementing_body=body, created_by=user)
    report.follows_up = report.earlier_with_recommendations()
    report.full_clean()
    report.save()
    bulk_create_with_history(
        [OutputAchievement(report=report, output=output) for output in activity.outputs.all()], OutputAchievement
    )
    return report


def _refuse_if_own_body(report, user):
    if report.is_of_body_of(user):
        raise PermissionDenied(
            _("You belong to %(body)s: its reports are reviewed by someone who does not.") % {"body": report.implementing_body}
        )


def refuse_if_ended(plan):
    if plan.is_ended:
        raise WorkflowError(_("The %(plan)s has ended: its reports are kept as they were.") % {"plan": plan})


def lock(report, *, expected_version=None):
    """The report's row, locked until the transaction ends; refused if saved since `expected_version`.

    Any report with a `version` field takes it: activity reports and Member States' national reports alike.
    """
    locked = type(report)._default_manager.select_for_update().get(pk=report.pk)
    if expected_version is not None and locked.version != expected_version:
        raise StaleReportError(
            _("Someone else saved this report after you opened it. Your changes are still in the form below; "
              "open the report again in another tab to see theirs, then save yours again.")
            , current_version=locked.version
        )
    return locked


def save_new_version(locked, **fields):
    """Set `fields` on a row taken with `lock`, validate it, and save it (every save is the report's next
    version: see VersionedReport)."""
    for name, value in fields.items():
        setattr(locked, name, value)
    locked.full_clean()
    locked.save()
    return locked


@transaction.atomic
def update_report(*, report, user, expected_version, fields, member_states, achievements, documents=()):
    """Save what staff entered: the report's fields, its Member States, its output achievements and new documents.

    `achievements` maps an OutputAchievement's pk to a dict of level/evidence/figure; `documents`
    is a list of (uploaded file, description) already validated by the form.
    """
    locked = lock(report, expected_version=expected_version)
    if not locked.is_editable_by(user):
        raise PermissionDenied(_("This report cannot be edited now."))
    save_new_version(locked, **fields)
    locked.participating_member_states.set(member_states)
    rows = {row.pk: row for row in locked.achievements.select_related("output")}
    for pk, values in achievements.items():
        row = rows[pk]
        for name, value in values.items():
            setattr(row, name, value)
        row.full_clean()
        row.save()
    for uploaded, description in documents:
        add_document(report=locked, user=user, uploaded=uploaded, description=description)
    report.version = locked.version
    return locked


def add_document(*, report, user, uploaded, description=""):
    """Attach a file, already checked by `validate_document`, to any report that has `documents`, with the
    type its first bytes show (never the type the uploading browser claimed)."""
    uploaded.seek(0)
    head = uploaded.read(16)
    uploaded.seek(0)
    document = report.documents.model(
        report=report,
        file=uploaded,
        original_name=uploaded.name[:255],
        content_type=detected_content_type(uploaded.name, head),
        size=uploaded.size,
        description=description,
        uploaded_by=user,
    )
    document.full_clean()
    document.save()
    return document


@transaction.atomic
def remove_document(*, document, user):
    report = lock(document.report)
    if not report.is_editable_by(user):
        raise PermissionDenied(_("This report cannot be edited now."))
    document.file.delete(save=False)
    document.delete()
    report.save(update_fields=["updated_at"])  # a new version: the document list changed


def missing_fields_for_submission(report):
    """What section IV asks of a report that this one still lacks: field name → what to do, for the person.

    "achievements" stands for the expected outputs whose achievement is not yet assessed."""
    missing = {}
    Status = ActivityReport.Status  # the fields checked are ActivityReport.NEEDED_FOR_SUBMISSION
    if report.implementation_status == Status.NOT_STARTED:
        # "Not started" is the status a new report starts with, so it reads as filled in: say what to choose.
        missing["implementation_status"] = _(
            "choose the status of implementation: “Not started” is where a report begins, "
            "so say whether the activity is planned, ongoing, completed or cancelled"
        )
    if report.implementation_status in (Status.ONGOING, Status.COMPLETED) and not report.start_date:
        missing["start_date"] = _("give the date(s) the activity was organised")
    if not report.assessment.strip():
        missing["assessment"] = _("write the assessment")
    if not report.recommendations.strip():
        missing["recommendations"] = _("write the recommendations")
    if report.follows_up_id and not report.follow_up_status:
        missing["follow_up_status"] = _("say what came of the %(year)s recommendations") % {"year": report.follows_up.cycle.year}
    unassessed = report.achievements.filter(level="").count()
    if unassessed:
        missing["achievements"] = _("assess the achievement of %(count)d expected output(s)") % {"count": unassessed}
    return missing


def missing_for_submission(report):
    """What section IV asks of a report that this one still lacks, as sentences for the person."""
    return list(missing_fields_for_submission(report).values())


def move(report, *, user, to_state, comment=""):
    """One workflow step of any report with `transitions`: recorded with who, when and why, and saved as a
    new version."""
    report.transitions.create(from_state=report.state, to_state=to_state, by=user, comment=comment)
    report.state = to_state
    if to_state == type(report).State.SUBMITTED:
        report.submitted_at = timezone.now()
        if hasattr(report, "first_submitted_at"):  # activity reports: what "received on time" compares
            report.first_submitted_at = report.first_submitted_at or report.submitted_at
    report.save()


def submit(report, *, user, allowed, refusal, missing_for_submission, missing_message=None):
    """Draft or returned → submitted, for any report: `allowed` says whether `user` may send it
    (`refusal` the message if not), `missing_for_submission` lists what it still lacks, which
    `missing_message` (with `%(missing)s`) tells the person."""
    report = lock(report)
    refuse_if_ended(report.cycle.plan)
    State = type(report).State
    if report.state not in (State.DRAFT, State.RETURNED):
        raise WorkflowError(_("Only a draft or returned report can be submitted; this one is %(state)s.")
                            % {"state": report.get_state_display().lower()})
    if not allowed(report, user):
        raise PermissionDenied(refusal)
    missing = missing_for_submission(report)
    if missing:
        raise WorkflowError((missing_message or _("Before submitting, fill in: %(missing)s.")) % {"missing": "; ".join(missing)})
    move(report, user=user, to_state=State.SUBMITTED)
    return report


@transaction.atomic
def submit_report(*, report, user) -> ActivityReport:
    """Draft or returned → submitted, once every section IV item is there."""
    report = submit(
        report, user=user, allowed=ActivityReport.is_editable_by, refusal=_("You cannot submit this report."),
        missing_for_submission=missing_for_submission, missing_message=_("Before submitting, %(missing)s."),
    )
    notices.report_submitted(report, user=user)
    return report


def _locked_for_review(report, user, *, done, do):
    """`report` locked for a co-chair's review step, or the reason `user` may not take it: the report
    is not (or no longer) submitted, it is their own body's, or they are no co-chair."""
    report = lock(report)
    refuse_if_ended(report.cycle.plan)
    if not report.can_be_reviewed_by(user):
        if report.state != ActivityReport.State.SUBMITTED:
            raise WorkflowError(_("Only a submitted report can be %(done)s.") % {"done": done})
        _refuse_if_own_body(report, user)
        raise PermissionDenied(_("Only the MTF co-chairs can %(do)s reports.") % {"do": do})
    return report


@transaction.atomic
def return_report(*, report, user, comment) -> ActivityReport:
    """Submitted → returned to its body, with a comment saying what to change."""
    report = _locked_for_review(report, user, done=_("returned"), do=_("return"))
    if not comment.strip():
        raise CommentRequired(_("Say what needs changing: a returned report needs a comment."))
    move(report, user=user, to_state=ActivityReport.State.RETURNED, comment=comment.strip())
    notices.report_returned(report, user=user, comment=comment.strip())
    return report


@transaction.atomic
def accept_report(*, report, user, comment="") -> ActivityReport:
    """Submitted → accepted by an MTF co-chair."""
    report = _locked_for_review(report, user, done=_("accepted"), do=_("accept"))
    move(report, user=user, to_state=ActivityReport.State.ACCEPTED, comment=comment.strip())
    notices.report_accepted(report, user=user, comment=comment.strip())
    return report


@transaction.atomic
def reopen_report(*, report, user, reason) -> ActivityReport:
    """Accepted → draft again, for its body to revise and submit anew: the only way an accepted report
    changes. Recorded as a step with its reason, audited, and told to the body's staff."""
    report = lock(report)
    refuse_if_ended(report.cycle.plan)
    if not report.can_be_reopened_by(user):
        if report.state != ActivityReport.State.ACCEPTED:
            raise WorkflowError(_("Only an accepted report can be reopened."))
        raise PermissionDenied(_("Only the MTF co-chairs and administrators can reopen an accepted report."))
    if not reason.strip():
        raise WorkflowError(_("Say why the report is reopened: the reason is shown to its body and kept."))
    move(report, user=user, to_state=ActivityReport.State.DRAFT, comment=reason.strip())
    notices.report_reopened(report, user=user, reason=reason.strip())
    return report


def accept_reports(*, reports, user, comment=""):
    """Accept several submitted reports, each in its own step (and transaction, audit event and email).
    Returns (accepted, refused): a report that cannot be accepted (taken by the other co-chair
    meanwhile, one's own body's) is listed with the reason and does not stop the others."""
    accepted, refused = [], []
    for report in reports:
        try:
            accepted.append(accept_report(report=report, user=user, comment=comment))
        except (WorkflowError, PermissionDenied) as error:
            refused.append((report, str(error)))
    return accepted, refused


@transaction.atomic
def add_comment(*, report, user, text) -> ReportComment:
    if not report.may_comment(user):
        raise PermissionDenied(_("Only the body's staff and the co-chairs can comment on this report."))
    comment = ReportComment(report=report, author=user, text=text.strip())
    comment.full_clean()
    comment.save()
    notices.comment_added(comment)
    return comment
