import pytest
from django.core.exceptions import PermissionDenied

from national import services
from national.models import NationalReport, ProvisionEntry
from reporting.models import ReportingCycle
from tests.factories import ActivityFactory, ReportingCycleFactory, WorkPlanFactory
from tests.national.conftest import answer_all

pytestmark = pytest.mark.django_db

State = NationalReport.State


def test_starting_a_report_gives_an_entry_per_provision_of_the_plan(nat, draft):
    assert draft.state == State.DRAFT
    assert sorted(draft.entries.values_list("provision__number", flat=True)) == ["1.1", "1.2", "2.1", "2.2"]
    assert services.start_national_report(member_state=nat.indonesia, cycle=nat.cycle, user=nat.agency_focal) == draft


def test_focal_point_cannot_start_the_report_of_another_state(nat):
    with pytest.raises(PermissionDenied):
        services.start_national_report(member_state=nat.malaysia, cycle=nat.cycle, user=nat.focal)
    with pytest.raises(PermissionDenied):
        services.start_national_report(member_state=nat.indonesia, cycle=nat.cycle, user=nat.chair)


def test_no_national_report_on_a_work_plan_nor_in_a_closed_cycle(nat):
    ActivityFactory()
    with pytest.raises(services.WorkflowError, match="plan of action"):
        services.start_national_report(member_state=nat.indonesia, cycle=ReportingCycleFactory(plan=WorkPlanFactory()), user=nat.focal)
    with pytest.raises(services.WorkflowError, match="closed"):
        services.start_national_report(member_state=nat.indonesia, cycle=nat.closed, user=nat.focal)


def test_new_year_offers_last_years_answers_to_confirm(nat):
    last = services.start_national_report(member_state=nat.indonesia, cycle=nat.closed, user=nat.admin)
    answer_all(last, status=ProvisionEntry.Status.IMPLEMENTED, good_practice="Deradicalisation in prisons")
    report = services.start_national_report(member_state=nat.indonesia, cycle=nat.cycle, user=nat.focal)
    entries = list(report.entries.all())
    assert all(entry.carried_forward and entry.status == "implemented" for entry in entries)
    assert entries[0].good_practice == "Deradicalisation in prisons"
    assert "carried forward" in services.missing_for_submission(report)[0]
    confirmed = services.update_entries(
        report=report, user=nat.focal, expected_version=report.version,
        entries={entry.pk: {"carried_forward": False} for entry in entries},
    )
    assert services.missing_for_submission(confirmed) == []


def test_starting_afresh_leaves_last_years_answers_behind(nat):
    answer_all(services.start_national_report(member_state=nat.indonesia, cycle=nat.closed, user=nat.admin))
    report = services.start_national_report(member_state=nat.indonesia, cycle=nat.cycle, user=nat.focal, carry_forward=False)
    assert not report.entries.exclude(status="").exists()


def test_a_save_from_an_older_version_is_refused(nat, draft):
    entry = draft.entries.first()
    services.update_entries(report=draft, user=nat.focal, expected_version=1, entries={entry.pk: {"status": "planned"}})
    with pytest.raises(services.StaleReportError):
        services.update_entries(report=draft, user=nat.agency_focal, expected_version=1, entries={entry.pk: {"status": "implemented"}})
    entry.refresh_from_db()
    assert entry.status == "planned"


def test_entries_of_another_report_cannot_be_saved_through_this_one(nat, draft):
    other = services.start_national_report(member_state=nat.malaysia, cycle=nat.cycle, user=nat.other_focal)
    with pytest.raises(services.WorkflowError):
        services.update_entries(report=draft, user=nat.focal, expected_version=draft.version,
                                entries={other.entries.first().pk: {"status": "planned"}})


def test_workflow_submit_return_resubmit_acknowledge(nat, draft):
    with pytest.raises(services.WorkflowError, match="implementation status of 4 measure"):
        services.submit_national_report(report=draft, user=nat.focal)
    answer_all(draft)
    with pytest.raises(PermissionDenied, match="national focal point"):
        services.submit_national_report(report=draft, user=nat.agency_focal)
    report = services.submit_national_report(report=draft, user=nat.focal)
    assert report.state == State.SUBMITTED and report.submitted_at
    assert not report.is_editable_by(nat.focal)
    with pytest.raises(PermissionDenied):
        services.acknowledge_national_report(report=report, user=nat.cochair)
    with pytest.raises(services.WorkflowError, match="comment"):
        services.return_national_report(report=report, user=nat.chair, comment="  ")
    report = services.return_national_report(report=report, user=nat.chair, comment="Add the 2025 law on CT financing.")
    assert report.state == State.RETURNED and report.is_editable_by(nat.agency_focal)
    report = services.submit_national_report(report=report, user=nat.focal)
    report = services.acknowledge_national_report(report=report, user=nat.chair)
    assert report.state == State.ACKNOWLEDGED
    assert list(report.transitions.values_list("to_state", flat=True)) == ["submitted", "returned", "submitted", "acknowledged"]
    assert report.history.count() >= 5


def test_closed_cycle_and_ended_plan_are_read_only(nat, draft):
    ReportingCycle.objects.filter(pk=nat.cycle.pk).update(state=ReportingCycle.State.CLOSED)
    draft = NationalReport.objects.get(pk=draft.pk)
    assert not draft.is_editable_by(nat.focal)
    with pytest.raises(PermissionDenied):
        services.update_report(report=draft, user=nat.focal, expected_version=draft.version, fields={"narrative": "x"})
    assert draft.is_editable_by(nat.admin)
    nat.plan.status = nat.plan.Status.ENDED
    nat.plan.save()
    draft = NationalReport.objects.get(pk=draft.pk)
    assert not draft.is_editable_by(nat.admin)
    with pytest.raises(services.WorkflowError, match="has ended"):
        services.submit_national_report(report=answer_all(draft), user=nat.admin)


def test_only_the_national_focal_point_shares_the_report(nat, draft):
    with pytest.raises(PermissionDenied, match="shared"):
        services.update_report(report=draft, user=nat.agency_focal, expected_version=draft.version,
                               fields={"shared_with_member_states": True})
    services.update_report(report=draft, user=nat.agency_focal, expected_version=draft.version,
                           fields={"narrative": "Whole-of-government approach.", "shared_with_member_states": False})
    services.update_report(report=draft, user=nat.focal, expected_version=draft.version,
                           fields={"shared_with_member_states": True})
    draft.refresh_from_db()
    assert draft.shared_with_member_states and draft.narrative == "Whole-of-government approach."


def test_a_shared_report_is_seen_by_other_states_only_once_submitted(nat, draft):
    NationalReport.objects.filter(pk=draft.pk).update(shared_with_member_states=True)
    draft.refresh_from_db()
    assert not draft.is_visible_to(nat.other_focal)
    assert not NationalReport.objects.visible_to(nat.other_focal).exists()
    services.submit_national_report(report=answer_all(draft), user=nat.focal)
    draft.refresh_from_db()
    assert draft.is_visible_to(nat.other_focal) and not draft.is_editable_by(nat.other_focal)
    assert list(NationalReport.objects.visible_to(nat.other_focal)) == [draft]
    assert not draft.is_visible_to(nat.staff) and not draft.is_visible_to(nat.cochair)


def test_every_step_of_a_national_report_is_in_the_audit_log(nat, draft):
    from audit.models import AuditEvent

    services.submit_national_report(report=answer_all(draft), user=nat.focal)
    services.acknowledge_national_report(report=draft, user=nat.chair)
    actions = list(AuditEvent.objects.filter(object_type="national.nationalreport").order_by("pk").values_list("action", flat=True))
    assert actions == ["report_created", "report_submitted", "report_acknowledged"]


def test_a_save_writes_only_the_answers_it_changes(nat, draft):
    entries = list(draft.entries.order_by("pk"))
    assert len(entries) >= 3
    posted = {entry.pk: {"status": entry.status, "challenges": entry.challenges} for entry in entries}
    posted[entries[1].pk] = {"status": "planned", "challenges": "Funding"}
    before = {entry.pk: entry.history.count() for entry in entries}
    services.update_entries(report=draft, user=nat.focal, expected_version=draft.version, entries=posted)
    after = {entry.pk: entry.history.count() for entry in entries}
    assert [after[pk] - before[pk] for pk in before] == [0, 1] + [0] * (len(entries) - 2)
    entries[1].refresh_from_db()
    assert (entries[1].status, entries[1].challenges) == ("planned", "Funding")
