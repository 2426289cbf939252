"""The dashboard's cached counts: current after every committed change, never after a rolled-back one,
names always fresh, and only what changed counted again."""

import pytest
from django.core.cache import cache
from django.db import transaction
from django.urls import reverse

from bodies.models import SectoralBody
from dashboard.cache import MATRIX, cycle_version_key, participation_version_key
from dashboard.figures import REPORTED_STATES
from monitoring.models import ActivityReport, OutputAchievement
from reporting.models import ReportingCycle
from workplan.models import Activity, PriorityArea

from .test_dashboard import (
    CACHED_DASHBOARD_QUERIES,
    CYCLE_COUNT_QUERIES,
    DASHBOARD_QUERIES,
    KEPT_DASHBOARD_QUERIES,
    PARTICIPATION_QUERIES,
    Plan,
)

pytestmark = pytest.mark.django_db

URL = reverse("dashboard:dashboard", args=["bali-work-plan"])


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    """Runs what a test changes as a committed transaction would: with the callbacks it registered."""
    return lambda: django_capture_on_commit_callbacks(execute=True)


def test_a_renamed_priority_area_shows_at_once_without_counting_again(cochair_client, django_assert_num_queries, committed):
    cochair_client.get(URL)
    area = PriorityArea.objects.get(plan__slug="bali-work-plan", number=2)
    with committed():
        area.title = "Renamed: prevention through education"
        area.save()
    with django_assert_num_queries(CACHED_DASHBOARD_QUERIES):  # the counts still hold: only the name is new
        response = cochair_client.get(URL)
    assert "Renamed: prevention through education" in response.content.decode()
    assert [a.priority_area.title for a in response.context["areas"]][1] == "Renamed: prevention through education"


def test_a_renamed_body_shows_at_once_and_its_links_use_the_new_abbreviation(cochair_client, committed):
    cochair_client.get(URL)
    with committed():
        body = SectoralBody.objects.get(abbreviation="SOMTC")
        body.abbreviation = "SOMTC-CT"
        body.save()
    html = cochair_client.get(URL).content.decode()
    assert "/bodies/SOMTC-CT/" in html and "/bodies/SOMTC/" not in html
    assert "body=SOMTC-CT&amp;" in html and "body=SOMTC&amp;" not in html
    narrowed = cochair_client.get(URL, {"body": "SOMTC-CT"})  # the link's value is accepted by the filter
    assert not narrowed.context["filter"].form.errors
    assert narrowed.context["scope"].body.pk == body.pk


def test_a_saved_report_shows_at_once_and_recounts_its_cycle_only(cochair_client, django_assert_num_queries, committed):
    cycle = ReportingCycle.objects.get(year=2021)
    before = cochair_client.get(URL, {"cycle": "2021"}).context["status"]
    report = ActivityReport.objects.filter(cycle=cycle, state="draft").first()
    with committed():
        report.state, report.implementation_status = "submitted", "completed"
        report.save()
    # Its cycle counted again, its participation too (a submitted report counts there); + the chosen cycle, for the form.
    with django_assert_num_queries(CACHED_DASHBOARD_QUERIES + CYCLE_COUNT_QUERIES + PARTICIPATION_QUERIES + 1):
        response = cochair_client.get(URL, {"cycle": "2021"})
    assert response.context["status"].completed == before.completed + 1
    assert response.context["status"] == Plan().status(2021)


def test_a_rolled_back_save_bumps_nothing(cochair_client, django_assert_num_queries, committed):
    cochair_client.get(URL)
    cycle = ReportingCycle.objects.current()
    version = cache.get(cycle_version_key(cycle.pk))
    report = ActivityReport.objects.filter(cycle=cycle, achievements__isnull=False).exclude(state="accepted").first()
    with committed():
        with pytest.raises(RuntimeError), transaction.atomic():
            report.state = "accepted"
            report.save()
            report.achievements.first().save()
            raise RuntimeError("the request failed after the save")
    assert cache.get(cycle_version_key(cycle.pk)) == version
    with django_assert_num_queries(KEPT_DASHBOARD_QUERIES):
        cochair_client.get(URL)


def test_two_moves_that_a_checksum_would_cancel_both_show(cochair_client, committed):
    """Two activities trading focus areas (in different action lines) leave sums of ids unchanged."""
    cochair_client.get(URL, {"cycle": "2023"})
    first = Activity.objects.filter(plan__slug="bali-work-plan", reports__cycle__year=2023).order_by("pk").first()
    second = (
        Activity.objects.filter(plan__slug="bali-work-plan")
        .exclude(focus_area__action_line=first.focus_area.action_line)
        .exclude(reports__cycle__year=2023)
        .order_by("pk")
        .first()
    )
    with committed():
        first.focus_area, second.focus_area = second.focus_area, first.focus_area
        first.position, second.position = 901, 902  # free places: the sums of ids and areas stay the same
        first.save()
        second.save()
    response = cochair_client.get(URL, {"cycle": "2023"})
    plan = Plan()
    shown = {line.action_line.number: line.coverage for area in response.context["areas"] for line in area.lines}
    moved_to = first.focus_area.action_line
    assert shown[moved_to.number] == plan.coverage(2023, line=moved_to.number)
    assert shown == {number: plan.coverage(2023, line=number) for number in shown}


def test_an_achievement_saved_on_its_own_recounts_its_cycle(cochair_client, committed):
    cochair_client.get(URL, {"cycle": "2022"})
    achievement = OutputAchievement.objects.filter(report__cycle__year=2022, report__state__in=REPORTED_STATES).exclude(level="achieved").first()
    with committed():
        fetched = OutputAchievement.objects.get(pk=achievement.pk)  # without its report at hand
        fetched.level = "achieved"
        fetched.save()
    response = cochair_client.get(URL, {"cycle": "2022"})
    assert response.context["achievements"] == Plan().achievements(2022)


def test_a_report_moved_to_another_cycle_recounts_both(cochair_client, committed):
    cochair_client.get(URL, {"cycle": "2020"})
    cochair_client.get(URL, {"cycle": "2021"})
    taken = ActivityReport.objects.filter(cycle__year=2021).values("activity", "implementing_body")
    report = ActivityReport.objects.filter(cycle__year=2020, state__in=REPORTED_STATES).exclude(
        activity__in=taken.values("activity")
    ).first()
    with committed():
        report.cycle = ReportingCycle.objects.get(year=2021)
        report.save()
    plan = Plan()
    for year in (2020, 2021):
        response = cochair_client.get(URL, {"cycle": str(year)})
        assert response.context["status"] == plan.status(year)
        assert response.context["coverage"] == plan.coverage(year)


def test_a_new_lead_body_recounts_the_matrix(cochair_client, django_assert_num_queries, committed):
    cochair_client.get(URL, {"body": "AICHR"})
    activity = Activity.objects.filter(plan__slug="bali-work-plan").exclude(lead_bodies__abbreviation="AICHR").first()
    with committed():
        activity.lead_bodies.add(SectoralBody.objects.get(abbreviation="AICHR"))
    # All counted again; the chosen body, looked up by the form, stands for the list of bodies.
    with django_assert_num_queries(DASHBOARD_QUERIES):
        response = cochair_client.get(URL, {"body": "AICHR"})
    cycle = response.context["scope"].cycle
    assert response.context["coverage"] == Plan().coverage(cycle.year, body="AICHR")


def test_an_evicted_version_starts_afresh_rather_than_reviving_old_counts(cochair_client, django_assert_num_queries):
    cochair_client.get(URL)
    cache.delete(MATRIX)
    with django_assert_num_queries(DASHBOARD_QUERIES):
        cochair_client.get(URL)
    assert cache.get(MATRIX) is not None


def test_editing_a_reports_text_counts_nothing_again(cochair_client, django_assert_num_queries, committed):
    cochair_client.get(URL)
    cycle = ReportingCycle.objects.current()
    versions = cache.get_many([cycle_version_key(cycle.pk), participation_version_key(cycle.pk)])
    report = ActivityReport.objects.filter(cycle=cycle, state__in=REPORTED_STATES).first()
    with committed():
        report.assessment = "Held as planned; the evaluation is attached."
        report.save()
    assert cache.get_many([cycle_version_key(cycle.pk), participation_version_key(cycle.pk)]) == versions
    with django_assert_num_queries(KEPT_DASHBOARD_QUERIES):  # nor is anything drawn again: the page does not show it
        cochair_client.get(URL)


def test_a_new_implementation_status_recounts_its_cycle_but_not_member_state_participation(
    cochair_client, django_assert_num_queries, committed
):
    cochair_client.get(URL)
    cycle = ReportingCycle.objects.current()
    report = ActivityReport.objects.filter(cycle=cycle, state__in=REPORTED_STATES).exclude(implementation_status="cancelled").first()
    with committed():
        report.implementation_status = "cancelled"
        report.save()
    with django_assert_num_queries(CACHED_DASHBOARD_QUERIES + CYCLE_COUNT_QUERIES):
        response = cochair_client.get(URL)
    assert response.context["status"] == Plan().status(cycle.year)


def test_a_change_of_member_states_recounts_participation_only_and_shows_at_once(
    cochair_client, django_assert_num_queries, committed
):
    cochair_client.get(URL)
    cycle = ReportingCycle.objects.current()
    report = ActivityReport.objects.filter(cycle=cycle, state__in=REPORTED_STATES).first()
    with committed():
        report.participating_member_states.clear()
    with django_assert_num_queries(CACHED_DASHBOARD_QUERIES + PARTICIPATION_QUERIES):
        response = cochair_client.get(URL)
    expected = {}
    for each in Plan().scoped_reports(cycle.year):
        if each.state in REPORTED_STATES:
            for state in each.participating_member_states.all():
                expected[state.name] = expected.get(state.name, 0) + 1
    shown = {row.member_state.name: dict((c.year, n) for c, n in row.by_cycle)[cycle.year] for row in response.context["member_states"]}
    assert shown == {name: expected.get(name, 0) for name in shown}


def test_edited_recommendations_show_at_once_without_counting_again(cochair_client, django_assert_num_queries, committed):
    cochair_client.get(URL)
    cycle = ReportingCycle.objects.current()
    versions = cache.get_many([cycle_version_key(cycle.pk), participation_version_key(cycle.pk)])
    report = (ActivityReport.objects.filter(state__in=REPORTED_STATES, cycle__year__lte=cycle.year)
              .with_open_recommendations().order_by("first_submitted_at", "pk").first())
    with committed():
        report.recommendations = "Train the trainers in Cebu before the next cycle."
        report.save()
    assert cache.get_many([cycle_version_key(cycle.pk), participation_version_key(cycle.pk)]) == versions
    with django_assert_num_queries(CACHED_DASHBOARD_QUERIES):  # drawn again from the counts it keeps
        response = cochair_client.get(URL)
    assert "Train the trainers in Cebu before the next cycle." in response.content.decode()


def test_expected_reports_added_in_bulk_draw_the_page_again(cochair_client, committed):
    from dashboard.cache import PAGE
    from reporting.signals import expected_reports_changed

    cochair_client.get(URL)
    version = cache.get(PAGE)
    with committed():
        expected_reports_changed.send(sender=ActivityReport, cycle=ReportingCycle.objects.current())
    assert cache.get(PAGE) != version


def test_the_link_to_the_targets_is_kept_apart_for_those_who_may_follow_it(cochair_client):
    from dashboard.cache import page_key
    from dashboard.selectors import Scope

    cycles = list(ReportingCycle.objects.filter(plan__slug="bali-work-plan").order_by("year"))
    scope = Scope(cycle=cycles[-1], priority_area=None, body=None)
    assert page_key(scope, cycles, may_see_targets=True) != page_key(scope, cycles, may_see_targets=False)
    assert page_key(scope, cycles, may_see_targets=True) == page_key(scope, cycles, may_see_targets=True)
