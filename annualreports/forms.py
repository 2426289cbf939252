from django import forms

from .models import AnnualReportText


class AnnualReportTextForm(forms.ModelForm):
    class Meta:
        model = AnnualReportText
        fields = ["executive_summary", "challenges", "recommendations"]
        widgets = {name: forms.Textarea(attrs={"rows": 8}) for name in fields}


class SignOffForm(forms.Form):
    reason = forms.CharField(
        required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Needed for a new version once one is signed off: what changed, and why.",
    )
