from celery import shared_task

from . import calendar


@shared_task
def run_cycle_calendar():
    """Daily (CELERY_BEAT_SCHEDULE): expected reports, reminders, closing. Running it twice is harmless."""
    reminded, closed = calendar.run_calendar()
    return {"reminded": len(reminded), "closed": [cycle.pk for cycle in closed]}
