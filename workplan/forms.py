from django import forms
from django.utils.translation import gettext_lazy as _


class MatrixImportForm(forms.Form):
    file = forms.FileField(label=_("Matrix spreadsheet (.xlsx or .csv)"))


class MatrixImportConfirmForm(forms.Form):
    token = forms.RegexField(regex=r"^[0-9a-f]{32}$", widget=forms.HiddenInput)
    name = forms.CharField(max_length=255, widget=forms.HiddenInput)
