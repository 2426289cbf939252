from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import UserManager
from django.core import signing
from django.db import models
from django.db.models import Prefetch, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from bodies.models import Membership
from national.models import FocalPoint

# How long an invitation's link works, from the day it was (last) sent.
INVITATION_DAYS = settings.PEOPLE_INVITATION_DAYS
INVITATION_SALT = "people.invitation"


class PersonState(models.TextChoices):
    """Where a person's account stands: invited (the link not yet used), active, or deactivated."""

    INVITED = "invited", _("Invited")
    ACTIVE = "active", _("Active")
    DEACTIVATED = "deactivated", _("Deactivated")


class PersonQuerySet(models.QuerySet):
    def with_seats(self):
        """What the list and the person page show of each person, in a fixed number of queries."""
        return self.prefetch_related(
            "groups",
            Prefetch("memberships", Membership.objects.select_related("body")),
            Prefetch("focal_points", FocalPoint.objects.select_related("agency__member_state")),
            Prefetch("invitations", Invitation.objects.open(), to_attr="open_invitations"),
        )

    def of_member_states(self, member_state_ids):
        """Those with a focal point's seat (in force or not) in one of the states."""
        return self.filter(pk__in=FocalPoint.objects.filter(agency__member_state__in=member_state_ids).values("user"))

    def search(self, text):
        query = Q()
        for word in text.split():
            query &= (Q(username__icontains=word) | Q(first_name__icontains=word)
                      | Q(last_name__icontains=word) | Q(email__icontains=word))
        return self.filter(query)

    def in_state(self, state):
        invited = Q(is_active=False, pk__in=Invitation.objects.open().values("user"))
        return {
            PersonState.ACTIVE: self.filter(is_active=True),
            PersonState.INVITED: self.filter(invited),
            PersonState.DEACTIVATED: self.filter(is_active=False).exclude(invited),
        }[state]


class Person(get_user_model()):
    """A person who uses the tracker, seen from the people pages: their account, the role groups they are
    in and their seats (a sectoral body's staff, a Member State's focal point), whose management the
    ASEAN Secretariat does in the app rather than in the administration."""

    objects = UserManager.from_queryset(PersonQuerySet)()

    class Meta:
        proxy = True
        ordering = ["last_name", "first_name", "username"]
        permissions = [
            ("manage_people", "Can invite people, give, hand over and take away every seat, and deactivate accounts"),
            ("see_own_state", "Can see their state's focal points and contact persons (national focal points "
                              "manage its agency focal points and contact persons)"),
        ]

    def __str__(self):
        return self.get_full_name() or self.username

    def get_absolute_url(self):
        return reverse("people:person", kwargs={"pk": self.pk})

    @property
    def open_invitation(self):
        """The invitation still waiting to be accepted, if any (prefetched by `with_seats`)."""
        invitations = getattr(self, "open_invitations", None)
        if invitations is None:
            invitations = list(Invitation.objects.open().filter(user=self))
        return invitations[0] if invitations else None

    @property
    def state(self):
        if self.is_active:
            return PersonState.ACTIVE
        return PersonState.INVITED if self.open_invitation else PersonState.DEACTIVATED


class InvitationQuerySet(models.QuerySet):
    def open(self):
        return self.filter(accepted_at__isnull=True, revoked_at__isnull=True).order_by("-sent_at")


class Invitation(models.Model):
    """An email inviting a person to set their password and take up the seat(s) given to them. Its link is
    signed, not stored: it names the invitation and how many times it was sent, so a resent invitation's
    earlier links stop working, as do an accepted or revoked one's and one older than INVITATION_DAYS."""

    class Refusal(models.TextChoices):
        INVALID = "invalid", _("This link is not a valid invitation.")
        EXPIRED = "expired", _("This invitation has expired.")
        REPLACED = "replaced", _("This invitation was sent again: only the newest email's link works.")
        USED = "used", _("This invitation has already been used.")
        REVOKED = "revoked", _("This invitation has been withdrawn.")

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="invitations")
    invited_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                   related_name="+")
    created_at = models.DateTimeField(_("invited"), default=timezone.now)
    sent_at = models.DateTimeField(_("last sent"), default=timezone.now)
    times_sent = models.PositiveSmallIntegerField(_("times sent"), default=1)
    accepted_at = models.DateTimeField(_("accepted"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("withdrawn"), null=True, blank=True)

    objects = InvitationQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(condition=Q(accepted_at__isnull=True) | Q(revoked_at__isnull=True),
                                   name="invitation_accepted_or_revoked"),
        ]

    def __str__(self):
        return f"Invitation of {self.user}"

    @property
    def is_open(self):
        return self.accepted_at is None and self.revoked_at is None

    @property
    def expires_at(self):
        return self.sent_at + timezone.timedelta(days=INVITATION_DAYS)

    def token(self):
        return signing.dumps([self.pk, self.times_sent], salt=INVITATION_SALT, compress=True)

    def get_accept_url(self):
        return reverse("people:accept", kwargs={"token": self.token()})

    @classmethod
    def from_token(cls, token, *, lock=False):
        """(invitation, None) for a link that may be used now, else (invitation or None, Refusal)."""
        try:
            pk, times_sent = signing.loads(token, salt=INVITATION_SALT, max_age=INVITATION_DAYS * 24 * 3600)
        except signing.SignatureExpired:
            return None, cls.Refusal.EXPIRED
        except (signing.BadSignature, ValueError, TypeError):
            return None, cls.Refusal.INVALID
        queryset = cls.objects.select_related("user")
        if lock:
            queryset = queryset.select_for_update(of=("self",))
        invitation = queryset.filter(pk=pk).first() if isinstance(pk, int) else None
        if invitation is None:
            return None, cls.Refusal.INVALID
        if invitation.accepted_at:
            return invitation, cls.Refusal.USED
        if invitation.revoked_at:
            return invitation, cls.Refusal.REVOKED
        if times_sent != invitation.times_sent:
            return invitation, cls.Refusal.REPLACED
        return invitation, None
