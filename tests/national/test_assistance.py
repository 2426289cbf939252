"""Requests for assistance followed to delivery: opened when a national report is submitted, offered and
delivered as the chair or the Secretariat record it, confirmed and closed by the requesting state."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from bodies.models import Partner
from national import services
from national.models import AssistanceRequest, NationalReport
from tests.national.conftest import answer_all

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("dialogue_partners")]

TODAY = datetime.date.today()


def ask(report, *, count=1):
    """Answer every provision, asking for assistance on the first `count` of them."""
    answer_all(report)
    for entry in report.entries.order_by("pk")[:count]:
        entry.assistance_needed = f"Training of prosecutors on measure {entry.provision.number}"
        entry.assistance_theme = "training"
        entry.save()
    return report


@pytest.fixture
def requested(nat, draft):
    services.submit_national_report(report=ask(draft), user=nat.focal)
    return AssistanceRequest.objects.get()


def step(client, assistance, **data):
    return client.post(reverse("national:assistance_step", args=[assistance.pk]), {"on": TODAY.isoformat(), **data})


def test_submitting_a_report_opens_a_request_per_answer_asking_for_assistance(nat, draft):
    services.submit_national_report(report=ask(draft, count=2), user=nat.focal)
    requests = list(AssistanceRequest.objects.order_by("pk"))
    assert len(requests) == 2
    assert {r.status for r in requests} == {"requested"} and requests[0].member_state == nat.indonesia
    assert requests[0].need.startswith("Training of prosecutors") and requests[0].theme == "training"
    assert [s.to_status for s in requests[0].steps.all()] == ["requested"]
    assert set(AssistanceRequest.objects.not_delivered(nat.plan)) == set(requests)


def test_a_draft_opens_no_request_and_a_resubmission_updates_or_withdraws_unanswered_ones(nat, draft):
    ask(draft, count=2)
    assert not AssistanceRequest.objects.exists()
    services.submit_national_report(report=draft, user=nat.focal)
    report = NationalReport.objects.get(pk=draft.pk)
    services.return_national_report(report=report, user=nat.chair, comment="Say more.")
    first, second = report.entries.order_by("pk")[:2]
    first.assistance_needed = "Forensic equipment"
    first.assistance_theme = "technology"
    first.save()
    second.assistance_needed, second.assistance_theme = "", ""
    second.save()
    services.submit_national_report(report=NationalReport.objects.get(pk=draft.pk), user=nat.focal)
    assert list(AssistanceRequest.objects.values_list("entry", "need", "theme")) == [
        (first.pk, "Forensic equipment", "technology")]


def test_the_lifecycle_offer_delivery_confirmation_with_a_small_history(client, nat, requested):
    japan = Partner.objects.get(slug="japan")
    client.force_login(nat.focal)
    assert step(client, requested, partner=japan.pk).status_code == 403  # the state does not record offers
    client.force_login(nat.secretariat)
    response = step(client, requested, note="Japan offers a course")  # no partner named
    assert response.status_code == 200 and "partner" in response.context["form"].errors
    assert step(client, requested, partner=japan.pk, note="Japan offers a course").status_code == 302
    requested.refresh_from_db()
    assert (requested.status, requested.partner) == ("offered", japan)
    assert set(AssistanceRequest.objects.not_delivered(nat.plan)) == {requested}
    client.force_login(nat.agency_focal)  # the requesting state's focal point confirms the delivery
    assert step(client, requested, note="Course held in Jakarta").status_code == 302
    assert not AssistanceRequest.objects.not_delivered(nat.plan).exists()
    client.force_login(nat.chair)  # closing is the requesting state's word
    assert step(client, requested).status_code == 403
    client.force_login(nat.focal)
    assert step(client, requested, note="Met the need").status_code == 302
    requested.refresh_from_db()
    assert requested.status == "closed"
    assert [(s.from_status, s.to_status, s.by) for s in requested.steps.all()] == [
        ("", "requested", nat.focal), ("requested", "offered", nat.secretariat),
        ("offered", "delivered", nat.agency_focal), ("delivered", "closed", nat.focal)]
    content = client.get(requested.get_absolute_url()).content.decode()
    assert "Japan offers a course" in content and "Course held in Jakarta" in content
    assert client.post(reverse("national:assistance_step", args=[requested.pk]), {"on": TODAY}).status_code == 403


def test_a_step_refuses_a_future_date_and_a_date_before_the_last_step(nat, requested):
    japan = Partner.objects.get(slug="japan")
    with pytest.raises(services.WorkflowError):
        services.take_assistance_step(request=requested, user=nat.chair, step="offer", partner=japan,
                                      on=TODAY + datetime.timedelta(days=1))
    with pytest.raises(services.WorkflowError):
        services.take_assistance_step(request=requested, user=nat.chair, step="offer", partner=japan,
                                      on=TODAY - datetime.timedelta(days=1))
    with pytest.raises(services.WorkflowError):  # not the next step
        services.take_assistance_step(request=requested, user=nat.chair, step="deliver", on=TODAY)
    with pytest.raises(PermissionDenied):
        services.take_assistance_step(request=requested, user=nat.other_focal, step="offer", partner=japan, on=TODAY)
    requested.refresh_from_db()
    assert requested.status == "requested" and requested.steps.count() == 1


ROLES = ["anonymous", "staff", "focal", "other_focal", "cochair", "chair", "secretariat", "admin"]
# A request is read by the chair, the Secretariat, administrators and the requesting state's focal points.
SEES = {"anonymous": 302, "staff": 403, "focal": 200, "other_focal": 404, "cochair": 403, "chair": 200,
        "secretariat": 200, "admin": 200}
# The list of a plan: everyone who may read a request; another state's focal point sees its own (none).
LISTS = {**SEES, "other_focal": 200}
# One state's list: another state's focal point is refused it.
STATE_LIST = {**SEES, "other_focal": 403}
# Who may record the offer.
OFFERS = {"anonymous": 302, "staff": 403, "focal": 403, "other_focal": 404, "cochair": 403, "chair": 302,
          "secretariat": 302, "admin": 302}


def _login(client, nat, role):
    if role != "anonymous":
        client.force_login(getattr(nat, role))


@pytest.mark.parametrize("role", ROLES)
def test_who_reads_requests_for_assistance(client, nat, requested, role):
    _login(client, nat, role)
    listed = client.get(reverse("national:assistance_list", args=[nat.plan.slug]))
    assert listed.status_code == LISTS[role]
    if listed.status_code == 200:
        assert len(listed.context["requests"]) == (0 if role == "other_focal" else 1)
    assert client.get(reverse("national:assistance_of_state", args=[nat.plan.slug, "IDN"])).status_code == STATE_LIST[role]
    assert client.get(requested.get_absolute_url()).status_code == SEES[role]


@pytest.mark.parametrize("role", ROLES)
def test_who_records_an_offer(client, nat, requested, role):
    _login(client, nat, role)
    response = step(client, requested, partner=Partner.objects.get(slug="eu").pk)
    assert response.status_code == OFFERS[role]
    requested.refresh_from_db()
    assert requested.status == ("offered" if OFFERS[role] == 302 and role != "anonymous" else "requested")


def test_an_unknown_state_or_request_is_a_404(client, nat, requested):
    client.force_login(nat.chair)
    assert client.get(reverse("national:assistance_of_state", args=[nat.plan.slug, "XXX"])).status_code == 404
    assert client.get(reverse("national:assistance", args=[requested.pk + 1000])).status_code == 404


def test_the_plans_page_links_to_its_requests_for_those_who_read_them(client, nat):
    client.force_login(nat.secretariat)
    url = reverse("national:assistance_list", args=[nat.plan.slug])
    assert url in client.get(nat.plan.get_absolute_url()).content.decode()
    client.force_login(nat.cochair)
    assert url not in client.get(nat.plan.get_absolute_url()).content.decode()


@pytest.mark.parametrize("asking", [1, 4])
def test_the_list_runs_a_fixed_number_of_queries(client, nat, draft, django_assert_num_queries, asking):
    services.submit_national_report(report=ask(draft, count=asking), user=nat.focal)
    for assistance in AssistanceRequest.objects.all():
        services.take_assistance_step(request=assistance, user=nat.chair, step="offer", on=TODAY,
                                      partner=Partner.objects.get(slug="eu"))
    client.force_login(nat.chair)
    with django_assert_num_queries(8):
        response = client.get(reverse("national:assistance_list", args=[nat.plan.slug]))
    assert len(response.context["requests"]) == asking


def test_the_hand_over_lists_the_requests_not_delivered(nat, requested):
    from handover.selectors import undelivered_assistance

    assert list(undelivered_assistance(nat.plan)) == [requested]
    services.take_assistance_step(request=requested, user=nat.chair, step="offer", on=TODAY,
                                  partner=Partner.objects.get(slug="eu"))
    assert list(undelivered_assistance(nat.plan)) == [requested]
    services.take_assistance_step(request=requested, user=nat.focal, step="deliver", on=TODAY)
    assert list(undelivered_assistance(nat.plan)) == []
