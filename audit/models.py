from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class AuditAction(models.TextChoices):
    """What an audit event records."""

    LOGIN = "login", _("Login")
    LOGIN_FAILED = "login_failed", _("Login failed")
    LOGOUT = "logout", _("Logout")
    LOCKOUT = "lockout", _("Locked out")
    MATRIX_IMPORT = "matrix_import", _("Matrix imported")
    AMENDMENT_RECORDED = "amendment_recorded", _("Amendment recorded")
    AMENDMENT_APPLIED = "amendment_applied", _("Amendment applied")
    REPORT_CREATED = "report_created", _("Report created")
    REPORT_SUBMITTED = "report_submitted", _("Report submitted")
    REPORT_RETURNED = "report_returned", _("Report returned")
    REPORT_ACCEPTED = "report_accepted", _("Report accepted")
    REPORT_ACKNOWLEDGED = "report_acknowledged", _("Report acknowledged")
    REPORT_REOPENED = "report_reopened", _("Report back to draft")
    DOCUMENT_UPLOADED = "document_uploaded", _("Document uploaded")
    DOCUMENT_REMOVED = "document_removed", _("Document removed")
    ANNUAL_REPORT_SIGNED = "annual_report_signed", _("Annual report signed")
    CARRIED_OVER = "carried_over", _("Carried over to the successor plan")
    MEETING_RECORDED = "meeting_recorded", _("Meeting recorded")
    MEETING_CHANGED = "meeting_changed", _("Meeting changed")
    DECISION_RECORDED = "decision_recorded", _("Decision recorded")
    DECISION_CHANGED = "decision_changed", _("Decision changed")
    DECISION_FOLLOWED_UP = "decision_followed_up", _("Decision followed up")
    INDICATOR_CHANGED = "indicator_changed", _("Performance indicator set or adjusted")
    MARKS_CHANGED = "marks_changed", _("Sensitivity marks changed")
    API_TOKEN_CREATED = "api_token_created", _("API token created")
    API_TOKEN_REVOKED = "api_token_revoked", _("API token revoked")


class AuditEvent(models.Model):
    """One thing that happened to the tracker worth answering "who did that, when, from where" about:
    logins and lockouts, matrix imports and amendments, the steps of reports and their documents."""

    Action = AuditAction

    at = models.DateTimeField(_("when"), default=timezone.now, db_index=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
        verbose_name=_("user"),
    )
    # The name as typed at the login form, or the user's at the time: kept when the account is not.
    username = models.CharField(_("username"), max_length=150, blank=True)
    action = models.CharField(_("action"), max_length=20, choices=Action.choices)
    # The object is named, not linked by a foreign key: the log must outlive what it tells of (a
    # removed document, a deleted report), and the log's rows must never stop a deletion.
    object_type = models.CharField(_("object type"), max_length=100, blank=True)  # "monitoring.activityreport"
    object_id = models.CharField(_("object id"), max_length=64, blank=True)
    object_label = models.CharField(_("object"), max_length=300, blank=True)
    object_url = models.CharField(_("link"), max_length=300, blank=True)
    ip_address = models.GenericIPAddressField(_("IP address"), null=True, blank=True)
    detail = models.TextField(_("detail"), blank=True)

    class Meta:
        ordering = ["-at", "-pk"]
        verbose_name = _("audit event")
        constraints = [
            models.CheckConstraint(condition=Q(action__in=AuditAction.values), name="audit_event_action_valid"),
        ]

    def __str__(self):
        who = self.username or "—"
        # In the site's time zone, as the admin shows `at` beside it; the stored value is UTC.
        return f"{timezone.localtime(self.at):%Y-%m-%d %H:%M} {who}: {self.get_action_display()} {self.object_label}".strip()
