"""Who must give a second factor, and whether a session still owes one.

Kept apart from the views so that the middleware, the pages and the tests ask the same questions.
Each answer is kept on the user object for the request, as Django keeps its permission cache: the
middleware asks before the view does.
"""

from django.conf import settings
from django_otp.plugins.otp_totp.models import TOTPDevice

from reporting.roles import ADMINISTRATORS, COCHAIRS, SECRETARIAT, WG_CHAIR

# Those who accept and return reports, sign the annual report, read every state's reports or administer
# the site: a stolen password alone must not be enough to act as them.
REQUIRED_GROUPS = (COCHAIRS, WG_CHAIR, SECRETARIAT, ADMINISTRATORS)


def is_enforced():
    """Off only where the environment says TWO_FACTOR_REQUIRED=false (or DEBUG is on): then nobody is asked."""
    return settings.TWO_FACTOR_REQUIRED


def must_use(user):
    """Superusers and the members of the four groups above."""
    if not user.is_authenticated:
        return False
    if not hasattr(user, "_must_use_two_factor"):
        user._must_use_two_factor = user.is_superuser or user.groups.filter(name__in=REQUIRED_GROUPS).exists()
    return user._must_use_two_factor


def has_device(user):
    """An authenticator app set up and confirmed (recovery codes come with it, never alone)."""
    if not user.is_authenticated:
        return False
    if not hasattr(user, "_has_two_factor_device"):
        user._has_two_factor_device = TOTPDevice.objects.filter(user=user, confirmed=True).exists()
    return user._has_two_factor_device


def forget(user):
    """After the person's devices change within a request: ask the database again."""
    for name in ("_must_use_two_factor", "_has_two_factor_device"):
        try:
            delattr(user, name)  # through the request's lazy user to the user itself
        except AttributeError:
            pass


def is_verified(user):
    """Whether this session has given a second factor (django-otp's middleware tells the user object)."""
    return bool(getattr(user, "is_verified", None) and user.is_verified())


def owes_second_factor(user):
    """Signed in with the password, and yet to give a code: one who must use two-factor sign-in, or who
    chose to set it up (then it protects them too). Nobody owes one where it is not enforced."""
    if not is_enforced() or not user.is_authenticated or is_verified(user):
        return False
    return must_use(user) or has_device(user)
