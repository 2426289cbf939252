"""The writes of monitoring: starting, saving and moving reports through their workflow.

Every function is atomic, checks who may do it, and leaves the report either fully changed or
untouched. Permission problems raise PermissionDenied (a 403 in the views); a report that cannot take
the step raises WorkflowError with a message for the person; a report changed by someone else since
it was opened raises StaleReportError.
"""

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.dispatch import receiver
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history

from bodies.models import Membership
from reporting import services as workflow
from reporting.signals import marks_changed, step_taken
from reporting.services import (  # noqa: F401 (the errors this app's views catch)
    CommentRequired, StaleReportError, WorkflowError, add_document, lock, refuse_if_closed, refuse_if_frozen,
    refuse_unless_editable, remove_document, save_new_version,
)
from workplan.models import Activity

from . import roles
from .models import ActivityReport, OutputAchievement, Participation


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
    refuse_if_frozen(cycle)
    if not may_report_on(user=user, activity=activity, body=body):
        raise PermissionDenied(_("%(body)s cannot report on this activity.") % {"body": body})
    refuse_if_closed(cycle, user)
    report = ActivityReport(activity=activity, cycle=cycle, implementing_body=body, created_by=user)
    report.follows_up = report.earlier_with_recommendations()
    report.full_clean()
    report.save()
    bulk_create_with_history(
        [OutputAchievement(report=report, output=output) for output in activity.outputs.all()], OutputAchievement
    )
    return report


@transaction.atomic
def update_report(*, report, user, expected_version, fields, member_states, achievements, documents=(),
                  partners=None):
    """Save what staff entered: the report's fields, its Member States (each with its role), its partners
    from the register, its output achievements and new documents.

    `member_states` maps a MemberState to its role (Participation.Role), or lists states that attended;
    `partners`, when given, are the partners of the register that supported the activity.

    `achievements` maps an OutputAchievement's pk to a dict of level/evidence/figure; `documents`
    is a list of (uploaded file, description, sensitivity mark) already validated by the form.
    """
    locked = lock(report, expected_version=expected_version)
    refuse_unless_editable(locked, user)
    set_participations(locked, member_states)
    if partners is not None:
        locked.supporting_partners.set(partners)
    # Saved last, so that the version in the history holds the states' roles and the partners too.
    save_new_version(locked, **fields)
    rows = {row.pk: row for row in locked.achievements.select_related("output")}
    for pk, values in achievements.items():
        row = rows[pk]
        for name, value in values.items():
            setattr(row, name, value)
        row.full_clean()
        row.save()
    for uploaded, description, sensitivity in documents:
        add_document(report=locked, user=user, uploaded=uploaded, description=description, sensitivity=sensitivity)
    report.version = locked.version
    return locked


def set_participations(report, member_states):
    """Make the report's Member States and their roles those of `member_states` ({state: role}, or states
    that attended). Through the related manager, so that the history and the dashboard hear of it."""
    if not isinstance(member_states, dict):
        member_states = {state: Participation.Role.ATTENDED for state in member_states}
    wanted = {state.pk: role for state, role in member_states.items()}
    stored = dict(report.participations.values_list("memberstate_id", "role"))
    gone = [pk for pk in stored if pk not in wanted]
    if gone:
        report.participating_member_states.remove(*gone)
    for pk, role in wanted.items():
        if pk in stored and stored[pk] != role:
            report.participations.filter(memberstate_id=pk).update(role=role)
    new = {}
    for pk, role in wanted.items():
        if pk not in stored:
            new.setdefault(role, []).append(pk)
    for role, pks in new.items():
        report.participating_member_states.add(*pks, through_defaults={"role": role})


# The workflow's steps are reporting.services', written once for every kind of report; these are
# their names in this app's views and tests.
submit_report = workflow.submit
return_report = workflow.return_for_revision
accept_report = workflow.accept
reopen_report = workflow.reopen
accept_reports = workflow.accept_many
add_comment = workflow.post_comment


@transaction.atomic
def mark_public_parts(*, report, user, parts) -> ActivityReport:
    """Make `parts` (names of ActivityReport.TEXT_PARTS) the accepted report's text published on the public
    pages; the others go back to restricted. A new version of the report, recorded in the audit log."""
    locked = lock(report)
    if not locked.can_be_published_by(user):
        raise PermissionDenied(_("Only the MTF co-chairs mark an accepted report's text public."))
    before = list(locked.public_parts)
    after = [part for part in ActivityReport.TEXT_PARTS if part in set(parts)]  # in the report's order
    if set(parts) - set(after):
        raise WorkflowError(_("Only the report's text parts can be marked public."))
    if after != before:
        save_new_version(locked, public_parts=after)
        marks_changed.send(sender=ActivityReport, report=locked, user=user,
                           changes=[("public parts", ", ".join(before), ", ".join(after))])
    report.version, report.public_parts = locked.version, locked.public_parts
    return locked


def missing_fields_for_submission(report):
    return report.missing_fields_for_submission()


def missing_for_submission(report):
    return report.missing_for_submission()


@receiver(step_taken, sender=ActivityReport, dispatch_uid="monitoring_keep_wording")
def _keep_wording(sender, report, step, **kwargs):
    """A report keeps the wording of the activity it was submitted, and then accepted, against: inside the
    step's transaction, so it stands or falls with the step."""
    if step in ("submit", "accept"):
        report.keep_wording()
