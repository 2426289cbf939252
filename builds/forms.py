from django import forms

from bodies.models import SectoralBody
from workplan.models import PriorityArea

from .registry import builder_of, choices


class BuildRequestForm(forms.Form):
    """What document, of which cycle and scope: checked against the plan before anything is queued."""

    kind = forms.ChoiceField(choices=choices)
    cycle = forms.IntegerField(min_value=1900, max_value=2200)
    # Bounded as the columns they are looked up in: a priority area's number is a small positive integer.
    priority_area = forms.IntegerField(required=False, min_value=1, max_value=32767)
    body = forms.CharField(required=False, max_length=20)
    version = forms.IntegerField(required=False, min_value=1, max_value=32767)  # of a signed annual report

    def __init__(self, *args, plan, **kwargs):
        super().__init__(*args, **kwargs)
        self.plan = plan

    def clean_cycle(self):
        year = self.cleaned_data["cycle"]
        if not self.plan.cycles.filter(year=year).exists():
            raise forms.ValidationError(f"The {self.plan} has no reporting cycle {year}.")
        return year

    def clean_priority_area(self):
        number = self.cleaned_data["priority_area"]
        if number is not None and not PriorityArea.objects.filter(plan=self.plan, number=number).exists():
            raise forms.ValidationError(f"The {self.plan} has no area {number}.")
        return number

    def clean_body(self):
        abbreviation = self.cleaned_data["body"]
        if abbreviation and not SectoralBody.objects.filter(abbreviation=abbreviation).exists():
            raise forms.ValidationError(f"No sectoral body {abbreviation}.")
        return abbreviation or None

    def clean(self):
        data = super().clean()
        builder = builder_of(data.get("kind"))
        if builder is None or self.errors:
            return data
        builder.check(self.plan, self.params())
        return data

    def params(self):
        params = {name: self.cleaned_data[name] for name in ("cycle", "priority_area", "body")}
        if self.cleaned_data.get("version") is not None:
            params["version"] = self.cleaned_data["version"]
        return params
