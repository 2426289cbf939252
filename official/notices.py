"""What a signature on an official document tells its other signatories by email."""

from django.contrib.auth import get_user_model

from notifications.models import Event
from notifications.services import name_of, notify


def version_signed(version, *, user, kind):
    """A signature that leaves the version awaiting asks the other signers for theirs; the last one says
    the version is final. Sent to the active users the kind lets sign the plan's document."""
    document = version.document
    plan = document.plan
    pool = kind.signer_pool(plan) if kind.signer_pool else get_user_model().objects.filter(is_active=True).order_by("pk")
    signers = [other for other in pool if other.pk != user.pk and kind.signers(other, plan)]
    if not signers:
        return
    title = f"{version.snapshot['title']}, version {version.number}"
    if version.is_final:
        subject = f"Signed off: {title}"
        lines = [f"{name_of(user)} gave the last signature: version {version.number} is signed off and frozen.",
                 "Its PDF and Word files are on its page."]
    else:
        subject = f"Awaiting your signature: {title}"
        lines = [f"{name_of(user)} signed version {version.number}.",
                 # The reason for a new version is the authors' restricted text: on its page, not in an email.
                 *(["Why there is a new version is said on its page."] if version.reason else []),
                 "It becomes final when the other signatories sign it too; a change to the text withdraws it."]
    notify(users=signers, exclude=user, event=Event.ANNUAL_REPORT_SIGNED, url=version.get_absolute_url(),
           subject=subject, lines=lines)
