from django import forms
from django.utils.translation import gettext_lazy as _

from .models import ApiToken


class TokenForm(forms.ModelForm):
    class Meta:
        model = ApiToken
        fields = ["name"]

    def clean_name(self):
        name = self.cleaned_data["name"].strip()
        if not name:
            raise forms.ValidationError(_("Say what the token is for."))
        if len(name.splitlines()) > 1:
            raise forms.ValidationError(_("Write it on one line."))
        return name
