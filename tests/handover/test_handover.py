"""The hand-over of an ended plan: what it leaves open, and carrying it into its successor."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from audit.models import AuditEvent
from handover import selectors
from handover.models import CarryOver
from handover.services import carry_over
from meetings.models import Decision, Meeting
from reporting.models import ExpectedReport
from tests.factories import ActionLineFactory, PriorityAreaFactory, SectoralBodyFactory, WorkPlanFactory

from .conftest import add_open_items

pytestmark = pytest.mark.django_db

Kind = CarryOver.Kind


def page(plan):
    return reverse("handover:handover", args=[plan.slug])


def carry_url(plan, kind, pk):
    return reverse("handover:carry", args=[plan.slug, kind, pk])


def test_the_open_items_of_an_ended_plan_are_its_open_recommendations_and_ongoing_activities(ended):
    ExpectedReport.objects.create(cycle=ended.last, activity=ended.done, body=ended.somtc, reason="lead")
    missing = ExpectedReport.objects.create(cycle=ended.last, activity=ended.ongoing,
                                            body=SectoralBodyFactory(abbreviation="AICHR"), reason="lead")
    items = selectors.open_items_of(ended.plan)
    assert items.recommendations == [ended.open_report]  # the 2024 one was followed up as done
    assert items.activities == [ended.ongoing]  # the other's last report says completed
    assert items.missing == [missing]  # SOMTC sent its report on `done`; AICHR never did on `ongoing`
    [area] = items.rows
    assert area.priority_area == ended.line.priority_area
    assert area.counts == {"recommendations": 1, "activities": 1, "missing": 1, "decisions": 0}


def test_a_plan_in_force_has_no_hand_over_page(client, ended):
    client.force_login(ended.secretariat)
    assert client.get(page(ended.successor)).status_code == 404
    assert not selectors.has_ended(ended.successor)
    assert selectors.has_ended(ended.plan)


def test_the_page_of_a_plan_without_successor_tells_the_administrator_how_to_add_one(client, ended):
    client.force_login(ended.secretariat)
    text = client.get(page(ended.plan)).content.decode()
    assert "has no successor yet" in text and "Succeeded by" in text
    assert carry_url(ended.plan, Kind.RECOMMENDATION, ended.open_report.pk) not in text
    ended.admin.is_staff = True
    ended.admin.save()
    client.force_login(ended.admin)
    text = client.get(page(ended.plan)).content.decode()
    assert reverse("admin:workplan_plan_add") in text
    assert client.get(reverse("admin:workplan_plan_add")).status_code == 200  # a successor is added there


def test_recommendations_and_an_ongoing_activity_carried_into_the_successor_are_found_there_with_their_history(
        client, ended):
    ended.plan.succeeded_by = ended.successor
    ended.plan.save()
    client.force_login(ended.secretariat)
    assert carry_url(ended.plan, Kind.RECOMMENDATION, ended.open_report.pk) in client.get(page(ended.plan)).content.decode()
    # The picker offers the successor's line and focus area by their numbers and words.
    form = client.get(carry_url(ended.plan, Kind.ACTIVITY, ended.ongoing.pk)).content.decode()
    assert '<option value="1.1 / 1 · Dialogue with young people">' in form
    response = client.post(carry_url(ended.plan, Kind.RECOMMENDATION, ended.open_report.pk),
                           {"to": "1.1 · Strengthen", "note": "The youth forum takes it on."})
    assert response.status_code == 302
    response = client.post(carry_url(ended.plan, Kind.ACTIVITY, ended.ongoing.pk),
                           {"to": "1.1 / 1 · Dialogue with young people"})
    assert response.status_code == 302

    copy = ended.next_focus.activities.get()
    assert (copy.plan, copy.code, copy.text) == (ended.successor, "1.1.1", ended.ongoing.text)
    assert list(copy.outputs.values_list("text", flat=True)) == ["Recommendations formulated", "Regional messages adopted"]
    assert list(copy.lead_bodies.all()) == [ended.somtc]
    assert copy.carried_from.activity == ended.ongoing

    client.force_login(ended.staff)  # a body's staff, who report on the successor
    line_page = client.get(ended.next_line.get_absolute_url()).content.decode()
    assert "Hold the dialogue yearly, with the youth forum." in line_page
    assert "Recommended by Senior Officials Meeting on Transnational Crime in its 2025 report" in line_page
    assert ended.open_report.get_absolute_url() in line_page
    assert "Carried from the Bali Work Plan by Ayu Lestari on" in line_page and "The youth forum takes it on." in line_page
    assert f"activity {copy.code}" in line_page
    activity_page = client.get(copy.get_absolute_url()).content.decode()
    assert f"Continues activity <a href=\"{ended.ongoing.get_absolute_url()}\">{ended.ongoing.code}</a>" in activity_page
    assert "carried by Ayu Lestari on" in activity_page

    # The hand-over page offers them no more, and says where they went.
    client.force_login(ended.secretariat)
    response = client.get(page(ended.plan))
    items = response.context["open"]
    assert items.recommendations == [] and items.activities == []
    assert items.totals.counts["recommendations"] == items.totals.counts["activities"] == 0
    assert len(response.context["carried"]) == 2
    assert f"as <a href=\"{copy.get_absolute_url()}\">activity 1.1.1</a>" in response.content.decode()
    assert AuditEvent.objects.filter(action=AuditEvent.Action.CARRIED_OVER, user=ended.secretariat).count() == 2


def test_an_item_is_carried_once(client, ended):
    ended.plan.succeeded_by = ended.successor
    ended.plan.save()
    carry_over(plan=ended.plan, kind=Kind.ACTIVITY, item=ended.ongoing, to=ended.next_focus, user=ended.secretariat)
    with pytest.raises(ValidationError, match="Already carried into the Work Plan 2026-2030, 1.1"):
        carry_over(plan=ended.plan, kind=Kind.ACTIVITY, item=ended.ongoing, to=ended.next_focus, user=ended.admin)
    assert ended.next_focus.activities.count() == 1  # the refused second carrying made no copy
    client.force_login(ended.secretariat)
    response = client.post(carry_url(ended.plan, Kind.ACTIVITY, ended.ongoing.pk), {"to": "1.1 / 1"})
    assert response.status_code == 200 and "Already carried into" in response.content.decode()
    assert CarryOver.objects.count() == 1


def test_an_item_goes_only_into_the_plans_successor(client, ended):
    ended.plan.succeeded_by = ended.successor
    ended.plan.save()
    other = ActionLineFactory(priority_area=PriorityAreaFactory(plan=WorkPlanFactory(slug="other", short_name="Other plan")))
    with pytest.raises(ValidationError, match="belongs to the Other plan"):
        carry_over(plan=ended.plan, kind=Kind.RECOMMENDATION, item=ended.open_report, to=other, user=ended.secretariat)
    with pytest.raises(ValidationError, match="has not ended"):  # nor out of a plan in force
        carry_over(plan=ended.successor, kind=Kind.RECOMMENDATION, item=ended.open_report, to=ended.next_line,
                   user=ended.secretariat)
    client.force_login(ended.secretariat)
    for typed in ("9.9", "1.1 / 7", "somewhere"):
        response = client.post(carry_url(ended.plan, Kind.RECOMMENDATION, ended.open_report.pk), {"to": typed})
        assert response.status_code == 200 and response.context["form"].errors["to"]
    # An activity goes into a focus area: a line with several says which ones.
    ended.next_line.focus_areas.create(position=2, text="Online spaces")
    response = client.post(carry_url(ended.plan, Kind.ACTIVITY, ended.ongoing.pk), {"to": "1.1"})
    assert "line 1.1 has 1.1 / 1, 1.1 / 2" in response.context["form"].errors["to"][0]
    assert not CarryOver.objects.exists()


def test_an_item_that_is_not_open_is_not_carried(client, ended):
    ended.plan.succeeded_by = ended.successor
    ended.plan.save()
    client.force_login(ended.secretariat)
    assert client.get(carry_url(ended.plan, Kind.RECOMMENDATION, ended.followed.pk)).status_code == 404
    assert client.get(carry_url(ended.plan, Kind.ACTIVITY, ended.done.pk)).status_code == 404
    assert client.get(carry_url(ended.plan, "assistance", 1)).status_code == 404
    with pytest.raises(ValidationError, match="not open"):
        carry_over(plan=ended.plan, kind=Kind.ACTIVITY, item=ended.done, to=ended.next_focus, user=ended.secretariat)


def test_open_decisions_are_counted_and_carried(client, ended):
    ended.plan.succeeded_by = ended.successor
    ended.plan.save()
    meeting = Meeting.objects.create(title="MTF 2025", kind=Meeting.Kind.MTF, held_on=date(2025, 11, 20))
    meeting.plans.set([ended.plan])
    decision = Decision.objects.create(meeting=meeting, position=1, text="Map the youth networks.")
    decision.provisions.set([ended.line])
    done = Decision.objects.create(meeting=meeting, position=2, text="Hold the workshop.", status=Decision.Status.DONE)
    done.provisions.set([ended.line])
    items = selectors.open_items_of(ended.plan)  # a decision done is not open
    assert items.decisions == [decision] and items.rows[0].counts["decisions"] == 1
    carry = carry_over(plan=ended.plan, kind=Kind.DECISION, item=decision, to=ended.next_line, user=ended.secretariat)
    assert carry.item == decision and selectors.open_items_of(ended.plan).decisions == []


ROLES = ["anonymous", "staff", "focal", "cochair", "chair", "secretariat", "admin"]
READS = {"cochair", "chair", "secretariat", "admin"}
CARRIES = {"secretariat", "admin"}


@pytest.mark.parametrize("role", ROLES)
def test_who_may_open_the_hand_over_pages(client, ended, role):
    ended.plan.succeeded_by = ended.successor
    ended.plan.save()
    if role != "anonymous":
        client.force_login(getattr(ended, role))
    urls = {
        page(ended.plan): role in READS,
        carry_url(ended.plan, Kind.RECOMMENDATION, ended.open_report.pk): role in CARRIES,
        carry_url(ended.plan, Kind.ACTIVITY, ended.ongoing.pk): role in CARRIES,
    }
    for url, allowed in urls.items():
        response = client.get(url)
        expected = 200 if allowed else (302 if role == "anonymous" else 403)
        assert response.status_code == expected, url
        assert "no-store" in response["Cache-Control"]
    response = client.post(carry_url(ended.plan, Kind.RECOMMENDATION, ended.open_report.pk), {"to": "1.1"})
    assert response.status_code == (302 if role in CARRIES or role == "anonymous" else 403)
    assert CarryOver.objects.exists() == (role in CARRIES)
    shows_carry_links = "Carry over" in client.get(page(ended.plan)).content.decode()
    assert shows_carry_links == (role in CARRIES)
    # The plan's own page leads to the hand-over those who may read it.
    assert (page(ended.plan) in client.get(ended.plan.get_absolute_url()).content.decode()) == (role in READS)


@pytest.mark.parametrize("size", [1, 3])
def test_the_hand_over_page_takes_the_same_queries_at_any_size(client, ended, django_assert_num_queries, size):
    ended.plan.succeeded_by = ended.successor
    ended.plan.save()
    for number in range(2, 2 + size):
        line = ActionLineFactory(priority_area=PriorityAreaFactory(plan=ended.plan, number=number))
        add_open_items(ended.plan, line, ended.somtc, ended.closed, ended.last, count=size)
        meeting = Meeting.objects.create(title=f"WG on CT {number}", kind=Meeting.Kind.WG_ON_CT, held_on=date(2025, 6, 1))
        meeting.plans.set([ended.plan])
        Decision.objects.create(meeting=meeting, position=1, text="Report on it.")
    for activity in ended.plan.activities.filter(focus_area__action_line__priority_area__number=2)[:size]:
        carry_over(plan=ended.plan, kind=Kind.ACTIVITY, item=activity, to=ended.next_focus, user=ended.admin)
    client.force_login(ended.secretariat)
    with django_assert_num_queries(21):
        response = client.get(page(ended.plan))
    items = response.context["open"]
    assert len(items.rows) == 1 + size + 1  # the areas, then the decisions that name none
    # Each new activity leaves two cycles' recommendations open; area 2's activities went over.
    assert items.totals.counts == {"recommendations": 1 + 2 * size * size, "activities": 1 + size * size - size,
                                   "missing": 0, "decisions": size}
    assert items.rows[1].counts["activities"] == 0 and items.rows[-1].counts["decisions"] == size
    assert len(response.context["carried"]) == size


def test_a_long_list_says_how_much_of_it_is_shown(client, ended, monkeypatch):
    monkeypatch.setattr(selectors, "SHOWN", 2)
    add_open_items(ended.plan, ended.line, ended.somtc, ended.closed, ended.last, count=2)
    client.force_login(ended.cochair)
    response = client.get(page(ended.plan))
    assert len(response.context["open"].recommendations) == 2
    assert "The first 2 of 5 are listed" in response.content.decode()  # 1 + two cycles' of 2 activities


def test_junk_in_the_address_is_a_404(client, ended):
    client.force_login(ended.admin)
    for kind, pk in ((Kind.RECOMMENDATION, 2**63), (Kind.ACTIVITY, 0), ("junk", ended.ongoing.pk)):
        assert client.get(carry_url(ended.plan, kind, pk)).status_code == 404
    assert client.get(page(WorkPlanFactory.build(slug="no-such-plan"))).status_code == 404


def test_an_ended_plan_of_action_lists_the_national_reports_its_last_cycle_never_received(client, ended):
    from tests.factories import MemberStateFactory, ReportingCycleFactory
    from tests.national.conftest import build_plan_of_action

    poa = build_plan_of_action(slug="poa-pcrve", short_name="PoA PCRVE", start_year=2018, end_year=2025)
    cycle = ReportingCycleFactory(plan=poa, year=2025)
    missing = ExpectedReport.objects.create(cycle=cycle, member_state=MemberStateFactory(name="Timor-Leste"),
                                            reason="member")
    items = selectors.open_items_of(poa)
    assert items.missing == [missing] and items.totals.counts["missing"] == 1
    client.force_login(ended.chair)
    assert "Timor-Leste's national report, 2025" in client.get(page(poa)).content.decode()


def test_a_group_keeps_what_other_apps_grant_it(ended):
    from django.contrib.auth.models import Group

    from national import roles as national_roles

    national_roles.ensure_groups()  # after the hand-over's grants, as on every migrate
    granted = {f"{p.content_type.app_label}.{p.codename}"
               for p in Group.objects.get(name=national_roles.SECRETARIAT).permissions.select_related("content_type")}
    assert {"handover.add_carryover", "national.add_review"} <= granted


def test_the_database_holds_one_item_of_its_kind_per_carry_over(ended):
    from django.db import IntegrityError, transaction

    wrong = dict(kind=Kind.RECOMMENDATION, from_plan=ended.plan, to_line=ended.next_line)
    for fields in ({}, {"activity": ended.ongoing}, {"recommendation": ended.open_report, "activity": ended.ongoing}):
        with pytest.raises(IntegrityError), transaction.atomic():
            CarryOver.objects.create(**wrong, **fields)
    CarryOver.objects.create(**wrong, recommendation=ended.open_report)
    with pytest.raises(IntegrityError), transaction.atomic():  # and each item once
        CarryOver.objects.create(**wrong, recommendation=ended.open_report)
