"""Setting up, giving and resetting a second factor: each step one function, atomic and audited.

The secret of an authenticator app being set up lives in the person's session until they confirm it
with a code from the app: nothing is written before then, so an abandoned set-up leaves nothing behind
and a device in the database has always been shown to work.
"""

import time
from base64 import b32encode
from binascii import unhexlify
from dataclasses import dataclass
from datetime import datetime

import segno
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import transaction
from django_otp import login as otp_login
from django_otp.oath import TOTP
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice
from django_otp.util import random_hex

from audit.models import AuditAction
from audit.services import record

from . import policy

RECOVERY_CODES = 10
APP_NAME = "Authenticator app"
CODES_NAME = "Recovery codes"


def new_key():
    """A new secret for an authenticator app: 20 random bytes, hex as django-otp stores it."""
    return random_hex(20)


def readable_key(key):
    """The secret as people type it into an app: base32 in groups of four."""
    text = b32encode(unhexlify(key)).decode()
    return " ".join(text[i:i + 4] for i in range(0, len(text), 4))


def qr_code(user, key):
    """The otpauth:// link of the secret as a QR code, an SVG in a data: URL (the CSP allows data: images)."""
    uri = TOTPDevice(user=user, key=key).config_url
    return segno.make(uri, error="m").svg_data_uri(scale=4, border=2)


def normalise(code):
    """What was typed, without the spaces and dashes people add, and in the recovery codes' lower case."""
    return "".join(str(code or "").split()).replace("-", "").lower()


def is_app_code(code):
    return len(code) == 6 and code.isascii() and code.isdigit()


def _new_recovery_codes(user):
    StaticDevice.objects.filter(user=user).delete()
    device = StaticDevice.objects.create(user=user, name=CODES_NAME, confirmed=True)
    codes = [StaticToken.random_token() for _ in range(RECOVERY_CODES)]
    StaticToken.objects.bulk_create([StaticToken(device=device, token=code) for code in codes])
    return codes


def set_up(request, key, code):
    """Confirm the app holding `key` with a `code` it shows; it replaces any earlier app of the person,
    whose recovery codes are replaced too. The session counts as verified. Returns the new recovery codes
    (shown once); ValidationError when the code is not the app's."""
    user = request.user
    code = normalise(code)
    totp = TOTP(unhexlify(key), 30, 0, 6, 0)
    totp.time = time.time()
    if not is_app_code(code) or not totp.verify(int(code), tolerance=1):
        raise ValidationError("That is not the code your app shows now: check that its clock is right and try the newest code.")
    with transaction.atomic():
        replaced = TOTPDevice.objects.filter(user=user).delete()[0]
        # last_t: the code just used cannot be used again to sign in.
        device = TOTPDevice.objects.create(user=user, name=APP_NAME, key=key, confirmed=True, last_t=totp.t(),
                                           drift=totp.drift)
        codes = _new_recovery_codes(user)
        record(action=AuditAction.TWO_FACTOR_SET_UP, user=user, obj=user, label=user.get_username(), request=request,
               detail="A new authenticator app replaced the earlier one." if replaced else "Authenticator app set up.")
    otp_login(request, device)
    policy.forget(user)
    return codes


def new_recovery_codes(request):
    """Ten new recovery codes for the person signed in; the earlier ones stop working."""
    user = request.user
    with transaction.atomic():
        codes = _new_recovery_codes(user)
        record(action=AuditAction.RECOVERY_CODES_NEW, user=user, obj=user, label=user.get_username(), request=request,
               detail="The earlier recovery codes no longer work.")
    return codes


def recovery_codes_left(user):
    return StaticToken.objects.filter(device__user=user, device__confirmed=True).count()


@dataclass
class Outcome:
    """What giving a code came to: `device` when it was accepted; `throttled` when it was not even checked,
    wrong codes before it having locked tries; `locked_until` when the next try must wait."""

    device: object = None
    throttled: bool = False
    locked_until: datetime | None = None
    recovery: bool = False
    codes_left: int = 0

    @property
    def accepted(self):
        return self.device is not None


def verify(request, code):
    """Check a code from the person's app, or one of their recovery codes (used up by it). Accepted, the
    session counts as verified. Wrong codes in a row lock further tries for a while (django-otp's throttling:
    1, 2, 4… seconds): a try while locked is not even checked, so it cannot be guessed meanwhile."""
    user = request.user
    code = normalise(code)
    recovery = not is_app_code(code)
    model = StaticDevice if recovery else TOTPDevice
    with transaction.atomic():
        device = model.objects.select_for_update().filter(user=user, confirmed=True).first()
        if device is None:
            return _refused(request, Outcome(recovery=recovery), "No such code is set up for this account.")
        allowed, why = device.verify_is_allowed()
        if not allowed:
            return Outcome(throttled=True, locked_until=why.get("locked_until"), recovery=recovery)
        if not device.verify_token(code):
            _, why = device.verify_is_allowed()
            outcome = Outcome(locked_until=(why or {}).get("locked_until"), recovery=recovery)
            return _refused(request, outcome, f"{device.throttling_failure_count} wrong code(s) in a row.")
        outcome = Outcome(device=device, recovery=recovery)
        if recovery:
            outcome.codes_left = device.token_set.count()
            record(action=AuditAction.RECOVERY_CODE_USED, user=user, obj=user, label=user.get_username(), request=request,
                   detail=f"{outcome.codes_left} recovery code(s) left.")
        else:
            record(action=AuditAction.TWO_FACTOR_VERIFIED, user=user, obj=user, label=user.get_username(), request=request)
    # A new session key for the session that now carries more trust.
    request.session.cycle_key()
    otp_login(request, device)
    return outcome


def _refused(request, outcome, detail):
    user = request.user
    record(action=AuditAction.TWO_FACTOR_FAILED, user=user, obj=user, label=user.get_username(), request=request,
           detail=("Recovery code. " if outcome.recovery else "Authenticator app. ") + detail)
    return outcome


def _remove_devices(person):
    return TOTPDevice.objects.filter(user=person).delete()[0] + StaticDevice.objects.filter(user=person).delete()[0]


def turn_off(request):
    """The person's own choice, where they need not use it: their app and recovery codes are forgotten."""
    user = request.user
    if policy.must_use(user):
        raise ValidationError("Two-factor sign-in is required for your role: it cannot be turned off.")
    with transaction.atomic():
        _remove_devices(user)
        record(action=AuditAction.TWO_FACTOR_REMOVED, user=user, obj=user, label=user.get_username(), request=request)
    policy.forget(user)


def reset(person, *, by, request=None):
    """An administrator's answer to a lost device: the person's app and recovery codes are removed, their
    sessions stop counting as verified at once, and they set it up again at their next sign-in."""
    with transaction.atomic():
        person = get_user_model().objects.select_for_update().get(pk=person.pk)
        removed = _remove_devices(person)
        record(action=AuditAction.TWO_FACTOR_RESET, user=by, obj=person, label=person.get_username(), request=request,
               detail=f"Authenticator app and recovery codes removed ({removed} record(s)); "
                      "the person sets two-factor sign-in up again at their next sign-in.")
    return removed
