from django.db import transaction
from django.utils import timezone

from audit.models import AuditAction
from audit.services import record

from .models import ApiToken, hash_key


@transaction.atomic
def create_token(*, user, name) -> tuple[ApiToken, str]:
    """A new token for `user`: the token (stored hashed) and its key, which is shown once and never again."""
    key = ApiToken.new_key()
    token = ApiToken(user=user, name=name.strip(), key_hash=hash_key(key), prefix=key[:8])
    token.full_clean()
    token.save()
    record(action=AuditAction.API_TOKEN_CREATED, user=user, obj=token, url="")
    return token, key


@transaction.atomic
def revoke_token(*, token, user) -> ApiToken:
    """Revoke one of `user`'s own tokens: from now on it opens nothing. Revoking twice changes nothing."""
    token = ApiToken.objects.select_for_update().get(pk=token.pk, user=user)
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])
        record(action=AuditAction.API_TOKEN_REVOKED, user=user, obj=token, url="")
    return token
