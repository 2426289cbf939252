from django import forms
from django.utils.translation import gettext_lazy as _


from .models import Plan


class MatrixImportForm(forms.Form):
    plan = forms.ModelChoiceField(
        label=_("Plan"), queryset=Plan.objects.filter(status=Plan.Status.IN_FORCE), to_field_name="slug",
        help_text=_("A work plan takes its matrix; a plan of action its areas and provisions. An ended plan takes no import."),
    )
    file = forms.FileField(label=_("Spreadsheet (.xlsx or .csv)"))


class MatrixImportConfirmForm(forms.Form):
    """The preview to confirm, by its token only: its plan, file and rows are read from storage
    (workplan.previews), for the person who made it."""

    token = forms.RegexField(regex=r"^[0-9a-f]{32}$", widget=forms.HiddenInput)
