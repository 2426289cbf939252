"""Logging in and out, and password reset by email where the server can send it (see passwords.py)."""

from django.contrib.auth import views as auth_views
from django.urls import path

from .forms import LoginForm
from .passwords import LoginView, PasswordResetView, only_with_email

urlpatterns = [
    path("login/", LoginView.as_view(authentication_form=LoginForm), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("password_change/", auth_views.PasswordChangeView.as_view(), name="password_change"),
    path("password_change/done/", auth_views.PasswordChangeDoneView.as_view(), name="password_change_done"),
    path("password_reset/", only_with_email(PasswordResetView.as_view()), name="password_reset"),
    path("password_reset/done/", only_with_email(auth_views.PasswordResetDoneView.as_view()), name="password_reset_done"),
    path(
        "reset/<uidb64>/<token>/", only_with_email(auth_views.PasswordResetConfirmView.as_view()),
        name="password_reset_confirm",
    ),
    path("reset/done/", only_with_email(auth_views.PasswordResetCompleteView.as_view()), name="password_reset_complete"),
]
