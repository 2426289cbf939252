from django import forms
from django.utils.translation import gettext_lazy as _

from bodies.models import SectoralBody
from workplan.models import MEASURED_KINDS, Activity, Indicator

REASON_HELP = _("Kept with the change, in the history below: why the MTF sets or adjusts it.")


class ChangeReasonFields(forms.Form):
    """Why the change is made, required; and the meeting's decision it follows, if any (as its reference)."""

    reason = forms.CharField(label=_("Reason"), max_length=2000, help_text=REASON_HELP)
    decision = forms.CharField(label=_("Decision it follows (optional)"), max_length=200, required=False,
                               help_text=_("e.g. “MTF meeting of 12 March 2024, item 4”."))


class IndicatorForm(forms.ModelForm):
    reason = ChangeReasonFields.base_fields["reason"]
    decision = ChangeReasonFields.base_fields["decision"]

    class Meta:
        model = Indicator
        fields = ["text", "kind", "unit", "baseline", "baseline_year", "direction", "means_of_verification"]
        help_texts = {"direction": _("For a number or a percentage only.")}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.output_id:
            del self.fields["text"]  # an output's indicator measures the output itself

    def clean(self):
        data = super().clean()
        if data.get("kind") and data["kind"] not in MEASURED_KINDS:
            data["direction"], data["baseline"] = "", None
        return data

    def indicator_fields(self):
        return {name: self.cleaned_data[name] for name in self.Meta.fields if name in self.fields}


class TargetForm(ChangeReasonFields):
    year = forms.TypedChoiceField(label=_("Year"), coerce=int, empty_value=None, required=False)
    value = forms.DecimalField(label=_("Target value"), max_digits=12, decimal_places=2, required=False,
                               help_text=_("For a number or a percentage."))
    milestone = forms.CharField(label=_("Milestone"), max_length=300, required=False, help_text=_("For a milestone."))

    field_order = ["year", "value", "milestone", "reason", "decision"]

    def __init__(self, *args, indicator, **kwargs):
        super().__init__(*args, **kwargs)
        plan = indicator.measured_activity.plan
        self.fields["year"].choices = [("", _("The plan's whole period"))] + [(year, year) for year in plan.years]
        if indicator.kind == Indicator.Kind.YES_NO:
            del self.fields["value"], self.fields["milestone"]  # the target of a yes/no is "yes"
        elif indicator.kind == Indicator.Kind.MILESTONE:
            del self.fields["value"]
        else:
            del self.fields["milestone"]


class IndicatorTableFilter(forms.Form):
    """The filters of the indicators' table: one priority area, one lead body, one activity."""

    priority_area = forms.TypedChoiceField(label=_("Priority area"), coerce=int, required=False, empty_value=None)
    body = forms.ModelChoiceField(label=_("Lead body"), queryset=SectoralBody.objects.all(), to_field_name="abbreviation",
                                  required=False)
    activity = forms.CharField(label=_("Activity code"), max_length=16, required=False)

    def __init__(self, *args, plan, **kwargs):
        super().__init__(*args, **kwargs)
        self.plan = plan
        self.fields["priority_area"].choices = [("", _("All"))] + [
            (area.number, str(area)) for area in plan.priority_areas.order_by("number")]

    def clean_activity(self):
        code = self.cleaned_data["activity"].strip()
        if not code:
            return None
        activity = Activity.objects.filter(plan=self.plan, code=code).first()
        if activity is None:
            raise forms.ValidationError(_("The %(plan)s has no activity %(code)s.") % {"plan": self.plan, "code": code})
        return activity

    def filters(self):
        if not self.is_bound or not self.is_valid():
            return {}
        return {name: value for name, value in self.cleaned_data.items() if value is not None}
