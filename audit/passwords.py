"""Password reset by email: offered only where the server can send email, and throttled.

Without EMAIL_HOST the reset pages answer 404 and the login page does not mention them. Each address
asking, and each email address asked for, may start `PASSWORD_RESET_LIMIT` resets an hour: beyond
that the page says to wait, so the form can be used neither to flood an inbox nor to probe many
addresses from one place.
"""

import hashlib
from functools import wraps

from django.conf import settings
from django.contrib.auth import views as auth_views
from django.core.cache import cache
from django.http import Http404
from django.shortcuts import render

from .requests import client_ip

WINDOW = 3600  # seconds


def email_configured():
    return bool(settings.EMAIL_HOST)


def only_with_email(view):
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not email_configured():
            raise Http404("Password reset by email is not set up on this server.")
        return view(request, *args, **kwargs)

    return wrapper


def _spend(key):
    """Count one more reset under `key`; whether it is still within the hour's limit."""
    cache.add(key, 0, WINDOW)
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, WINDOW)
        count = 1
    return count <= settings.PASSWORD_RESET_LIMIT


def reset_allowed(*, ip, email):
    email_key = hashlib.sha256(email.strip().lower().encode()).hexdigest()
    # Both are counted, so that neither can be spent without the other being counted too.
    by_address = _spend(f"password-reset:ip:{ip}")
    by_email = _spend(f"password-reset:email:{email_key}")
    return by_address and by_email


class PasswordResetView(auth_views.PasswordResetView):
    def form_valid(self, form):
        if not reset_allowed(ip=client_ip(self.request) or "", email=form.cleaned_data["email"]):
            return render(self.request, "registration/password_reset_throttled.html", status=429)
        return super().form_valid(form)


class LoginView(auth_views.LoginView):
    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "password_reset": email_configured()}
