"""Requests for assistance an ended plan of action leaves undelivered: listed, counted per area, carried
into a measure of the successor, and found there with their history."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from audit.models import AuditEvent
from handover import selectors
from handover.models import CarryOver
from handover.services import carry_over
from national import services as national_services
from tests.factories import ActionLineFactory, PriorityAreaFactory

from .conftest import ask_for_assistance

pytestmark = pytest.mark.django_db

Kind = CarryOver.Kind


def page(plan):
    return reverse("handover:handover", args=[plan.slug])


def carry_url(plan, pk):
    return reverse("handover:carry", args=[plan.slug, Kind.ASSISTANCE, pk])


def test_undelivered_requests_are_listed_and_counted_in_their_measures_area(client, ended, assisted):
    items = selectors.open_items_of(assisted.plan)
    assert items.assistance == [assisted.offered, assisted.requested]  # both still wait for delivery
    assert [row.counts["assistance"] for row in items.rows] == [1, 1]  # measures 1.1 and 2.1
    assert items.totals.counts["assistance"] == 2
    assert [key for key, _ in items.columns][-1] == "assistance"
    # Delivered, a request is no longer open.
    national_services.take_assistance_step(request=assisted.offered, user=ended.secretariat, step="deliver",
                                           on=assisted.offered.requested_on)
    assert selectors.open_items_of(assisted.plan).assistance == [assisted.requested]
    client.force_login(ended.cochair)  # reads the page, carries nothing
    text = client.get(page(assisted.plan)).content.decode()
    assert "Indonesia · 2.1" in text and "Training of prosecutors on measure 2.1" in text
    assert carry_url(assisted.plan, assisted.requested.pk) not in text
    assert assisted.requested.get_absolute_url() not in text  # the request's own page is not theirs to read
    # A work plan has no national reports: no such column.
    assert "assistance" not in selectors.open_items_of(ended.plan).totals.counts


def test_a_request_is_carried_once_into_a_measure_and_found_there_with_its_origin_and_steps(client, ended, assisted):
    client.force_login(ended.secretariat)
    text = client.get(page(assisted.plan)).content.decode()
    assert carry_url(assisted.plan, assisted.offered.pk) in text and assisted.offered.get_absolute_url() in text
    form = client.get(carry_url(assisted.plan, assisted.offered.pk)).content.decode()
    assert '<option value="1.1 · Strengthen the criminal justice response">' in form
    response = client.post(carry_url(assisted.plan, assisted.offered.pk),
                           {"to": "1.1 · Strengthen", "note": "The course goes on."})
    assert response.status_code == 302
    carry = CarryOver.objects.get()
    assert (carry.kind, carry.item, carry.to_line) == (Kind.ASSISTANCE, assisted.offered, assisted.measure)
    assert AuditEvent.objects.filter(action=AuditEvent.Action.CARRIED_OVER, user=ended.secretariat).count() == 1

    # Refused the second time, by the service and by the page.
    with pytest.raises(ValidationError, match="Already carried into the ACPoA on CT 2026, 1.1"):
        carry_over(plan=assisted.plan, kind=Kind.ASSISTANCE, item=assisted.offered, to=assisted.measure,
                   user=ended.admin)
    response = client.post(carry_url(assisted.plan, assisted.offered.pk), {"to": "1.1"})
    assert response.status_code == 200 and "Already carried into" in response.content.decode()
    assert CarryOver.objects.count() == 1
    items = selectors.open_items_of(assisted.plan)
    assert items.assistance == [assisted.requested] and items.totals.counts["assistance"] == 1

    # The successor's measure shows where it came from: the state, the measure, the request, its steps,
    # to those who may read the request: the chair, the Secretariat, the requesting state.
    for someone in (ended.staff, ended.focal, ended.cochair):
        client.force_login(someone)
        response = client.get(assisted.measure.get_absolute_url())
        assert response.status_code == 200 and "request for assistance" not in response.content.decode()
    client.force_login(assisted.focal)
    assert "Asked by Indonesia on 1.1" in client.get(assisted.measure.get_absolute_url()).content.decode()
    client.force_login(ended.chair)
    line_page = client.get(assisted.measure.get_absolute_url()).content.decode()
    assert f'<a href="{assisted.offered.get_absolute_url()}">Indonesia\'s request for assistance on 1.1</a>' in line_page
    assert "of the ACPoA on CT, offered: Training of prosecutors on measure 1.1" in line_page
    assert "Asked by Indonesia on 1.1 of the ACPoA on CT" in line_page
    today = timezone.localdate()
    assert f"{today.day} {today:%b %Y}: offered by Japan (A course for prosecutors)." in line_page
    assert "Carried from the ACPoA on CT by Ayu Lestari on" in line_page and "The course goes on." in line_page


def test_what_the_carry_page_refuses(client, ended, assisted):
    client.force_login(ended.secretariat)
    other = ActionLineFactory(priority_area=PriorityAreaFactory(plan=ended.successor, number=2))
    with pytest.raises(ValidationError, match="belongs to the Work Plan 2026-2030"):  # outside the successor
        carry_over(plan=assisted.plan, kind=Kind.ASSISTANCE, item=assisted.requested, to=other, user=ended.secretariat)
    for typed in ("9.9", "1.1 / 1"):  # no such measure; a measure has no focus areas to go into
        response = client.post(carry_url(assisted.plan, assisted.requested.pk), {"to": typed})
        assert response.status_code == 200 and response.context["form"].errors["to"]
    national_services.take_assistance_step(request=assisted.offered, user=ended.secretariat, step="deliver",
                                           on=assisted.offered.requested_on)
    assert client.get(carry_url(assisted.plan, assisted.offered.pk)).status_code == 404  # delivered: not open
    with pytest.raises(ValidationError, match="not open"):
        carry_over(plan=assisted.plan, kind=Kind.ASSISTANCE, item=assisted.offered, to=assisted.measure,
                   user=ended.secretariat)
    ended.plan.succeeded_by = ended.successor
    ended.plan.save()
    with pytest.raises(ValidationError, match="not open"):  # nor a work plan's, which has none
        carry_over(plan=ended.plan, kind=Kind.ASSISTANCE, item=assisted.requested, to=ended.next_line,
                   user=ended.secretariat)
    assert not CarryOver.objects.exists()


ROLES = ["anonymous", "staff", "focal", "cochair", "chair", "secretariat", "admin"]
CARRIES = {"secretariat", "admin"}


@pytest.mark.parametrize("role", ROLES)
def test_only_the_secretariat_and_administrators_carry_a_request(client, ended, assisted, role):
    if role != "anonymous":
        client.force_login(getattr(ended, role))
    url = carry_url(assisted.plan, assisted.requested.pk)
    expected = 200 if role in CARRIES else (302 if role == "anonymous" else 403)
    assert client.get(url).status_code == expected
    response = client.post(url, {"to": "1.1"})
    assert response.status_code == (302 if role in CARRIES or role == "anonymous" else 403)
    assert CarryOver.objects.exists() == (role in CARRIES)


PAGE_QUERIES = 20  # the hand-over page of a plan of action
LINE_QUERIES = 12  # a measure of its successor, with what was carried into it


@pytest.mark.parametrize("size", [1, 3])
def test_the_plan_of_actions_hand_over_and_its_successors_measure_take_the_same_queries_at_any_size(
        client, ended, assisted, django_assert_num_queries, size):
    from tests.factories import MemberStateFactory
    from tests.national.conftest import focal_point

    for number in range(size):
        state = MemberStateFactory(name=f"State {number}", code=f"S{number}")
        ask_for_assistance(assisted.plan, assisted.cycle, state, focal_point(state, "Police", username=f"s{number}"),
                           count=3)
    for request in selectors.undelivered_assistance(assisted.plan)[:size]:
        carry_over(plan=assisted.plan, kind=Kind.ASSISTANCE, item=request, to=assisted.measure, user=ended.admin)
    client.force_login(ended.secretariat)
    with django_assert_num_queries(PAGE_QUERIES):
        response = client.get(page(assisted.plan))
    assert response.context["open"].totals.counts["assistance"] == 2 + 3 * size - size
    with django_assert_num_queries(LINE_QUERIES):
        response = client.get(assisted.measure.get_absolute_url())
    assert response.content.decode().count("request for assistance on") == size

