from celery import shared_task

from . import previews, services


@shared_task
def clean_import_previews():
    """Hourly (CELERY_BEAT_SCHEDULE): drop import previews nobody confirmed. Repeating it is harmless."""
    return previews.clean()


@shared_task(bind=True, max_retries=3, default_retry_delay=60)
def run_import_job(self, job_id):
    """A confirmed import too large for a request. Retried on a failure of the database or the storage;
    the spreadsheet's own errors are the job's answer, not a failure."""
    try:
        services.run_import_job(job_id)
    except Exception as error:
        if self.request.is_eager:
            raise
        raise self.retry(exc=error)
