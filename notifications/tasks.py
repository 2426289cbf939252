"""The worker's side of notifications: each email at once, the daily digests, and a sweep for the lost."""

import logging

from celery import shared_task

from . import services

logger = logging.getLogger(__name__)


@shared_task(bind=True, max_retries=None)
def send_notification(self, notification_id):
    """Retried at growing intervals, up to an hour apart, for as long as the mail server refuses."""
    try:
        services.send(notification_id)
    except Exception as error:
        if self.request.is_eager:
            # Run inside the request (no worker): nothing to wait in; the periodic sweep sends it later.
            logger.warning("Notification %s not sent yet: %s", notification_id, error)
            return
        raise self.retry(exc=error, countdown=min(3600, 30 * 2 ** self.request.retries))


@shared_task
def send_digests():
    return services.send_digests()


@shared_task
def send_pending():
    return services.send_pending()
