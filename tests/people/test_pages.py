"""Every people URL × every role, and the list's queries pinned at two sizes."""

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from bodies.models import Membership
from national.models import FocalPoint
from people.models import Invitation
from reporting.roles import STAFF
from tests.monitoring.conftest import make_user
from tests.national.conftest import focal_point

pytestmark = pytest.mark.django_db

ROLES = ["anonymous", "staff", "agency_focal", "national_focal", "other_state_focal", "cochair", "wg_chair",
         "secretariat", "admin"]
USERS = {"staff": "staff", "agency_focal": "id_agency", "national_focal": "id_focal", "other_state_focal": "my_focal",
         "cochair": "cochair", "wg_chair": "wg_chair", "secretariat": "secretariat", "admin": "admin"}

# The person every person URL is about: an Indonesian agency focal point (whom Indonesia's national focal
# point manages, and the other state's does not see). 404: not among the people the user may see.
LOGIN, DENIED, MISSING = "login", 403, 404
MANAGERS = {"secretariat": 200, "admin": 200}
OWN_STATE = {"agency_focal": 200, "national_focal": 200, "other_state_focal": 200}
NOT_SEEN = {"staff": DENIED, "cochair": DENIED, "wg_chair": DENIED}
CASES = [
    ("get", "people:list", lambda w: [], {**NOT_SEEN, **OWN_STATE, **MANAGERS}),
    ("get", "people:invite", lambda w: [], {**NOT_SEEN, "agency_focal": DENIED, "national_focal": 200,
                                            "other_state_focal": 200, **MANAGERS}),
    ("get", "people:person", lambda w: [w.target.pk],
     {**NOT_SEEN, "agency_focal": 200, "national_focal": 200, "other_state_focal": MISSING, **MANAGERS}),
    ("get", "people:give_seat", lambda w: [w.target.pk],
     {**NOT_SEEN, "agency_focal": DENIED, "national_focal": 200, "other_state_focal": MISSING, **MANAGERS}),
    ("get", "people:hand_over", lambda w: [w.target.pk],
     {**NOT_SEEN, "agency_focal": DENIED, "national_focal": 200, "other_state_focal": MISSING, **MANAGERS}),
    ("post", "people:take_seat", lambda w: [w.target.pk],
     {**NOT_SEEN, "agency_focal": DENIED, "national_focal": 302, "other_state_focal": MISSING,
      "secretariat": 302, "admin": 302}),
    ("post", "people:deactivate", lambda w: [w.target.pk],
     {**NOT_SEEN, "agency_focal": DENIED, "national_focal": 302, "other_state_focal": MISSING,
      "secretariat": 302, "admin": 302}),
    ("post", "people:reactivate", lambda w: [w.target.pk],
     {**NOT_SEEN, "agency_focal": DENIED, "national_focal": 302, "other_state_focal": MISSING,
      "secretariat": 302, "admin": 302}),
    ("post", "people:resend", lambda w: [w.target.pk],
     {**NOT_SEEN, "agency_focal": DENIED, "national_focal": 302, "other_state_focal": MISSING,
      "secretariat": 302, "admin": 302}),
    ("post", "people:revoke", lambda w: [w.target.pk],
     {**NOT_SEEN, "agency_focal": DENIED, "national_focal": 302, "other_state_focal": MISSING,
      "secretariat": 302, "admin": 302}),
    ("get", "people:contacts", lambda w: ["IDN"],
     {**NOT_SEEN, "agency_focal": DENIED, "national_focal": 200, "other_state_focal": DENIED, **MANAGERS}),
    ("post", "people:remove_contact", lambda w: [w.id_contact.pk],
     {**NOT_SEEN, "agency_focal": DENIED, "national_focal": 302, "other_state_focal": DENIED,
      "secretariat": 302, "admin": 302}),
]


def _invite_target(world):
    """The target waits on an invitation, so that resending and withdrawing have something to act on."""
    target = world.target
    target.is_active = False
    target.set_unusable_password()
    target.save()
    Invitation.objects.create(user=target, invited_by=world.secretariat)


@pytest.fixture
def target(folks):
    folks.target = focal_point(folks.indonesia, "Indonesian National Police", role=FocalPoint.Role.AGENCY,
                               username="id-police")
    return folks.target


@pytest.mark.parametrize("method, name, args, expected", CASES, ids=[case[1] for case in CASES])
def test_every_url_for_every_role(folks, target, client, method, name, args, expected):
    def data(world):
        if name == "people:take_seat":
            return {"seat": f"agency:{FocalPoint.objects.get(user=world.target).agency_id}"}
        return {}

    if name in ("people:resend", "people:revoke", "people:reactivate"):
        _invite_target(folks)
        if name == "people:reactivate":
            folks.target.set_password("a-long-test-password")
            folks.target.save()
    url = reverse(name, args=args(folks))
    seen = {}
    for role in ROLES:
        # Each role's attempt is undone before the next one's: every role meets the same world.
        with transaction.atomic():
            client.logout()
            if role != "anonymous":
                client.force_login(getattr(folks, USERS[role]))
            response = getattr(client, method)(url, data(folks))
            seen[role] = response.status_code
            if role == "anonymous":
                seen[role] = LOGIN if response.status_code == 302 and "/accounts/login/" in response["Location"] else response.status_code
            assert response["Cache-Control"].startswith("max-age=0") or "no-store" in response["Cache-Control"]
            transaction.set_rollback(True)
    assert seen == {"anonymous": LOGIN, **expected}


def test_the_invitation_link_is_open_to_anyone(folks, client):
    invitation = Invitation.objects.create(user=folks.id_agency, invited_by=folks.secretariat)
    for user in (None, folks.staff, folks.secretariat):
        if user:
            client.force_login(user)
        assert client.get(invitation.get_accept_url()).status_code == 200


def _add_people(world, count, offset):
    for n in range(count):
        person = make_user(STAFF, world.somtc, world.aichr, username=f"staff-{offset + n}")
        FocalPoint.objects.create(user=person, agency=world.id_police, role=FocalPoint.Role.AGENCY)
        Invitation.objects.create(user=person, invited_by=world.secretariat)


def test_the_list_queries_do_not_grow_with_the_people(folks, client, django_assert_num_queries):
    client.force_login(folks.secretariat)
    url = reverse("people:list") + "?q=staff&role=staff&account=active"
    _add_people(folks, 2, 0)
    with CaptureQueriesContext(connection) as small:
        assert client.get(url).status_code == 200
    _add_people(folks, 12, 100)
    with django_assert_num_queries(len(small.captured_queries)):
        response = client.get(url)
    assert response.content.count(b"Staff of a sectoral body: AICHR") == 14
    assert Membership.objects.count() == 29
    # Pinned: the session, the user, whether an administrator, their permissions (2), the count, the page
    # and its four prefetches (groups, bodies, focal points, invitations), the navigation's plan, the
    # filters' bodies and states.
    assert len(small.captured_queries) == 14
