"""The performance indicators: the on-track rule, setting and adjusting with history, the actuals of the
reports, the table of targets against actuals and its pages' permissions and queries."""

from decimal import Decimal

import pytest
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.urls import reverse

from bodies.models import Membership
from monitoring import roles, services
from monitoring.indicators import indicators_of, is_on_track, performances, standing
from monitoring.models import ActivityReport
from national import roles as national_roles
from reporting.models import ReportingCycle
from reporting.roles import FOCAL_POINTS, SECRETARIAT, WG_CHAIR
from tests.factories import ActivityFactory, OutputFactory, ReportingCycleFactory, UserFactory
from tests.monitoring.conftest import complete, make_user
from workplan import indicators as setting
from workplan.models import Indicator, IndicatorTarget

pytestmark = pytest.mark.django_db

NUMBER, PERCENTAGE, YES_NO, MILESTONE = (Indicator.Kind.NUMBER, Indicator.Kind.PERCENTAGE, Indicator.Kind.YES_NO,
                                         Indicator.Kind.MILESTONE)
HIGHER, LOWER = Indicator.Direction.HIGHER, Indicator.Direction.LOWER


# --- the rule ------------------------------------------------------------------------------------

@pytest.mark.parametrize("direction, target, actual, expected", [
    (HIGHER, "100", "85", True),       # exactly 85 %
    (HIGHER, "100", "84.99", False),
    (HIGHER, "100", "120", True),
    (LOWER, "100", "115", True),       # exactly 115 %
    (LOWER, "100", "115.01", False),
    (LOWER, "100", "10", True),
    (HIGHER, "0", "0", True),          # a zero target: any actual meets it when higher is better
    (LOWER, "0", "0", True),           # … and only zero when lower is better
    (LOWER, "0", "0.01", False),
])
def test_on_track_rule_at_its_edges(direction, target, actual, expected):
    assert is_on_track(kind=NUMBER, direction=direction, target=Decimal(target), actual=Decimal(actual)) is expected
    assert is_on_track(kind=PERCENTAGE, direction=direction, target=Decimal(target), actual=Decimal(actual)) is expected


def test_on_track_rule_without_target_or_actual_and_for_reached_kinds():
    assert is_on_track(kind=NUMBER, direction=HIGHER, target=None, actual=Decimal(5)) is None
    assert is_on_track(kind=NUMBER, direction=HIGHER, target=Decimal(5), actual=None) is False
    for kind in (YES_NO, MILESTONE):
        assert is_on_track(kind=kind, reached=True) is True
        assert is_on_track(kind=kind, reached=False) is False
        assert is_on_track(kind=kind, reached=None) is False


# --- setting and adjusting -----------------------------------------------------------------------

def test_a_change_needs_a_reason_and_writes_nothing_without_one(world):
    output = world.activity.outputs.first()
    with pytest.raises(ValidationError):
        setting.set_indicator(user=world.cochair, reason="  ", output=output, kind=NUMBER, direction=HIGHER)
    assert not Indicator.objects.exists() and not Indicator.history.exists()


def test_an_indicator_is_of_an_output_or_an_activity_never_both(world):
    with pytest.raises(ValueError):
        setting.set_indicator(user=world.cochair, reason="x", output=world.activity.outputs.first(),
                              activity=world.activity, kind=NUMBER, direction=HIGHER)
    with pytest.raises(ValidationError):  # the activity's own needs to say what it measures
        setting.set_indicator(user=world.cochair, reason="x", activity=world.activity, kind=YES_NO)


def test_a_bad_target_is_refused_whole(world):
    indicator = setting.set_indicator(user=world.cochair, reason="set", output=world.activity.outputs.first(),
                                      kind=PERCENTAGE, direction=HIGHER)
    for year, value in ((2025, None), (2025, Decimal(120)), (1990, Decimal(5))):
        with pytest.raises(ValidationError):
            setting.set_target(indicator=indicator, year=year, value=value, user=world.cochair, reason="r")
    assert not IndicatorTarget.objects.exists() and not IndicatorTarget.history.exists()


def test_adjusting_keeps_every_earlier_value_with_who_when_and_why(world):
    indicator = setting.set_indicator(user=world.cochair, reason="MTF sets it", output=world.activity.outputs.first(),
                                      kind=NUMBER, unit="participants", direction=HIGHER)
    setting.set_target(indicator=indicator, year=2025, value=Decimal(40), user=world.cochair, reason="first target")
    setting.set_target(indicator=indicator, year=2025, value=Decimal(30), user=world.admin, reason="budget cut",
                       decision="MTF meeting, 3 March 2025, item 4")
    target = IndicatorTarget.objects.get()
    assert target.value == 30 and target.decision_reference == "MTF meeting, 3 March 2025, item 4"
    history = list(target.history.order_by("history_date").values_list("value", "history_user__username",
                                                                        "history_change_reason"))
    assert history == [(Decimal(40), "cochair", "first target"), (Decimal(30), "admin", "budget cut")]
    from audit.models import AuditEvent

    events = AuditEvent.objects.filter(action=AuditEvent.Action.INDICATOR_CHANGED).order_by("pk")
    assert [(e.username, e.detail) for e in events] == [
        ("cochair", "indicator set: MTF sets it"), ("cochair", "target set: first target"),
        ("admin", "target adjusted: budget cut")]


# --- the actuals and the table ---------------------------------------------------------------------

def _report(world, *, activity, body, cycle, user, figure=None, reached=None, accept=True, own=None):
    report = services.start_report(activity=activity, cycle=cycle, body=body, user=user)
    complete(report, follow_up_status="done")
    report.achievements.update(figure=figure, reached=reached)
    if own is not None:
        ActivityReport.objects.filter(pk=report.pk).update(indicator_figure=own)
    report.refresh_from_db()
    services.submit_report(report=report, user=world.admin)
    if accept:
        services.accept_report(report=report, user=world.cochair)
    return report


def test_targets_against_actuals_over_two_cycles_and_a_target_adjusted(world, client):
    """Two cycles, two bodies in one of them; the table and the dashboard against counts made here."""
    activity, somtc, aichr = world.activity, world.somtc, world.aichr
    output = activity.outputs.get(position=1)
    participants = setting.set_indicator(user=world.cochair, reason="set", output=output, kind=NUMBER,
                                         unit="participants", direction=HIGHER)
    setting.set_target(indicator=participants, year=2024, value=Decimal(50), user=world.cochair, reason="set")
    setting.set_target(indicator=participants, year=2025, value=Decimal(100), user=world.cochair, reason="set")
    share = setting.set_indicator(user=world.cochair, reason="set", output=activity.outputs.get(position=2),
                                  kind=PERCENTAGE, direction=HIGHER)
    setting.set_target(indicator=share, year=None, value=Decimal(60), user=world.cochair, reason="set")
    aichr_staff = world.other_staff
    activity.lead_bodies.add(aichr)  # AICHR leads too, after SOMTC in the list of bodies? see below
    # 2024: SOMTC alone; 2025: SOMTC and AICHR, and a third report only submitted (not counted).
    _report(world, activity=activity, body=somtc, cycle=world.closed, user=world.admin, figure=Decimal(30))
    _report(world, activity=activity, body=somtc, cycle=world.cycle, user=world.staff, figure=Decimal(45))
    _report(world, activity=activity, body=aichr, cycle=world.cycle, user=aichr_staff, figure=Decimal(25))
    extra = make_user(roles.STAFF, world.somtc)
    other = ActivityFactory(focus_area=activity.focus_area, position=9, code=f"{activity.focus_area.action_line.number}.9",
                            lead_bodies=[somtc])
    OutputFactory(activity=other, position=1)
    _report(world, activity=other, body=somtc, cycle=world.cycle, user=extra, accept=False)
    # The percentage's figures: SOMTC's 2025 share is the value (the first lead body in the list of bodies).
    ActivityReport.objects.get(cycle=world.cycle, implementing_body=somtc, activity=activity).achievements.filter(
        output__position=2).update(figure=Decimal(55))
    ActivityReport.objects.get(cycle=world.cycle, implementing_body=aichr).achievements.filter(
        output__position=2).update(figure=Decimal(10))

    rows = {p.indicator.pk: p for p in performances(indicators_of(activity.plan))}
    counted = rows[participants.pk]
    assert [(line.label, line.actual.value, line.on_track) for line in counted.lines] == [
        ("2024", Decimal(30), False),          # 30 < 0.85 × 50
        ("2025", Decimal(70), False),          # 45 + 25 summed, < 85
    ]
    assert counted.overall.actual.value == Decimal(100)
    assert counted.overall.on_track is False  # 100 against 150, the years' targets summed
    first = sorted([somtc, aichr], key=lambda body: (body.position, body.pk))[0]
    expected_share = Decimal(55) if first == somtc else Decimal(10)
    assert rows[share.pk].lines[-1].actual.value == expected_share

    # The MTF lowers the 2025 target, with its reason: the table follows.
    setting.set_target(indicator=participants, year=2025, value=Decimal(80), user=world.cochair,
                       reason="fewer venues after the budget cut")
    rows = {p.indicator.pk: p for p in performances(indicators_of(activity.plan))}
    assert rows[participants.pk].lines[1].on_track is True  # 70 >= 0.85 × 80 = 68
    assert rows[participants.pk].overall.on_track is False  # 100 < 0.85 × 130 = 110.5

    # An independent count: each indicator with a target, judged by hand from the figures above.
    by_hand_on_track = sum([
        Decimal(30 + 45 + 25) >= Decimal("0.85") * (50 + 80),  # the participants over the period: 100 against 130
        expected_share >= Decimal("0.85") * 60,  # the latest share against the period's 60 %
    ])
    assert (standing(indicators_of(activity.plan)).with_target, standing(indicators_of(activity.plan)).on_track) == (
        2, by_hand_on_track)

    client.force_login(world.cochair)
    page = client.get(reverse("monitoring:indicators", args=[activity.plan.slug]))
    assert page.status_code == 200
    text = page.content.decode()
    assert f"<strong>{by_hand_on_track}</strong> of the <strong>2</strong> indicators" in text
    assert "Only accepted reports count" in text
    dashboard = client.get(reverse("dashboard:dashboard", args=[activity.plan.slug]))
    assert f"{by_hand_on_track} of 2</strong> indicators with a target on track" in dashboard.content.decode()
    annual = client.get(reverse("annualreports:annual_report", args=[activity.plan.slug]))
    assert f"{by_hand_on_track} of 2</strong> performance indicators with a target" in annual.content.decode()


# --- the pages: who may open them, what a POST does, how many queries ---------------------------------

ROLES = ["anonymous", "staff", "focal_point", "cochair", "wg_chair", "secretariat", "admin"]


@pytest.fixture
def people(world):
    national_roles.ensure_groups()
    return {
        "staff": world.staff, "cochair": world.cochair, "admin": world.admin,
        "focal_point": make_user(FOCAL_POINTS, username="focal"),
        "wg_chair": make_user(WG_CHAIR, username="wgct"),
        "secretariat": make_user(SECRETARIAT, username="asec"),
    }


@pytest.fixture
def pages(world):
    output = world.activity.outputs.get(position=1)
    indicator = setting.set_indicator(user=world.cochair, reason="set", output=output, kind=NUMBER, direction=HIGHER)
    setting.set_target(indicator=indicator, year=2025, value=Decimal(10), user=world.cochair, reason="set")
    plan, code = world.activity.plan.slug, world.activity.code
    return {
        "table": reverse("monitoring:indicators", args=[plan]),
        "activity": reverse("monitoring:activity_indicators", args=[plan, code]),
        "set_indicator": reverse("monitoring:set_indicator", args=[plan, code, "1"]),
        "set_activity_indicator": reverse("monitoring:set_indicator", args=[plan, code, "activity"]),
        "set_target": reverse("monitoring:set_target", args=[plan, code, "1"]),
    }


#          anonymous staff focal cochair wg_chair secretariat admin
ALLOWED = (302, 403, 403, 200, 403, 200, 200)


@pytest.mark.parametrize("name", ["table", "activity", "set_indicator", "set_activity_indicator", "set_target"])
def test_every_indicator_page_by_role(client, people, pages, name):
    for role, expected in zip(ROLES, ALLOWED):
        client.logout()
        if role != "anonymous":
            client.force_login(people[role])
        response = client.get(pages[name])
        assert response.status_code == expected, (name, role)
        assert "no-store" in response["Cache-Control"]


@pytest.mark.parametrize("name", ["set_indicator", "set_target"])
def test_a_post_by_those_who_may_not_set_indicators_changes_nothing(client, people, pages, name):
    data = {"kind": NUMBER, "direction": HIGHER, "year": "2025", "value": "99", "reason": "let me"}
    before = (list(Indicator.history.values_list("pk", flat=True)), list(IndicatorTarget.history.values_list("pk", flat=True)))
    for role, expected in zip(ROLES, ALLOWED):
        if expected == 200:
            continue
        client.logout()
        if role != "anonymous":
            client.force_login(people[role])
        assert client.post(pages[name], data).status_code == expected
    after = (list(Indicator.history.values_list("pk", flat=True)), list(IndicatorTarget.history.values_list("pk", flat=True)))
    assert before == after


def test_the_secretariat_adjusts_a_target_from_the_page_and_the_page_shows_why(client, people, pages):
    client.force_login(people["secretariat"])
    missing_reason = client.post(pages["set_target"], {"year": "2025", "value": "8"})
    assert missing_reason.status_code == 200 and IndicatorTarget.objects.get().value == 10
    response = client.post(pages["set_target"], {"year": "2025", "value": "8", "reason": "two venues closed",
                                                  "decision": "MTF 2025, item 3"})
    assert response.status_code == 302 and IndicatorTarget.objects.get().value == 8
    page = client.get(pages["activity"]).content.decode()
    assert "two venues closed" in page and "MTF 2025, item 3" in page and "target: 10" in page and "target: 8" in page


def test_a_bad_value_on_the_page_is_a_form_error_not_a_500(client, people, pages, world):
    client.force_login(people["cochair"])
    response = client.post(pages["set_target"], {"year": "1990", "value": "x", "reason": "r"})
    assert response.status_code == 200 and "error-summary" in response.content.decode()
    response = client.post(pages["set_activity_indicator"], {"kind": YES_NO, "reason": "r"})  # no text
    assert response.status_code == 200 and not Indicator.objects.filter(activity__isnull=False).exists()
    assert client.get(pages["set_indicator"].replace("/1/", "/7/")).status_code == 404


def _accepted(activity, body, cycle, user, figure):
    report = ActivityReport.objects.create(activity=activity, cycle=cycle, implementing_body=body, created_by=user,
                                           state=ActivityReport.State.ACCEPTED, indicator_reached=True)
    for output in activity.outputs.all():
        report.achievements.create(output=output, level="achieved", figure=figure)


def _grow(world, n):
    """`n` more activities of SOMTC, each with a counted indicator, two targets and two accepted reports."""
    for i in range(n):
        activity = ActivityFactory(focus_area=world.activity.focus_area, lead_bodies=[world.somtc])
        output = OutputFactory(activity=activity, position=1)
        indicator = Indicator.objects.create(output=output, kind=NUMBER, direction=HIGHER)
        IndicatorTarget.objects.create(indicator=indicator, year=2024, value=10)
        IndicatorTarget.objects.create(indicator=indicator, year=None, value=30)
        own = Indicator.objects.create(activity=activity, kind=YES_NO, text="Guidelines adopted")
        IndicatorTarget.objects.create(indicator=own, year=2025)
        _accepted(activity, world.somtc, world.cycle, world.admin, Decimal(i))
        _accepted(activity, world.aichr, world.closed, world.admin, Decimal(i))


@pytest.mark.parametrize("size", [1, 6])
def test_the_table_takes_as_many_queries_whatever_its_size(client, world, size, django_assert_num_queries):
    _grow(world, size)
    client.force_login(world.cochair)
    url = reverse("monitoring:indicators", args=[world.activity.plan.slug]) + f"?body={world.somtc.abbreviation}"
    with django_assert_num_queries(19):
        response = client.get(url)
    assert response.status_code == 200 and response.content.decode().count('class="total"') == 2 * size


def test_staff_record_the_actuals_on_the_report_beside_the_achievement(client, world, draft):
    from tests.monitoring.test_views import form_data

    first, second = draft.achievements.order_by("output__position")
    setting.set_indicator(user=world.cochair, reason="set", output=first.output, kind=NUMBER, unit="officers",
                          direction=HIGHER)
    setting.set_indicator(user=world.cochair, reason="set", output=second.output, kind=YES_NO)
    setting.set_indicator(user=world.cochair, reason="set", activity=world.activity, kind=PERCENTAGE, direction=HIGHER,
                          text="Share of Member States taking part")
    client.force_login(world.staff)
    url = reverse("monitoring:edit_report", args=[draft.pk])
    page = client.get(url).content.decode()
    assert "Actual value (officers)" in page and "Reached?" in page and "Performance indicator of the activity itself" in page
    data = form_data(draft, **{"achievements-0-figure": "42", "achievements-1-reached": "true",
                               "indicator_figure": "80", "indicator_evidence": "Attendance list"})
    assert client.post(url, data).status_code == 302
    first.refresh_from_db(), second.refresh_from_db(), draft.refresh_from_db()
    assert (first.figure, first.reached, second.figure, second.reached) == (Decimal(42), None, None, True)
    assert (draft.indicator_figure, draft.indicator_evidence) == (Decimal(80), "Attendance list")
    assert "reached" in client.get(reverse("monitoring:report", args=[draft.pk])).content.decode()


def test_two_apps_granting_to_the_secretariat_keep_each_others_permissions(db):
    roles.ensure_groups()
    national_roles.ensure_groups()
    roles.ensure_groups()  # after every migrate, in either order
    granted = set(Group.objects.get(name=SECRETARIAT).permissions.values_list("content_type__app_label", "codename"))
    assert {("workplan", "change_indicator"), ("national", "view_all_nationalreports")} <= granted
    assert ("workplan", "change_indicator") not in set(
        Group.objects.get(name=roles.STAFF).permissions.values_list("content_type__app_label", "codename"))


def test_without_a_period_target_a_number_is_judged_over_the_years_with_a_target_only(world):
    activity = ActivityFactory(focus_area=world.activity.focus_area, lead_bodies=[world.somtc])
    OutputFactory(activity=activity, position=1)
    indicator = Indicator.objects.create(output=activity.outputs.get(), kind=NUMBER, direction=HIGHER)
    IndicatorTarget.objects.create(indicator=indicator, year=2025, value=10)
    _accepted(activity, world.somtc, world.closed, world.admin, Decimal(100))  # 2024: no target that year
    _accepted(activity, world.somtc, world.cycle, world.admin, Decimal(5))
    (row,) = performances(Indicator.objects.filter(pk=indicator.pk))
    assert [(line.label, line.actual.value, line.on_track) for line in row.lines] == [
        ("2024", Decimal(100), None), ("2025", Decimal(5), False)]
    assert (row.overall.actual.value, row.overall.on_track) == (Decimal(5), False)
    IndicatorTarget.objects.create(indicator=indicator, year=None, value=100)  # the period's own target: every year
    (row,) = performances(Indicator.objects.filter(pk=indicator.pk))
    assert (row.overall.actual.value, row.overall.on_track) == (Decimal(105), True)


@pytest.mark.parametrize("changes", [1, 8])
def test_the_activity_indicators_page_takes_as_many_queries_however_long_its_history(
        client, world, changes, django_assert_num_queries):
    for position in (1, 2):
        indicator = setting.set_indicator(user=world.cochair, reason="set", output=world.activity.outputs.get(position=position),
                                          kind=NUMBER, direction=HIGHER)
        for n in range(changes):
            setting.set_target(indicator=indicator, year=2025, value=Decimal(n + 1), user=world.cochair, reason=f"adjusted #{n}")
    client.force_login(world.cochair)
    with django_assert_num_queries(12):
        response = client.get(reverse("monitoring:activity_indicators", args=[world.activity.plan.slug, world.activity.code]))
    assert response.content.decode().count("adjusted #") == 2 * changes


def test_a_change_of_kind_withdraws_the_targets_and_keeps_them_in_the_history(world):
    output = world.activity.outputs.first()
    indicator = setting.set_indicator(user=world.cochair, reason="set", output=output, kind=NUMBER, direction=HIGHER)
    setting.set_target(indicator=indicator, year=2025, value=Decimal(10), user=world.cochair, reason="set")
    setting.set_indicator(user=world.cochair, reason="a milestone says it better", output=output, kind=MILESTONE)
    assert not IndicatorTarget.objects.exists()
    withdrawn = IndicatorTarget.history.get(history_type="-")
    assert (withdrawn.value, withdrawn.history_change_reason) == (Decimal(10), "a milestone says it better")


def test_the_activity_page_leads_those_who_set_indicators_to_them_and_nobody_else(client, people, pages, world):
    activity_page = world.activity.get_absolute_url()
    for role, shown in (("cochair", True), ("secretariat", True), ("staff", False), ("focal_point", False)):
        client.force_login(people[role])
        assert (pages["activity"] in client.get(activity_page).content.decode()) is shown, role
    client.logout()
    assert pages["activity"] not in client.get(activity_page).content.decode()
