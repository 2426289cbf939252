"""Backing the tracker up into one file, and restoring it from one: the database and the documents.

An archive is a .tar.gz holding
- `data.json`: every row the apps hold, from Django's `dumpdata` with natural keys (and times to the
  microsecond, see serializers.py), so that it loads
  into any freshly migrated database (SQLite or PostgreSQL) whatever ids it gave its content types,
  permissions and role groups;
- `media/…`: every file of the default storage, MEDIA_ROOT or the bucket (the reports' documents),
  read through Django's storage API so a bucket is backed up as a disk is;
- `manifest.json`: the number of rows per model and the SHA-256 and size of every other member.

A restore checks the whole archive against its manifest before it touches anything, then loads the
rows and writes the files in one transaction: either all of it is there afterwards, or none of it.
"""

import datetime
import hashlib
import json
import os
import shutil
import tarfile
import tempfile
import zlib
from collections import Counter
from pathlib import Path

import django
from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.core.files import File
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.db import connection, transaction
from django.test.utils import override_settings

from monitoring.models import ActivityReport
from workplan.models import Activity

from . import serializers

FORMAT = "baliworkplan-backup"
VERSION = 1
# Rebuilt by `migrate` (content types, permissions), short-lived (sessions), or the state of login
# throttling rather than data of the tracker (axes): none of them belongs in a backup.
EXCLUDED = ["contenttypes", "auth.permission", "sessions", "axes"]
CHUNK = 1024 * 1024


class BackupError(Exception):
    """The archive cannot be restored (damaged, not a backup) or the database is not ready for it."""


def _sha256(path):
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for chunk in iter(lambda: handle.read(CHUNK), b""):
            digest.update(chunk)
    return digest.hexdigest()


def _count_rows(data_path):
    with open(data_path, encoding="utf-8") as handle:
        return dict(sorted(Counter(row["model"] for row in json.load(handle)).items()))


# Files of the storage that are not data: uploads waiting for an import's confirmation (they expire
# within a day) and documents built from the data (built again on request). A restore must not bring
# back a preview that could then be confirmed against another database.
NOT_BACKED_UP = ("imports", "builds")


def _stored_files(folder=""):
    """Every file of the default storage (MEDIA_ROOT, or the bucket), by its storage name, sorted."""
    try:
        folders, files = default_storage.listdir(folder)
    except FileNotFoundError:
        return []
    prefix = f"{folder}/" if folder else ""
    names = [prefix + name for name in files]
    for sub in folders:
        if not (folder == "" and sub in NOT_BACKED_UP):
            names += _stored_files(prefix + sub)
    return sorted(names)


def _copy_from_storage(name, target):
    """Copy a stored file to `target` on this disk, in chunks (documents may be large)."""
    target.parent.mkdir(parents=True, exist_ok=True)
    with default_storage.open(name, "rb") as source, open(target, "wb") as copy:
        shutil.copyfileobj(source, copy, CHUNK)


def _stored_sha256(name):
    digest = hashlib.sha256()
    with default_storage.open(name, "rb") as handle:
        for chunk in iter(lambda: handle.read(CHUNK), b""):
            digest.update(chunk)
    return digest.hexdigest()


def _dump(data_path):
    """All rows as of one moment: inside one transaction, on PostgreSQL a repeatable-read snapshot."""
    outermost = not connection.in_atomic_block
    with transaction.atomic():
        if connection.vendor == "postgresql" and outermost:
            # Only the first statement of a transaction may set its isolation; within an enclosing
            # transaction (tests) the snapshot is that transaction's anyway.
            with connection.cursor() as cursor:
                cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY")
        call_command(
            "dumpdata",
            format=serializers.FORMAT,
            exclude=EXCLUDED,
            natural_foreign=True,
            natural_primary=True,
            output=str(data_path),
            verbosity=0,
        )


def create_backup(*, destination) -> dict:
    """Write the archive to `destination` (replaced only once complete) and return its manifest."""
    destination = Path(destination)
    with tempfile.TemporaryDirectory() as work:
        data_path = Path(work) / "data.json"
        _dump(data_path)
        members = {"data.json": data_path}
        for name in _stored_files():
            members[f"media/{name}"] = Path(work) / "media" / name
            _copy_from_storage(name, members[f"media/{name}"])
        manifest = {
            "format": FORMAT,
            "version": VERSION,
            "created_at": datetime.datetime.now(datetime.timezone.utc).isoformat(timespec="seconds"),
            "database": connection.vendor,
            "django": django.get_version(),
            "counts": _count_rows(data_path),
            "files": {name: {"sha256": _sha256(path), "size": path.stat().st_size} for name, path in members.items()},
        }
        manifest_path = Path(work) / "manifest.json"
        manifest_path.write_text(json.dumps(manifest, indent=2, ensure_ascii=False), encoding="utf-8")
        partial = destination.with_name(destination.name + ".partial")
        with tarfile.open(partial, "w:gz") as archive:
            archive.add(manifest_path, arcname="manifest.json")
            for name, path in members.items():
                archive.add(path, arcname=name)
        os.replace(partial, destination)
    return manifest


def _unpack(archive_path, into):
    """Extract and check every member against the manifest; returns the manifest."""
    try:
        with tarfile.open(archive_path, "r:gz") as archive:
            # The "data" filter refuses absolute paths, "..", links out of the directory and devices.
            archive.extractall(into, filter="data")
    except (tarfile.TarError, OSError, EOFError, zlib.error) as error:
        raise BackupError(f"{archive_path} is not a readable backup archive: {error}.")
    into = Path(into)
    try:
        manifest = json.loads((into / "manifest.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        raise BackupError(f"{archive_path} has no readable manifest.json: it is not a backup of this tracker.")
    if manifest.get("format") != FORMAT or manifest.get("version") != VERSION:
        raise BackupError(f"{archive_path} is not a backup this version of the tracker can restore.")
    listed = set(manifest["files"])
    present = {path.relative_to(into).as_posix() for path in into.rglob("*") if path.is_file()} - {"manifest.json"}
    if listed - present:
        raise BackupError(f"Files missing from the archive: {', '.join(sorted(listed - present))}.")
    if present - listed:
        raise BackupError(f"Files in the archive that its manifest does not list: {', '.join(sorted(present - listed))}.")
    for name, expected in manifest["files"].items():
        if _sha256(into / name) != expected["sha256"]:
            raise BackupError(f"{name} does not match its checksum: the archive is damaged.")
    if _count_rows(into / "data.json") != manifest["counts"]:
        raise BackupError("The rows in data.json do not match the counts of the manifest.")
    return manifest


def _existing_data():
    """What the database already holds that a restore would mix with, as words; empty if nothing."""
    counts = {
        "users": get_user_model().objects.count(),
        "activities": Activity.objects.count(),
        "reports": ActivityReport.objects.count(),
    }
    return ", ".join(f"{count} {name}" for name, count in counts.items() if count)


@transaction.atomic
def _load(unpacked, media_files, *, flush):
    if flush:
        call_command("flush", interactive=False, verbosity=0)
        ContentType.objects.clear_cache()  # the flush gave the content types new ids
    # The history is in the backup already: loading the Member States of a report (many-to-many,
    # which loaddata sets as if someone had) must not add a history record of its own. The command
    # runs alone in its process, so switching the setting for its duration affects nothing else.
    with override_settings(SIMPLE_HISTORY_ENABLED=False):
        call_command("loaddata", str(unpacked / "data.json"), verbosity=0)
    written = []
    try:
        for name in media_files:
            stored = name.removeprefix("media/")
            if default_storage.exists(stored):
                default_storage.delete(stored)  # only reached with flush, or when it holds the same bytes
            with open(unpacked / name, "rb") as content:
                saved = default_storage.save(stored, File(content))
            written.append(saved)
            if saved != stored:
                raise BackupError(f"{stored} could not be written under its own name (the storage chose {saved}).")
    except Exception:
        for stored in written:
            default_storage.delete(stored)
        raise


def restore_backup(*, archive, flush=False) -> dict:
    """Restore the archive into this database and the default storage; returns its manifest.

    Refuses a database that already holds users, activities or reports unless `flush`, which first
    empties the whole database (in the same transaction). A file of the archive that exists under
    the storage with other content is refused unless `flush`, which overwrites it.
    """
    with tempfile.TemporaryDirectory() as work:
        unpacked = Path(work)
        manifest = _unpack(archive, unpacked)
        existing = _existing_data()
        if existing and not flush:
            raise BackupError(
                f"The database already holds {existing}. Restore into an empty, migrated database, "
                "or pass --flush to replace everything in it with the backup."
            )
        media_files = [name for name in manifest["files"] if name.startswith("media/")]
        conflicts = [
            name for name in media_files
            if default_storage.exists(name.removeprefix("media/"))
            and _stored_sha256(name.removeprefix("media/")) != manifest["files"][name]["sha256"]
        ]
        if conflicts and not flush:
            raise BackupError(
                f"The storage (MEDIA_ROOT or the bucket) already holds other files under the same names: "
                f"{', '.join(conflicts)}. Restore into an empty storage, or pass --flush to overwrite them."
            )
        _load(unpacked, media_files, flush=flush)
    return manifest
