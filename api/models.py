import hashlib
import secrets

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


def hash_key(key):
    """What is stored of a token: its SHA-256. The token itself is shown once, when it is made."""
    return hashlib.sha256(key.encode()).hexdigest()


class ApiTokenQuerySet(models.QuerySet):
    def active(self):
        return self.filter(revoked_at__isnull=True, user__is_active=True)


class ApiToken(models.Model):
    """A person's token for the read-only API: whoever presents it reads exactly what that person may
    read on the pages. Stored hashed; revoked rather than deleted, so the audit log's link stands."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="api_tokens")
    name = models.CharField(_("name"), max_length=100, help_text=_("What it is for, e.g. the Secretariat's reporting system."))
    key_hash = models.CharField(max_length=64)
    # The first characters of the token, shown on the account page so that a person tells tokens apart.
    prefix = models.CharField(max_length=8)
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    last_used_at = models.DateTimeField(_("last used"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)

    objects = ApiTokenQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["key_hash"], name="unique_api_token_hash"),
            models.CheckConstraint(condition=Q(revoked_at__isnull=True) | Q(revoked_at__gte=models.F("created_at")),
                                   name="api_token_revoked_after_created"),
        ]

    def __str__(self):
        return f"{self.name} ({self.prefix}…)"

    @staticmethod
    def new_key():
        return secrets.token_urlsafe(32)

    @property
    def is_active(self):
        return self.revoked_at is None
