from django import forms
from django.contrib.auth.forms import SetPasswordForm
from django.core.exceptions import PermissionDenied
from django.db.models import Q

from bodies.models import MemberState, SectoralBody
from national.models import Agency, ContactPerson
from workplan.models import Plan

from .models import Person, PersonState
from .seats import Seat, SeatKind, may_manage_seat, seats_offered_to


class PeopleFilterForm(forms.Form):
    q = forms.CharField(label="Search", required=False, max_length=100,
                        widget=forms.TextInput(attrs={"type": "search", "placeholder": "Name, username or email"}))
    role = forms.ChoiceField(label="Seat", required=False, choices=[("", "Any seat"), *SeatKind.choices])
    body = forms.ModelChoiceField(label="Sectoral body", required=False, queryset=SectoralBody.objects.all(),
                                  empty_label="Any body", to_field_name="abbreviation")
    state = forms.ModelChoiceField(label="Member State", required=False, queryset=MemberState.objects.all(),
                                   empty_label="Any state", to_field_name="code")
    account = forms.ChoiceField(label="Account", required=False, choices=[("", "Any"), *PersonState.choices])

    def filter(self, people):
        """The people the valid filters keep (an invalid filter keeps everyone: its error is shown)."""
        if not self.is_valid():
            return people
        data = self.cleaned_data
        if data["q"]:
            people = people.search(data["q"])
        role = data["role"]
        if role == SeatKind.BODY_STAFF:
            people = people.filter(memberships__isnull=False)
        elif role in (SeatKind.NATIONAL_FOCAL_POINT, SeatKind.AGENCY_FOCAL_POINT):
            people = people.filter(focal_points__role=role)
        elif role:
            people = people.filter(groups__name=Seat(role).group)
        if data["body"]:
            people = people.filter(memberships__body=data["body"])
        if data["state"]:
            people = people.filter(focal_points__agency__member_state=data["state"])
        if data["account"]:
            people = people.in_state(data["account"])
        return people.distinct()


class SeatField(forms.ChoiceField):
    def __init__(self, *, actor, **kwargs):
        kwargs.setdefault("label", "Seat")
        super().__init__(choices=[("", "Choose a seat"), *seats_offered_to(actor)], **kwargs)
        self.actor = actor

    def clean(self, value):
        try:
            seat = Seat.from_key(value)
        except ValueError:
            seat = None
        if seat is not None and not may_manage_seat(self.actor, seat):
            # Not a mistake to correct: a seat outside what this person manages (another state's, a body's).
            raise PermissionDenied
        super().clean(value)
        if seat is None:
            raise forms.ValidationError("Choose a seat from the list.")
        return seat


class InviteForm(forms.Form):
    first_name = forms.CharField(label="First name", max_length=150)
    last_name = forms.CharField(label="Last name", max_length=150)
    email = forms.EmailField(label="Email", max_length=150, help_text="The invitation goes to this address; it is also their username.",
                             widget=forms.TextInput(attrs={"autocomplete": "off", "inputmode": "email"}))

    def __init__(self, *args, actor, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["seat"] = SeatField(actor=actor, help_text="More seats can be given on their page afterwards.")

    def clean_email(self):
        email = self.cleaned_data["email"].strip().lower()
        if Person.objects.filter(Q(email__iexact=email) | Q(username__iexact=email)).exists():
            raise forms.ValidationError("Someone has an account with this email already: give them the seat on their page.")
        return email


class GiveSeatForm(forms.Form):
    def __init__(self, *args, actor, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["seat"] = SeatField(actor=actor)


class HandOverForm(forms.Form):
    to = forms.CharField(label="Hand it over to", max_length=254,
                         help_text="Their username or email. Someone new is invited first, then given the seat here.")

    def __init__(self, *args, seats, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["seat"] = forms.ChoiceField(label="Seat", choices=[(held.seat.key, str(held.seat)) for held in seats])
        self.order_fields(["seat", "to"])
        self.seats = {held.seat.key: held.seat for held in seats}

    def clean_seat(self):
        return self.seats[self.cleaned_data["seat"]]

    def clean_to(self):
        text = self.cleaned_data["to"].strip()
        matches = list(Person.objects.filter(Q(username__iexact=text) | Q(email__iexact=text))[:2])
        if not matches:
            raise forms.ValidationError("No one has this username or email.")
        if len(matches) > 1:
            raise forms.ValidationError("Several people have this email: give the username.")
        return matches[0]


class AcceptInvitationForm(SetPasswordForm):
    """Django's own: the two passwords must match and pass AUTH_PASSWORD_VALIDATORS for this person."""


class ContactPersonForm(forms.ModelForm):
    class Meta:
        model = ContactPerson
        fields = ["plan", "agency", "name", "position", "email", "phone"]

    def __init__(self, *args, member_state, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["plan"].queryset = Plan.objects.plans_of_action()
        self.fields["agency"].queryset = Agency.objects.filter(member_state=member_state)
