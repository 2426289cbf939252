from celery import shared_task

from . import previews


@shared_task
def clean_import_previews():
    """Hourly (CELERY_BEAT_SCHEDULE): drop import previews nobody confirmed. Repeating it is harmless."""
    return previews.clean()
