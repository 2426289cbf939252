"""Several plans in one tracker: codes unique within a plan only, pages and URLs per plan, old URLs
redirected, ended plans read-only, plans imported and exported per plan."""

import datetime
import json
import re
from pathlib import Path

import openpyxl
import pytest
from django.core.cache import cache
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.core.management.base import CommandError
from django.urls import reverse

from monitoring import roles, services
from monitoring.models import ActivityReport
from reporting.models import ReportingCycle
from tests.factories import (
    ActionLineFactory,
    ActivityFactory,
    PlanOfActionFactory,
    PriorityAreaFactory,
    ReportingCycleFactory,
    SectoralBodyFactory,
    WorkPlanFactory,
    bali,
    build_plan,
)
from tests.monitoring.conftest import make_user
from tests.timemachine import frozen_today  # noqa: F401 (fixture)
from workplan.models import Activity, ActionLine, Plan
from workplan.services import import_matrix
from workplan.spreadsheets import export, matrix_dataset, read_dataset

pytestmark = pytest.mark.django_db
ROOT = Path(__file__).resolve().parents[2]


def successor(**fields):
    return WorkPlanFactory(slug="next-work-plan", short_name="Next Work Plan", title="The next work plan", start_year=2026,
                           end_year=2030, **fields)


# --- the same numbers in two plans ------------------------------------------------------------------


def test_the_same_number_is_an_action_line_of_one_plan_and_a_measure_of_another(client):
    line = ActionLineFactory(priority_area=PriorityAreaFactory(number=3), position=1, text="Enhance law enforcement (PoA)")
    acpoa = PlanOfActionFactory()
    measure = ActionLineFactory(priority_area=PriorityAreaFactory(plan=acpoa, number=3), position=1, text="Introduce legislation (ACPoA)")
    assert line.number == measure.number == "3.1" and line.plan != measure.plan
    assert "Enhance law enforcement (PoA)" in client.get("/plans/bali-work-plan/3.1/").content.decode()
    page = client.get("/plans/acpoa-ct/3.1/").content.decode()
    assert "Introduce legislation (ACPoA)" in page and "Enhance law enforcement" not in page
    assert "Measure 3.1" in page and "prints this line as" not in page  # a measure has no matrix wording


def test_the_same_activity_code_in_two_work_plans_never_clashes(client):
    body = SectoralBodyFactory(abbreviation="SOMTC")
    old = ActivityFactory(code="1.1.1", text="Old regional workshop", lead_bodies=[body])
    new_plan = successor()
    new_line = ActionLineFactory(priority_area=PriorityAreaFactory(plan=new_plan, number=1), position=1)
    new = ActivityFactory(focus_area__action_line=new_line, code="1.1.1", text="New regional workshop", lead_bodies=[body])
    assert old.code == new.code and old.plan != new.plan
    assert "Old regional workshop" in client.get("/plans/bali-work-plan/activities/1.1.1/").content.decode()
    assert "New regional workshop" in client.get("/plans/next-work-plan/activities/1.1.1/").content.decode()
    # The matrix, filtered by the line both plans number 1.1, shows each plan's own row only.
    page = client.get("/plans/next-work-plan/", {"action_line": "1.1"}).content.decode()
    assert "New regional workshop" in page and "Old regional workshop" not in page
    # Reporting cycles of the same year, one per plan; a report of each, listed under its own plan.
    roles.ensure_groups()
    staff = make_user(roles.STAFF, body, username="somtc")
    old_report = services.start_report(activity=old, cycle=ReportingCycleFactory(year=2026), body=body, user=staff)
    new_report = services.start_report(
        activity=new, cycle=ReportingCycleFactory(plan=new_plan, year=2026), body=body, user=staff
    )
    assert old_report.cycle.year == new_report.cycle.year and old_report.cycle != new_report.cycle
    client.force_login(staff)
    listed = client.get("/plans/next-work-plan/reports/", {"cycle": "2026"}).context["reports"]
    assert list(listed) == [new_report]
    mine = client.get("/plans/bali-work-plan/my-activities/", {"cycle": "2026"}).context["rows"]
    assert [(row.activity, row.report) for row in mine] == [(old, old_report)]


def test_a_report_needs_a_cycle_of_its_activitys_plan(db):
    body = SectoralBodyFactory()
    roles.ensure_groups()
    staff = make_user(roles.STAFF, body)
    activity = ActivityFactory(lead_bodies=[body])
    with pytest.raises(services.WorkflowError, match="not of the plan"):
        services.start_report(activity=activity, cycle=ReportingCycleFactory(plan=successor()), body=body, user=staff)


def test_an_import_into_one_plan_leaves_the_other_alone(real_plan):
    before = list(Activity.objects.filter(plan=bali()).values_list("code", "text"))
    new_plan = successor(implements=Plan.objects.get(slug="poa-pcrve"))
    dataset = read_dataset(content=(ROOT / "fixtures" / "bali-work-plan.xlsx").read_bytes(), filename="bali-work-plan.xlsx")
    result = import_matrix(plan=new_plan, dataset=dataset, dry_run=False)
    assert not result.has_errors and result.totals["new"] == 114
    assert list(Activity.objects.filter(plan=bali()).values_list("code", "text")) == before
    assert Activity.objects.filter(plan=new_plan).count() == 113
    # The new plan's lines restate the same PoA action lines as the Bali Work Plan's.
    assert set(ActionLine.objects.filter(plan=new_plan).values_list("implements__plan__slug", flat=True)) == {"poa-pcrve"}
    assert ActionLine.objects.filter(plan=new_plan).count() == 30
    # The same file again changes nothing in either plan.
    again = import_matrix(plan=new_plan, dataset=dataset, dry_run=True)
    assert again.totals["unchanged"] == 114


# --- plans and their pages ----------------------------------------------------------------------------


def test_the_home_page_lists_the_plans_with_status_period_and_what_each_implements(client, real_plan, frozen_today):
    frozen_today(datetime.date(2025, 12, 31))
    page = client.get("/").content.decode()
    for plan in Plan.objects.all():
        assert plan.short_name in page and plan.period in page
    assert page.count("In force") == 3
    # Past 2025, the two plans that end then say so; the ACPoA, without a last year, stays in force.
    frozen_today(datetime.date(2026, 1, 1))
    page = client.get("/").content.decode()
    assert (page.count("Ended in 2025"), page.count("In force")) == (2, 1)
    assert 'href="/plans/poa-pcrve/"' in page  # the Bali Work Plan implements it


def test_the_acpoa_page_lists_every_area_and_measure(client, real_plan):
    source = json.loads((ROOT / "fixtures" / "source" / "acpoa.json").read_text(encoding="utf-8"))
    page = client.get("/plans/acpoa-ct/").content.decode()
    for area in source["areas"]:
        assert f"{area['number']}. " in page
        for measure in area["measures"]:
            assert f'href="/plans/acpoa-ct/{measure["number"]}/"' in page
    linked = re.findall(r'href="/plans/acpoa-ct/([0-9]+\.[0-9]+)/"', page)
    assert linked == [measure["number"] for area in source["areas"] for measure in area["measures"]]
    filtered = client.get("/plans/acpoa-ct/", {"priority_area": "7"}).content.decode()
    assert filtered.count('href="/plans/acpoa-ct/7.') == 3 and "/plans/acpoa-ct/8.1/" not in filtered


def test_export_of_the_acpoa_writes_every_measure_verbatim(tmp_path, real_plan):
    call_command("export_matrix", "--plan", "acpoa-ct", str(tmp_path / "acpoa.xlsx"), verbosity=0)
    rows = list(openpyxl.load_workbook(tmp_path / "acpoa.xlsx").active.iter_rows(values_only=True))
    source = json.loads((ROOT / "fixtures" / "source" / "acpoa.json").read_text(encoding="utf-8"))
    expected = [
        (f"{area['number']}. {area['title']}", measure["number"], measure["text"])
        for area in source["areas"] for measure in area["measures"]
    ]
    assert rows[0] == ("Area", "Number", "Text")
    assert rows[1:] == expected


@pytest.mark.parametrize("slug", ["bali-work-plan", "acpoa-ct", "poa-pcrve"])
def test_the_shipped_spreadsheets_round_trip_exactly(real_plan, slug):
    plan = Plan.objects.get(slug=slug)
    shipped = ROOT / "fixtures" / f"{slug}.xlsx"
    dataset = read_dataset(content=shipped.read_bytes(), filename=shipped.name)
    from workplan.services import import_plan

    result = import_plan(plan=plan, dataset=dataset, dry_run=True)
    assert not result.has_errors
    assert result.totals["unchanged"] == len(result.rows), f"fixtures/{slug}.xlsx is out of date: run manage.py export_matrix"
    from workplan.spreadsheets import plan_dataset

    assert export(plan_dataset(plan), ".csv") == export(dataset, ".csv")


def test_a_plan_of_action_import_adds_and_updates_provisions(real_plan):
    from workplan.services import import_provisions
    from workplan.spreadsheets import provisions_dataset

    plan = Plan.objects.get(slug="acpoa-ct")
    dataset = provisions_dataset(plan)
    dataset.append(["19. Enhance cooperation on counter terrorism with ASEAN Dialogue and Sectoral Partners and external parties.",
                    "19.4", "A fourth measure"])
    dataset[0] = (dataset[0][0], dataset[0][1], "Introduce legislation, revised")
    result = import_provisions(plan=plan, dataset=dataset, dry_run=False)
    assert result.totals == {"new": 1, "updated": 1, "unchanged": 76, "error": 0, "unchecked": 0}
    assert ActionLine.objects.get(plan=plan, number="3.1").text == "Introduce legislation, revised"
    assert ActionLine.objects.get(plan=plan, number="19.4").position == 4
    dataset.append(["3. Adherence", "4.9", "misplaced"])
    refused = import_provisions(plan=plan, dataset=dataset, dry_run=False)
    assert "measure 4.9 does not belong to area of cooperation 3" in " ".join(refused.error_messages())
    assert not ActionLine.objects.filter(plan=plan, number="4.9").exists()


def test_a_successor_work_plan_is_created_by_importing_its_spreadsheet(real_plan, tmp_path, capsys):
    call_command(
        "import_matrix", "--plan", "bali-work-plan-2026", str(ROOT / "fixtures" / "bali-work-plan.xlsx"),
        "--title", "Work Plan 2026–2030", "--short-name", "Work Plan 2026–2030", "--start-year", "2026",
        "--end-year", "2030", "--implements", "poa-pcrve", "--succeeds", "bali-work-plan",
    )
    new = Plan.objects.get(slug="bali-work-plan-2026")
    assert new.is_work_plan and new.implements.slug == "poa-pcrve" and bali().succeeded_by == new
    assert Activity.objects.filter(plan=new).count() == Activity.objects.filter(plan=bali()).count() == 113
    # A dry run of yet another plan leaves no plan behind; a file in error neither.
    call_command("import_matrix", "--plan", "dry", str(ROOT / "fixtures" / "bali-work-plan.xlsx"), "--dry-run",
                 "--title", "Dry", "--short-name", "Dry", "--start-year", "2031")
    assert not Plan.objects.filter(slug="dry").exists()
    with pytest.raises(CommandError, match="give --title"):
        call_command("import_matrix", "--plan", "unknown", str(ROOT / "fixtures" / "bali-work-plan.xlsx"))


def test_an_ended_plan_takes_no_import_and_no_new_report(real_plan, client):
    plan = bali()
    plan.status = Plan.Status.ENDED
    plan.save()
    dataset = matrix_dataset(plan)
    result = import_matrix(plan=plan, dataset=dataset, dry_run=True)
    assert result.has_errors and "has ended" in result.file_errors[0]
    call_command("load_cycles", verbosity=0)
    roles.ensure_groups()
    activity = Activity.objects.get(plan=plan, code="1.8.1")
    body = activity.lead_bodies.first()
    staff = make_user(roles.STAFF, body)
    with pytest.raises(services.WorkflowError, match="has ended"):
        services.start_report(activity=activity, cycle=plan.cycles.get(year=2024), body=body, user=make_user(roles.ADMINISTRATORS))
    assert not ActivityReport.objects.exists()
    # Its last cycle, still open, takes the year's reports until it closes.
    last = plan.cycles.get(year=2025)
    assert last.is_open and services.start_report(activity=activity, cycle=last, body=body, user=staff).is_editable_by(staff)


def test_an_ended_plans_reports_are_kept_as_they_were(db):
    body = SectoralBodyFactory()
    roles.ensure_groups()
    staff = make_user(roles.STAFF, body)
    report = services.start_report(activity=ActivityFactory(lead_bodies=[body]), cycle=ReportingCycleFactory(), body=body, user=staff)
    assert report.is_editable_by(staff)
    Plan.objects.filter(pk=report.cycle.plan_id).update(status=Plan.Status.ENDED)
    ReportingCycle.objects.filter(pk=report.cycle_id).update(state=ReportingCycle.State.CLOSED)
    report = ActivityReport.objects.with_matrix().get(pk=report.pk)
    assert not report.is_editable_by(staff)
    with pytest.raises(services.WorkflowError, match="has ended"):
        services.submit_report(report=report, user=staff)


def test_activity_pages_of_a_plan_of_action_do_not_exist(client, real_plan):
    assert client.get("/plans/acpoa-ct/activities/3.1.1/").status_code == 404
    assert client.get("/plans/no-such-plan/").status_code == 404
    assert client.get("/plans/acpoa-ct/20.1/").status_code == 404


def test_the_activity_page_shows_the_editorial_note_where_the_source_is_ambiguous(client, real_plan):
    page = client.get("/plans/bali-work-plan/activities/1.9.2/").content.decode()
    note = page[page.index('<details class="note">'):]
    assert "<summary>Note on the transcription</summary>" in note and "spanning both rows of 1.9" in note[:note.index("</details>")]


# --- old addresses ------------------------------------------------------------------------------------

OLD_TO_NEW = [
    ("/workplan/", "/plans/bali-work-plan/"),
    ("/workplan/?priority_area=1&lead_body=SOMTC", "/plans/bali-work-plan/?priority_area=1&lead_body=SOMTC"),
    ("/workplan/1.8/", "/plans/bali-work-plan/1.8/"),
    ("/workplan/activities/1.8.3/", "/plans/bali-work-plan/activities/1.8.3/"),
    ("/workplan/matrix.xlsx", "/plans/bali-work-plan/matrix.xlsx"),
    ("/monitoring/activities/?cycle=2024", "/plans/bali-work-plan/my-activities/?cycle=2024"),
    ("/monitoring/reports/?cycle=2024&state=submitted", "/plans/bali-work-plan/reports/?cycle=2024&state=submitted"),
    ("/monitoring/review/", "/plans/bali-work-plan/review/"),
    ("/dashboard/?cycle=2022", "/plans/bali-work-plan/dashboard/?cycle=2022"),
    ("/dashboard/activities/?cycle=2022&coverage=none", "/plans/bali-work-plan/dashboard/activities/?cycle=2022&coverage=none"),
    ("/dashboard/annual-report/?cycle=2024", "/plans/bali-work-plan/dashboard/annual-report/?cycle=2024"),
]


@pytest.mark.parametrize("old, new", OLD_TO_NEW)
def test_every_old_url_redirects_permanently_to_its_new_home(client, old, new):
    response = client.get(old)
    assert response.status_code == 301
    assert response["Location"] == new


def test_the_old_start_report_form_is_redirected_keeping_its_post(client):
    old = "/monitoring/cycles/2025/activities/1.9.1/SOMTC/start/"
    response = client.post(old)
    assert response.status_code == 308
    assert response["Location"] == reverse(
        "monitoring:start_report", kwargs={"plan": "bali-work-plan", "year": 2025, "code": "1.9.1", "body": "SOMTC"}
    )


def test_the_old_urls_lead_to_pages_that_answer(client, real_plan):
    for old, _ in OLD_TO_NEW[:5]:
        assert client.get(old, follow=True).status_code == 200


# --- a second plan costs the first plan's pages nothing ------------------------------------------------


def _query_counts(client, urls):
    counts = {}
    for url in urls:
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200, url
        counts[url] = len(queries)
    return counts


def test_a_second_plan_the_size_of_the_first_changes_no_query_count_of_the_first(client):
    bodies = build_plan(scale=1)
    roles.ensure_groups()
    staff = make_user(roles.STAFF, bodies[1], username="staff")
    admin = make_user(roles.ADMINISTRATORS, username="root", is_superuser=True, is_staff=True)
    cycle = ReportingCycleFactory(year=2025)
    for activity in Activity.objects.filter(lead_bodies=bodies[1])[:5]:
        services.start_report(activity=activity, cycle=cycle, body=bodies[1], user=staff)
    urls = [
        "/", "/plans/bali-work-plan/", "/plans/bali-work-plan/?lead_body=" + bodies[1].abbreviation,
        "/plans/bali-work-plan/2.1/", "/plans/bali-work-plan/activities/2.1.1/", f"/bodies/{bodies[1].abbreviation}/",
        "/plans/bali-work-plan/my-activities/", "/plans/bali-work-plan/reports/", "/plans/bali-work-plan/dashboard/",
        "/plans/bali-work-plan/dashboard/annual-report/",
    ]
    client.force_login(admin)
    # A seat in force (the body's row and the staff group), so that "My activities" lists rows.
    staff.memberships.model.objects.create(user=admin, body=bodies[1])
    admin.groups.add(*staff.groups.filter(name=roles.STAFF))
    before = _query_counts(client, urls)
    second = successor()
    build_plan(scale=1, bodies=bodies, plan=second)
    second_cycle = ReportingCycleFactory(plan=second, year=2025)
    for activity in Activity.objects.filter(plan=second, lead_bodies=bodies[1])[:5]:
        services.start_report(activity=activity, cycle=second_cycle, body=bodies[1], user=staff)
    assert Activity.objects.filter(plan=second).count() == Activity.objects.filter(plan=bali()).count()
    cache.clear()  # the dashboard counts afresh, as it did the first time
    assert _query_counts(client, urls) == before


@pytest.mark.parametrize("name", ["Bali\nWork Plan", "Bali Work Plan\r", "Bali\u2028Work Plan", "Bali\x85Work Plan"])
def test_plan_names_with_a_line_break_are_refused(name):
    from django.core.exceptions import ValidationError

    plan = WorkPlanFactory.build(slug="another-plan", title=name, short_name=name)
    with pytest.raises(ValidationError) as refused:
        plan.full_clean()
    assert set(refused.value.message_dict) >= {"title", "short_name"}
