"""Inviting by email: the link sets a password once, within its age; resending and withdrawing."""

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.urls import reverse

from audit.models import AuditEvent
from people import models as people_models
from people import services
from people.models import Invitation, Person, PersonState
from people.seats import Seat, SeatKind
from tests.people.conftest import invitation_link

pytestmark = pytest.mark.django_db

PASSWORD = "maple-harbour-lantern-42"


@pytest.fixture
def invited(folks, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        invitation = services.invite_person(
            actor=folks.secretariat, first_name="Siti", last_name="Rahma", email="Siti.Rahma@example.org",
            seat=Seat(SeatKind.NATIONAL_FOCAL_POINT, agency=folks.id_police))
    return invitation


def test_an_invitation_creates_an_unusable_account_with_its_seat_and_sends_the_link(folks, invited):
    person = Person.objects.with_seats().get(pk=invited.user_id)
    assert (person.username, person.email, person.is_active, person.has_usable_password()) == (
        "siti.rahma@example.org", "siti.rahma@example.org", False, False)
    assert person.state == PersonState.INVITED
    assert person.focal_points.get().agency == folks.id_police
    message = mail.outbox[-1]
    assert message.to == ["siti.rahma@example.org"]
    assert "National focal point: Indonesia, Indonesian National Police" in message.body
    token = invitation_link(message).split("/")[2]
    assert Invitation.from_token(token) == (invited, None)
    event = AuditEvent.objects.get(action=AuditEvent.Action.PERSON_INVITED)
    assert (event.user, event.object_id) == (folks.secretariat, str(person.pk))


def test_invite_accept_then_sign_in(folks, invited, client):
    link = invitation_link()
    page = client.get(link)
    assert page.status_code == 200 and b"Set my password" in page.content
    weak = client.post(link, {"new_password1": "password", "new_password2": "password"})
    assert weak.status_code == 200 and b"too common" in weak.content
    assert not Person.objects.get(pk=invited.user_id).is_active
    response = client.post(link, {"new_password1": PASSWORD, "new_password2": PASSWORD})
    assert response.status_code == 302 and response["Location"] == reverse("login")
    signed_in = client.post(reverse("login"), {"username": "siti.rahma@example.org", "password": PASSWORD})
    assert signed_in.status_code == 302
    assert client.session["_auth_user_id"] == str(invited.user_id)
    assert AuditEvent.objects.filter(action=AuditEvent.Action.INVITATION_ACCEPTED, user_id=invited.user_id).exists()


def test_a_used_link_is_refused_and_changes_nothing(folks, invited, client):
    link = invitation_link()
    client.post(link, {"new_password1": PASSWORD, "new_password2": PASSWORD})
    again = client.post(link, {"new_password1": "another-long-passphrase-9", "new_password2": "another-long-passphrase-9"})
    assert again.status_code == 410 and b"already been used" in again.content
    assert get_user_model().objects.get(pk=invited.user_id).check_password(PASSWORD)


def test_an_expired_link_is_refused(folks, invited, client, monkeypatch):
    monkeypatch.setattr(people_models, "INVITATION_DAYS", -1)
    page = client.get(invitation_link())
    assert page.status_code == 410 and b"has expired" in page.content
    with pytest.raises(services.ValidationError):
        services.accept_invitation(token=invited.token(), password=PASSWORD)


def test_a_tampered_link_is_refused(folks, invited, client):
    page = client.get(reverse("people:accept", args=[invited.token()[:-2] + "xx"]))
    assert page.status_code == 404 and b"not a valid invitation" in page.content


def test_resending_replaces_the_link(folks, invited, client, django_capture_on_commit_callbacks):
    old = invitation_link()
    with django_capture_on_commit_callbacks(execute=True):
        services.resend_invitation(actor=folks.secretariat, person=invited.user)
    new = invitation_link()
    assert new != old and len(mail.outbox) == 2
    assert client.get(old).status_code == 410
    assert client.get(new).status_code == 200


def test_a_withdrawn_invitation_is_refused_and_can_be_sent_anew(folks, invited, client, django_capture_on_commit_callbacks):
    link = invitation_link()
    services.revoke_invitation(actor=folks.secretariat, person=invited.user)
    page = client.get(link)
    assert page.status_code == 410 and b"withdrawn" in page.content
    assert Person.objects.get(pk=invited.user_id).state == PersonState.DEACTIVATED
    with django_capture_on_commit_callbacks(execute=True):
        services.resend_invitation(actor=folks.secretariat, person=invited.user)
    assert client.get(invitation_link()).status_code == 200
    assert Invitation.objects.filter(user=invited.user).count() == 2


def test_the_invite_page_refuses_an_email_already_in_use(folks, client):
    client.force_login(folks.secretariat)
    response = client.post(reverse("people:invite"), {
        "first_name": "A", "last_name": "B", "email": "ID-FOCAL@example.org", "seat": "cochair"})
    assert response.status_code == 200 and b"already" in response.content
    assert not Invitation.objects.exists()


def test_the_invite_page_sends_the_invitation(folks, client, django_capture_on_commit_callbacks):
    client.force_login(folks.secretariat)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("people:invite"), {
            "first_name": "Ana", "last_name": "Cruz", "email": "ana@example.org", "seat": f"staff:{folks.aichr.pk}"})
    person = Person.objects.get(username="ana@example.org")
    assert response.status_code == 302 and response["Location"] == person.get_absolute_url()
    assert mail.outbox[-1].to == ["ana@example.org"]
    assert list(person.memberships.values_list("body__abbreviation", flat=True)) == ["AICHR"]
