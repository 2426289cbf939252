"""Uploads kept between an import's preview and its confirmation: used once, expired, never backed up."""

import datetime
import io
import os
import tarfile

import pytest
from django.contrib.auth.models import User
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from backups.services import create_backup
from tests.factories import ActivityFactory, PlanOfActionFactory, UserFactory, WorkPlanFactory
from tests.workplan.test_import import as_xlsx
from workplan import previews
from workplan import spreadsheets as sheet
from workplan.models import Activity
from workplan.spreadsheets import matrix_dataset

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.IMPORT_PREVIEW_HOURS = 24


@pytest.fixture
def maker():
    return UserFactory(username="maker")


def keep(content, filename, user, **about):
    return previews.keep(content, filename, user=user, plan=about.pop("plan", None) or WorkPlanFactory(), rows=1, **about)


def test_a_kept_upload_is_read_back_once(maker):
    token = keep(b"Priority area,Number\n", "Matrix.CSV", maker)
    assert previews.take(token, "Matrix.CSV") == b"Priority area,Number\n"
    assert previews.take(token, "Matrix.CSV") is None


def test_the_clean_up_deletes_only_previews_older_than_the_limit(settings, maker):
    old, new = keep(b"old", "a.xlsx", maker), keep(b"new", "b.xlsx", maker)
    day_and_more = (timezone.now() - datetime.timedelta(hours=25)).timestamp()
    for name in (f"{old}.xlsx", f"{old}.json"):
        os.utime(settings.MEDIA_ROOT / "imports" / name, (day_and_more, day_and_more))
    assert previews.count() == 2
    assert previews.clean() == 1
    assert previews.count() == 1
    assert previews.take(old, "a.xlsx") is None
    assert previews.take(new, "b.xlsx") == b"new"


def test_the_clean_up_of_an_empty_storage_deletes_nothing():
    assert previews.clean() == 0


def test_backups_leave_previews_and_built_documents_out(settings, tmp_path, maker):
    keep(b"pending", "c.xlsx", maker)
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


def test_a_preview_is_found_only_by_whoever_made_it_and_only_within_its_age_limit(maker):
    plan = WorkPlanFactory()
    token = previews.keep(b"x", "m.csv", user=maker, plan=plan, rows=7, subject="national-report:3")
    found = previews.find(token, user=maker)
    assert (found.filename, found.plan_id, found.rows, found.subject) == ("m.csv", plan.pk, 7, "national-report:3")
    assert previews.find(token, user=UserFactory()) is None
    assert previews.find("0" * 32, user=maker) is None
    # Past the limit, the preview is refused though the clean-up has not deleted it yet.
    later = timezone.now() + datetime.timedelta(hours=24, minutes=1)
    assert previews.find(token, user=maker, now=later) is None
    assert previews.read(token, "m.csv") == b"x"


@pytest.fixture
def matrix_upload(db):
    """A preview of the Bali Work Plan's matrix with one activity revised, made by an administrator."""
    ActivityFactory(text="Conduct ASEAN Track 1.5 Dialogue")
    dataset = matrix_dataset(WorkPlanFactory())
    rows = [list(dataset.headers)] + [list(row) for row in dataset]
    rows[1][rows[0].index(sheet.ACTIVITY)] = "Conduct ASEAN Track 1.5 Dialogue, as revised"
    upload = io.BytesIO(as_xlsx(rows))
    upload.name = "revised.xlsx"
    return upload


def administrator(username):
    user = User.objects.create_superuser(username, f"{username}@asean.example", "x")
    client = Client()
    client.force_login(user)
    return client


def preview_of(client, upload):
    response = client.post(reverse("admin:workplan_activity_import"), {"file": upload, "plan": "bali-work-plan"})
    return response.context["confirm_form"].initial


def test_the_admin_confirmation_takes_the_plan_and_rows_from_the_preview_not_the_browser(matrix_upload, settings):
    settings.IMPORT_IN_REQUEST_ROWS = 10
    PlanOfActionFactory()
    client = administrator("admin")
    confirm = preview_of(client, matrix_upload)
    assert set(confirm) == {"token"}
    forged = {**confirm, "confirm": "1", "plan": "acpoa-ct", "rows": "999999", "name": "other.csv"}
    response = client.post(reverse("admin:workplan_activity_import"), forged, follow=True)
    assert "Imported revised.xlsx into the Bali Work Plan" in response.content.decode()
    assert Activity.objects.get().text == "Conduct ASEAN Track 1.5 Dialogue, as revised"


def test_the_admin_confirmation_of_someone_elses_preview_is_refused(matrix_upload):
    confirm = preview_of(administrator("admin"), matrix_upload)
    response = administrator("other").post(reverse("admin:workplan_activity_import"), {**confirm, "confirm": "1"}, follow=True)
    assert "not found or has expired" in response.content.decode()
    assert Activity.objects.get().text == "Conduct ASEAN Track 1.5 Dialogue"
    assert previews.read(confirm["token"], "revised.xlsx") is not None


def test_the_admin_confirmation_past_the_age_limit_is_refused_before_any_clean_up(matrix_upload, settings):
    client = administrator("admin")
    confirm = preview_of(client, matrix_upload)
    settings.IMPORT_PREVIEW_HOURS = 0
    response = client.post(reverse("admin:workplan_activity_import"), {**confirm, "confirm": "1"}, follow=True)
    assert "not found or has expired" in response.content.decode()
    assert Activity.objects.get().text == "Conduct ASEAN Track 1.5 Dialogue"
