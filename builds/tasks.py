"""The worker's side of document builds."""

from celery import shared_task

from . import services
from .models import DocumentBuild

MAX_RETRIES = 5


@shared_task(bind=True, autoretry_for=(Exception,), dont_autoretry_for=(DocumentBuild.DoesNotExist,),
             max_retries=MAX_RETRIES, retry_backoff=5, retry_backoff_max=300)
def build_document(self, build_id):
    """Build one document; retried with growing pauses when it fails (a database or storage hiccup), and
    marked failed, with the error for the page to show, once the retries are spent."""
    try:
        services.build(build_id)
    except DocumentBuild.DoesNotExist:
        return  # deleted meanwhile: nothing left to build
    except Exception as error:
        if self.request.retries >= self.max_retries:
            services.mark_failed(build_id, error)
        raise
