from binascii import unhexlify
from types import SimpleNamespace

import pytest
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.oath import totp
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from monitoring import roles as monitoring_roles
from national import roles as national_roles
from reporting.roles import ADMINISTRATORS, COCHAIRS, FOCAL_POINTS, SECRETARIAT, STAFF, WG_CHAIR
from tests.factories import SectoralBodyFactory, UserFactory
from tests.monitoring.conftest import make_user

ROLES = ["staff", "focal", "cochair", "chair", "secretariat", "administrator", "superuser"]
REQUIRED = {"cochair", "chair", "secretariat", "administrator", "superuser"}


@pytest.fixture
def enforced(settings):
    """Two-factor sign-in on, as on a server (the suite waives it by default)."""
    settings.TWO_FACTOR_REQUIRED = True
    return settings


@pytest.fixture
def people(db):
    """One person of each role: a body's staff, a focal point, a co-chair, the WG chair, the Secretariat,
    an administrator (the group) and a superuser."""
    monitoring_roles.ensure_groups()
    national_roles.ensure_groups()
    body = SectoralBodyFactory(abbreviation="SOMTC")
    return SimpleNamespace(
        staff=make_user(STAFF, body, username="somtc"),
        focal=make_user(FOCAL_POINTS, username="id-focal"),
        cochair=make_user(COCHAIRS, username="cochair"),
        chair=make_user(WG_CHAIR, username="wgct-chair"),
        secretariat=make_user(SECRETARIAT, username="asec"),
        administrator=make_user(ADMINISTRATORS, username="admin-group"),
        superuser=UserFactory(username="root", is_superuser=True, is_staff=True),
        body=body,
    )


def app_of(user, key="3132333435363738393031323334353637383930"):
    """An authenticator app set up for `user` (RFC 6238's test key) with ten recovery codes."""
    device = TOTPDevice.objects.create(user=user, name="Authenticator app", key=key, confirmed=True)
    codes = StaticDevice.objects.create(user=user, name="Recovery codes", confirmed=True)
    StaticToken.objects.bulk_create([StaticToken(device=codes, token=f"code{n:04d}") for n in range(10)])
    return device


def code_of(device, ahead=0):
    """The code the app shows now (or `ahead` steps later: a code once used cannot be used again)."""
    return f"{totp(unhexlify(device.key), step=device.step, digits=device.digits, drift=device.drift + ahead):06d}"


def verified_session(client, user, device):
    """Signed in with the password and a code, as the two steps leave the session."""
    client.force_login(user)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()

