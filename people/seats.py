"""The seats a person can be given, and who may give them.

A seat is what a person holds in the tracker's work: a sectoral body's staff (`bodies.Membership` and the
staff group), an MTF co-chair, the Chair of the WG on CT / Lead Shepherd, the ASEAN Secretariat (each a
role group), a Member State's national or agency focal point (`national.FocalPoint` and the focal points
group). A seat with a row counts only with its group too (the seat querysets' `held()`), so giving one
gives both and taking it away takes the group when no other seat needs it.
"""

from dataclasses import dataclass

from django.db import models
from django.utils.translation import gettext_lazy as _

from bodies.models import Membership, SectoralBody
from national.models import Agency, FocalPoint
from reporting.permissions import is_administrator
from reporting.roles import ADMINISTRATORS, COCHAIRS, FOCAL_POINTS, SECRETARIAT, STAFF, WG_CHAIR

from .models import Person


class SeatKind(models.TextChoices):
    BODY_STAFF = "staff", _("Staff of a sectoral body")
    COCHAIR = "cochair", _("MTF co-chair")
    WG_CHAIR = "wg_chair", _("Chair of the WG on CT / Lead Shepherd")
    SECRETARIAT = "secretariat", _("ASEAN Secretariat")
    NATIONAL_FOCAL_POINT = "national", _("National focal point")
    AGENCY_FOCAL_POINT = "agency", _("Agency focal point")


GROUP_OF = {
    SeatKind.BODY_STAFF: STAFF, SeatKind.COCHAIR: COCHAIRS, SeatKind.WG_CHAIR: WG_CHAIR,
    SeatKind.SECRETARIAT: SECRETARIAT,
    SeatKind.NATIONAL_FOCAL_POINT: FOCAL_POINTS, SeatKind.AGENCY_FOCAL_POINT: FOCAL_POINTS,
}
GROUP_SEATS = (SeatKind.COCHAIR, SeatKind.WG_CHAIR, SeatKind.SECRETARIAT)
FOCAL_POINT_SEATS = (SeatKind.NATIONAL_FOCAL_POINT, SeatKind.AGENCY_FOCAL_POINT)


@dataclass(frozen=True)
class Seat:
    kind: str
    body: SectoralBody | None = None
    agency: Agency | None = None

    @property
    def key(self):
        """How a form names the seat: "cochair", "staff:12", "national:4" (a body's or an agency's number)."""
        if self.kind == SeatKind.BODY_STAFF:
            return f"{self.kind}:{self.body.pk}"
        if self.kind in FOCAL_POINT_SEATS:
            return f"{self.kind}:{self.agency.pk}"
        return str(self.kind)

    @property
    def group(self):
        return GROUP_OF[self.kind]

    @property
    def member_state(self):
        return self.agency.member_state if self.agency else None

    def __str__(self):
        label = SeatKind(self.kind).label
        if self.body:
            return f"{label}: {self.body.abbreviation}"
        if self.agency:
            return f"{label}: {self.agency.member_state.name}, {self.agency.name}"
        return str(label)

    @classmethod
    def from_key(cls, key):
        """The seat a form named, or ValueError."""
        kind, _, number = str(key).partition(":")
        if kind not in SeatKind.values:
            raise ValueError(key)
        if kind in GROUP_SEATS:
            if number:
                raise ValueError(key)
            return cls(kind)
        if not (number.isascii() and number.isdigit()):
            raise ValueError(key)
        if kind == SeatKind.BODY_STAFF:
            body = SectoralBody.objects.filter(pk=number).first()
            if body is None:
                raise ValueError(key)
            return cls(kind, body=body)
        agency = Agency.objects.select_related("member_state").filter(pk=number).first()
        if agency is None:
            raise ValueError(key)
        return cls(kind, agency=agency)

    def row_of(self, person):
        """The seat's row for `person` (a Membership or FocalPoint), whether or not it is in force."""
        if self.kind == SeatKind.BODY_STAFF:
            return Membership.objects.filter(user=person, body=self.body).first()
        if self.kind in FOCAL_POINT_SEATS:
            return FocalPoint.objects.filter(user=person, agency=self.agency, role=self.kind).first()
        return None


@dataclass(frozen=True)
class HeldSeat:
    """A seat as the person page lists it: in force only with its group, on an active account."""

    seat: Seat
    in_force: bool
    why_not: str = ""


def seats_of(person):
    """Every seat of `person`, in force or not (a seat without its group, on a deactivated account),
    from the rows and groups `Person.objects.with_seats()` prefetched."""
    groups = {group.name for group in person.groups.all()}

    def held(seat):
        if not person.is_active:
            return HeldSeat(seat, False, _("the account is not active"))
        if seat.group not in groups:
            return HeldSeat(seat, False, _("not in the group “%(group)s”") % {"group": seat.group})
        return HeldSeat(seat, True)

    seats = [held(Seat(SeatKind.BODY_STAFF, body=membership.body)) for membership in person.memberships.all()]
    seats += [held(Seat(kind)) for kind in GROUP_SEATS if GROUP_OF[kind] in groups]
    seats += [held(Seat(focal_point.role, agency=focal_point.agency)) for focal_point in person.focal_points.all()]
    return seats


# --- who may do what -----------------------------------------------------------------------------------


def manages_people(user):
    """The ASEAN Secretariat and administrators: every person and every seat."""
    return user.is_authenticated and (is_administrator(user) or user.has_perm("people.manage_people"))


def own_member_state_ids(user, *, role=None):
    """The states whose focal point `user` is (in force), as national focal point with `role`."""
    if not (user.is_authenticated and user.has_perm("people.see_own_state")):
        return set()
    if not hasattr(user, "_own_member_states"):
        user._own_member_states = {}
    if role not in user._own_member_states:
        user._own_member_states[role] = set(FocalPoint.objects.member_state_ids_of(user, role=role))
    return user._own_member_states[role]


def governed_member_state_ids(user):
    """The states whose agency focal points and contact persons `user` manages as national focal point
    (ACPoA on CT §20.3: the directory is each state's duty)."""
    return own_member_state_ids(user, role=FocalPoint.Role.NATIONAL)


def may_see_people(user):
    return manages_people(user) or bool(own_member_state_ids(user))


def may_manage_seat(user, seat):
    """Give, hand over or take away `seat`: the Secretariat every seat, a national focal point only their
    own state's agency focal points."""
    if manages_people(user):
        return True
    return (seat.kind == SeatKind.AGENCY_FOCAL_POINT
            and seat.agency.member_state_id in governed_member_state_ids(user))


def may_manage_person(user, person, seats=None):
    """Change the account itself (deactivate, reactivate, resend or withdraw the invitation), never one's
    own: the Secretariat anyone's; a national focal point's when every seat of it is one of their state's
    agency focal points. An administrator's account only administrators touch."""
    if person.pk == user.pk or not user.is_authenticated:
        return False
    if not is_administrator(user) and (person.is_superuser or person.groups.filter(name=ADMINISTRATORS).exists()):
        return False
    if manages_people(user):
        return True
    if seats is None:
        seats = seats_of(Person.objects.with_seats().get(pk=person.pk))
    return bool(seats) and all(may_manage_seat(user, held.seat) for held in seats)


def may_manage_contacts(user, member_state):
    return manages_people(user) or member_state.pk in governed_member_state_ids(user)


def seats_offered_to(user):
    """The seats `user` may give, as (group label, [(key, label)]) for a select's choices."""
    agencies = Agency.objects.select_related("member_state").order_by("member_state__name", "name")
    if not manages_people(user):
        states = governed_member_state_ids(user)
        agency_seats = [Seat(SeatKind.AGENCY_FOCAL_POINT, agency=agency)
                        for agency in agencies.filter(member_state__in=states)]
        return [(_("Agency focal points"), [(seat.key, str(seat)) for seat in agency_seats])] if agency_seats else []
    agencies = list(agencies)
    choices = [
        (_("Roles"), [(Seat(kind).key, str(Seat(kind))) for kind in GROUP_SEATS]),
        (_("Sectoral bodies' staff"), [(Seat(SeatKind.BODY_STAFF, body=body).key, str(Seat(SeatKind.BODY_STAFF, body=body)))
                                       for body in SectoralBody.objects.all()]),
    ]
    for kind, label in ((SeatKind.NATIONAL_FOCAL_POINT, _("National focal points")),
                        (SeatKind.AGENCY_FOCAL_POINT, _("Agency focal points"))):
        seats = [Seat(kind, agency=agency) for agency in agencies]
        if seats:
            choices.append((label, [(seat.key, str(seat)) for seat in seats]))
    return choices
