"""Amendment lines about performance indicators: the MTF sets and adjusts an indicator and its targets as a
meeting decided, every earlier value kept with the amendment's reason and its decision."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from audit.models import AuditEvent
from steering import services
from steering.models import AmendmentChange
from tests.steering.test_import_and_pages import RECORDERS, ROLES, login
from workplan.models import Indicator, IndicatorTarget

pytestmark = pytest.mark.django_db

Kind = AmendmentChange.Kind
# The amendment page: as many queries with 4 indicator lines as with 8.
QUERIES = 10
PERCENTAGE = {"indicator_kind": Indicator.Kind.PERCENTAGE, "unit": "Member States", "direction": Indicator.Direction.HIGHER,
              "means_of_verification": "Meeting report"}


def amend(steer, *lines, reason="The MTF measures the dialogue's recommendations."):
    amendment = services.record_amendment(plan=steer.plan, user=steer.cochair, decision=steer.decision, reason=reason,
                                          takes_effect_on=timezone.localdate())
    for kind, fields in lines:
        services.add_change(amendment=amendment, kind=kind, **fields)
    return amendment


def test_an_amendment_sets_a_target_then_another_adjusts_it_both_kept_with_reason_and_decision(client, steer):
    output = steer.activity.outputs.get(position=1)
    first = amend(steer, (Kind.SET_INDICATOR, {"output": output, **PERCENTAGE}),
                  (Kind.SET_TARGET, {"output": output, "target_year": 2024, "target_value": Decimal("60")}))
    services.apply_amendment(amendment=first, user=steer.cochair)
    second = amend(steer, (Kind.SET_TARGET, {"output": output, "target_year": 2024, "target_value": Decimal("80")}),
                   reason="The situation allows more.")
    services.apply_amendment(amendment=second, user=steer.secretariat)

    target = IndicatorTarget.objects.get(indicator__output=output, year=2024)
    assert target.value == Decimal("80") and target.decision_reference == "15th MTF meeting, decision 3"
    rows = list(target.history.order_by("history_id"))
    assert [row.value for row in rows] == [Decimal("60"), Decimal("80")]
    assert rows[0].history_change_reason == f"Amendment {first.pk}, 15th MTF meeting decision 3: The MTF measures the dialogue's recommendations."
    assert rows[1].history_change_reason.startswith(f"Amendment {second.pk}, 15th MTF meeting decision 3: The situation allows more.")
    assert rows[1].history_user == steer.secretariat
    assert {row.decision_reference for row in rows} == {"15th MTF meeting, decision 3"}
    indicator = Indicator.objects.get(output=output)
    assert indicator.kind == Indicator.Kind.PERCENTAGE and indicator.history.get().decision_reference == "15th MTF meeting, decision 3"

    # Audited as every indicator change is: who, what, and the amendment's reason.
    events = AuditEvent.objects.filter(action=AuditEvent.Action.INDICATOR_CHANGED).order_by("pk")
    assert [event.detail.split(":")[0] for event in events] == ["indicator set", "target set", "target adjusted"]
    assert events.last().user == steer.secretariat and f"Amendment {second.pk}" in events.last().detail

    # The amendment's page says old → new, as for the other kinds of line.
    client.force_login(steer.cochair)
    page = " ".join(client.get(second.get_absolute_url()).content.decode().split())
    assert "<del>2024: 60</del> → <ins>2024: 80</ins>" in page
    page = " ".join(client.get(first.get_absolute_url()).content.decode().split())
    assert "<ins>Percentage, Member States, higher is better, verified by Meeting report</ins>" in page

    # The indicators' history links each change to the amendment that made it.
    page = client.get(reverse("monitoring:activity_indicators", args=[steer.plan.slug, steer.activity.code])).content.decode()
    assert f'href="{first.get_absolute_url()}"' in page and f'href="{second.get_absolute_url()}"' in page


def test_a_target_the_indicator_cannot_take_changes_nothing_and_says_why(steer):
    output = steer.activity.outputs.get(position=1)
    amendment = amend(steer, (Kind.SET_INDICATOR, {"output": output, **PERCENTAGE}),
                      (Kind.SET_TARGET, {"output": output, "target_year": None, "target_value": Decimal("150")}))
    with pytest.raises(services.AmendmentRefused) as refused:
        services.apply_amendment(amendment=amendment, user=steer.cochair)
    assert refused.value.messages == ["Line 2 (set or adjust a target): A percentage is between 0 and 100."]
    assert not Indicator.objects.exists() and not Indicator.history.exists()
    amendment.refresh_from_db()
    assert amendment.is_draft

    # A value for a yes/no indicator's target is refused too, rather than dropped without a word.
    done = amend(steer, (Kind.SET_INDICATOR, {"activity": steer.activity, "indicator_kind": Indicator.Kind.YES_NO,
                                              "text": "Dialogue held"}))
    services.apply_amendment(amendment=done, user=steer.cochair)
    bad = amend(steer, (Kind.SET_TARGET, {"activity": steer.activity, "target_year": 2024, "target_value": Decimal("3")}))
    with pytest.raises(services.AmendmentRefused, match="a yes/no indicator's target has no value"):
        services.apply_amendment(amendment=bad, user=steer.cochair)
    assert not IndicatorTarget.objects.exists() and not IndicatorTarget.history.exists()


def test_a_direction_on_a_yes_no_indicator_or_a_line_of_neither_output_nor_activity_is_refused(steer):
    amendment = amend(steer)
    with pytest.raises(ValidationError) as error:
        services.add_change(amendment=amendment, kind=Kind.SET_INDICATOR, activity=steer.activity, text="Held",
                            indicator_kind=Indicator.Kind.YES_NO, direction=Indicator.Direction.HIGHER)
    assert "direction" in error.value.message_dict
    with pytest.raises(ValidationError, match="one of the two"):
        services.add_change(amendment=amendment, kind=Kind.SET_TARGET, target_value=Decimal("3"))
    assert not amendment.changes.exists()


def test_the_line_form_refuses_a_target_of_words(client, steer):
    amendment = amend(steer)
    client.force_login(steer.secretariat)
    url = reverse("steering:change_new", args=[steer.plan.slug, amendment.pk, Kind.SET_TARGET])
    output = steer.activity.outputs.get(position=1)
    response = client.post(url, {"output": output.pk, "target_year": "2024", "target_value": "abc"})
    assert response.status_code == 200 and "Enter a number." in response.content.decode()
    assert not amendment.changes.exists()
    response = client.post(url, {"output": output.pk, "target_year": "2024", "target_value": "40"})
    assert response.status_code == 302
    assert amendment.changes.get().target_value == Decimal("40")


@pytest.mark.parametrize("role", ROLES)
def test_the_indicator_line_urls_as_every_role(client, steer, role):
    amendment = amend(steer)
    login(client, steer, role)
    output = steer.activity.outputs.get(position=1)
    for kind, data in ((Kind.SET_INDICATOR, {"output": output.pk, "indicator_kind": "yes_no"}),
                       (Kind.SET_TARGET, {"output": output.pk, "target_year": ""})):
        url = reverse("steering:change_new", args=[steer.plan.slug, amendment.pk, kind])
        for response in (client.get(url), client.post(url, data)):
            if role in RECORDERS:
                assert response.status_code in (200, 302), (kind, role)
            elif role == "anonymous":
                assert response.status_code == 302 and "login" in response["Location"], (kind, role)
            else:
                assert response.status_code == 403, (kind, role, response.status_code)
            assert "no-store" in response.get("Cache-Control", "")
    assert amendment.changes.count() == (2 if role in RECORDERS else 0)


def test_only_a_change_an_amendment_made_links_to_it(steer):
    from monitoring.indicators import amendment_url

    reason = "Amendment 12, 15th MTF meeting decision 3: Adjust"
    assert amendment_url(steer.plan, reason, "15th MTF meeting, decision 3") == reverse("steering:amendment", args=[steer.plan.slug, 12])
    # Typed on the indicator pages: no decision recorded by an amendment, or words that only look alike.
    assert amendment_url(steer.plan, reason, "") == ""
    assert amendment_url(steer.plan, "Amendment 12 is coming", "MTF 2025") == ""


@pytest.mark.parametrize("scale", [1, 2])
def test_the_amendment_page_with_indicator_lines_in_queries_that_do_not_grow(client, steer, scale, django_assert_num_queries):
    from tests.factories import OutputFactory

    outputs = [OutputFactory(activity=steer.activity, position=10 + n, text=f"Output {n}") for n in range(scale * 2)]
    lines = [line for output in outputs for line in (
        (Kind.SET_INDICATOR, {"output": output, **PERCENTAGE}),
        (Kind.SET_TARGET, {"output": output, "target_year": 2024, "target_value": Decimal("50")}))]
    amendment = amend(steer, *lines)
    services.apply_amendment(amendment=amendment, user=steer.cochair)
    client.force_login(steer.cochair)
    with django_assert_num_queries(QUERIES):
        response = client.get(amendment.get_absolute_url())
    assert response.content.decode().count("<ins>2024: 50</ins>") == scale * 2
