"""The writes every kind of report shares: locking against stale saves, new versions, documents, and
the workflow's steps (submit, return, accept or acknowledge, reopen, share), each written once.

A step takes the report kind's own rules from its model: its transitions table (which step leads
where), its people (reporting.permissions), what it lacks before it can be sent, and the words of its
messages. Every step is atomic, checks who may take it, and leaves the report fully changed or
untouched; it records who took it, when and why, and tells the apps above (reporting.signals) inside
its transaction, so that the emails it causes are written with it.

Permission problems raise PermissionDenied (a 403 in the views); a report that cannot take the step
raises WorkflowError with a message for the person; a report changed by someone else since it was
opened raises StaleReportError.
"""

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from . import permissions
from .documents import detected_content_type
from .sensitivity import Sensitivity
from .signals import comment_posted, marks_changed, step_taken


class WorkflowError(Exception):
    """A step the report cannot take in its present state; the message says why."""


class CommentRequired(WorkflowError):
    """The step needs a comment (returning a report says what to change)."""


class StaleReportError(Exception):
    """The report was saved by someone else after this person opened it."""

    def __init__(self, message, *, current_version):
        super().__init__(message)
        self.current_version = current_version


def refuse_if_frozen(cycle):
    if cycle.is_frozen:
        raise WorkflowError(_("The %(plan)s has ended: its reports are kept as they were.") % {"plan": cycle.plan})


def refuse_if_closed(cycle, user):
    """Writers work in an open cycle; an administrator may still correct a closed one."""
    if not cycle.is_open and not permissions.is_administrator(user):
        raise WorkflowError(_("The %(year)s reporting cycle is closed.") % {"year": cycle.year})


def lock(report, *, expected_version=None):
    """The report's row, locked until the transaction ends; refused if saved since `expected_version`.

    Any model with a `version` field takes it: reports of every kind, reviews, documents.
    """
    locked = type(report)._default_manager.select_for_update().get(pk=report.pk)
    if expected_version is not None and locked.version != expected_version:
        raise StaleReportError(
            _("Someone else saved this report after you opened it. Your changes are still in the form below; "
              "open the report again in another tab to see theirs, then save yours again."),
            current_version=locked.version,
        )
    return locked


def save_new_version(locked, **fields):
    """Set `fields` on a row taken with `lock`, validate it, and save it (every save is the report's next
    version: see reporting.models.Versioned)."""
    for name, value in fields.items():
        setattr(locked, name, value)
    locked.full_clean()
    locked.save()
    return locked


def refuse_unless_editable(report, user):
    if not permissions.may_edit(user, report):
        raise PermissionDenied(_("This report cannot be edited now."))


# --- documents -----------------------------------------------------------------------------------

def add_document(*, report, user, uploaded, description="", sensitivity=Sensitivity.RESTRICTED):
    """Attach a file, already checked by `reporting.documents.validate_document`, to any report that has
    `documents`, with the type its first bytes show (never the type the uploading browser claimed)."""
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
        sensitivity=sensitivity,
        uploaded_by=user,
    )
    document.full_clean()
    document.save()
    return document


@transaction.atomic
def remove_document(*, document, user):
    report = lock(document.report)
    refuse_unless_editable(report, user)
    document.file.delete(save=False)
    document.delete()
    report.save(update_fields=["updated_at"])  # a new version: the document list changed


def may_mark_documents(user, report):
    """Change who may read a report's documents: its writers while they have it, and whoever decides its
    sharing (the national focal point, a body's staff) also once it is sent, while its plan runs."""
    return permissions.may_edit(user, report) or permissions.may_share(user, report)


@transaction.atomic
def mark_document(*, document, user, sensitivity):
    """Change a document's mark (reporting.sensitivity); a new version of its report, recorded in the audit log."""
    report = lock(document.report)
    if not may_mark_documents(user, report):
        raise PermissionDenied(_("You cannot change who may read this report's documents."))
    if sensitivity not in Sensitivity.values:
        raise WorkflowError(_("Choose public, ASEAN restricted or confidential."))
    before = document.sensitivity
    if before != sensitivity:
        type(document)._default_manager.filter(pk=document.pk).update(sensitivity=sensitivity)
        document.sensitivity = sensitivity
        report.save(update_fields=["updated_at"])  # a new version: who may read it changed
        marks_changed.send(sender=type(report), report=report, user=user,
                           changes=[(f"document {document.original_name}", before, sensitivity)])
    return document


# --- the workflow ----------------------------------------------------------------------------------

def move(report, *, user, to_state, comment=""):
    """One workflow step of a locked report, allowed by its transitions table: recorded with who, when
    and why, saved as a new version, and told to the listeners."""
    step = report.step_to(to_state)
    if step is None:
        raise WorkflowError(_("A %(state)s report cannot become %(to)s.")
                            % {"state": report.get_state_display().lower(), "to": type(report).State(to_state).label.lower()})
    report.transitions.create(from_state=report.state, to_state=to_state, by=user, comment=comment)
    report.state = to_state
    if step == "submit":
        report.submitted_at = timezone.now()
        report.first_submitted_at = report.first_submitted_at or report.submitted_at
    report.save()
    step_taken.send(sender=type(report), report=report, step=step, user=user, comment=comment)
    return report


def _locked_for(report, *, user, step):
    """`report` locked for `step`, or why `user` may not take it: the table has no such step from its
    state, or they may not take it."""
    report = lock(report)
    refuse_if_frozen(report.cycle)
    model = type(report)
    to_state = model.state_reached_by(step)
    if report.step_to(to_state) != step:
        raise WorkflowError(_("Only a %(states)s report can be %(done)s; this one is %(state)s.") % {
            "states": _(" or ").join(str(model.State(state).label).lower() for state, steps in model.TRANSITIONS.items()
                                     if step in steps.values()),
            "done": model.STEP_WORDS[step], "state": report.get_state_display().lower(),
        })
    if not permissions.may_take(user, report, step):
        if step in ("return", "accept") and report.is_written_by(user):
            raise PermissionDenied(report.own_review_refusal())
        raise PermissionDenied(_("Only %(who)s can do this.") % {"who": model.STEP_TAKERS[step]})
    return report, to_state


@transaction.atomic
def submit(*, report, user):
    """Draft or returned → submitted, once the report has all its kind asks."""
    report, to_state = _locked_for(report, user=user, step="submit")
    missing = report.missing_for_submission()
    if missing:
        raise WorkflowError(str(report.MISSING_MESSAGE) % {"missing": "; ".join(str(item) for item in missing)})
    return move(report, user=user, to_state=to_state)


@transaction.atomic
def return_for_revision(*, report, user, comment):
    """Submitted → returned to its writers, with a comment saying what to change."""
    report, to_state = _locked_for(report, user=user, step="return")
    if not comment.strip():
        raise CommentRequired(_("Say what needs changing: a returned report needs a comment."))
    return move(report, user=user, to_state=to_state, comment=comment.strip())


@transaction.atomic
def accept(*, report, user, comment=""):
    """Submitted → accepted (an activity report) or acknowledged (a national report)."""
    report, to_state = _locked_for(report, user=user, step="accept")
    return move(report, user=user, to_state=to_state, comment=comment.strip())


@transaction.atomic
def reopen(*, report, user, reason):
    """Accepted or acknowledged → draft again, for its writers to revise and submit anew: the only way
    such a report changes. Recorded as a step with its reason, audited and told to its writers."""
    report, to_state = _locked_for(report, user=user, step="reopen")
    if not reason.strip():
        raise WorkflowError(_("Say why the report is reopened: the reason is shown to its writers and kept."))
    return move(report, user=user, to_state=to_state, comment=reason.strip())


def accept_many(*, reports, user, comment=""):
    """Accept (acknowledge) several submitted reports, each in its own step, transaction, audit event
    and email. Returns (accepted, refused): a report that cannot be accepted (taken by another reviewer
    meanwhile, one's own) is listed with the reason and does not stop the others."""
    accepted, refused = [], []
    for report in reports:
        try:
            accepted.append(accept(report=report, user=user, comment=comment))
        except (WorkflowError, PermissionDenied) as error:
            refused.append((report, str(error)))
    return accepted, refused


@transaction.atomic
def share(*, report, user, shared):
    """Change whether the report is shared with its kind's other readers (a national report with the other
    Member States), before or after it is sent: a step of its own, kept in its history and told."""
    report = lock(report)
    refuse_if_frozen(report.cycle)
    if not permissions.may_share(user, report):
        raise PermissionDenied(_("Only %(who)s decides whether the report is shared.") % {"who": type(report).STEP_TAKERS["submit"]})
    if report.shared_with_member_states != shared:
        save_new_version(report, shared_with_member_states=shared)
        step_taken.send(sender=type(report), report=report, step="share", user=user, comment="")
    return report


@transaction.atomic
def post_comment(*, report, user, text):
    """A message in the report's thread, outside the workflow: for its writers and its readers in full."""
    if not permissions.may_comment(user, report):
        raise PermissionDenied(_("Only those who write this report and those who review it can comment on it."))
    comment = report.comments.model(report=report, author=user, text=text.strip())
    comment.full_clean()
    comment.save()
    comment_posted.send(sender=type(comment), comment=comment)
    return comment
