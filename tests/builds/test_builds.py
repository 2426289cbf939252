"""Documents built in the background: asked for from the annual report, built once, kept for those allowed."""

import io
import re

import openpyxl
import pytest
from django.contrib.auth.models import User
from django.urls import reverse

from builds import services
from builds.models import DocumentBuild
from builds.tasks import MAX_RETRIES
from workplan.models import Plan

pytestmark = pytest.mark.django_db

ANNUAL = {"kind": "annual-report-xlsx", "cycle": "2024", "priority_area": "", "body": ""}


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def plan(reported_plan):
    return Plan.objects.get(slug="bali-work-plan")


def ask(client, data=ANNUAL, plan="bali-work-plan"):
    return client.post(reverse("builds:request", args=[plan]), data)


def test_the_annual_report_button_builds_the_workbook_and_the_page_offers_it(cochair_client, plan, django_capture_on_commit_callbacks):
    page = cochair_client.get(reverse("annualreports:annual_report", args=[plan.slug]) + "?cycle=2024").content.decode()
    assert 'name="kind" value="annual-report-xlsx"' in page and 'name="cycle" value="2024"' in page
    with django_capture_on_commit_callbacks(execute=True):
        response = ask(cochair_client)
    build = DocumentBuild.objects.get()
    assert response.status_code == 302 and response["Location"] == build.get_absolute_url()
    assert (build.state, build.attempts, build.params) == ("done", 1, {"cycle": 2024, "priority_area": None, "body": None})
    page = cochair_client.get(build.get_absolute_url()).content.decode()
    assert "Ready since" in page and 'http-equiv="refresh"' not in page
    download = cochair_client.get(reverse("builds:download", args=[build.pk]))
    assert download.status_code == 200 and "no-store" in download["Cache-Control"]
    assert 'filename="bali-work-plan-annual-report-2024.xlsx"' in download["Content-Disposition"]
    book = openpyxl.load_workbook(io.BytesIO(b"".join(download.streaming_content)))
    assert book.sheetnames[0] == "Summary"
    assert book["Summary"]["A1"].value == "Priority area"


def test_asking_twice_while_queued_makes_one_document(cochair_client, plan):
    first, second = ask(cochair_client), ask(cochair_client)
    assert first["Location"] == second["Location"]
    build = DocumentBuild.objects.get()
    assert build.state == "queued"
    page = cochair_client.get(build.get_absolute_url()).content.decode()
    assert 'http-equiv="refresh"' in page and "Queued" in page
    assert cochair_client.get(reverse("builds:download", args=[build.pk])).status_code == 404


def test_a_build_delivered_twice_builds_once(cochair_client, plan, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        ask(cochair_client)
    build = DocumentBuild.objects.get()
    name, finished = build.file.name, build.finished_at
    again = services.build(build.pk)
    assert (again.file.name, again.finished_at, again.attempts) == (name, finished, 1)


def test_a_build_that_keeps_failing_is_retried_then_marked_failed(cochair_client, plan, django_capture_on_commit_callbacks):
    # A cycle that was removed after the document was asked for: every attempt fails the same way.
    build = DocumentBuild.objects.create(kind="annual-report-xlsx", plan=plan, params={"cycle": 1999})
    from builds.tasks import build_document

    build_document.apply(args=[build.pk])
    build.refresh_from_db()
    assert build.state == "failed" and build.attempts == MAX_RETRIES + 1 and build.error
    page = cochair_client.get(build.get_absolute_url()).content.decode()
    assert f"after {MAX_RETRIES + 1} attempts" in page


@pytest.mark.parametrize(
    "change", [{"cycle": "1999"}, {"cycle": "2024\x00"}, {"priority_area": "9"}, {"body": "NOPE"}, {"kind": "x"}]
)
def test_a_request_for_a_document_that_cannot_exist_is_refused(cochair_client, plan, change):
    response = ask(cochair_client, {**ANNUAL, **change})
    assert response.status_code == 404 and not DocumentBuild.objects.exists()


def test_only_those_who_see_every_report_may_ask_for_or_download_the_annual_report(client, plan, django_capture_on_commit_callbacks):
    staff = User.objects.filter(username__endswith="-staff-1").first()
    client.force_login(staff)
    assert ask(client).status_code == 403
    build = DocumentBuild.objects.create(kind="annual-report-xlsx", plan=plan, params={"cycle": 2024})
    services.build(build.pk)
    assert client.get(reverse("builds:download", args=[build.pk])).status_code == 403
    assert client.get(build.get_absolute_url()).status_code == 403
    client.logout()
    response = client.get(reverse("builds:download", args=[build.pk]))
    assert response.status_code == 302 and re.search(r"/accounts/login/", response["Location"])
    assert client.get(reverse("builds:download", args=[build.pk + 1])).status_code == 302
