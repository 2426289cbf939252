"""Telling people what happened: notifications written with the step, sent by the worker, at once or daily."""

import logging
from urllib.parse import urlsplit

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.db.models import F
from django.template.loader import render_to_string
from django.utils import timezone

from .models import Delivery, Notification, Preference

logger = logging.getLogger(__name__)


def mail_domain():
    """The site's host name, for Message-IDs that stay the same at every attempt."""
    return urlsplit(settings.SITE_URL).hostname or "tracker"


def name_of(user):
    """How an email names the person who took a step: their full name, else their username."""
    return user.get_full_name() or user.get_username()


def one_line(subject):
    """A subject as one line, every run of whitespace (line breaks of any kind included) a single
    space: the mailer refuses a header with a line break, and a name stored with one before names
    were checked must not stop every email that mentions it."""
    return " ".join(str(subject).split())


def notify(*, users, event, subject, lines, url, exclude=None):
    """Write one notification per person who wants this event's emails (everyone but `exclude`, those
    without an address and those who turned it off; each once however often `users` lists them), and
    have the immediate ones sent once the step that caused them has committed. Returns the notifications."""
    from .tasks import send_notification

    # One email per person and event: someone in two of the groups an event reaches (a body's staff who
    # is also a co-chair) is listed twice by its app.
    users = list({user.pk: user for user in users if user.email and user != exclude}.values())
    subject = one_line(subject)[:Notification._meta.get_field("subject").max_length]
    deliveries = Preference.objects.deliveries_for(users, event)
    notifications = Notification.objects.bulk_create([
        Notification(recipient=user, event=event, delivery=deliveries[user.pk], subject=subject, lines=lines, url=url)
        for user in users if deliveries[user.pk] != Delivery.OFF
    ])
    for notification in notifications:
        if notification.delivery == Delivery.IMMEDIATE:
            transaction.on_commit(lambda pk=notification.pk: send_notification.delay(pk))
    return notifications


def _message(*, recipient, subject, template, context, headers=None):
    context = {**context, "recipient": recipient, "site_url": settings.SITE_URL.rstrip("/"),
               "preferences_url": settings.SITE_URL.rstrip("/") + "/account/notifications/"}
    message = EmailMultiAlternatives(
        subject=one_line(subject), body=render_to_string(f"notifications/{template}.txt", context),
        to=[recipient.email], headers=headers or {},
    )
    message.attach_alternative(render_to_string(f"notifications/{template}.html", context), "text/html")
    return message


def send(notification_id):
    """Send one notification unless it has gone already. The row stays locked while the mail server is
    spoken to, so two deliveries of the task never both send it; a failure is recorded and raised, for
    the task to try again later."""
    try:
        with transaction.atomic():
            notification = (Notification.objects.select_for_update().select_related("recipient")
                            .filter(pk=notification_id).first())
            if notification is None or notification.sent_at:
                return notification
            _message(recipient=notification.recipient, subject=notification.subject, template="email",
                     context={"notification": notification}, headers={"Message-ID": notification.message_id}).send()
            notification.sent_at, notification.attempts = timezone.now(), notification.attempts + 1
            notification.save(update_fields=["sent_at", "attempts"])
            return notification
    except Exception as error:
        Notification.objects.filter(pk=notification_id).update(
            attempts=F("attempts") + 1, last_error=f"{type(error).__name__}: {error}"[:2000])
        raise


def send_digests():
    """One email per person with all their unsent digest notifications; returns how many emails went.

    Each person's are sent and marked in one transaction: a failure leaves them all for the next run."""
    sent = 0
    recipients = Notification.objects.due_digests().values_list("recipient", flat=True).distinct()
    for recipient_id in list(recipients):
        try:
            with transaction.atomic():
                due = list(Notification.objects.due_digests().filter(recipient=recipient_id)
                           .select_for_update().select_related("recipient"))
                if not due:
                    continue
                recipient = due[0].recipient
                subject = f"Reporting cycle digest: {len(due)} update{'s' if len(due) != 1 else ''}"
                _message(recipient=recipient, subject=subject, template="digest", context={"notifications": due},
                         headers={"Message-ID": f"<digest-{recipient.pk}-{due[-1].pk}@{mail_domain()}>"}).send()
                Notification.objects.filter(pk__in=[n.pk for n in due]).update(sent_at=timezone.now())
                sent += 1
        except Exception:  # noqa: BLE001 - one person's failed digest must not stop the others'
            logger.exception("Digest to user %s not sent; it will be tried at the next run", recipient_id)
    return sent


def send_pending(*, older_than_seconds=60):
    """Send the immediate notifications still unsent a while after they were written (their task was
    lost, or its retries are spent while the mail server was down): nothing written is ever left unsent."""
    cutoff = timezone.now() - timezone.timedelta(seconds=older_than_seconds)
    sent = 0
    for pk in list(Notification.objects.due_now().filter(created_at__lt=cutoff).values_list("pk", flat=True)):
        try:
            if send(pk):
                sent += 1
        except Exception:  # noqa: BLE001 - the next run tries again
            logger.warning("Notification %s still not sent", pk, exc_info=True)
    return sent
