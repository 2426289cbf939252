import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from audit.models import AuditEvent
from monitoring.cycles import expected_pairs
from monitoring.models import ActivityReport
from monitoring.services import start_report
from reporting import services as workflow
from steering import services
from steering.compare import compare
from steering.models import Amendment, AmendmentChange
from tests.factories import ActivityFactory, OutputFactory
from tests.monitoring.conftest import complete
from tests.steering.conftest import ADOPTED
from workplan.models import Activity

pytestmark = pytest.mark.django_db

Kind = AmendmentChange.Kind


def amend(steer, *lines, user=None):
    """A draft amendment under the MTF's decision with `lines` (kind, fields) added."""
    amendment = services.record_amendment(plan=steer.plan, user=user or steer.cochair, decision=steer.decision,
                                          reason="The situation calls for a dialogue on online radicalisation.",
                                          takes_effect_on=timezone.localdate())
    for kind, fields in lines:
        services.add_change(amendment=amendment, kind=kind, **fields)
    return amendment


def test_an_amendment_under_a_decision_shows_in_the_compare_view_and_an_accepted_report_keeps_its_wording(client, steer):
    report = start_report(activity=steer.activity, cycle=steer.cycle, body=steer.somtc, user=steer.staff)
    workflow.submit(report=complete(report), user=steer.staff)
    workflow.accept(report=ActivityReport.objects.get(pk=report.pk), user=steer.cochair)
    dropped = steer.other_activity
    amendment = amend(
        steer,
        (Kind.ADD_ACTIVITY, {"focus_area": steer.other_area, "text": "Regional dialogue on online radicalisation",
                             "outputs": ["Dialogue held", "Messages agreed"], "lead_bodies": [steer.aichr]}),
        (Kind.REWORD_ACTIVITY, {"activity": steer.activity, "text": "Conduct ASEAN Track 1.5 Dialogue on the online space"}),
        (Kind.DROP_ACTIVITY, {"activity": dropped}),
    )
    services.apply_amendment(amendment=amendment, user=steer.cochair)

    amendment.refresh_from_db()
    assert amendment.state == Amendment.State.APPLIED and amendment.applied_by == steer.cochair
    added = Activity.objects.get(text="Regional dialogue on online radicalisation")
    assert added.code == f"{steer.activity.focus_area.action_line.number}.2"  # the next free code of its line
    assert [o.text for o in added.outputs.order_by("position")] == ["Dialogue held", "Messages agreed"]
    assert list(added.lead_bodies.all()) == [steer.aichr]
    dropped.refresh_from_db()
    assert dropped.dropped_on == timezone.localdate() and Activity.objects.filter(pk=dropped.pk).exists()
    # Each historical row says who and why: the amendment, its decision, its reason.
    reworded = steer.activity.history.latest()
    assert reworded.history_user == steer.cochair
    assert reworded.history_change_reason.startswith(f"Amendment {amendment.pk}, 15th MTF meeting decision 3: The situation")

    as_adopted = compare(steer.plan, ADOPTED)
    found = {(d.status, d.code): d for area in as_adopted.areas for d in area.differences}
    assert set(found) == {("added", added.code), ("changed", steer.activity.code), ("dropped", dropped.code)}
    assert found["changed", steer.activity.code].changes == [
        ("wording", "Conduct ASEAN Track 1.5 Dialogue", "Conduct ASEAN Track 1.5 Dialogue on the online space")]
    assert found["dropped", dropped.code].text == "AICHR Consultation on victims"
    assert compare(steer.plan, timezone.localdate()).areas == []

    page = client.get(reverse("steering:compare", args=[steer.plan.slug])).content.decode()
    assert "as adopted" in page and "<del>Conduct ASEAN Track 1.5 Dialogue</del>" in page
    assert "Regional dialogue on online radicalisation" in page and "AICHR Consultation on victims" in page
    today = client.get(reverse("steering:compare", args=[steer.plan.slug]), {"on": timezone.localdate().isoformat()})
    assert "has not changed since" in today.content.decode()

    # The accepted report keeps the words it was made against, and says the activity has changed since.
    report.refresh_from_db()
    assert report.wording_reported_against == {
        "code": steer.activity.code, "text": "Conduct ASEAN Track 1.5 Dialogue",
        "outputs": ["Recommendations formulated", "Regional messages adopted"]}
    assert report.activity_amended_since
    client.force_login(steer.cochair)
    page = client.get(report.get_absolute_url()).content.decode()
    assert "Conduct ASEAN Track 1.5 Dialogue" in page and "The activity has since been amended" in page
    annual = client.get(reverse("annualreports:annual_report", args=[steer.plan.slug]), {"cycle": steer.cycle.year})
    entry = annual.content.decode().split("Activities reported")[1]
    assert "Conduct ASEAN Track 1.5 Dialogue</h3>" in entry and "The activity has since been amended" in entry
    # The dropped activity leaves the matrix, and the reports expected from the next cycle on.
    matrix = client.get(steer.plan.get_absolute_url()).content.decode()
    assert "AICHR Consultation on victims" not in matrix and "Regional dialogue on online radicalisation" in matrix
    exported = client.get(reverse("workplan:matrix_export", args=[steer.plan.slug, "csv"])).content.decode()
    assert "AICHR Consultation on victims" not in exported and "Regional dialogue on online radicalisation" in exported
    next_year = timezone.localdate().year + 1
    assert all(activity != dropped.pk for activity, _ in expected_pairs(steer.plan, next_year))
    assert any(activity == dropped.pk for activity, _ in expected_pairs(steer.plan, timezone.localdate().year))


def test_a_refused_line_applies_nothing_and_says_why_line_by_line(client, steer):
    taken = steer.activity.code
    amendment = amend(
        steer,
        (Kind.REWORD_ACTIVITY, {"activity": steer.activity, "text": "A new wording"}),
        (Kind.ADD_ACTIVITY, {"focus_area": steer.other_area, "code": taken, "text": "A clash"}),
        (Kind.REWORD_ACTIVITY, {"activity": steer.other_activity, "text": "AICHR Consultation on victims"}),
        (Kind.MARK_PRIORITY, {"activity": steer.activity, "priority_from": 2024, "priority_until": 2031}),
    )
    history_rows = steer.activity.history.count()
    client.force_login(steer.secretariat)
    response = client.post(reverse("steering:amendment_apply", args=[steer.plan.slug, amendment.pk]), follow=True)
    text = response.content.decode()
    assert f"Line 2 (add an activity): the code {taken} is already an activity" in text
    assert "Line 3 (reword an activity): activity" in text and "already reads so" in text
    assert "outside the plan" in text and "Nothing was applied." in text
    steer.activity.refresh_from_db()
    assert steer.activity.text == "Conduct ASEAN Track 1.5 Dialogue" and steer.activity.priority_from is None
    assert steer.activity.history.count() == history_rows
    assert Amendment.objects.get(pk=amendment.pk).state == Amendment.State.DRAFT
    assert not Activity.objects.filter(text="A clash").exists()


def test_a_draft_is_applied_only_once_it_cites_the_decision_that_adopted_it(steer):
    amendment = amend(steer, (Kind.DROP_ACTIVITY, {"activity": steer.other_activity}))
    services.update_amendment(amendment=amendment, user=steer.cochair, reason="Adjust", takes_effect_on=ADOPTED)
    with pytest.raises(services.AmendmentRefused, match="Cite the meeting's decision"):
        services.apply_amendment(amendment=amendment, user=steer.cochair)
    assert Activity.objects.get(pk=steer.other_activity.pk).dropped_on is None


def test_an_applied_amendment_takes_no_more_lines_and_is_not_applied_twice(steer):
    amendment = amend(steer, (Kind.DROP_ACTIVITY, {"activity": steer.other_activity}))
    services.apply_amendment(amendment=amendment, user=steer.admin)
    # Recorded and applied, both in the audit log: who, what, which amendment.
    events = AuditEvent.objects.filter(object_type="steering.amendment", object_id=str(amendment.pk))
    assert sorted(events.values_list("action", "username")) == [("amendment_applied", "admin"), ("amendment_recorded", "cochair")]
    assert "Drop an activity" in events.get(action="amendment_applied").detail
    with pytest.raises(services.AmendmentRefused, match="already been applied"):
        services.apply_amendment(amendment=amendment, user=steer.admin)
    with pytest.raises(services.AmendmentRefused, match="kept as it was"):
        services.add_change(amendment=amendment, kind=Kind.DROP_ACTIVITY, activity=steer.activity)
    # A dropped activity takes no further change.
    later = amend(steer, (Kind.REWORD_ACTIVITY, {"activity": steer.other_activity, "text": "Revived"}))
    with pytest.raises(services.AmendmentRefused, match="was dropped on"):
        services.apply_amendment(amendment=later, user=steer.admin)


def test_moving_changing_outputs_lead_bodies_and_priority_are_all_in_the_comparison(steer):
    amendment = amend(
        steer,
        (Kind.MOVE_ACTIVITY, {"activity": steer.activity, "focus_area": steer.other_area}),
        (Kind.CHANGE_OUTPUTS, {"activity": steer.other_activity, "outputs": ["Recommendation on victims' support"]}),
        (Kind.CHANGE_LEAD_BODIES, {"activity": steer.activity, "lead_bodies": [steer.somtc, steer.aichr]}),
        (Kind.MARK_PRIORITY, {"activity": steer.activity, "priority_from": 2024, "priority_until": 2025}),
        (Kind.REWORD_OUTPUT, {"output": steer.activity.outputs.get(position=1), "text": "Recommendations adopted"}),
    )
    services.apply_amendment(amendment=amendment, user=steer.secretariat)
    changes = {d.code: dict((what, (old, new)) for what, old, new in d.changes)
               for area in compare(steer.plan, ADOPTED).areas for d in area.differences}
    moved = changes[steer.activity.code]
    assert moved["focus area"][1] == "Activities on victims' support"
    assert moved["lead bodies"] == ("SOMTC", "AICHR, SOMTC")
    assert moved["priority"] == ("none", "2024–2025")
    assert moved["expected outputs"] == ("Recommendations formulated; Regional messages adopted",
                                         "Recommendations adopted; Regional messages adopted")
    assert changes[steer.other_activity.code]["expected outputs"] == (
        "Recommendation on victims' protection", "Recommendation on victims' support")
    assert AmendmentChange.objects.get(amendment=amendment, position=3).old_text == "SOMTC"


def test_recording_an_amendment_through_its_pages_with_the_pickers(client, steer):
    client.force_login(steer.cochair)
    new = reverse("steering:amendment_new", args=[steer.plan.slug])
    searched = client.post(new, {"reason": "Adjust", "takes_effect_on": "2026-01-01", "decision_q": "15th MTF", "search": "decision"})
    assert searched.status_code == 200 and "adjusts the dialogues" in searched.content.decode()
    assert not Amendment.objects.exists()
    nothing = client.post(new, {"reason": "Adjust", "takes_effect_on": "2026-01-01", "decision_q": "no such words", "search": "decision"})
    assert "Nothing matches" in nothing.content.decode()
    response = client.post(new, {"reason": "Adjust the dialogues", "takes_effect_on": "2026-01-01"})
    amendment = Amendment.objects.get()
    assert response.url == amendment.get_absolute_url() and amendment.decision is None
    assert amendment.recorded_by == steer.cochair and amendment.is_draft
    # Prepared before the meeting, it cites the decision once taken.
    client.post(reverse("steering:amendment_edit", args=[steer.plan.slug, amendment.pk]),
                {"reason": "Adjust the dialogues", "takes_effect_on": "2026-01-01", "decision": steer.decision.pk})
    amendment.refresh_from_db()
    assert amendment.decision == steer.decision

    line = reverse("steering:change_new", args=[steer.plan.slug, amendment.pk, Kind.REWORD_ACTIVITY])
    found = client.post(line, {"activity_q": "Track 1.5", "search": "activity"}).content.decode()
    assert steer.activity.code in found and "AICHR Consultation" not in found
    refused = client.post(line, {"activity": steer.activity.pk, "text": ""})
    assert refused.status_code == 200 and "The line was not added" in refused.content.decode()
    client.post(line, {"activity": steer.activity.pk, "text": "Conduct a dialogue"})
    assert amendment.changes.get().text == "Conduct a dialogue"
    # Another plan's activity cannot be picked, even by posting its id.
    other = ActivityFactory(focus_area__action_line__priority_area__plan__slug="work-plan-2026")
    client.post(line, {"activity": other.pk, "text": "Hijack"})
    assert amendment.changes.count() == 1
    page = client.get(amendment.get_absolute_url()).content.decode()
    assert "15th MTF meeting" in page and "Conduct a dialogue" in page and "Apply the amendment" in page
    client.post(reverse("steering:amendment_apply", args=[steer.plan.slug, amendment.pk]))
    steer.activity.refresh_from_db()
    assert steer.activity.text == "Conduct a dialogue"
    assert "Apply the amendment" not in client.get(amendment.get_absolute_url()).content.decode()


def test_the_matrix_page_links_to_the_comparison_and_signed_in_people_to_the_amendments(client, steer):
    compare_url = reverse("steering:compare", args=[steer.plan.slug])
    amendments_url = reverse("steering:amendments", args=[steer.plan.slug])
    page = client.get(steer.plan.get_absolute_url()).content.decode()
    assert compare_url in page and amendments_url not in page
    client.force_login(steer.staff)
    assert amendments_url in client.get(steer.plan.get_absolute_url()).content.decode()


def test_a_day_that_is_no_date_is_a_form_error(client, steer):
    response = client.get(reverse("steering:compare", args=[steer.plan.slug]), {"on": "27/11/2019"})
    assert response.status_code == 200 and "Give the day as a date" in response.content.decode()


def test_an_output_added_after_adoption_is_in_the_comparison(steer):
    OutputFactory(activity=steer.activity, position=3, text="Follow-up planned")
    change = {d.code: d.changes for area in compare(steer.plan, ADOPTED).areas for d in area.differences}
    assert change[steer.activity.code] == [("expected outputs", "Recommendations formulated; Regional messages adopted",
                                            "Recommendations formulated; Regional messages adopted; Follow-up planned")]
    assert compare(steer.plan, datetime.date.today()).areas == []


def test_a_matrix_loaded_without_history_is_taken_as_adopted_before_its_first_amendment(steer):
    Activity.history.all().delete()  # as a matrix loaded in bulk, or before the history was kept
    steer.activity.outputs.first().history.all().delete()
    amendment = amend(steer, (Kind.REWORD_ACTIVITY, {"activity": steer.activity, "text": "Conduct a dialogue online"}))
    services.apply_amendment(amendment=amendment, user=steer.cochair)
    baseline = steer.activity.history.earliest()
    assert timezone.localtime(baseline.history_date).date() == ADOPTED and baseline.text == "Conduct ASEAN Track 1.5 Dialogue"
    assert [body.sectoralbody for body in baseline.lead_bodies.all()] == [steer.somtc]
    differences = [d for area in compare(steer.plan, ADOPTED).areas for d in area.differences]
    assert [(d.code, d.changes) for d in differences] == [
        (steer.activity.code, [("wording", "Conduct ASEAN Track 1.5 Dialogue", "Conduct a dialogue online")])]
