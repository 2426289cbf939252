"""`may_read(user, mark, report)` for every role and mark, on a shared national report and on an activity
report: public to anyone, restricted to the report's readers, confidential to its writers and those who
read every report of its kind."""

import pytest
from django.contrib.auth.models import AnonymousUser

from meetings.models import Meeting
from reporting.sensitivity import Sensitivity, may_read, readable_marks, split_readable
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

P, R, C = Sensitivity.PUBLIC, Sensitivity.RESTRICTED, Sensitivity.CONFIDENTIAL

# role → the marks they read of Indonesia's report, submitted and shared with the other states.
NATIONAL = {
    "anonymous": {P},
    "staff": {P},
    "focal": {P, R, C},
    "agency_focal": {P, R, C},
    "other_focal": {P, R},  # shared with them: its restricted text, never its confidential
    "cochair": {P},
    "chair": {P, R, C},
    "secretariat": {P, R, C},
    "admin": {P, R, C},
}
# role → the marks they read of the SOMTC's submitted activity report.
ACTIVITY = {
    "anonymous": {P},
    "staff": {P, R, C},
    "focal": {P},
    "other_focal": {P},
    "cochair": {P, R, C},
    "chair": {P},
    "secretariat": {P},  # the ASEAN Secretariat does not read the bodies' reports at all
    "admin": {P, R, C},
}


def person(world, role):
    return AnonymousUser() if role == "anonymous" else getattr(world, role)


# Every role in one test (one world built, not nine): the tests' time is shared by the whole suite.
def test_national_report_marks_by_role(roles_world, shared_national):
    read = {role: {mark for mark in Sensitivity.values if may_read(person(roles_world, role), mark, shared_national)}
            for role in NATIONAL}
    assert read == NATIONAL
    # The marks a page filters on are may_read's of each mark, asked in fewer queries.
    assert {role: set(readable_marks(person(roles_world, role), shared_national)) for role in NATIONAL} == NATIONAL


def test_activity_report_marks_by_role(roles_world, activity_report):
    read = {role: {mark for mark in Sensitivity.values if may_read(person(roles_world, role), mark, activity_report)}
            for role in ACTIVITY}
    assert read == ACTIVITY
    assert {role: set(readable_marks(person(roles_world, role), activity_report)) for role in ACTIVITY} == ACTIVITY


def test_a_draft_is_shared_with_nobody_outside_its_state(roles_world, draft):
    """Sharing reaches the other states only once the report is sent: before, its restricted text is the state's."""
    draft.shared_with_member_states = True
    assert not may_read(roles_world.other_focal, R, draft)
    assert may_read(roles_world.other_focal, P, draft)


def test_an_unknown_mark_is_read_as_confidential(roles_world, shared_national):
    assert not may_read(roles_world.other_focal, "secret", shared_national)
    assert may_read(roles_world.focal, "secret", shared_national)


def test_a_meetings_confidential_papers_are_for_those_who_record_meetings(roles_world):
    meeting = Meeting(title="WG on CT", kind=Meeting.Kind.WG_ON_CT, held_on="2025-03-01")
    assert may_read(roles_world.focal, R, meeting)
    assert not may_read(roles_world.focal, C, meeting)
    assert may_read(roles_world.secretariat, C, meeting)
    assert not may_read(AnonymousUser(), R, meeting)


def test_split_readable_counts_what_it_leaves_out(roles_world, shared_national):
    entries = list(shared_national.entries.all())
    entries[0].sensitivity = C
    entries[1].sensitivity = P
    shown, hidden = split_readable(entries, readable_marks(roles_world.other_focal, shared_national))
    assert hidden == 1 and entries[0] not in shown and entries[1] in shown
    assert split_readable(entries, readable_marks(roles_world.focal, shared_national)) == (entries, 0)
    assert split_readable(entries, readable_marks(UserFactory(), shared_national)) == ([entries[1]], len(entries) - 1)


def test_marks_default_to_restricted(shared_national):
    assert shared_national.narrative_sensitivity == R
    assert set(shared_national.entries.values_list("sensitivity", flat=True)) == {R}


def test_public_text_is_an_accepted_reports_marked_parts_only(roles_world, activity_report):
    from django.core.exceptions import ValidationError

    from reporting.services import accept

    activity_report.public_parts = ["assessment"]
    assert activity_report.public_text() == {}  # submitted, not yet accepted
    accept(report=activity_report, user=roles_world.cochair)
    activity_report.refresh_from_db()
    activity_report.public_parts = ["assessment", "challenges"]  # challenges is empty: nothing to show
    assert activity_report.public_text() == {"assessment": "Well attended; the dialogue met its aims."}
    activity_report.public_parts = ["assessment", "state"]
    with pytest.raises(ValidationError):
        activity_report.clean()
