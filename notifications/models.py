"""The emails the tracker sends about the reporting cycle, kept as an outbox, and what each person wants."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class Event(models.TextChoices):
    """What a person can be told of; each person chooses, per event, at once or in the daily digest."""

    CYCLE_OPENED = "cycle_opened", _("A reporting cycle opens: what your bodies are expected to report")
    REPORT_SUBMITTED = "report_submitted", _("A report is submitted for review")
    REPORT_RETURNED = "report_returned", _("A report you write is returned, with the reviewer's comment")
    REPORT_ACCEPTED = "report_accepted", _("A report you write is accepted (acknowledged, for a national report)")
    REPORT_REOPENED = "report_reopened", _("An accepted or acknowledged report you write is reopened")
    COMMENT = "comment", _("A new comment on a report you write or review")
    REMINDER = "reminder", _("Reminders of reports due soon or late")
    ANNUAL_REPORT_SIGNED = "annual_report_signed", _("The annual report awaits the other co-chair's signature, or is signed off")


class Delivery(models.TextChoices):
    IMMEDIATE = "immediate", _("At once")
    DIGEST = "digest", _("In a daily digest")
    OFF = "off", _("Never")  # reminders only (see Preference.clean)


class PreferenceQuerySet(models.QuerySet):
    def deliveries_for(self, users, event):
        """{user id: Delivery} of `users` for `event`, at once for those who never chose."""
        chosen = dict(self.filter(user__in=users, event=event).values_list("user_id", "delivery"))
        return {user.pk: chosen.get(user.pk, Delivery.IMMEDIATE) for user in users}


class Preference(models.Model):
    """How one person wants the emails of one event."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notification_preferences")
    event = models.CharField(_("event"), max_length=30, choices=Event.choices)
    delivery = models.CharField(_("delivery"), max_length=10, choices=Delivery.choices, default=Delivery.IMMEDIATE)

    objects = PreferenceQuerySet.as_manager()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "event"], name="unique_notification_preference"),
            models.CheckConstraint(condition=Q(event__in=Event.values), name="notification_preference_event_valid"),
            models.CheckConstraint(condition=Q(delivery__in=Delivery.values), name="notification_preference_delivery_valid"),
            # What concerns one's own reports always arrives; only reminders can be turned off.
            models.CheckConstraint(condition=~Q(delivery=Delivery.OFF) | Q(event=Event.REMINDER),
                                   name="notification_preference_only_reminders_off"),
        ]

    def __str__(self):
        return f"{self.user}: {self.get_event_display()} — {self.get_delivery_display()}"


class NotificationQuerySet(models.QuerySet):
    def unsent(self):
        return self.filter(sent_at__isnull=True)

    def due_digests(self):
        return self.unsent().filter(delivery=Delivery.DIGEST)

    def due_now(self):
        return self.unsent().filter(delivery=Delivery.IMMEDIATE)


class Notification(models.Model):
    """One email to one person, written in the same transaction as the step it tells of: a step that
    happened is never left untold, and one rolled back is never told. Sent by the worker, which marks
    it sent; a notification in a digest is sent with the others of its day."""

    recipient = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications")
    event = models.CharField(_("event"), max_length=30, choices=Event.choices)
    delivery = models.CharField(_("delivery"), max_length=10, choices=Delivery.choices)
    subject = models.CharField(_("subject"), max_length=200)
    lines = models.JSONField(_("text"), default=list)  # paragraphs, as the plain-text and HTML parts show them
    url = models.CharField(_("link"), max_length=300)  # the page concerned, from the site's root
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    last_error = models.TextField(_("last error"), blank=True)

    objects = NotificationQuerySet.as_manager()

    class Meta:
        ordering = ["created_at", "pk"]
        indexes = [models.Index(fields=["sent_at", "delivery"], name="notification_outbox")]
        constraints = [
            models.CheckConstraint(condition=Q(event__in=Event.values), name="notification_event_valid"),
            models.CheckConstraint(condition=Q(delivery__in=[Delivery.IMMEDIATE, Delivery.DIGEST]),
                                   name="notification_delivery_valid"),
        ]

    def __str__(self):
        return f"{self.subject} → {self.recipient}"

    @property
    def absolute_url(self):
        return settings.SITE_URL.rstrip("/") + self.url

    @property
    def message_id(self):
        # The same id at every attempt: a mail server or client that got it twice shows it once.
        from .services import mail_domain

        return f"<notification-{self.pk}@{mail_domain()}>"
