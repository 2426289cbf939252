from django import forms

from bodies.models import SectoralBody
from reporting.models import ReportingCycle
from workplan.models import PriorityArea

from .builders import BUILDERS


class BuildRequestForm(forms.Form):
    """What document, of which cycle and scope: checked against the plan before anything is queued."""

    kind = forms.ChoiceField(choices=[(kind, builder.label) for kind, builder in BUILDERS.items()])
    cycle = forms.IntegerField(min_value=1900, max_value=2200)
    priority_area = forms.CharField(required=False, max_length=8)
    body = forms.CharField(required=False, max_length=30)
    version = forms.IntegerField(required=False, min_value=1, max_value=32767)  # of a signed annual report

    def __init__(self, *args, plan, **kwargs):
        super().__init__(*args, **kwargs)
        self.plan = plan

    def clean_cycle(self):
        year = self.cleaned_data["cycle"]
        if not ReportingCycle.objects.filter(plan=self.plan, year=year).exists():
            raise forms.ValidationError(f"The {self.plan} has no reporting cycle {year}.")
        return year

    def clean_priority_area(self):
        number = self.cleaned_data["priority_area"]
        if number and not PriorityArea.objects.filter(plan=self.plan, number=number).exists():
            raise forms.ValidationError(f"The {self.plan} has no area {number}.")
        return number or None

    def clean_body(self):
        abbreviation = self.cleaned_data["body"]
        if abbreviation and not SectoralBody.objects.filter(abbreviation=abbreviation).exists():
            raise forms.ValidationError(f"No sectoral body {abbreviation}.")
        return abbreviation or None

    def clean(self):
        data = super().clean()
        builder = BUILDERS.get(data.get("kind"))
        if builder is None or self.errors:
            return data
        version = data.get("version")
        if builder.of_signed_version:
            from annualreports.models import AnnualReportVersion

            signed = AnnualReportVersion.objects.signed().filter(cycle__plan=self.plan, cycle__year=data["cycle"], number=version)
            if version is None or not signed.exists() or data.get("priority_area") or data.get("body"):
                raise forms.ValidationError("No such signed version of the annual report.")
        elif version is not None:
            raise forms.ValidationError("Only the signed annual report has versions.")
        return data

    def params(self):
        params = {name: self.cleaned_data[name] for name in ("cycle", "priority_area", "body")}
        if self.cleaned_data.get("version") is not None:
            params["version"] = self.cleaned_data["version"]
        return params
