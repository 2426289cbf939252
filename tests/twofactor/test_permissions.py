"""Every two-factor URL × every role: what each may open, and the pages' query counts at two sizes.

Two-factor sign-in is on and each person (anonymous aside) has given their second factor, so what is tested
is the page's own rule, not the gate (test_flows.py tests the gate)."""

import pytest
from django.urls import reverse
from django_otp.plugins.otp_totp.models import TOTPDevice

from tests.factories import UserFactory

from .conftest import REQUIRED, ROLES, app_of, verified_session

pytestmark = pytest.mark.django_db

EVERYONE = ["anonymous", *ROLES]
ADMINISTRATORS = {"administrator", "superuser"}


def url(name, people):
    return reverse(name, args=[people.focal.pk] if name == "twofactor:reset" else [])


def as_(client, people, role):
    if role != "anonymous":
        person = getattr(people, role)
        verified_session(client, person, app_of(person))


def expected(name, role):
    if role == "anonymous":
        return 302  # to the login page
    return {
        "twofactor:account": 200,
        "twofactor:setup": 200,
        "twofactor:codes": 302,  # nothing to show but just after they are made
        "twofactor:verify": 200,
        "twofactor:people": 200 if role in ADMINISTRATORS else 403,
    }[name]


@pytest.mark.parametrize("role", EVERYONE)
def test_pages(client, people, enforced, role):
    as_(client, people, role)
    for name in ["twofactor:account", "twofactor:setup", "twofactor:codes", "twofactor:verify", "twofactor:people"]:
        response = client.get(url(name, people))
        assert (name, response.status_code) == (name, expected(name, role))
        assert "no-store" in response["Cache-Control"]
        if role == "anonymous":
            assert response["Location"].startswith(reverse("login"))


@pytest.mark.parametrize("role", EVERYONE)
def test_only_administrators_reset(client, people, enforced, role):
    app_of(people.focal)
    as_(client, people, role)
    response = client.post(url("twofactor:reset", people))
    if role == "anonymous":
        assert response.status_code == 302 and response["Location"].startswith(reverse("login"))
    else:
        assert response.status_code == (302 if role in ADMINISTRATORS else 403)
    assert TOTPDevice.objects.filter(user=people.focal).exists() is (role not in ADMINISTRATORS)


@pytest.mark.parametrize("role", EVERYONE)
def test_new_codes_and_turning_off_are_each_ones_own(client, people, enforced, role):
    as_(client, people, role)
    assert client.get(reverse("twofactor:new_codes")).status_code in (302, 405)  # POST only
    response = client.post(reverse("twofactor:new_codes"))
    assert response.status_code == 302
    off = client.post(reverse("twofactor:turn_off"))
    assert off.status_code == 302
    if role != "anonymous":
        still_on = TOTPDevice.objects.filter(user=getattr(people, role)).exists()
        assert still_on is (role in REQUIRED)


# Session, user, the app verified in the session (a superuser needs no group query), then the page's own:
# the people with their flags in one query, or the app and the count of recovery codes,
# and the navigation's current plan.
@pytest.mark.parametrize("name, queries", [("twofactor:people", 5), ("twofactor:account", 6)])
def test_the_pages_cost_the_same_queries_for_more_people(client, people, enforced, name, queries,
                                                         django_assert_num_queries):
    verified_session(client, people.superuser, app_of(people.superuser))
    with django_assert_num_queries(queries):
        assert client.get(reverse(name)).status_code == 200
    for n in range(15):
        app_of(UserFactory(username=f"more{n}", is_superuser=True))
    with django_assert_num_queries(queries):
        assert client.get(reverse(name)).status_code == 200
