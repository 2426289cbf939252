"""The people pages: thin views over people.services, every one refusing (403) what its predicate in
people.seats refuses. The invitation's own page is the only one open to someone not signed in."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from bodies.models import MemberState
from national.models import ContactPerson
from reporting.access import private_view
from workplan.pagination import paginate

from . import models as people_models
from . import services
from .forms import AcceptInvitationForm, ContactPersonForm, GiveSeatForm, HandOverForm, InviteForm, PeopleFilterForm
from .models import Invitation, Person
from .seats import (
    Seat, governed_member_state_ids, manages_people, may_manage_contacts, may_manage_person,
    may_manage_seat, may_see_people, own_member_state_ids, seats_of,
)


def _people_of(user):
    """The people `user` may see: everyone for the Secretariat, their own states' focal points for a focal point."""
    if manages_people(user):
        return Person.objects.all()
    if may_see_people(user):
        return Person.objects.of_member_states(own_member_state_ids(user))
    raise PermissionDenied


def _person(request, pk):
    return get_object_or_404(_people_of(request.user).with_seats(), pk=pk)


def _form_error(request, error):
    messages.error(request, " ".join(error.messages))


@private_view
def people_list(request):
    people = _people_of(request.user)
    form = PeopleFilterForm(request.GET or None)
    page = paginate(request, form.filter(people).with_seats().order_by("last_name", "first_name", "username"))
    rows = [(person, seats_of(person)) for person in page.object_list]
    states = MemberState.objects.filter(pk__in=governed_member_state_ids(request.user)) if not manages_people(request.user) else []
    return render(request, "people/person_list.html", {
        "filter_form": {"form": form}, "page": page, "rows": rows, "manages_people": manages_people(request.user),
        "may_invite": manages_people(request.user) or bool(governed_member_state_ids(request.user)),
        "governed_states": states,
    })


@private_view
def person_detail(request, pk):
    person = _person(request, pk)
    seats = seats_of(person)
    user = request.user
    return render(request, "people/person_detail.html", {
        "person": person, "seats": [(held, may_manage_seat(user, held.seat)) for held in seats],
        "groups": [group.name for group in person.groups.all()],
        "may_manage_person": may_manage_person(user, person, seats),
        "may_give": manages_people(user) or bool(governed_member_state_ids(user)),
        "may_hand_over": any(may_manage_seat(user, held.seat) for held in seats),
    })


@private_view
def invite(request):
    if not (manages_people(request.user) or governed_member_state_ids(request.user)):
        raise PermissionDenied
    form = InviteForm(request.POST or None, actor=request.user)
    if form.is_valid():
        data = form.cleaned_data
        try:
            invitation = services.invite_person(actor=request.user, first_name=data["first_name"],
                                                last_name=data["last_name"], email=data["email"], seat=data["seat"])
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, f"Invitation sent to {invitation.user.email}.")
            return redirect("people:person", pk=invitation.user_id)
    return render(request, "people/invite_form.html", {"form": form, "invitation_days": people_models.INVITATION_DAYS})


@private_view
def give_seat(request, pk):
    person = _person(request, pk)
    if not (manages_people(request.user) or governed_member_state_ids(request.user)):
        raise PermissionDenied
    form = GiveSeatForm(request.POST or None, actor=request.user)
    if form.is_valid():
        try:
            services.give_seat(actor=request.user, person=person, seat=form.cleaned_data["seat"])
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, f"{person} now holds the seat: {form.cleaned_data['seat']}.")
            return redirect(person)
    return render(request, "people/seat_form.html", {"form": form, "person": person})


@private_view
def hand_over(request, pk):
    person = _person(request, pk)
    seats = [held for held in seats_of(person) if may_manage_seat(request.user, held.seat)]
    if not seats:
        raise PermissionDenied
    form = HandOverForm(request.POST or None, seats=seats, initial={"seat": request.GET.get("seat")})
    if form.is_valid():
        seat, to_person = form.cleaned_data["seat"], form.cleaned_data["to"]
        try:
            services.hand_over_seat(actor=request.user, seat=seat, from_person=person, to_person=to_person)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, f"{seat} handed over from {person} to {to_person}.")
            return redirect("people:person", pk=to_person.pk)
    return render(request, "people/hand_over_form.html", {"form": form, "person": person})


def _post_step(request, pk, step, done):
    """A step taken by a button on the person's page: done, or its refusal said there as a message."""
    person = _person(request, pk)
    try:
        step(person)
    except ValidationError as error:
        _form_error(request, error)
    else:
        messages.success(request, done % {"person": person})
    return redirect(person)


@private_view
@require_POST
def take_seat(request, pk):
    try:
        seat = Seat.from_key(request.POST.get("seat", ""))
    except ValueError:
        raise PermissionDenied from None
    return _post_step(request, pk, lambda person: services.take_seat(actor=request.user, person=person, seat=seat),
                      f"%(person)s no longer holds the seat: {seat}.")


@private_view
@require_POST
def deactivate(request, pk):
    return _post_step(request, pk, lambda person: services.deactivate_person(actor=request.user, person=person),
                      "%(person)s is deactivated: their access has ended. Hand over their seats below.")


@private_view
@require_POST
def reactivate(request, pk):
    return _post_step(request, pk, lambda person: services.reactivate_person(actor=request.user, person=person),
                      "%(person)s is active again.")


@private_view
@require_POST
def resend_invitation(request, pk):
    return _post_step(request, pk, lambda person: services.resend_invitation(actor=request.user, person=person),
                      "The invitation to %(person)s was sent again; the earlier link no longer works.")


@private_view
@require_POST
def revoke_invitation(request, pk):
    return _post_step(request, pk, lambda person: services.revoke_invitation(actor=request.user, person=person),
                      "The invitation to %(person)s is withdrawn.")


@never_cache
def accept(request, token):
    """The invitation's link: set a password, then sign in as everyone does."""
    invitation, refusal = Invitation.from_token(token)
    if refusal:
        status = 404 if refusal == Invitation.Refusal.INVALID else 410
        return render(request, "people/invitation_refused.html", {"refusal": refusal}, status=status)
    person = Person.objects.get(pk=invitation.user_id)
    form = AcceptInvitationForm(person, request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.accept_invitation(token=token, password=form.cleaned_data["new_password1"])
        except ValidationError as error:
            return render(request, "people/invitation_refused.html",
                          {"refusal": Invitation.Refusal(error.error_list[0].code)}, status=410)
        messages.success(request, f"Your password is set. Sign in with your username, {person.username}.")
        return redirect("login")
    return render(request, "people/accept_form.html", {"form": form, "person": person})


# --- contact persons ------------------------------------------------------------------------------------


@private_view
def contacts(request, code):
    member_state = get_object_or_404(MemberState, code=code)
    if not may_manage_contacts(request.user, member_state):
        raise PermissionDenied
    form = ContactPersonForm(request.POST or None, member_state=member_state)
    if form.is_valid():
        services.add_contact_person(actor=request.user, contact=form.save(commit=False))
        messages.success(request, f"{form.instance.name} added to {member_state}'s contact persons.")
        return redirect("people:contacts", code=member_state.code)
    people = (ContactPerson.objects.filter(agency__member_state=member_state)
              .select_related("plan", "agency").order_by("plan__short_name", "agency__name", "name"))
    return render(request, "people/contact_list.html", {"member_state": member_state, "contacts": people, "form": form})


@private_view
@require_POST
def remove_contact(request, pk):
    contact = get_object_or_404(ContactPerson.objects.select_related("agency__member_state", "plan"), pk=pk)
    member_state = contact.agency.member_state
    services.remove_contact_person(actor=request.user, contact=contact)
    messages.success(request, f"{contact.name} removed from {member_state}'s contact persons.")
    return redirect("people:contacts", code=member_state.code)
