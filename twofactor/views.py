"""The two-factor pages: the person's own (set up, codes, sign in with a code) and the administrators' list
of people, from which a lost device is reset. The rules are in services.py and policy.py."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import BooleanField, Count, Exists, ExpressionWrapper, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce
from django.shortcuts import get_object_or_404, redirect, render, resolve_url
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from reporting.access import private_view
from reporting.permissions import is_administrator

from . import policy, services
from .forms import AppCodeForm, CodeForm

SETUP_KEY = "twofactor_setup_key"
SHOWN_CODES = "twofactor_recovery_codes"


def _next(request):
    """Where to go once done: a page of this site only (never an address elsewhere)."""
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(target, {request.get_host()}, require_https=request.is_secure()):
        return target
    return resolve_url(settings.LOGIN_REDIRECT_URL)


def _show_codes(request, codes, after):
    request.session[SHOWN_CODES] = codes
    return redirect(f"{reverse('twofactor:codes')}?{urlencode({'next': after})}")


@private_view
def account(request):
    user = request.user
    context = {
        "must_use": policy.must_use(user),
        "enforced": policy.is_enforced(),
        "device": TOTPDevice.objects.filter(user=user, confirmed=True).first(),
        "codes_left": services.recovery_codes_left(user),
        "administrator": is_administrator(user),
    }
    return render(request, "twofactor/account.html", context)


@private_view
def setup(request):
    """Scan the QR code (or type the key) into an authenticator app, and confirm with a code it shows.
    One who has an app and has not given its code yet is sent to give it: a password alone never replaces it."""
    user = request.user
    if policy.has_device(user) and policy.owes_second_factor(user):
        return redirect(f"{reverse('twofactor:verify')}?{urlencode({'next': _next(request)})}")
    key = request.session.get(SETUP_KEY)
    if not key:
        key = request.session[SETUP_KEY] = services.new_key()
    form = AppCodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            codes = services.set_up(request, key, form.cleaned_data["code"])
        except ValidationError as error:
            form.add_error("code", error)
        else:
            request.session.pop(SETUP_KEY, None)
            return _show_codes(request, codes, _next(request))
    context = {
        "form": form, "qr_code": services.qr_code(user, key), "key": services.readable_key(key),
        "must_use": policy.must_use(user), "replacing": policy.has_device(user), "next": _next(request),
    }
    return render(request, "twofactor/setup.html", context)


@private_view
def codes(request):
    """The recovery codes just made, shown this once (never stored where a page could show them again)."""
    shown = request.session.pop(SHOWN_CODES, None)
    if not shown:
        messages.info(request, "Recovery codes are shown once, when they are made. Make new ones if you have lost them.")
        return redirect("twofactor:account")
    return render(request, "twofactor/codes.html", {"codes": shown, "next": _next(request)})


@private_view
@require_POST
def new_codes(request):
    if not policy.has_device(request.user):  # recovery codes stand in for an app: none without one
        return redirect("twofactor:setup")
    return _show_codes(request, services.new_recovery_codes(request), reverse("twofactor:account"))


@private_view
@require_POST
def turn_off(request):
    try:
        services.turn_off(request)
    except ValidationError as error:
        messages.error(request, error.messages[0])
    else:
        messages.success(request, "Two-factor sign-in is off: your password alone signs you in.")
    return redirect("twofactor:account")


@never_cache
@login_required
def verify(request):
    """The second step of signing in: a code from the app, or one of the recovery codes."""
    user = request.user
    if not policy.has_device(user):
        return redirect(f"{reverse('twofactor:setup')}?{urlencode({'next': _next(request)})}")
    form = CodeForm(request.POST or None)
    status = 200
    if request.method == "POST" and form.is_valid():
        outcome = services.verify(request, form.cleaned_data["code"])
        if outcome.accepted:
            if outcome.recovery:
                messages.warning(
                    request, f"You signed in with a recovery code; {outcome.codes_left} left. If your phone is lost, "
                    "set up a new app now (Two-factor sign-in, Set up a new app).")
            return redirect(_next(request))
        until = timezone.localtime(outcome.locked_until) if outcome.locked_until else None
        if outcome.throttled:
            form.add_error("code", f"Too many wrong codes in a row: the next one is checked from {until:%H:%M:%S} "
                                   f"({until:%Z}). Try again then.")
            status = 429
        elif until:
            form.add_error("code", f"That code was not accepted. The next one is checked from {until:%H:%M:%S} "
                                   f"({until:%Z}).")
        else:
            form.add_error("code", "That code was not accepted.")
    response = render(request, "twofactor/verify.html", {"form": form, "next": _next(request)}, status=status)
    return response


def _administrators_only(request):
    if not is_administrator(request.user):
        raise PermissionDenied


@private_view
def people(request):
    """For administrators: who must use two-factor sign-in or has set it up, and a reset for a lost device."""
    _administrators_only(request)
    User = get_user_model()
    devices = TOTPDevice.objects.filter(user=OuterRef("pk"), confirmed=True)
    in_required_group = User.groups.through.objects.filter(user=OuterRef("pk"), group__name__in=policy.REQUIRED_GROUPS)
    codes_left = (StaticToken.objects.filter(device__user=OuterRef("pk"), device__confirmed=True)
                  .values("device__user").annotate(n=Count("pk")).values("n"))
    people = (
        User.objects
        .annotate(has_app=Exists(devices),
                  must_use=ExpressionWrapper(Q(is_superuser=True) | Q(Exists(in_required_group)),
                                            output_field=BooleanField()),
                  codes_left=Coalesce(Subquery(codes_left), 0))
        .filter(Q(has_app=True) | Q(must_use=True))
        .order_by("username")
    )
    return render(request, "twofactor/people.html", {"people": people, "enforced": policy.is_enforced()})


@private_view
@require_POST
def reset(request, pk):
    _administrators_only(request)
    person = get_object_or_404(get_user_model(), pk=pk)
    services.reset(person, by=request.user, request=request)
    messages.success(request, f"Two-factor sign-in of {person.get_username()} reset: they set it up again at their next sign-in.")
    return redirect("twofactor:people")
