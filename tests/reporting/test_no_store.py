"""Every page and file that shows a report, a document, a contact, a dashboard, a summary or a review is
sent with `Cache-Control: no-store`: no shared cache and no browser history keeps it.

The URLs are found by walking the resolver, not listed by hand: every named URL of the apps below must
have a way to be requested in `REQUESTS`, or a reason in `NOT_COVERED`, or its test fails; so a new
page is covered from the day it is added."""

import datetime
from types import SimpleNamespace

import pytest
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import URLResolver, get_resolver, reverse

from official import kinds as official_kinds
from official import services as official_services
from builds.models import DocumentBuild
from monitoring import roles as monitoring_roles
from monitoring.services import add_document, start_report
from national import roles as national_roles
from national import services as national_services
from national.models import AssistanceRequest, ContactPerson
from tests.factories import ActivityFactory, MemberStateFactory, OutputFactory, ReportingCycleFactory, SectoralBodyFactory
from tests.monitoring.conftest import make_user
from tests.national.conftest import build_plan_of_action, focal_point

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("dialogue_partners")]

APPS = {"monitoring", "national", "dashboard", "annualreports", "builds", "official"}
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"

# Named URLs of these apps that may do without no-store, each with its reason. (The public pages, such
# as the work plan's matrix, belong to other apps: they may be cached.)
NOT_COVERED = {
    "builds:request": "POST only: it asks for a document to be built and redirects to the build's page, which is covered.",
}


def named_urls(patterns=None, namespace=""):
    """Every named URL pattern reachable from the root URLconf, as "namespace:name"."""
    names = []
    for pattern in get_resolver().url_patterns if patterns is None else patterns:
        if isinstance(pattern, URLResolver):
            inner = f"{namespace}:{pattern.namespace}" if namespace and pattern.namespace else pattern.namespace or namespace
            names += named_urls(pattern.url_patterns, inner)
        elif pattern.name:
            names.append(f"{namespace}:{pattern.name}".lstrip(":"))
    return names


def in_scope():
    return sorted({name for name in named_urls() if name.split(":")[0] in APPS})


def get(who, expected=200, query="", **kwargs):
    """A request as `who` (a name of the site's people) of the URL with `kwargs`, and the status it must get:
    200 for a page or a file; 405 for a URL that takes only POST; 302 for a page that only redirects."""
    return SimpleNamespace(who=who, kwargs=kwargs, query=query, expected=expected)


def post_only(who, **kwargs):
    return get(who, 405, **kwargs)


# How to request each URL, from the site built below (`s`): one or more requests each.
REQUESTS = {
    "monitoring:home": lambda s: [get("staff", 302)],
    "monitoring:my_activities": lambda s: [get("staff", plan=s.work_plan.slug)],
    "monitoring:start_report": lambda s: [post_only("staff", plan=s.work_plan.slug, year=s.cycle.year,
                                                    code=s.activity.code, body=s.body.abbreviation)],
    "monitoring:reports": lambda s: [get("cochair", plan=s.work_plan.slug),
                                     get("cochair", query="?download=csv", plan=s.work_plan.slug),
                                     get("cochair", query="?download=xlsx", plan=s.work_plan.slug)],
    "monitoring:review": lambda s: [get("cochair", plan=s.work_plan.slug)],
    "monitoring:report": lambda s: [get("staff", pk=s.report.pk), get("cochair", pk=s.report.pk)],
    "monitoring:edit_report": lambda s: [get("staff", pk=s.report.pk)],
    "monitoring:submit_report": lambda s: [post_only("staff", pk=s.report.pk)],
    "monitoring:accept_report": lambda s: [post_only("cochair", pk=s.report.pk)],
    "monitoring:return_report": lambda s: [post_only("cochair", pk=s.report.pk)],
    "monitoring:reopen_report": lambda s: [post_only("cochair", pk=s.report.pk)],
    "monitoring:comment_report": lambda s: [post_only("staff", pk=s.report.pk)],
    "monitoring:accept_reports": lambda s: [post_only("cochair", plan=s.work_plan.slug)],
    "monitoring:document": lambda s: [get("staff", pk=s.document.pk)],
    "monitoring:remove_document": lambda s: [post_only("staff", pk=s.document.pk)],
    "monitoring:mark_document": lambda s: [post_only("staff", pk=s.document.pk)],
    "monitoring:public_parts": lambda s: [post_only("cochair", pk=s.report.pk)],
    "monitoring:indicators": lambda s: [get("cochair", plan=s.work_plan.slug)],
    "monitoring:activity_indicators": lambda s: [get("cochair", plan=s.work_plan.slug, code=s.activity.code)],
    "monitoring:set_indicator": lambda s: [get("cochair", plan=s.work_plan.slug, code=s.activity.code, subject="1")],
    "monitoring:set_target": lambda s: [_with_indicator(s) and get("cochair", plan=s.work_plan.slug, code=s.activity.code,
                                                                   subject="1")],
    "monitoring:participation": lambda s: [get("cochair", plan=s.work_plan.slug)],
    "monitoring:partners": lambda s: [get("staff")],
    "monitoring:partner": lambda s: [get("staff", slug="eu")],
    "national:home": lambda s: [get("focal", 302)],
    "national:reports": lambda s: [get("focal", plan=s.plan_of_action.slug), get("chair", plan=s.plan_of_action.slug)],
    "national:start_report": lambda s: [post_only("focal", plan=s.plan_of_action.slug, year=s.national_cycle.year,
                                                  code=s.member_state.code)],
    "national:summary": lambda s: [get("chair", plan=s.plan_of_action.slug)],
    "national:dashboard": lambda s: [get("chair", plan=s.plan_of_action.slug)],
    "national:entries": lambda s: [get("chair", plan=s.plan_of_action.slug)],
    "national:contacts": lambda s: [get("focal", plan=s.plan_of_action.slug)],
    "national:reviews": lambda s: [get("secretariat", plan=s.plan_of_action.slug)],
    "national:review": lambda s: [get("secretariat", pk=s.review.pk),
                                  get("secretariat", query="?download=xlsx", pk=s.review.pk)],
    "national:edit_review": lambda s: [get("secretariat", pk=s.review.pk)],
    "national:submit_review": lambda s: [post_only("secretariat", pk=s.review.pk)],
    "national:endorse_review": lambda s: [post_only("secretariat", pk=s.review.pk)],
    "national:report": lambda s: [get("focal", pk=s.national_report.pk), get("chair", pk=s.national_report.pk)],
    "national:edit_report": lambda s: [get("focal", pk=s.national_report.pk)],
    "national:edit_area": lambda s: [get("focal", pk=s.national_report.pk, number=1)],
    "national:confirm_area": lambda s: [post_only("focal", pk=s.national_report.pk, number=1)],
    "national:import_report": lambda s: [get("focal", pk=s.national_report.pk),
                                         get("focal", query="?download=xlsx", pk=s.national_report.pk)],
    "national:submit_report": lambda s: [post_only("focal", pk=s.national_report.pk)],
    "national:acknowledge_report": lambda s: [post_only("chair", pk=s.national_report.pk)],
    "national:return_report": lambda s: [post_only("chair", pk=s.national_report.pk)],
    "national:reopen_report": lambda s: [post_only("chair", pk=s.national_report.pk)],
    "national:comment_report": lambda s: [post_only("focal", pk=s.national_report.pk)],
    "national:share_report": lambda s: [post_only("focal", pk=s.national_report.pk)],
    "national:acknowledge_reports": lambda s: [post_only("chair", plan=s.plan_of_action.slug)],
    "national:assistance_list": lambda s: [get("chair", plan=s.plan_of_action.slug)],
    "national:assistance_of_state": lambda s: [get("focal", plan=s.plan_of_action.slug, code=s.member_state.code)],
    "national:assistance": lambda s: [get("focal", pk=s.assistance.pk), get("secretariat", pk=s.assistance.pk)],
    "national:assistance_step": lambda s: [post_only("secretariat", pk=s.assistance.pk)],
    "national:document": lambda s: [get("focal", pk=s.national_document.pk), get("chair", pk=s.national_document.pk)],
    "national:remove_document": lambda s: [post_only("focal", pk=s.national_document.pk)],
    "national:mark_document": lambda s: [post_only("focal", pk=s.national_document.pk)],
    "dashboard:dashboard": lambda s: [get("cochair", plan=s.work_plan.slug), get("staff", plan=s.work_plan.slug)],
    "dashboard:activities": lambda s: [get("cochair", plan=s.work_plan.slug)],
    "annualreports:annual_report": lambda s: [get("cochair", plan=s.work_plan.slug)],
    # Moved to the official documents engine: they redirect there.
    "annualreports:text": lambda s: [get("cochair", 302, plan=s.work_plan.slug, year=s.cycle.year)],
    "annualreports:sign_off": lambda s: [get("cochair", 302, plan=s.work_plan.slug, year=s.cycle.year)],
    "annualreports:version": lambda s: [get("cochair", 302, plan=s.work_plan.slug, year=s.cycle.year, number=s.version.number)],
    "official:documents": lambda s: [get("cochair", plan=s.work_plan.slug)],
    "official:document": lambda s: [get("cochair", plan=s.work_plan.slug, kind="annual-report", year=s.cycle.year)],
    "official:text": lambda s: [get("cochair", plan=s.work_plan.slug, kind="annual-report", year=s.cycle.year)],
    "official:sign": lambda s: [post_only("cochair", plan=s.work_plan.slug, kind="annual-report", year=s.cycle.year)],
    "official:version": lambda s: [get("cochair", plan=s.work_plan.slug, kind="annual-report", year=s.cycle.year,
                                       number=s.version.number)],
    "official:version_print": lambda s: [get("cochair", plan=s.work_plan.slug, kind="annual-report",
                                             year=s.cycle.year, number=s.version.number)],
    "official:version_file": lambda s: [get("cochair", 404, plan=s.work_plan.slug, kind="annual-report",
                                            year=s.cycle.year, number=s.version.number, extension="pdf")],
    "official:reporting_line": lambda s: [get("secretariat", plan=s.work_plan.slug)],
    "official:ministers_packs": lambda s: [get("secretariat")],
    "official:ministers_pack": lambda s: [get("secretariat", year=s.cycle.year)],
    "official:build_ministers_pack": lambda s: [post_only("secretariat", year=s.cycle.year)],
    "builds:build": lambda s: [get("cochair", pk=s.annual_build.pk), get("chair", pk=s.summary_build.pk)],
    "builds:download": lambda s: [get("cochair", pk=s.annual_build.pk), get("chair", pk=s.summary_build.pk)],
}


def _with_indicator(site):
    """An indicator on the activity's first output, whose target page can then be opened."""
    from workplan.models import Indicator

    return Indicator.objects.get_or_create(output=site.activity.outputs.get(), defaults={"kind": "number",
                                                                                         "direction": "higher"})


@pytest.fixture
def site(db, settings, tmp_path):
    """A small site with one of everything: an activity report with a document, a signed-off version of
    the annual report, a national report with a document, a contact, a review, built documents."""
    settings.MEDIA_ROOT = tmp_path
    national_roles.ensure_groups()
    body = SectoralBodyFactory(abbreviation="SOMTC")
    cycle = ReportingCycleFactory(year=2025)
    activity = ActivityFactory(text="Conduct ASEAN Track 1.5 Dialogue", lead_bodies=[body])
    OutputFactory(activity=activity, text="Recommendations formulated")
    staff = make_user(monitoring_roles.STAFF, body, username="somtc")
    cochair = make_user(monitoring_roles.COCHAIRS, username="cochair")
    report = start_report(activity=activity, cycle=cycle, body=body, user=staff)
    document = add_document(report=report, user=staff, uploaded=SimpleUploadedFile("minutes.pdf", PDF, "application/pdf"))
    annual = official_services.document_for(official_kinds.get("annual-report"), cycle.plan, cycle.year)
    number, digest = official_services.open_for_signing(annual)
    version = official_services.sign(annual, cochair, read_digest=digest, read_number=number)

    plan_of_action = build_plan_of_action()
    member_state = MemberStateFactory(name="Indonesia", code="IDN")
    national_cycle = ReportingCycleFactory(plan=plan_of_action, year=2025)
    focal = focal_point(member_state, "National Counter Terrorism Agency", username="id-focal")
    chair = make_user(national_roles.WG_CHAIR, username="wgct-chair")
    secretariat = make_user(national_roles.SECRETARIAT, username="asec")
    national_report = national_services.start_national_report(member_state=member_state, cycle=national_cycle, user=focal)
    national_document = add_document(report=national_report, user=focal,
                                     uploaded=SimpleUploadedFile("strategy.pdf", PDF, "application/pdf"))
    ContactPerson.objects.create(plan=plan_of_action, agency=focal.focal_points.get().agency, name="Budi Santoso",
                                 email="budi@example.org")
    review = national_services.start_review(plan=plan_of_action, first_year=2023, last_year=2025, user=secretariat)
    entry = national_report.entries.first()
    assistance = AssistanceRequest.objects.create(entry=entry, need="Training", theme="training",
                                                  requested_on=datetime.date(2025, 12, 1))

    def built(kind, plan, user, name):
        return DocumentBuild.objects.create(
            kind=kind, plan=plan, params={"cycle": 2025}, state=DocumentBuild.State.DONE, requested_by=user,
            file=ContentFile(b"built", name=name), finished_at=datetime.datetime.now(datetime.timezone.utc))

    return SimpleNamespace(
        work_plan=cycle.plan, cycle=cycle, body=body, activity=activity, report=report, document=document,
        version=version, plan_of_action=plan_of_action, national_cycle=national_cycle, member_state=member_state,
        national_report=national_report, national_document=national_document, review=review, assistance=assistance,
        annual_build=built("annual-report-xlsx", cycle.plan, cochair, "annual-report-2025.xlsx"),
        summary_build=built("national-summary-pdf", plan_of_action, chair, "summary-2025.pdf"),
        people={"staff": staff, "cochair": cochair, "focal": focal, "chair": chair, "secretariat": secretariat},
    )


def test_the_walk_finds_the_urls_of_every_app():
    found = {name.split(":")[0] for name in in_scope()}
    assert found == APPS


@pytest.mark.parametrize("name", in_scope())
def test_every_page_and_file_of_the_reports_is_never_stored(client, site, name):
    if name in NOT_COVERED:
        pytest.skip(NOT_COVERED[name])
    assert name in REQUESTS, f"{name}: say in REQUESTS how to request it, or in NOT_COVERED why it may be cached."
    for request in REQUESTS[name](site):
        client.force_login(site.people[request.who])
        url = reverse(name, kwargs=request.kwargs) + request.query
        response = client.get(url)
        assert response.status_code == request.expected, f"{url} as {request.who}"
        assert "no-store" in response.get("Cache-Control", ""), f"{url} as {request.who}: {response.get('Cache-Control')}"
        if hasattr(response, "streaming_content"):
            # Read the file and close it, not the response: closing a response sends request_finished,
            # which closes the database connection the test's transaction runs in (PostgreSQL).
            assert b"".join(response.streaming_content)
            if getattr(response, "file_to_stream", None) is not None:
                response.file_to_stream.close()


def test_the_login_redirect_of_a_report_is_not_stored_either(client, site):
    response = client.get(reverse("national:report", args=[site.national_report.pk]))
    assert response.status_code == 302 and "no-store" in response["Cache-Control"]
