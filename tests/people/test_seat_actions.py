"""Seats given, handed over and taken away; a national focal point's own state only; deactivation."""

import pytest
from django.contrib.auth.models import Group
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from audit.models import AuditEvent
from bodies.models import Membership
from monitoring import roles as monitoring_roles
from national.models import ContactPerson, FocalPoint
from people import services
from people.models import Person, PersonState
from people.seats import Seat, SeatKind
from reporting.roles import COCHAIRS, FOCAL_POINTS, STAFF
from tests.monitoring.conftest import make_user

pytestmark = pytest.mark.django_db


def test_giving_a_body_seat_gives_the_membership_and_the_group(folks):
    newcomer = make_user(COCHAIRS, username="newcomer")
    services.give_seat(actor=folks.secretariat, person=newcomer, seat=Seat(SeatKind.BODY_STAFF, body=folks.aichr))
    assert list(Membership.objects.body_ids_of(newcomer)) == [folks.aichr.pk]
    assert newcomer.groups.filter(name=STAFF).exists()
    event = AuditEvent.objects.get(action=AuditEvent.Action.SEAT_GIVEN)
    assert event.detail == "Seat given: Staff of a sectoral body: AICHR." and event.user == folks.secretariat
    with pytest.raises(ValidationError):
        services.give_seat(actor=folks.secretariat, person=newcomer, seat=Seat(SeatKind.BODY_STAFF, body=folks.aichr))


def test_taking_away_one_body_seat_keeps_the_group_for_another(folks):
    services.give_seat(actor=folks.secretariat, person=folks.staff, seat=Seat(SeatKind.BODY_STAFF, body=folks.aichr))
    services.take_seat(actor=folks.secretariat, person=folks.staff, seat=Seat(SeatKind.BODY_STAFF, body=folks.somtc))
    assert list(Membership.objects.body_ids_of(folks.staff)) == [folks.aichr.pk]
    services.take_seat(actor=folks.secretariat, person=folks.staff, seat=Seat(SeatKind.BODY_STAFF, body=folks.aichr))
    assert not folks.staff.groups.filter(name=STAFF).exists()
    assert not monitoring_roles.is_staff_of_a_body(folks.staff)
    assert AuditEvent.objects.filter(action=AuditEvent.Action.SEAT_TAKEN_AWAY).count() == 2


def test_the_co_chair_seat_is_handed_over_in_one_step(folks, client):
    successor = make_user(STAFF, folks.aichr, username="next-chair")
    client.force_login(folks.secretariat)
    response = client.post(reverse("people:hand_over", args=[folks.cochair.pk]),
                           {"seat": "cochair", "to": "next-chair"})
    assert response.status_code == 302 and response["Location"] == reverse("people:person", args=[successor.pk])
    assert [user.pk for user in monitoring_roles.cochairs()] == [successor.pk]
    assert not folks.cochair.groups.filter(name=COCHAIRS).exists()
    event = AuditEvent.objects.get(action=AuditEvent.Action.SEAT_HANDED_OVER)
    assert "MTF co-chair handed over from" in event.detail and "(cochair) to" in event.detail


def test_handing_over_to_someone_already_in_the_seat_changes_nothing(folks):
    other = make_user(COCHAIRS, username="cochair-2")
    with pytest.raises(ValidationError):
        services.hand_over_seat(actor=folks.secretariat, seat=Seat(SeatKind.COCHAIR), from_person=folks.cochair, to_person=other)
    assert folks.cochair.groups.filter(name=COCHAIRS).exists()


def test_a_body_seat_is_handed_over(folks):
    successor = make_user(COCHAIRS, username="successor")
    services.hand_over_seat(actor=folks.secretariat, seat=Seat(SeatKind.BODY_STAFF, body=folks.somtc),
                            from_person=folks.staff, to_person=successor)
    assert [user.pk for user in monitoring_roles.staff_of(folks.somtc)] == [successor.pk]


def test_the_secretariat_gives_the_wg_chair_and_the_secretariat_seats(folks):
    newcomer = make_user(STAFF, username="newcomer")
    for kind in (SeatKind.WG_CHAIR, SeatKind.SECRETARIAT):
        services.give_seat(actor=folks.secretariat, person=newcomer, seat=Seat(kind))
    assert set(newcomer.groups.values_list("name", flat=True)) == {STAFF, Seat(SeatKind.WG_CHAIR).group,
                                                                    Seat(SeatKind.SECRETARIAT).group}


def test_a_national_focal_point_manages_their_own_states_agency_focal_points(folks, client):
    newcomer = make_user(STAFF, username="newcomer")
    client.force_login(folks.id_focal)
    key = f"agency:{folks.id_police.pk}"
    assert client.post(reverse("people:give_seat", args=[newcomer.pk]), {"seat": key}).status_code == 404  # not theirs to see
    FocalPoint.objects.create(user=newcomer, agency=folks.id_police, role=FocalPoint.Role.AGENCY)
    newcomer.groups.add(Group.objects.get(name=FOCAL_POINTS))
    Membership.objects.filter(user=newcomer).delete()
    services.take_seat(actor=folks.id_focal, person=newcomer, seat=Seat(SeatKind.AGENCY_FOCAL_POINT, agency=folks.id_police))
    assert not newcomer.groups.filter(name=FOCAL_POINTS).exists()
    id_agency = Person.objects.get(pk=folks.id_agency.pk)
    response = client.post(reverse("people:hand_over", args=[id_agency.pk]),
                           {"seat": f"agency:{FocalPoint.objects.get(user=id_agency).agency_id}", "to": "id-ppatk"})
    assert response.status_code == 200 and b"someone else" in response.content  # not to the holder
    response = client.post(reverse("people:give_seat", args=[id_agency.pk]), {"seat": key})
    assert response.status_code == 302
    assert FocalPoint.objects.filter(user=id_agency, agency=folks.id_police, role="agency").exists()


@pytest.mark.parametrize("seat", ["national:{id_police}", "agency:{my_agency}", "staff:{somtc}", "cochair", "secretariat"])
def test_a_national_focal_point_may_give_no_other_seat(folks, client, seat):
    client.force_login(folks.id_focal)
    key = seat.format(id_police=folks.id_police.pk, my_agency=folks.my_agency.pk, somtc=folks.somtc.pk)
    response = client.post(reverse("people:give_seat", args=[folks.id_agency.pk]), {"seat": key})
    assert response.status_code == 403
    assert FocalPoint.objects.filter(user=folks.id_agency).count() == 1
    assert not folks.id_agency.groups.exclude(name=FOCAL_POINTS).exists()


def test_a_national_focal_point_takes_no_body_seat_and_no_other_states_seat(folks, client):
    with pytest.raises(PermissionDenied):
        services.take_seat(actor=folks.id_focal, person=folks.staff, seat=Seat(SeatKind.BODY_STAFF, body=folks.somtc))
    with pytest.raises(PermissionDenied):
        services.take_seat(actor=folks.id_focal, person=folks.my_focal,
                           seat=Seat(SeatKind.NATIONAL_FOCAL_POINT, agency=folks.my_agency))
    client.force_login(folks.id_focal)
    assert client.get(reverse("people:hand_over", args=[folks.my_focal.pk])).status_code == 404
    assert client.get(reverse("people:hand_over", args=[folks.id_focal.pk])).status_code == 403  # a national seat
    assert Membership.objects.body_ids_of(folks.staff).exists()


def test_a_national_focal_point_keeps_their_own_states_contact_persons_only(folks, client):
    client.force_login(folks.id_focal)
    response = client.post(reverse("people:contacts", args=["IDN"]), {
        "plan": folks.plan.pk, "agency": folks.id_police.pk, "name": "Dewi Lestari", "email": "dewi@example.org"})
    assert response.status_code == 302
    assert ContactPerson.objects.filter(name="Dewi Lestari", agency=folks.id_police).exists()
    assert client.post(reverse("people:contacts", args=["IDN"]), {
        "plan": folks.plan.pk, "agency": folks.my_agency.pk, "name": "Someone"}).status_code == 200  # not an IDN agency
    assert not ContactPerson.objects.filter(name="Someone").exists()
    assert client.get(reverse("people:contacts", args=["MYS"])).status_code == 403
    assert client.post(reverse("people:remove_contact", args=[folks.my_contact.pk])).status_code == 403
    assert client.post(reverse("people:remove_contact", args=[folks.id_contact.pk])).status_code == 302
    assert list(ContactPerson.objects.values_list("name", flat=True).order_by("name")) == ["Aminah Yusof", "Dewi Lestari"]
    assert AuditEvent.objects.filter(action__in=["contact_added", "contact_removed"]).count() == 2


def test_deactivation_ends_a_live_session_and_lists_the_seats_for_hand_over(folks, client):
    staff_client = type(client)()
    staff_client.force_login(folks.staff)
    assert staff_client.get(reverse("notifications:preferences")).status_code == 200
    client.force_login(folks.secretariat)
    assert client.post(reverse("people:deactivate", args=[folks.staff.pk])).status_code == 302
    refused = staff_client.get(reverse("notifications:preferences"))
    assert refused.status_code == 302 and refused["Location"].startswith(reverse("login"))
    refused = staff_client.post(reverse("login"), {"username": "somtc", "password": "a-long-test-password"})
    assert refused.status_code == 200 and (b"inactive" in refused.content or b"correct username" in refused.content)
    assert not monitoring_roles.is_staff_of_a_body(folks.staff)
    page = client.get(reverse("people:person", args=[folks.staff.pk]))
    assert b"hand over these seats" in page.content and b"Staff of a sectoral body: SOMTC" in page.content
    assert Person.objects.get(pk=folks.staff.pk).state == PersonState.DEACTIVATED
    assert "SOMTC" in AuditEvent.objects.get(action=AuditEvent.Action.PERSON_DEACTIVATED).detail
    client.post(reverse("people:reactivate", args=[folks.staff.pk]))
    signed_in = staff_client.post(reverse("login"), {"username": "somtc", "password": "a-long-test-password"})
    assert signed_in.status_code == 302 and staff_client.get(reverse("notifications:preferences")).status_code == 200
    assert monitoring_roles.is_staff_of_a_body(folks.staff)


def test_the_secretariat_may_not_deactivate_an_administrator_or_itself(folks, client):
    client.force_login(folks.secretariat)
    assert client.post(reverse("people:deactivate", args=[folks.admin.pk])).status_code == 403
    assert client.post(reverse("people:deactivate", args=[folks.secretariat.pk])).status_code == 403
    assert Person.objects.filter(pk__in=[folks.admin.pk, folks.secretariat.pk], is_active=True).count() == 2


@pytest.mark.parametrize("key", ["", "nonsense", "cochair:1", "staff:", "staff:x", "staff:99999", "agency:٢", "national:-1"])
def test_a_seat_named_wrongly_is_no_seat(folks, client, key):
    with pytest.raises(ValueError):
        Seat.from_key(key)
    client.force_login(folks.secretariat)
    assert client.post(reverse("people:take_seat", args=[folks.staff.pk]), {"seat": key}).status_code == 403
    response = client.post(reverse("people:give_seat", args=[folks.staff.pk]), {"seat": key})
    assert response.status_code == 200 and b"No seat was given" in response.content


def test_a_national_focal_point_deactivates_only_an_account_whose_every_seat_is_their_states_agency(folks, client):
    client.force_login(folks.id_focal)
    services.give_seat(actor=folks.secretariat, person=folks.id_agency, seat=Seat(SeatKind.BODY_STAFF, body=folks.somtc))
    assert client.post(reverse("people:deactivate", args=[folks.id_agency.pk])).status_code == 403
    services.take_seat(actor=folks.secretariat, person=folks.id_agency, seat=Seat(SeatKind.BODY_STAFF, body=folks.somtc))
    assert client.post(reverse("people:deactivate", args=[folks.id_agency.pk])).status_code == 302
    assert not Person.objects.get(pk=folks.id_agency.pk).is_active
    assert client.post(reverse("people:deactivate", args=[folks.my_focal.pk])).status_code == 404
