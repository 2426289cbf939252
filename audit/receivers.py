"""What the audit log listens to: the apps it records know nothing of it.

Rows loaded from a fixture or a backup (`raw` saves) are not events: they happened before and are
already in the restored log.
"""

from axes.signals import user_locked_out
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from meetings.models import Decision, DecisionNote, Meeting, MeetingDocument
from monitoring.models import ActivityReport, ReportDocument, ReportTransition
from national.models import NationalReport, NationalReportDocument, NationalReportTransition
from reporting.signals import marks_changed
from workplan.signals import indicator_changed, matrix_amended, matrix_imported

from .models import AuditEvent
from .services import record

Action = AuditEvent.Action

TRANSITION_ACTIONS = {
    ActivityReport.State.SUBMITTED: Action.REPORT_SUBMITTED,
    ActivityReport.State.RETURNED: Action.REPORT_RETURNED,
    ActivityReport.State.ACCEPTED: Action.REPORT_ACCEPTED,
    ActivityReport.State.DRAFT: Action.REPORT_REOPENED,
    NationalReport.State.ACKNOWLEDGED: Action.REPORT_ACKNOWLEDGED,
}


@receiver(user_logged_in, dispatch_uid="audit_login")
def _logged_in(sender, request, user, **kwargs):
    record(action=Action.LOGIN, user=user, request=request)


@receiver(user_login_failed, dispatch_uid="audit_login_failed")
def _login_failed(sender, credentials, request=None, **kwargs):
    # `credentials` has the password already masked by Django; only the username is kept.
    record(action=Action.LOGIN_FAILED, username=str(credentials.get("username", "")), request=request)


@receiver(user_logged_out, dispatch_uid="audit_logout")
def _logged_out(sender, request, user, **kwargs):
    record(action=Action.LOGOUT, user=user, request=request)


@receiver(user_locked_out, dispatch_uid="audit_lockout")
def _locked_out(sender, request, username, ip_address, **kwargs):
    event = record(action=Action.LOCKOUT, username=str(username or ""), request=request,
                   detail="Further logins of this username from this address are refused for the cool-off period.")
    if ip_address and not event.ip_address:
        AuditEvent.objects.filter(pk=event.pk).update(ip_address=ip_address)


@receiver(matrix_imported, dispatch_uid="audit_matrix_import")
def _matrix_imported(sender, result, user=None, source="", plan=None, **kwargs):
    totals = result.totals
    record(
        action=Action.MATRIX_IMPORT,
        user=user,
        label=source or "matrix spreadsheet",
        detail=f"{plan or 'Plan'}: {len(result.rows)} rows: {totals['new']} new, {totals['updated']} updated, "
        f"{totals['unchanged']} unchanged.",
    )


@receiver(matrix_amended, dispatch_uid="audit_matrix_amended")
def _matrix_amended(sender, amendment, step, user=None, plan=None, detail="", **kwargs):
    action = Action.AMENDMENT_APPLIED if step == "applied" else Action.AMENDMENT_RECORDED
    record(action=action, user=user, obj=amendment, detail=detail)


@receiver(post_save, sender=ActivityReport, dispatch_uid="audit_report_created")
@receiver(post_save, sender=NationalReport, dispatch_uid="audit_national_report_created")
def _report_saved(sender, instance, created, raw=False, **kwargs):
    if created and not raw:
        record(action=Action.REPORT_CREATED, user=instance.created_by, obj=instance)


@receiver(post_save, sender=ReportTransition, dispatch_uid="audit_report_transition")
@receiver(post_save, sender=NationalReportTransition, dispatch_uid="audit_national_report_transition")
def _transition_saved(sender, instance, created, raw=False, **kwargs):
    if created and not raw:
        record(
            action=TRANSITION_ACTIONS[instance.to_state],
            user=instance.by,
            obj=instance.report,
            detail=f"{instance.from_state} → {instance.to_state}" + (f": {instance.comment}" if instance.comment else ""),
        )


def _document_label(document):
    return f"{document.original_name} ({document.report})"


@receiver(post_save, sender=ReportDocument, dispatch_uid="audit_document_uploaded")
@receiver(post_save, sender=NationalReportDocument, dispatch_uid="audit_national_document_uploaded")
def _document_saved(sender, instance, created, raw=False, **kwargs):
    if created and not raw:
        record(
            action=Action.DOCUMENT_UPLOADED,
            user=instance.uploaded_by,
            obj=instance,
            label=_document_label(instance),
            url=instance.report.get_absolute_url(),
            detail=f"{instance.size} bytes, {instance.content_type}, {instance.get_sensitivity_display()}",
        )


@receiver(post_delete, sender=ReportDocument, dispatch_uid="audit_document_removed")
@receiver(post_delete, sender=NationalReportDocument, dispatch_uid="audit_national_document_removed")
def _document_deleted(sender, instance, **kwargs):
    record(
        action=Action.DOCUMENT_REMOVED,
        obj=instance,
        label=_document_label(instance),
        url=instance.report.get_absolute_url(),
    )


# Meetings and their decisions: recorded in the app by the Secretariat, the WG chair and the co-chairs,
# followed up by the decisions' owners.

@receiver(post_save, sender=Meeting, dispatch_uid="audit_meeting_saved")
def _meeting_saved(sender, instance, created, raw=False, **kwargs):
    if not raw:
        record(action=Action.MEETING_RECORDED if created else Action.MEETING_CHANGED, obj=instance)


@receiver(post_save, sender=Decision, dispatch_uid="audit_decision_saved")
def _decision_saved(sender, instance, created, raw=False, update_fields=None, **kwargs):
    # A status moved by a follow-up note is recorded with the note, which says who and why.
    if raw or (update_fields and set(update_fields) == {"status"}):
        return
    record(action=Action.DECISION_RECORDED if created else Action.DECISION_CHANGED, obj=instance,
           detail=f"Owner: {instance.owner or '—'}; due {instance.due_on or '—'}; {instance.get_status_display()}")


@receiver(post_save, sender=DecisionNote, dispatch_uid="audit_decision_note")
def _decision_followed_up(sender, instance, created, raw=False, **kwargs):
    if created and not raw:
        change = f"{instance.from_status} → {instance.to_status}" if instance.changed_status else "note"
        record(action=Action.DECISION_FOLLOWED_UP, user=instance.author, obj=instance.decision,
               detail=f"{change}" + (f": {instance.text}" if instance.text else ""))


@receiver(post_save, sender=MeetingDocument, dispatch_uid="audit_meeting_document_uploaded")
def _meeting_document_saved(sender, instance, created, raw=False, **kwargs):
    if created and not raw:
        record(action=Action.DOCUMENT_UPLOADED, user=instance.uploaded_by, obj=instance,
               label=f"{instance.original_name} ({instance.meeting})", url=instance.meeting.get_absolute_url(),
               detail=f"{instance.size} bytes, {instance.content_type}")


@receiver(post_delete, sender=MeetingDocument, dispatch_uid="audit_meeting_document_removed")
def _meeting_document_deleted(sender, instance, **kwargs):
    record(action=Action.DOCUMENT_REMOVED, obj=instance, label=f"{instance.original_name} ({instance.meeting})",
           url=instance.meeting.get_absolute_url())


@receiver(indicator_changed, dispatch_uid="audit_indicator_changed")
def _indicator_changed(sender, instance, user, reason, what, **kwargs):
    indicator = getattr(instance, "indicator", instance)
    activity = indicator.measured_activity
    record(
        action=Action.INDICATOR_CHANGED,
        user=user,
        obj=instance,
        label=f"{activity.code}: {indicator}"[:300],
        url=activity.get_absolute_url(),
        detail=f"{what}: {reason}",
    )


@receiver(marks_changed, dispatch_uid="audit_marks_changed")
def _marks_changed(sender, report, user, changes, **kwargs):
    """Who may read a piece of a report changed: which pieces, from what to what (never the text itself)."""
    record(action=Action.MARKS_CHANGED, user=user, obj=report,
           detail="; ".join(f"{what}: {before or '—'} → {after or '—'}" for what, before, after in changes))
