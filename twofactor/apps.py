from django.apps import AppConfig


class TwoFactorConfig(AppConfig):
    """Two-factor sign-in: a code from an authenticator app (or a single-use recovery code) after the
    password, required of those who review, sign and administer (OWASP ASVS level 2), offered to all."""

    default_auto_field = "django.db.models.BigAutoField"
    name = "twofactor"
    verbose_name = "Two-factor sign-in"
