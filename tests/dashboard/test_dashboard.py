"""The dashboard's figures against counts made here, in Python, from the reports themselves."""

from collections import Counter

import pytest
from django.contrib.auth.models import User
from django.core.cache import cache
from django.core.management import call_command
from django.urls import reverse

from dashboard.figures import REPORTED_STATES, AchievementCounts, Coverage, StatusCounts
from monitoring.models import ActivityReport
from demo.synthetic import generate
from reporting.models import ExpectedReport, ReportingCycle
from workplan.models import Activity

RANK = {"accepted": 4, "submitted": 3, "returned": 2, "draft": 1}

# Queries of the dashboard whatever the number of activities, reports and cycles: session, user and its
# two permission lookups, the menu's membership check; the plan and its cycles; the names, read with
# every page (action lines with their priority areas, bodies, Member States); the matrix counts
# (activities per line, leads per body and area); the cycles' counts (coverage and achievement by
# cycle and action line, status and reports by cycle, action line and body, reports on led activities
# by cycle, body and area); their Member State participation; the filter form's three lists; and, never
# cached as they move with every submission and follow-up, the reporting rates by body (one query) and
# the open recommendations (their number and the oldest fifty).
# Two of them count the late bodies, live: lateness changes with the day, not with the reports (reporting.figures).
DASHBOARD_QUERIES = 26  # 25, and the performance indicators (one query while there are none)
MATRIX_COUNT_QUERIES = 2
CYCLE_COUNT_QUERIES = 4
PARTICIPATION_QUERIES = 1
CACHED_DASHBOARD_QUERIES = DASHBOARD_QUERIES - MATRIX_COUNT_QUERIES - CYCLE_COUNT_QUERIES - PARTICIPATION_QUERIES


class Plan:
    """Everything the figures are made of, loaded once, so the test can count by itself."""

    def __init__(self):
        self.activities = list(Activity.objects.select_related("focus_area__action_line__priority_area").prefetch_related("lead_bodies"))
        self.reports = list(
            ActivityReport.objects.select_related("cycle", "implementing_body", "activity__focus_area__action_line__priority_area")
            .prefetch_related("achievements", "participating_member_states", "activity__lead_bodies")
        )

    @staticmethod
    def leads(activity):
        return {body.abbreviation for body in activity.lead_bodies.all()}

    def in_scope(self, activity, area=None, line=None, body=None):
        action_line = activity.focus_area.action_line
        return (
            (area is None or action_line.priority_area.number == area)
            and (line is None or action_line.number == line)
            and (body is None or body in self.leads(activity))
        )

    def scoped_reports(self, year=None, area=None, line=None, body=None):
        return [
            r for r in self.reports
            if (year is None or r.cycle.year == year)
            and self.in_scope(r.activity, area, line)
            and (body is None or r.implementing_body.abbreviation == body)
        ]

    def coverage(self, year, area=None, line=None, body=None):
        activities = [a for a in self.activities if self.in_scope(a, area, line, body)]
        best = {}
        for report in self.scoped_reports(year, area, line, body):
            if body is None or body in self.leads(report.activity):
                best[report.activity_id] = max(best.get(report.activity_id, 0), RANK[report.state])
        counts = Counter(best.get(activity.pk, 0) for activity in activities)
        return Coverage(accepted=counts[4], submitted=counts[3], returned=counts[2], draft=counts[1], none=counts[0])

    def status(self, year, area=None, line=None, body=None):
        counts = Counter(
            r.implementation_status for r in self.scoped_reports(year, area, line, body) if r.state in REPORTED_STATES
        )
        return StatusCounts(**{status: counts[status] for status in ActivityReport.Status.values})

    def achievements(self, year, area=None, line=None, body=None):
        counts = Counter(
            a.level or "not_assessed"
            for r in self.scoped_reports(year, area, line, body) if r.state in REPORTED_STATES
            for a in r.achievements.all()
        )
        return AchievementCounts(**{f.name: counts[f.name] for f in AchievementCounts.__dataclass_fields__.values()})


SCOPES = [
    {},
    {"cycle": "2021"},
    {"priority_area": "3"},
    {"body": "SOMTC"},
    {"cycle": "2024", "priority_area": "1", "body": "AICHR"},
]


@pytest.mark.parametrize("params", SCOPES, ids=lambda p: "&".join(f"{k}={v}" for k, v in p.items()) or "default")
def test_dashboard_figures_agree_with_a_count_of_the_reports(cochair_client, params):
    response = cochair_client.get(reverse("dashboard:dashboard", args=["bali-work-plan"]), params)
    assert response.status_code == 200
    context = response.context
    plan = Plan()
    year = int(params.get("cycle", ReportingCycle.objects.current().year))
    area = int(params["priority_area"]) if "priority_area" in params else None
    body = params.get("body")
    assert context["scope"].cycle.year == year
    assert context["coverage"] == plan.coverage(year, area, body=body)
    assert context["coverage"].reported > 0, "the generated data should give something to count"
    assert context["status"] == plan.status(year, area, body=body)
    assert context["achievements"] == plan.achievements(year, area, body=body)
    for area_figures in context["areas"]:
        number = area_figures.priority_area.number
        assert area_figures.coverage == plan.coverage(year, number, body=body)
        for line in area_figures.lines:
            assert line.coverage == plan.coverage(year, number, line.action_line.number, body)
            assert line.status == plan.status(year, number, line.action_line.number, body)
            assert line.achievements == plan.achievements(year, number, line.action_line.number, body)
    for row in context["trend"]:
        assert row.coverage == plan.coverage(row.cycle.year, area, body=body)
        assert row.status == plan.status(row.cycle.year, area, body=body)
    for row in context["member_states"]:
        for cycle, n in row.by_cycle:
            assert n == sum(
                1 for r in plan.scoped_reports(cycle.year, area, body=body)
                if r.state in REPORTED_STATES and row.member_state in r.participating_member_states.all()
            )


def test_bodies_by_area_and_late_bodies_agree_with_a_count_of_the_reports(cochair_client):
    response = cochair_client.get(reverse("dashboard:dashboard", args=["bali-work-plan"]), {"cycle": "2022"})
    plan = Plan()
    for row in response.context["body_rows"]:
        abbreviation = row.body.abbreviation
        for area, cell in row.cells:
            led = [a for a in plan.activities if plan.in_scope(a, area.number, body=abbreviation)]
            reported = [r for r in plan.scoped_reports(2022, area.number, body=abbreviation) if r.state in REPORTED_STATES]
            assert cell.led == len(led)
            assert cell.reported == len(reported)
            assert cell.reported_led == sum(1 for r in reported if abbreviation in plan.leads(r.activity))
    late = {row.body.abbreviation: dict((cycle.year, n) for cycle, n in row.missing) for row in response.context["late"]}
    assert late, "closed cycles of the generated data leave some expected reports unreceived"
    # Late, counted here by walking the rows: each expected report of the body whose report was never sent.
    sent = {(r.cycle.year, r.activity_id, r.implementing_body.abbreviation)
            for r in ActivityReport.objects.select_related("cycle", "implementing_body") if r.first_submitted_at}
    expected = [(e.cycle.year, e.activity_id, e.body.abbreviation)
                for e in ExpectedReport.objects.filter(body__isnull=False).select_related("cycle", "body")]
    for abbreviation, by_year in late.items():
        for year, missing in by_year.items():
            assert missing == sum(1 for key in expected if key[0] == year and key[2] == abbreviation and key not in sent)


def test_a_figure_links_to_a_list_of_as_many_activities_or_reports(cochair_client):
    context = cochair_client.get(reverse("dashboard:dashboard", args=["bali-work-plan"]), {"cycle": "2024"}).context
    line = max((line for area in context["areas"] for line in area.lines), key=lambda line: line.coverage.none)
    number = line.action_line.number
    for key, _, count in line.coverage.segments():
        listed = cochair_client.get(reverse("dashboard:activities", args=["bali-work-plan"]), {"cycle": "2024", "action_line": number, "coverage": key})
        assert listed.context["page"].paginator.count == count, key
    for key, _, count in line.status.segments():
        listed = cochair_client.get(
            reverse("monitoring:reports", args=["bali-work-plan"]), {"cycle": "2024", "action_line": number, "state": "reported", "status": key}
        )
        assert listed.context["page"].paginator.count == count, key
    area = context["areas"][0]
    listed = cochair_client.get(
        reverse("monitoring:reports", args=["bali-work-plan"]),
        {"cycle": "2024", "priority_area": area.priority_area.number, "state": "reported", "achievement": "achieved"},
    )
    reports = list(listed.context["page"].paginator.object_list)
    assert 0 < len(reports) <= area.achievements.achieved
    assert all(r.achievements.filter(level="achieved").exists() for r in reports)


@pytest.mark.parametrize("scale", [1, 3])
def test_dashboard_and_annual_report_run_a_fixed_number_of_queries_at_any_scale(
    client, real_plan, django_assert_num_queries, django_capture_on_commit_callbacks, scale
):
    call_command("load_cycles", verbosity=0)
    generate(scale=scale, seed=1)
    assert Activity.objects.count() == 113 * scale
    client.force_login(User.objects.get(username="mtf-cochair-1"))
    with django_assert_num_queries(DASHBOARD_QUERIES):
        assert client.get(reverse("dashboard:dashboard", args=["bali-work-plan"])).status_code == 200
    with django_assert_num_queries(CACHED_DASHBOARD_QUERIES):
        assert client.get(reverse("dashboard:dashboard", args=["bali-work-plan"])).status_code == 200
    report = ActivityReport.objects.filter(cycle__year=2022).exclude(implementation_status="completed").first()
    report.implementation_status = "completed"
    with django_capture_on_commit_callbacks(execute=True):
        report.save()
    with django_assert_num_queries(CACHED_DASHBOARD_QUERIES + CYCLE_COUNT_QUERIES):
        assert client.get(reverse("dashboard:dashboard", args=["bali-work-plan"])).status_code == 200
    # The chosen body and cycle, looked up by the form; the chosen body stands for the list of bodies.
    with django_assert_num_queries(DASHBOARD_QUERIES + 1):
        assert client.get(reverse("dashboard:dashboard", args=["bali-work-plan"]), {"body": "SOMTC", "cycle": "2020"}).status_code == 200
    cache.clear()  # the annual report shares the dashboard's counts: count them again
    with django_assert_num_queries(ANNUAL_REPORT_QUERIES):
        response = client.get(reverse("annualreports:annual_report", args=["bali-work-plan"]), {"cycle": "2023"})
    assert response.status_code == 200
    assert response.context["page"].paginator.count == ActivityReport.objects.filter(
        cycle__year=2023, state__in=REPORTED_STATES
    ).count()
    assert len(response.context["entries"]) == min(50, response.context["page"].paginator.count)
    # The co-chairs' text and signed versions are the official document's page, linked from here.
    assert reverse("official:document", args=["bali-work-plan", "annual-report", 2023]) in response.content.decode()


# Session, user, its permissions and the menu's membership check; the plan, its cycles, the three
# filter lists and the chosen cycle; the names, matrix and cycle counts as on the dashboard; the key
# recommendations; the number of entries and one page of them with their relevant bodies, Member
# States, partners from the register, achievements and documents; the reporting rates; the open recommendations (number and oldest fifty);
# (the co-chairs' text and the signed versions are the official document's page, not this one's).
ANNUAL_REPORT_QUERIES = 35  # 37, and the performance indicators (one query while there are none)


def test_figures_come_from_the_cache_until_a_report_changes(
    cochair_client, django_assert_num_queries, django_capture_on_commit_callbacks
):
    url = reverse("dashboard:dashboard", args=["bali-work-plan"])
    first = cochair_client.get(url).context["coverage"]
    with django_assert_num_queries(CACHED_DASHBOARD_QUERIES):  # no count is run again
        assert cochair_client.get(url).context["coverage"] == first
    cycle = ReportingCycle.objects.current()
    accepted = ActivityReport.objects.filter(cycle=cycle, state="accepted").values("activity")
    report = ActivityReport.objects.filter(cycle=cycle, state="submitted").exclude(activity__in=accepted).first()
    report.state = "accepted"  # its activity now has an accepted report, where it had none
    with django_capture_on_commit_callbacks(execute=True):
        report.save()
    with django_assert_num_queries(CACHED_DASHBOARD_QUERIES + CYCLE_COUNT_QUERIES + PARTICIPATION_QUERIES):  # this cycle is counted again
        response = cochair_client.get(url)
    after = response.context["coverage"]
    assert after.accepted == first.accepted + 1
    assert after == Plan().coverage(cycle.year)
    trend = {row.cycle.year: row.coverage for row in response.context["trend"]}
    assert trend == {year: Plan().coverage(year) for year in trend}


def test_a_priority_area_is_put_together_from_the_counts_of_the_whole_plan(cochair_client, django_assert_num_queries):
    cochair_client.get(reverse("dashboard:dashboard", args=["bali-work-plan"]), {"cycle": "2023"})
    # The chosen cycle and area, for the form; the Member State participation, counted for the area.
    with django_assert_num_queries(CACHED_DASHBOARD_QUERIES + 2 + PARTICIPATION_QUERIES):
        response = cochair_client.get(reverse("dashboard:dashboard", args=["bali-work-plan"]), {"cycle": "2023", "priority_area": "2"})
    assert response.context["coverage"] == Plan().coverage(2023, 2)
    assert [area.priority_area.number for area in response.context["areas"]] == [2]
    expected = Counter(
        (report.cycle.year, state.name)
        for report in Plan().scoped_reports(area=2) if report.state in REPORTED_STATES
        for state in report.participating_member_states.all()
    )
    shown = {(cycle.year, row.member_state.name): n for row in response.context["member_states"] for cycle, n in row.by_cycle}
    assert shown == {key: expected[key] for key in shown} and sum(shown.values()) == sum(expected.values())


def test_a_save_in_another_cycle_recounts_that_cycle_alone(
    cochair_client, django_assert_num_queries, django_capture_on_commit_callbacks
):
    url, chosen = reverse("dashboard:dashboard", args=["bali-work-plan"]), {"cycle": "2021"}
    first = cochair_client.get(url, chosen)
    report = ActivityReport.objects.filter(cycle__year=2024, state="draft").first()
    report.state = "submitted"
    with django_capture_on_commit_callbacks(execute=True):
        report.save()
    # Its cycle counted again, Member State participation included (a submitted report counts there);
    # and the chosen cycle, for the form.
    with django_assert_num_queries(CACHED_DASHBOARD_QUERIES + CYCLE_COUNT_QUERIES + PARTICIPATION_QUERIES + 1):
        after = cochair_client.get(url, chosen)
    plan = Plan()
    assert [row.status for row in after.context["trend"]] == [plan.status(row.cycle.year) for row in after.context["trend"]]
    assert after.context["status"] == first.context["status"] == plan.status(2021)


def test_a_deleted_report_changes_the_figures_of_its_cycle(cochair_client, django_capture_on_commit_callbacks):
    url = reverse("dashboard:dashboard", args=["bali-work-plan"])
    cochair_client.get(url, {"cycle": "2021"})
    report = ActivityReport.objects.filter(cycle__year=2021, state__in=REPORTED_STATES).first()
    with django_capture_on_commit_callbacks(execute=True):
        report.achievements.all().delete()
        report.participating_member_states.clear()
        report.history.all().delete()
        ActivityReport.objects.filter(pk=report.pk).delete()
    response = cochair_client.get(url, {"cycle": "2021"})
    assert response.context["status"] == Plan().status(2021)


def test_annual_report_has_every_reported_activity_and_downloads_as_xlsx(cochair_client, annual_workbook, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    import io

    import openpyxl

    page = cochair_client.get(reverse("annualreports:annual_report", args=["bali-work-plan"]), {"cycle": "2022"})
    entries = page.context["report"].entries
    assert entries and all(entry.state in REPORTED_STATES and entry.cycle.year == 2022 for entry in entries)
    html = page.content.decode()
    for entry in entries[:20]:
        assert entry.activity.code in html
    book = openpyxl.load_workbook(io.BytesIO(annual_workbook(cycle=2022)))
    sheet = book["Activities reported"]
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:3] == ("Activity code", "Implementing body", "PoA priority area")
    assert [(row[0], row[1]) for row in rows[1:]] == [(e.activity.code, e.implementing_body.abbreviation) for e in entries]
    summary = list(book["Summary"].iter_rows(values_only=True))
    whole = next(row for row in summary if row[0] == "Whole Work Plan")
    assert whole[1] == page.context["report"].coverage.activities


@pytest.mark.parametrize("name", ["dashboard:dashboard", "dashboard:activities", "annualreports:annual_report"])
def test_dashboard_pages_by_role(client, reported_plan, name):
    url = reverse(name, args=["bali-work-plan"])
    assert client.get(url).status_code == 302  # to the login page
    client.force_login(User.objects.get(username="somtc-staff-1"))
    assert client.get(url).status_code == 200  # their own body's
    assert client.get(url, {"body": "AICHR"}).status_code == 403
    client.force_login(User.objects.create_user("nobody-of-any-body"))
    assert client.get(url).status_code == 403
    client.force_login(User.objects.get(username="mtf-cochair-1"))
    assert client.get(url).status_code == 200
    client.force_login(User.objects.create_superuser("root", "root@example.org", "x"))
    assert client.get(url).status_code == 200


def test_bad_filter_values_are_form_errors_not_500(cochair_client):
    response = cochair_client.get(reverse("dashboard:dashboard", args=["bali-work-plan"]), {"cycle": "1999", "priority_area": "x", "body": "NOPE"})
    assert response.status_code == 200
    assert set(response.context["filter"].form.errors) == {"cycle", "priority_area", "body"}
    assert response.context["scope"].cycle == ReportingCycle.objects.current()
    listed = cochair_client.get(reverse("dashboard:activities", args=["bali-work-plan"]), {"coverage": "everything", "page": "999"})
    assert listed.status_code == 200 and "coverage" in listed.context["filter"].form.errors
    assert cochair_client.get(reverse("annualreports:annual_report", args=["bali-work-plan"]), {"download": "pdf"}).status_code == 404


def test_staff_see_their_own_bodys_dashboard_with_only_its_action_lines(client, reported_plan):
    client.force_login(User.objects.get(username="somtc-staff-1"))
    response = client.get(reverse("dashboard:dashboard", args=["bali-work-plan"]))
    scope = response.context["scope"]
    assert scope.body.abbreviation == "SOMTC"
    # The body filter offers their own bodies only, not "All bodies" nor another's.
    offered = [label for _, label in response.context["filter"].form.fields["body"].choices]
    assert offered == ["SOMTC"]
    lines = [row for row in response.context["rows"] if not row.is_area]
    led = Activity.objects.filter(plan__slug="bali-work-plan", lead_bodies=scope.body)
    assert {row.action_line.number for row in lines} == set(led.values_list("focus_area__action_line__number", flat=True))
    assert all(row.coverage.activities for row in lines)


def test_before_the_deadline_a_missing_report_is_not_alarm_red(cochair_client):
    import datetime

    from django.utils import timezone

    url = reverse("dashboard:dashboard", args=["bali-work-plan"])
    deadline = timezone.localdate() + datetime.timedelta(days=30)
    ReportingCycle.objects.filter(year=2022).update(deadline=deadline, closes_on=deadline + datetime.timedelta(days=91))
    assert 'aria-labelledby="coverage-h" class="before-deadline"' in cochair_client.get(url, {"cycle": "2022"}).content.decode()
    assert 'class="before-deadline"' not in cochair_client.get(url, {"cycle": "2021"}).content.decode()
