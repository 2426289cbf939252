from django import forms

from meetings.models import Decision, Meeting
from bodies.models import SectoralBody

from .models import Dispatch, Version


def text_form(kind, data=None, initial=None):
    """A form of the kind's sections, one text area each."""
    fields = {name: forms.CharField(label=label, help_text=help_text, required=False, max_length=20000,
                                    widget=forms.Textarea(attrs={"rows": 8}))
              for name, label, help_text in kind.sections}
    return type("DocumentTextForm", (forms.Form,), fields)(data=data, initial=initial)


class SignForm(forms.Form):
    """What the signer read: the version number and digest shown to them, and a reason for a new version."""

    read_number = forms.IntegerField(min_value=1, max_value=32767, widget=forms.HiddenInput)
    read_digest = forms.RegexField(regex=r"^[0-9a-f]{64}$", widget=forms.HiddenInput)
    reason = forms.CharField(required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 3}),
                             label="Why a new version",
                             help_text="Needed once a version is signed off: what changed, and why.")


class DispatchForm(forms.ModelForm):
    version = forms.ModelChoiceField(queryset=Version.objects.none(), label="Version sent")

    class Meta:
        model = Dispatch
        fields = ["version", "sent_to", "body", "sent_on", "outcome", "comments", "meeting", "decision"]
        widgets = {"sent_on": forms.DateInput(attrs={"type": "date"}), "comments": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, plan, versions, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["version"].queryset = versions
        self.fields["version"].label_from_instance = lambda v: f"{v.document.title}, version {v.number}"
        self.fields["body"].queryset = SectoralBody.objects.order_by("position", "abbreviation")
        self.fields["meeting"].queryset = Meeting.objects.filter(plans=plan).order_by("-held_on")
        self.fields["decision"].queryset = Decision.objects.filter(meeting__plans=plan).select_related("meeting")
        self.fields["decision"].label_from_instance = lambda d: f"{d.meeting.held_on:%d %B %Y}: {d.text[:80]}"
