"""The meetings' pages: who may open and post each, the picker, documents, and their query counts."""

import datetime

import pytest
from django.contrib.auth.models import User
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from audit.models import AuditEvent
from meetings.models import Decision, Meeting, MeetingDocument
from meetings.selectors import attention_for
from national.models import Agency, FocalPoint
from tests.factories import ActivityFactory, MemberStateFactory, PriorityAreaFactory, WorkPlanFactory
from tests.national.conftest import focal_point

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
ROLES = ["anonymous", "staff", "focal", "other_focal", "cochair", "chair", "secretariat", "admin"]
RECORDERS = {"cochair", "chair", "secretariat", "admin"}
LOGGED_IN = set(ROLES) - {"anonymous"}


@pytest.fixture
def document(recorded, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return MeetingDocument.objects.create(
        meeting=recorded.meeting, kind=MeetingDocument.Kind.AGENDA, file=SimpleUploadedFile("agenda.pdf", PDF),
        original_name="agenda.pdf", content_type="application/pdf", size=len(PDF), uploaded_by=User.objects.first())


def _meeting_post(nat, **extra):
    return {"title": "23rd SOMTC WG on CT", "kind": "wg_on_ct", "held_on": "2025-10-02", "venue": "Manila",
            "plans": [nat.plan.pk], "member_states_present": [nat.indonesia.pk], "partners_present": "UNODC",
            "document_kind": "report", **extra}


def _decision_post(nat, **extra):
    return {"text": "Malaysia to host the workshop.", "owner_kind": "state", "owner_state": nat.malaysia.pk,
            "due_on": "2026-03-01", "save": "1", **extra}


def _requests(nat, recorded, document):
    """(name, method, url, data, who may) for every page of meetings."""
    meeting, pk = recorded.meeting, recorded.pk
    return [
        ("list", "get", reverse("meetings:meetings", args=[nat.plan.slug]), None, LOGGED_IN),
        ("meeting", "get", reverse("meetings:meeting", args=[meeting.pk]), None, LOGGED_IN),
        ("document", "get", reverse("meetings:document", args=[document.pk]), None, LOGGED_IN),
        ("decision", "get", reverse("meetings:decision", args=[pk]), None, LOGGED_IN),
        ("new meeting", "get", reverse("meetings:new_meeting", args=[nat.plan.slug]), None, RECORDERS),
        ("save new meeting", "post", reverse("meetings:new_meeting", args=[nat.plan.slug]), _meeting_post(nat), RECORDERS),
        ("edit meeting", "get", reverse("meetings:edit_meeting", args=[meeting.pk]), None, RECORDERS),
        ("save meeting", "post", reverse("meetings:edit_meeting", args=[meeting.pk]), _meeting_post(nat), RECORDERS),
        ("new decision", "get", reverse("meetings:new_decision", args=[meeting.pk]), None, RECORDERS),
        ("save new decision", "post", reverse("meetings:new_decision", args=[meeting.pk]), _decision_post(nat), RECORDERS),
        ("edit decision", "get", reverse("meetings:edit_decision", args=[pk]), None, RECORDERS),
        ("save decision", "post", reverse("meetings:edit_decision", args=[pk]), _decision_post(nat), RECORDERS),
        ("follow up", "post", reverse("meetings:decision", args=[pk]), {"status": "in_progress", "text": "Begun."},
         RECORDERS | {"focal"}),
        ("remove document", "post", reverse("meetings:remove_document", args=[document.pk]), None, RECORDERS),
    ]


@pytest.mark.parametrize("role", ROLES)
def test_every_page_of_meetings_refuses_whom_it_should(client, nat, recorded, document, role):
    if role != "anonymous":
        client.force_login(getattr(nat, role))
    for name, method, url, data, allowed in _requests(nat, recorded, document):
        response = getattr(client, method)(url, data or {})
        if role == "anonymous":
            expected = (302,)
        elif role in allowed:
            expected = (302,) if method == "post" else (200,)
        else:
            expected = (403,)
        assert response.status_code in expected, f"{role} {name}: {response.status_code}"
        assert "no-store" in response["Cache-Control"], name
        if role == "anonymous":
            assert response["Location"].startswith(reverse("login")), name
    recorded.refresh_from_db()
    changed = role in RECORDERS or role == "focal"
    assert (recorded.status == "in_progress") is changed
    assert MeetingDocument.objects.exists() is (role not in RECORDERS)


def test_a_recorder_records_a_meeting_with_its_report_and_a_bad_file_is_refused(client, nat, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    client.force_login(nat.chair)
    url = reverse("meetings:new_meeting", args=[nat.plan.slug])
    bad = client.post(url, _meeting_post(nat, document=SimpleUploadedFile("report.exe", b"MZ\x90\x00")))
    assert bad.status_code == 200
    assert "“report.exe” is not a PDF, Word, Excel or image file" in bad.content.decode()
    assert not Meeting.objects.exists() and not MeetingDocument.objects.exists()
    response = client.post(url, _meeting_post(nat, document=SimpleUploadedFile("report.pdf", PDF)), follow=True)
    meeting = Meeting.objects.get()
    assert (meeting.partners_present, list(meeting.plans.all())) == ("UNODC", [nat.plan])
    document = meeting.documents.get()
    assert (document.kind, document.content_type) == ("report", "application/pdf")
    page = response.content.decode()
    assert "Report of the meeting: report.pdf" in page and "UNODC" in page
    assert b"".join(client.get(document.get_absolute_url()).streaming_content) == PDF
    recorded = AuditEvent.objects.filter(username="wgct-chair").values_list("action", flat=True)
    assert {"meeting_recorded", "document_uploaded"} <= set(recorded)


def test_the_admin_picks_provisions_by_autocomplete(client, nat, recorded):
    client.force_login(nat.admin)
    for url in (reverse("admin:meetings_meeting_change", args=[recorded.meeting.pk]),
                reverse("admin:meetings_decision_change", args=[recorded.pk])):
        page = client.get(url).content.decode()
        assert "admin-autocomplete" in page and "vManyToManyRawIdAdminField" not in page


def test_the_picker_finds_provisions_by_code_and_keeps_what_was_typed(client, nat, recorded):
    provision = nat.plan.action_lines.get(number="2.1")
    other_plan = PriorityAreaFactory(plan=WorkPlanFactory())
    ActivityFactory(focus_area__action_line__priority_area=other_plan, code="2.1.1")  # not a plan the meeting examined
    client.force_login(nat.secretariat)
    url = reverse("meetings:new_decision", args=[recorded.meeting.pk])
    found = client.post(url, {**_decision_post(nat), "save": "", "search_button": "1", "search": "2.1"})
    page = found.content.decode()
    assert found.status_code == 200 and not Decision.objects.filter(position=2).exists()
    assert f'value="{provision.pk}"' in page and "Malaysia to host the workshop." in page
    assert "activity 2.1.1" not in page and "was not saved" not in page
    nothing = client.post(url, {**_decision_post(nat), "search_button": "1", "search": "no such words"})
    assert "Nothing found for “no such words”" in nothing.content.decode()
    client.post(url, {**_decision_post(nat), "provisions": [provision.pk]})
    decision = Decision.objects.get(position=2)
    assert list(decision.provisions.all()) == [provision] and decision.owner == nat.malaysia
    hostile = client.post(url, {**_decision_post(nat), "provisions": [str(10**30), "x", "²"], "activities": ["-1"]})
    assert hostile.status_code == 200 and "was not saved" in hostile.content.decode()
    unowned = client.post(url, {**_decision_post(nat), "owner_state": ""})
    assert "Choose the Member State that owns the decision." in unowned.content.decode()


def test_a_decision_shows_on_its_provisions_page_and_on_its_owners_home(client, nat, recorded):
    provision = recorded.provisions.get()
    assert recorded.text not in client.get(provision.get_absolute_url()).content.decode()  # not public
    client.force_login(nat.focal)
    assert recorded.text in client.get(provision.get_absolute_url()).content.decode()
    home = client.get(reverse("home")).content.decode()
    assert "Decisions of meetings to follow up (1)" in home and recorded.get_absolute_url() in home
    client.force_login(nat.other_focal)
    assert recorded.get_absolute_url() not in client.get(reverse("home")).content.decode()
    client.force_login(nat.chair)
    assert "The WG on CT has met" in client.get(reverse("home")).content.decode()


def test_nothing_to_record_is_a_form_error(client, nat, recorded):
    client.force_login(nat.focal)
    response = client.post(reverse("meetings:decision", args=[recorded.pk]), {"status": "open", "text": " "})
    assert "Write a note or change the status" in response.content.decode() and not recorded.notes.exists()


def _more(nat, recorded, size):
    """`size` more decisions on `size` more provisions and activities, owned by `size` more states whose
    national focal point is also Indonesia's."""
    for index in range(size):
        state = MemberStateFactory(name=f"State {index}", code=f"S{index:02d}")
        focal_point(state, "Police")
        FocalPoint.objects.create(user=nat.focal, agency=Agency.objects.get(member_state=state), role="national")
        decision = Decision.objects.create(meeting=recorded.meeting, position=index + 2, text=f"Decision {index}",
                                           owner_kind="state", owner_state=state)
        decision.provisions.set(nat.plan.action_lines.all())
        decision.activities.set([ActivityFactory()])
        meeting = Meeting.objects.create(title=f"Meeting {index}", kind="special", held_on=datetime.date(2025, 1, 1 + index))
        meeting.plans.set([nat.plan])
        meeting.member_states_present.set([state])


@pytest.mark.parametrize("size", [1, 6])
def test_the_meetings_pages_run_a_fixed_number_of_queries(client, nat, recorded, size, django_assert_num_queries):
    _more(nat, recorded, size)
    client.force_login(nat.chair)
    # Session, user, the plans and memberships of the navigation, the permissions (two); then the page:
    # the meeting, its plans, states, bodies and documents, its decisions and what they concern.
    with django_assert_num_queries(14):
        assert client.get(reverse("meetings:meeting", args=[recorded.meeting.pk])).status_code == 200
    with django_assert_num_queries(6):
        assert client.get(reverse("meetings:meetings", args=[nat.plan.slug])).status_code == 200
    user = User.objects.get(pk=nat.focal.pk)
    with django_assert_num_queries(2):  # their groups, their open decisions
        attention = attention_for(user)
    assert len(attention.decisions) == size + 1
