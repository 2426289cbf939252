"""The login forms, bounded to what the user table holds.

Django's AuthenticationForm sets the username field's max_length after the field is built, so no
validator enforces it: a longer username reached authentication, and the failed-login records of
django-axes and the audit log, whose columns PostgreSQL then refused (a 500 instead of a message).
"""

from django.contrib.admin.forms import AdminAuthenticationForm
from django.contrib.auth import get_user_model
from django.contrib.auth.forms import AuthenticationForm
from django.core.validators import MaxLengthValidator


def _bound_username(form):
    limit = get_user_model()._meta.get_field(get_user_model().USERNAME_FIELD).max_length
    form.fields["username"].validators.append(MaxLengthValidator(limit))


class LoginForm(AuthenticationForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _bound_username(self)


class AdminLoginForm(AdminAuthenticationForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _bound_username(self)
