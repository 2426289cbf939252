"""Uploaded spreadsheets kept between an import's preview and its confirmation.

They live in the default storage (MEDIA_ROOT, or the bucket every server shares), so a preview made
on one server can be confirmed on another. A preview not confirmed within IMPORT_PREVIEW_HOURS is
deleted by the worker's hourly clean-up (workplan.tasks); backups leave them out.

Beside each upload lies what it was made for (`<token>.json`): by whom, for which plan (and report),
how many rows, and when. A confirmation reads these from storage, never from the browser, and holds
only for the person who made the preview, within IMPORT_PREVIEW_HOURS whether or not the clean-up
has run yet: the token alone confirms nothing.
"""

import datetime
import json
import uuid
from dataclasses import dataclass
from pathlib import PurePosixPath

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.utils import timezone

FOLDER = "imports"
ABOUT = ".json"  # the suffix of the file saying what a preview was made for; uploads are .xlsx or .csv


@dataclass(frozen=True)
class Preview:
    """What a kept upload was made for, as stored when it was previewed."""

    token: str
    filename: str
    user_id: int
    plan_id: int
    rows: int
    made_at: datetime.datetime
    subject: str = ""  # narrower than the plan, e.g. "national-report:12"; empty for a whole plan's matrix

    def is_expired(self, now=None):
        return (now or timezone.now()) - self.made_at > datetime.timedelta(hours=settings.IMPORT_PREVIEW_HOURS)


def _name(token, filename):
    return f"{FOLDER}/{token}{PurePosixPath(filename).suffix.lower()}"


def _about(token):
    return f"{FOLDER}/{token}{ABOUT}"


def keep(content, filename, *, user, plan, rows, subject="", now=None):
    """Store an uploaded file for its confirmation, with whom and what it was made for; returns the
    token that names it."""
    token = uuid.uuid4().hex
    about = {"filename": filename, "user": user.pk, "plan": plan.pk, "rows": rows, "subject": subject,
             "made_at": (now or timezone.now()).isoformat()}
    default_storage.save(_name(token, filename), ContentFile(content))
    default_storage.save(_about(token), ContentFile(json.dumps(about).encode()))
    return token


def find(token, *, user, now=None):
    """The preview `token` names if `user` made it and it is not older than IMPORT_PREVIEW_HOURS;
    None otherwise (unknown, someone else's, expired, or already imported)."""
    about = _read(_about(token))
    if about is None:
        return None
    try:
        about = json.loads(about)
        preview = Preview(token=token, filename=about["filename"], user_id=about["user"], plan_id=about["plan"],
                          rows=about["rows"], subject=about["subject"],
                          made_at=datetime.datetime.fromisoformat(about["made_at"]))
    except (ValueError, KeyError, TypeError):
        return None
    if preview.user_id != user.pk or preview.is_expired(now):
        return None
    return preview


def read(token, filename):
    """The content of a kept preview; None if it is gone (expired, or already imported)."""
    return _read(_name(token, filename))


def _read(name):
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
    default_storage.delete(_about(token))


def take(token, filename):
    """The content of a kept preview, removed from storage (a confirmation is used once); None if gone."""
    content = read(token, filename)
    if content is not None:
        discard(token, filename)
    return content


def clean(*, now=None):
    """Delete previews (and what they were made for) older than IMPORT_PREVIEW_HOURS; returns how many."""
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
            deleted += not filename.endswith(ABOUT)
    return deleted


def count():
    """How many previews wait for their confirmation."""
    try:
        return sum(1 for filename in default_storage.listdir(FOLDER)[1] if not filename.endswith(ABOUT))
    except FileNotFoundError:
        return 0
