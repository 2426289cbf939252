"""The forms of meetings, decisions and their follow-up."""

from django import forms
from django.conf import settings
from django.db.models import Q
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _

from bodies.models import MemberState, SectoralBody
from reporting.documents import validate_document
from reporting.forms import MAX_ID, ChoicesByIdField
from workplan.models import ActionLine, Activity, Plan

from .models import Decision, DecisionStatus, Meeting, MeetingDocument

# How many provisions and activities one search of the picker offers: enough to find one by its code.
PICKER_RESULTS = 15


class MeetingForm(forms.ModelForm):
    """A meeting, its attendance and, at most one at a time, a document."""

    document = forms.FileField(required=False, label=_("Add a document"), validators=[validate_document])
    document_kind = forms.ChoiceField(label=_("Kind of document"), choices=MeetingDocument.Kind.choices,
                                      initial=MeetingDocument.Kind.REPORT)
    document_description = forms.CharField(required=False, max_length=200, label=_("Description of the document"))

    class Meta:
        model = Meeting
        fields = ["title", "kind", "body", "held_on", "venue", "plans", "member_states_present", "bodies_present",
                  "partners_present", "attendance_note"]
        field_classes = {name: ChoicesByIdField
                         for name in ("plans", "member_states_present", "bodies_present")}
        widgets = {
            "held_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "plans": forms.CheckboxSelectMultiple,
            "member_states_present": forms.CheckboxSelectMultiple,
            "bodies_present": forms.CheckboxSelectMultiple,
            "partners_present": forms.Textarea(attrs={"rows": 3}),
            "attendance_note": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["plans"].queryset = Plan.objects.order_by("pk")
        self.fields["member_states_present"].queryset = MemberState.objects.all()
        self.fields["bodies_present"].queryset = SectoralBody.objects.all()
        self.fields["body"].queryset = SectoralBody.objects.all()
        self.fields["document"].help_text = _("An agenda, the report of the meeting or another paper: PDF, Word, "
                                              "Excel or an image, at most %(limit)s.") % {
            "limit": filesizeformat(settings.REPORT_DOCUMENT_MAX_BYTES)}

    def new_document(self):
        """(uploaded file, kind, description), or None."""
        uploaded = self.cleaned_data.get("document")
        if not uploaded:
            return None
        return uploaded, self.cleaned_data["document_kind"], self.cleaned_data["document_description"]


class ProvisionChoices(ChoicesByIdField):
    def label_from_instance(self, obj):
        return f"{obj.plan.short_name} {obj.plan.provision_label} {obj.number}: {obj.text[:90]}"


class ActivityChoices(ChoicesByIdField):
    def label_from_instance(self, obj):
        return f"{obj.plan.short_name} activity {obj.code}: {obj.text[:90]}"


def _search(queryset, code_field, words):
    """Rows whose code starts with the words, or whose text holds them all."""
    if not words:
        return queryset.none()
    by_text = Q()
    for word in words.split():
        by_text &= Q(text__icontains=word)
    return queryset.filter(Q(**{code_field: words}) | Q(**{f"{code_field}__startswith": words}) | by_text)


class DecisionForm(forms.ModelForm):
    """A decision, its owner and what it concerns. The provisions and activities are picked from what the
    search box finds on the server (posted with the rest, so nothing typed is lost), beside those already
    ticked: no id is ever typed and no script is needed."""

    search = forms.CharField(
        required=False, max_length=100, label=_("Find provisions and activities"),
        help_text=_("A code (7.2, 1.1.3) or words of their text; then press “Search” and tick those concerned."),
    )

    class Meta:
        model = Decision
        fields = ["text", "owner_kind", "owner_body", "owner_state", "due_on", "provisions", "activities"]
        field_classes = {"provisions": ProvisionChoices, "activities": ActivityChoices}
        widgets = {
            "text": forms.Textarea(attrs={"rows": 4}),
            "owner_kind": forms.RadioSelect,
            "due_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "provisions": forms.CheckboxSelectMultiple,
            "activities": forms.CheckboxSelectMultiple,
        }

    def __init__(self, *args, plans=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner_kind"].required = True
        self.fields["owner_kind"].choices = Decision.OwnerKind.choices
        self.fields["owner_body"].queryset = SectoralBody.objects.all()
        self.fields["owner_state"].queryset = MemberState.objects.all()
        words = (self.data.get("search") or "").strip()[:100] if self.is_bound else ""
        provisions = ActionLine.objects.select_related("plan").order_by("plan_id", "priority_area__number", "position")
        activities = Activity.objects.select_related("plan").order_by("plan_id", "code")
        if plans:
            found_provisions = _search(provisions.filter(plan__in=plans), "number", words)
            found_activities = _search(activities.filter(plan__in=plans), "code", words)
        else:
            found_provisions, found_activities = _search(provisions, "number", words), _search(activities, "code", words)
        self.found = {"provisions": list(found_provisions.values_list("pk", flat=True)[:PICKER_RESULTS]),
                      "activities": list(found_activities.values_list("pk", flat=True)[:PICKER_RESULTS])}
        self.searched = bool(words)
        for name, queryset in (("provisions", provisions), ("activities", activities)):
            chosen = self._chosen(name)
            self.fields[name].queryset = queryset.filter(pk__in=[*chosen, *self.found[name]])

    def _chosen(self, name):
        """The pks already ticked: posted, or the decision's own on a fresh page."""
        if self.is_bound:
            return [value for value in self.data.getlist(name) if str(value).isascii() and str(value).isdigit() and int(value) <= MAX_ID]
        if self.instance.pk:
            return list(getattr(self.instance, name).values_list("pk", flat=True))
        return []

    def clean(self):
        cleaned = super().clean()
        kind = cleaned.get("owner_kind")
        # A name chosen under another kind of owner is dropped rather than refused: the page keeps both lists.
        if kind != Decision.OwnerKind.BODY:
            cleaned["owner_body"] = None
        if kind != Decision.OwnerKind.STATE:
            cleaned["owner_state"] = None
        return cleaned


class FollowUpForm(forms.Form):
    """A follow-up note on a decision, and the status it leaves the decision in."""

    status = forms.ChoiceField(label=_("Status"), choices=DecisionStatus.choices)
    text = forms.CharField(label=_("Note"), required=False, max_length=5000, widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, decision, **kwargs):
        super().__init__(*args, **kwargs)
        self.decision = decision
        self.fields["status"].initial = decision.status

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("status") == self.decision.status and not cleaned.get("text", "").strip():
            raise forms.ValidationError(_("Write a note or change the status: there is nothing to record."),
                                        code="nothing")
        return cleaned
