"""Uploads kept between an import's preview and its confirmation: used once, expired, never backed up."""

import datetime
import os
import tarfile

import pytest
from django.utils import timezone

from backups.services import create_backup
from workplan import previews

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.IMPORT_PREVIEW_HOURS = 24


def test_a_kept_upload_is_read_back_once():
    token = previews.keep(b"Priority area,Number\n", "Matrix.CSV")
    assert previews.take(token, "Matrix.CSV") == b"Priority area,Number\n"
    assert previews.take(token, "Matrix.CSV") is None


def test_the_clean_up_deletes_only_previews_older_than_the_limit(settings):
    old, new = previews.keep(b"old", "a.xlsx"), previews.keep(b"new", "b.xlsx")
    day_and_more = (timezone.now() - datetime.timedelta(hours=25)).timestamp()
    os.utime(settings.MEDIA_ROOT / "imports" / f"{old}.xlsx", (day_and_more, day_and_more))
    assert previews.clean() == 1
    assert previews.take(old, "a.xlsx") is None
    assert previews.take(new, "b.xlsx") == b"new"


def test_the_clean_up_of_an_empty_storage_deletes_nothing():
    assert previews.clean() == 0


def test_backups_leave_previews_and_built_documents_out(settings, tmp_path):
    previews.keep(b"pending", "c.xlsx")
    (settings.MEDIA_ROOT / "builds" / "1").mkdir(parents=True)
    (settings.MEDIA_ROOT / "builds" / "1" / "report.xlsx").write_bytes(b"built")
    (settings.MEDIA_ROOT / "reports").mkdir()
    (settings.MEDIA_ROOT / "reports" / "evidence.pdf").write_bytes(b"%PDF-1.4 evidence")
    manifest = create_backup(destination=tmp_path / "backup.tar.gz")
    names = set(manifest["files"])
    assert "media/reports/evidence.pdf" in names
    assert not [name for name in names if name.startswith(("media/imports", "media/builds"))]
    with tarfile.open(tmp_path / "backup.tar.gz") as archive:
        assert "media/reports/evidence.pdf" in archive.getnames()
