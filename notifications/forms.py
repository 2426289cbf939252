from django import forms

from .models import Delivery, Event, Preference
from .registry import events_for


class PreferencesForm(forms.Form):
    """One choice per event: at once or in the daily digest; reminders may also be turned off."""

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self.events = events_for(user)
        chosen = dict(Preference.objects.filter(user=user).values_list("event", "delivery"))
        for event in self.events:
            choices = [(d.value, d.label) for d in Delivery if d != Delivery.OFF or event == Event.REMINDER]
            self.fields[event.value] = forms.ChoiceField(
                label=event.label, choices=choices, widget=forms.RadioSelect,
                initial=chosen.get(event.value, Delivery.IMMEDIATE),
            )

    def save(self):
        for event in self.events:
            Preference.objects.update_or_create(user=self.user, event=event.value,
                                                defaults={"delivery": self.cleaned_data[event.value]})
