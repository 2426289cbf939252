import datetime

import pytest
from django.core.exceptions import PermissionDenied

from monitoring import services
from monitoring.models import ActivityReport, ReportTransition
from tests.monitoring.conftest import complete

pytestmark = pytest.mark.django_db

State = ActivityReport.State


def save(report, user, **fields):
    return services.update_report(
        report=report, user=user, expected_version=report.version, fields=fields, member_states=[], achievements={}
    )


def test_start_report_creates_a_draft_with_a_line_per_expected_output(world):
    report = services.start_report(activity=world.activity, cycle=world.cycle, body=world.somtc, user=world.staff)
    assert report.state == State.DRAFT
    assert [a.output.text for a in report.achievements.order_by("output__position")] == [
        "Recommendations formulated",
        "Regional messages adopted",
    ]
    again = services.start_report(activity=world.activity, cycle=world.cycle, body=world.somtc, user=world.staff)
    assert again.pk == report.pk  # one report per (activity, cycle, body)


def test_staff_cannot_start_a_report_for_another_body_or_an_unrelated_activity(world):
    with pytest.raises(PermissionDenied):
        services.start_report(activity=world.activity, cycle=world.cycle, body=world.aichr, user=world.staff)
    with pytest.raises(PermissionDenied):
        services.start_report(activity=world.other_activity, cycle=world.cycle, body=world.somtc, user=world.staff)
    assert not ActivityReport.objects.exists()


def test_staff_can_report_on_activities_of_action_lines_their_body_is_relevant_to(world):
    world.other_activity.focus_area.action_line.relevant_bodies.add(world.somtc)
    report = services.start_report(activity=world.other_activity, cycle=world.cycle, body=world.somtc, user=world.staff)
    assert report.implementing_body == world.somtc


def test_no_report_can_be_started_in_a_closed_cycle(world):
    with pytest.raises(services.WorkflowError, match="closed"):
        services.start_report(activity=world.activity, cycle=world.closed, body=world.somtc, user=world.staff)


def test_a_draft_may_be_incomplete_but_cannot_be_submitted_so(draft, world):
    save(draft, world.staff, venue="Bali")
    with pytest.raises(services.WorkflowError) as error:
        services.submit_report(report=draft, user=world.staff)
    message = str(error.value)
    for item in ("status of implementation", "assessment", "recommendations", "achievement of 2 expected output"):
        assert item in message
    draft.refresh_from_db()
    assert draft.state == State.DRAFT and draft.venue == "Bali"


def test_submit_records_who_and_when(draft, world):
    complete(draft)
    services.submit_report(report=draft, user=world.staff)
    draft.refresh_from_db()
    assert draft.state == State.SUBMITTED and draft.submitted_at is not None
    transition = ReportTransition.objects.get(report=draft)
    assert (transition.from_state, transition.to_state, transition.by) == (State.DRAFT, State.SUBMITTED, world.staff)


def test_cochair_returns_with_a_comment_and_staff_resubmit(draft, world):
    complete(draft)
    services.submit_report(report=draft, user=world.staff)
    with pytest.raises(services.WorkflowError, match="comment"):
        services.return_report(report=draft, user=world.cochair, comment="  ")
    services.return_report(report=draft, user=world.cochair, comment="Add the participants' numbers.")
    draft.refresh_from_db()
    assert draft.state == State.RETURNED
    assert draft.is_editable_by(world.staff)
    save(draft, world.staff, challenges="Travel restrictions")
    services.submit_report(report=draft, user=world.staff)
    services.accept_report(report=draft, user=world.cochair)
    draft.refresh_from_db()
    assert draft.state == State.ACCEPTED
    assert list(draft.transitions.values_list("to_state", "by__username", "comment")) == [
        (State.SUBMITTED, "somtc", ""),
        (State.RETURNED, "cochair", "Add the participants' numbers."),
        (State.SUBMITTED, "somtc", ""),
        (State.ACCEPTED, "cochair", ""),
    ]


@pytest.mark.parametrize("state", [State.DRAFT, State.RETURNED, State.ACCEPTED])
def test_only_submitted_reports_can_be_accepted_or_returned(draft, world, state):
    ActivityReport.objects.filter(pk=draft.pk).update(state=state)
    draft.refresh_from_db()
    with pytest.raises(services.WorkflowError):
        services.accept_report(report=draft, user=world.cochair)
    with pytest.raises(services.WorkflowError):
        services.return_report(report=draft, user=world.cochair, comment="Why")
    assert not draft.transitions.exists()


@pytest.mark.parametrize("state", [State.SUBMITTED, State.ACCEPTED])
def test_submitted_or_accepted_reports_cannot_be_submitted_or_edited(draft, world, state):
    complete(draft)
    ActivityReport.objects.filter(pk=draft.pk).update(state=state)
    draft.refresh_from_db()
    with pytest.raises(services.WorkflowError):
        services.submit_report(report=draft, user=world.staff)
    with pytest.raises(PermissionDenied):
        save(draft, world.staff, venue="Jakarta")
    assert not draft.is_editable_by(world.staff)


def test_staff_cannot_review_and_cochairs_cannot_edit(draft, world):
    complete(draft)
    services.submit_report(report=draft, user=world.staff)
    with pytest.raises(PermissionDenied):
        services.accept_report(report=draft, user=world.staff)
    with pytest.raises(PermissionDenied):
        services.return_report(report=draft, user=world.other_staff, comment="No")
    ActivityReport.objects.filter(pk=draft.pk).update(state=State.DRAFT)
    draft.refresh_from_db()
    assert not draft.is_editable_by(world.cochair)
    with pytest.raises(PermissionDenied):
        save(draft, world.cochair, venue="Manila")


def test_reports_of_a_closed_cycle_are_read_only_for_staff_but_not_administrators(draft, world):
    world.cycle.state = world.cycle.State.CLOSED
    world.cycle.save()
    draft.refresh_from_db()
    assert not draft.is_editable_by(world.staff)
    assert draft.is_editable_by(world.admin)


def test_a_save_over_a_newer_version_is_refused_and_loses_nothing(draft, world):
    first_view = ActivityReport.objects.get(pk=draft.pk)
    second_view = ActivityReport.objects.get(pk=draft.pk)
    save(first_view, world.staff, assessment="First person's assessment")
    with pytest.raises(services.StaleReportError) as error:
        save(second_view, world.staff, assessment="Second person's assessment")
    draft.refresh_from_db()
    assert draft.assessment == "First person's assessment"
    assert error.value.current_version == draft.version


def test_dates_out_of_order_or_far_from_the_cycle_are_refused(draft, world):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError) as error:
        save(draft, world.staff, start_date=datetime.date(2025, 5, 2), end_date=datetime.date(2025, 5, 1))
    assert "end before it starts" in str(error.value)
    with pytest.raises(ValidationError) as error:
        save(draft, world.staff, start_date=datetime.date(2019, 5, 2))
    assert "far outside the 2025 reporting cycle" in str(error.value)
    draft.refresh_from_db()
    assert draft.start_date is None and draft.version == 1


def test_every_change_is_kept_in_the_history(draft, world):
    save(draft, world.staff, assessment="v1")
    draft.refresh_from_db()
    save(draft, world.staff, assessment="v2")
    assessments = list(draft.history.order_by("history_date").values_list("assessment", flat=True))
    assert assessments[-2:] == ["v1", "v2"]
