"""Uploaded spreadsheets kept between an import's preview and its confirmation.

They live in the default storage (MEDIA_ROOT, or the bucket every server shares), so a preview made
on one server can be confirmed on another. A preview not confirmed within IMPORT_PREVIEW_HOURS is
deleted by the worker's hourly clean-up (workplan.tasks); backups leave them out.
"""

import datetime
import uuid
from pathlib import PurePosixPath

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.utils import timezone

FOLDER = "imports"


def _name(token, filename):
    return f"{FOLDER}/{token}{PurePosixPath(filename).suffix.lower()}"


def keep(content, filename):
    """Store an uploaded file for its confirmation; returns the token that names it."""
    token = uuid.uuid4().hex
    default_storage.save(_name(token, filename), ContentFile(content))
    return token


def read(token, filename):
    """The content of a kept preview; None if it is gone (expired, or already imported)."""
    name = _name(token, filename)
    try:
        with default_storage.open(name, "rb") as kept:
            return kept.read()
    except FileNotFoundError:
        return None
    except OSError:
        # S3 storages raise their own error for a missing key; a file that cannot be read is gone too.
        if not default_storage.exists(name):
            return None
        raise


def discard(token, filename):
    default_storage.delete(_name(token, filename))


def take(token, filename):
    """The content of a kept preview, removed from storage (a confirmation is used once); None if gone."""
    content = read(token, filename)
    if content is not None:
        discard(token, filename)
    return content


def clean(*, now=None):
    """Delete previews older than IMPORT_PREVIEW_HOURS; returns how many."""
    cutoff = (now or timezone.now()) - datetime.timedelta(hours=settings.IMPORT_PREVIEW_HOURS)
    try:
        _, files = default_storage.listdir(FOLDER)
    except FileNotFoundError:
        return 0
    deleted = 0
    for filename in files:
        name = f"{FOLDER}/{filename}"
        if default_storage.get_modified_time(name) < cutoff:
            default_storage.delete(name)
            deleted += 1
    return deleted


def count():
    """How many previews wait for their confirmation."""
    try:
        return len(default_storage.listdir(FOLDER)[1])
    except FileNotFoundError:
        return 0
