"""A confirmed import too large for a request is written by the worker: once, all or nothing, with a
page that follows it."""

import io

import pytest
from django.urls import reverse

from tests.workplan.test_import import as_xlsx, exported_rows
from workplan import previews, services
from workplan import spreadsheets as sheet
from workplan.models import Activity, MatrixImportJob, Plan

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _small_limit(settings, tmp_path):
    settings.IMPORT_IN_REQUEST_ROWS = 10  # the real matrix's 114 rows go to the worker
    settings.MEDIA_ROOT = tmp_path


def preview(admin_client, rows, name="revised.xlsx"):
    upload = io.BytesIO(as_xlsx(rows))
    upload.name = name
    response = admin_client.post(reverse("admin:workplan_activity_import"), {"file": upload, "plan": "bali-work-plan"})
    return response.context["confirm_form"].initial


def revised_rows(text="Consider creating a regional network, as revised"):
    rows = exported_rows()
    rows[1][rows[0].index(sheet.ACTIVITY)] = text
    return rows


def test_a_large_import_is_confirmed_into_a_job_the_worker_writes(admin_client, admin_user, real_plan, django_capture_on_commit_callbacks):
    confirm = preview(admin_client, revised_rows())
    assert previews.find(confirm["token"], user=admin_user).rows == 114
    url = reverse("admin:workplan_activity_import")
    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(url, {"confirm": "1", **confirm})
    job = MatrixImportJob.objects.get()
    assert response["Location"] == reverse("admin:workplan_activity_import_job", args=[job.pk])
    assert (job.state, job.attempts) == ("done", 1)
    assert {key: job.totals[key] for key in ("new", "updated", "unchanged", "error")} == {"new": 0, "updated": 1, "unchanged": 113, "error": 0}
    assert Activity.objects.get(code="1.1.1").text == "Consider creating a regional network, as revised"
    page = admin_client.get(response["Location"]).content.decode()
    assert "1 updated, 113 unchanged rows" in page and 'http-equiv="refresh"' not in page
    assert previews.read(confirm["token"], "revised.xlsx") is None, "the preview is gone once imported"
    # Confirming again (a double click, a back button) makes no second job.
    admin_client.post(url, {"confirm": "1", **confirm})
    assert MatrixImportJob.objects.count() == 1


def test_a_job_delivered_twice_imports_once(admin_client, real_plan):
    confirm = preview(admin_client, revised_rows())
    admin_client.post(reverse("admin:workplan_activity_import"), {"confirm": "1", **confirm})  # queued, not run
    job = MatrixImportJob.objects.get()
    assert job.state == "queued" and 'http-equiv="refresh"' in admin_client.get(
        reverse("admin:workplan_activity_import_job", args=[job.pk])).content.decode()
    services.run_import_job(job.pk)
    Activity.objects.filter(code="1.1.1").update(text="Changed since")
    again = services.run_import_job(job.pk)
    assert (again.state, again.attempts) == ("done", 1)
    assert Activity.objects.get(code="1.1.1").text == "Changed since", "the second delivery wrote nothing"


def test_a_job_whose_file_no_longer_fits_the_database_writes_nothing_and_says_why(admin_client, real_plan):
    confirm = preview(admin_client, revised_rows())
    admin_client.post(reverse("admin:workplan_activity_import"), {"confirm": "1", **confirm})
    Plan.objects.filter(slug="bali-work-plan").update(status=Plan.Status.ENDED)  # between the preview and the worker's turn
    job = services.run_import_job(MatrixImportJob.objects.get().pk)
    assert job.state == "failed" and "has ended" in job.errors[0]
    assert Activity.objects.get(code="1.1.1").text != "Consider creating a regional network, as revised"
    page = admin_client.get(reverse("admin:workplan_activity_import_job", args=[job.pk])).content.decode()
    assert "Nothing was imported" in page


def test_a_job_whose_preview_expired_says_so(admin_client, real_plan):
    confirm = preview(admin_client, revised_rows())
    admin_client.post(reverse("admin:workplan_activity_import"), {"confirm": "1", **confirm})
    previews.discard(confirm["token"], "revised.xlsx")
    job = services.run_import_job(MatrixImportJob.objects.get().pk)
    assert job.state == "failed" and "expired" in job.errors[0]
