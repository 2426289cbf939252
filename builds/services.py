"""Asking for a document, and building it: both safe to repeat."""

import logging

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from .registry import builder_of
from .models import DocumentBuild

logger = logging.getLogger(__name__)


@transaction.atomic
def request_build(*, kind, plan, params, user):
    """The build of this document for `user`: one already queued or being built for the same plan and
    parameters is reused (a double click makes one document), else a new one, queued once the request's
    transaction has committed so the worker finds it."""
    from .tasks import build_document

    if builder_of(kind) is None:
        raise ValueError(f"No document of kind {kind!r}.")
    pending = DocumentBuild.objects.pending().filter(kind=kind, plan=plan, params=params).select_for_update().first()
    if pending:
        return pending
    build = DocumentBuild.objects.create(kind=kind, plan=plan, params=params, requested_by=user)
    transaction.on_commit(lambda: build_document.delay(build.pk))
    return build


def build(build_id):
    """Build the document of `build_id` unless it is built already. Run twice (a worker died after
    building, the task was delivered again), it does nothing the second time; run again after a
    failure part-way, it writes over its own file."""
    with transaction.atomic():
        build = DocumentBuild.objects.select_for_update().select_related("plan").get(pk=build_id)
        if build.state == DocumentBuild.State.DONE:
            return build
        build.state, build.started_at, build.attempts = DocumentBuild.State.RUNNING, timezone.now(), build.attempts + 1
        build.save(update_fields=["state", "started_at", "attempts"])
    filename, content = builder_of(build.kind).build(build)
    with transaction.atomic():
        build = DocumentBuild.objects.select_for_update().get(pk=build_id)
        if build.state == DocumentBuild.State.DONE:  # another delivery of the task finished first
            return build
        if build.file:
            build.file.delete(save=False)
        build.file.save(filename, ContentFile(content), save=False)
        build.state, build.finished_at, build.error = DocumentBuild.State.DONE, timezone.now(), ""
        build.save()
    logger.info("Built %s (build %s, attempt %s)", filename, build.pk, build.attempts)
    return build


def mark_failed(build_id, error):
    DocumentBuild.objects.filter(pk=build_id).exclude(state=DocumentBuild.State.DONE).update(
        state=DocumentBuild.State.FAILED, error=f"{type(error).__name__}: {error}"[:2000], finished_at=timezone.now()
    )
