"""The writes of the people pages: inviting, seats given, handed over and taken away, accounts deactivated
and reactivated, contact persons. Each checks who acts, changes all or nothing and is audited."""

from django.conf import settings
from django.contrib.auth.models import Group
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone

from audit.models import AuditAction
from audit.services import record
from bodies.models import Membership
from national.models import ContactPerson, FocalPoint

from .models import Invitation, Person
from .seats import GROUP_OF, FOCAL_POINT_SEATS, SeatKind, may_manage_contacts, may_manage_person, \
    may_manage_seat, seats_of


def _require(allowed):
    if not allowed:
        raise PermissionDenied


# --- seats ----------------------------------------------------------------------------------------------


def _add_seat(person, seat):
    if seat.kind == SeatKind.BODY_STAFF:
        Membership.objects.get_or_create(user=person, body=seat.body)
    elif seat.kind in FOCAL_POINT_SEATS:
        # One row per person and agency: a new role for the same agency replaces the old one.
        FocalPoint.objects.update_or_create(user=person, agency=seat.agency, defaults={"role": seat.kind})
    person.groups.add(Group.objects.get(name=seat.group))


def _remove_seat(person, seat):
    """Take the seat's row away, and its group unless another of the person's seats needs it."""
    row = seat.row_of(person)
    if row is not None:
        row.delete()
    needed = {
        SeatKind.BODY_STAFF: lambda: Membership.objects.filter(user=person).exists(),
        SeatKind.NATIONAL_FOCAL_POINT: lambda: FocalPoint.objects.filter(user=person).exists(),
        SeatKind.AGENCY_FOCAL_POINT: lambda: FocalPoint.objects.filter(user=person).exists(),
    }.get(seat.kind, lambda: False)
    if not needed():
        person.groups.remove(Group.objects.get(name=GROUP_OF[seat.kind]))


def has_seat(person, seat):
    return any(held.seat.key == seat.key for held in seats_of(Person.objects.with_seats().get(pk=person.pk)))


@transaction.atomic
def give_seat(*, actor, person, seat):
    _require(may_manage_seat(actor, seat))
    if has_seat(person, seat):
        raise ValidationError(f"{person} already holds this seat: {seat}.")
    _add_seat(person, seat)
    record(action=AuditAction.SEAT_GIVEN, user=actor, obj=person, detail=f"Seat given: {seat}.")


@transaction.atomic
def take_seat(*, actor, person, seat):
    _require(may_manage_seat(actor, seat))
    if not has_seat(person, seat):
        raise ValidationError(f"{person} does not hold this seat: {seat}.")
    _remove_seat(person, seat)
    record(action=AuditAction.SEAT_TAKEN_AWAY, user=actor, obj=person, detail=f"Seat taken away: {seat}.")


@transaction.atomic
def hand_over_seat(*, actor, seat, from_person, to_person):
    """Move a seat from one person to another in one step: the chairs rotate every year; a body's staff
    member or a state's focal point is replaced."""
    _require(may_manage_seat(actor, seat))
    if from_person.pk == to_person.pk:
        raise ValidationError("A seat is handed over to someone else.")
    if not has_seat(from_person, seat):
        raise ValidationError(f"{from_person} does not hold this seat: {seat}.")
    if has_seat(to_person, seat):
        raise ValidationError(f"{to_person} already holds this seat: {seat}.")
    if not to_person.is_active and not to_person.invitations.filter(accepted_at=None, revoked_at=None).exists():
        raise ValidationError(f"{to_person}'s account is deactivated: reactivate it first.")
    _remove_seat(from_person, seat)
    _add_seat(to_person, seat)
    record(action=AuditAction.SEAT_HANDED_OVER, user=actor, obj=to_person,
           detail=f"{seat} handed over from {from_person} ({from_person.username}) to {to_person} ({to_person.username}).")


# --- invitations ----------------------------------------------------------------------------------------


def _send_invitation(invitation, *, inviter):
    """The email with the link, sent once the invitation is saved (its link names the saved row)."""
    site = settings.SITE_URL.rstrip("/")
    context = {"person": invitation.user, "inviter": inviter, "link": site + invitation.get_accept_url(),
               "expires_at": invitation.expires_at, "seats": seats_of(Person.objects.with_seats().get(pk=invitation.user_id)),
               "site_url": site}
    message = EmailMultiAlternatives(
        subject="Your invitation to the ASEAN plans tracker",
        body=render_to_string("people/invitation_email.txt", context), to=[invitation.user.email],
    )
    message.attach_alternative(render_to_string("people/invitation_email.html", context), "text/html")
    # A mail server that is down must not undo the invitation: the failure is logged, and the page's
    # "send again" tries later.
    transaction.on_commit(message.send, robust=True)


@transaction.atomic
def invite_person(*, actor, first_name, last_name, email, seat) -> Invitation:
    """An account that cannot be used until its person sets a password through the emailed link (inactive,
    with an unusable password), given `seat` now so that it is theirs the moment they accept."""
    _require(may_manage_seat(actor, seat))
    email = email.strip().lower()
    if Person.objects.filter(email__iexact=email).exists() or Person.objects.filter(username__iexact=email).exists():
        raise ValidationError({"email": "Someone has an account with this email already: give them the seat on their page."})
    person = Person(username=email, email=email, first_name=first_name.strip(), last_name=last_name.strip(), is_active=False)
    person.set_unusable_password()
    person.full_clean()
    person.save()
    _add_seat(person, seat)
    invitation = Invitation.objects.create(user=person, invited_by=actor)
    record(action=AuditAction.PERSON_INVITED, user=actor, obj=person, detail=f"Invited to the seat: {seat}.")
    _send_invitation(invitation, inviter=actor)
    return invitation


def _locked_open_invitation(person):
    invitation = Invitation.objects.select_for_update().open().filter(user=person).first()
    if invitation is None:
        raise ValidationError(f"{person} has no invitation waiting.")
    return invitation


@transaction.atomic
def resend_invitation(*, actor, person) -> Invitation:
    """Send the invitation again with a new link, valid for INVITATION_DAYS from now; earlier links stop
    working. A withdrawn invitation of someone who never set a password is sent anew."""
    _require(may_manage_person(actor, person))
    invitation = Invitation.objects.select_for_update().open().filter(user=person).first()
    if invitation is not None:
        invitation.times_sent += 1
        invitation.sent_at = timezone.now()
        invitation.save(update_fields=["times_sent", "sent_at"])
    elif person.is_active or person.has_usable_password():
        raise ValidationError(f"{person} has set a password already: they sign in with it.")
    else:
        invitation = Invitation.objects.create(user=person, invited_by=actor)
    record(action=AuditAction.INVITATION_RESENT, user=actor, obj=person)
    _send_invitation(invitation, inviter=actor)
    return invitation


@transaction.atomic
def revoke_invitation(*, actor, person) -> Invitation:
    """Withdraw it: the link stops working and the account stays unusable (its seats are listed for hand-over)."""
    _require(may_manage_person(actor, person))
    invitation = _locked_open_invitation(person)
    invitation.revoked_at = timezone.now()
    invitation.save(update_fields=["revoked_at"])
    record(action=AuditAction.INVITATION_REVOKED, user=actor, obj=person)
    return invitation


@transaction.atomic
def accept_invitation(*, token, password) -> Person:
    """Set the password of the invited account and open it; the link is spent. The password has passed the
    validators (people.forms); a link that may not be used raises ValidationError with its refusal."""
    invitation, refusal = Invitation.from_token(token, lock=True)
    if refusal:
        raise ValidationError(refusal.label, code=refusal.value)
    person = Person.objects.get(pk=invitation.user_id)
    person.set_password(password)
    person.is_active = True
    person.save(update_fields=["password", "is_active"])
    invitation.accepted_at = timezone.now()
    invitation.save(update_fields=["accepted_at"])
    record(action=AuditAction.INVITATION_ACCEPTED, user=person, obj=person)
    return person


# --- accounts -------------------------------------------------------------------------------------------


@transaction.atomic
def deactivate_person(*, actor, person):
    """End the person's access at once: an inactive account is refused at its next request (the session's
    user is no longer loaded), and every check of a seat asks for an active person. Their seats stay
    listed on their page, for hand-over."""
    _require(may_manage_person(actor, person))
    if not person.is_active:
        raise ValidationError(f"{person}'s account is already deactivated.")
    Person.objects.filter(pk=person.pk).update(is_active=False)
    person.is_active = False
    seats = ", ".join(str(held.seat) for held in seats_of(Person.objects.with_seats().get(pk=person.pk)))
    record(action=AuditAction.PERSON_DEACTIVATED, user=actor, obj=person,
           detail=f"Seats to hand over: {seats}." if seats else "No seat.")


@transaction.atomic
def reactivate_person(*, actor, person):
    _require(may_manage_person(actor, person))
    if person.is_active:
        raise ValidationError(f"{person}'s account is active.")
    if not person.has_usable_password():
        raise ValidationError(f"{person} has never set a password: send the invitation again instead.")
    Person.objects.filter(pk=person.pk).update(is_active=True)
    person.is_active = True
    record(action=AuditAction.PERSON_REACTIVATED, user=actor, obj=person)


# --- contact persons (ACPoA on CT §20.3) ------------------------------------------------------------------


@transaction.atomic
def add_contact_person(*, actor, contact: ContactPerson) -> ContactPerson:
    _require(may_manage_contacts(actor, contact.agency.member_state))
    contact.full_clean()
    contact.save()
    record(action=AuditAction.CONTACT_ADDED, user=actor, obj=contact, url="",
           detail=f"{contact.name} for the {contact.plan.short_name}.")
    return contact


@transaction.atomic
def remove_contact_person(*, actor, contact: ContactPerson):
    _require(may_manage_contacts(actor, contact.agency.member_state))
    record(action=AuditAction.CONTACT_REMOVED, user=actor, obj=contact, url="",
           detail=f"{contact.name} for the {contact.plan.short_name}.")
    contact.delete()
