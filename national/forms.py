from django import forms
from django.utils.translation import gettext_lazy as _

from bodies.models import Partner

from reporting.forms import BulkReviewForm, FixedRowsFormSet, ReportDocumentFields, TransitionCommentForm, VersionForm

from .models import NationalReport, ProvisionEntry, Review

__all__ = ["NationalReportForm", "ProvisionEntryFormSet", "StartReportForm", "TransitionCommentForm", "VersionForm"]


class NationalReportForm(ReportDocumentFields, forms.ModelForm):
    """The report as a whole: the general narrative, whether it is shared, and documents."""

    class Meta:
        model = NationalReport
        fields = ["narrative", "narrative_sensitivity", "shared_with_member_states"]
        widgets = {"narrative": forms.Textarea(attrs={"rows": 8})}

    # What sharing means, said before the choice is made (and it can be changed after submission).
    SHARING_MEANS = _(
        "Once the report is submitted, the focal points of the other Member States may read its answers, its "
        "narrative and its documents; never its history, earlier drafts, comments or the names of those who wrote "
        "it. The national focal point can change this at any time, also after submitting."
    )

    def __init__(self, *args, may_share=True, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["shared_with_member_states"].help_text = self.SHARING_MEANS
        self.fields["document"].label = _("Add a document (a national strategy, a law, an annex)")
        # A page that does not send the mark leaves it as it is.
        self.fields["narrative_sensitivity"].required = False
        self.fields["narrative_sensitivity"].label = _("Who may read the narrative")
        if not may_share:
            self.fields["shared_with_member_states"].disabled = True
            self.fields["shared_with_member_states"].help_text = _("The national focal point decides this.")

    def report_fields(self):
        fields = {name: self.cleaned_data[name] for name in self.Meta.fields}
        fields["narrative_sensitivity"] = fields["narrative_sensitivity"] or self.instance.narrative_sensitivity
        return fields

    def _post_clean(self):
        # The model is validated by the service, against the locked row; here only the fields.
        pass


class ProvisionEntryForm(forms.ModelForm):
    """A state's answers on one provision. A carried-forward answer is confirmed by ticking the box or
    by changing it."""

    confirm = forms.BooleanField(required=False, label=_("Still true this year"))

    class Meta:
        model = ProvisionEntry
        fields = list(ProvisionEntry.CARRIED_FORWARD)  # a copy: the inline formset appends its foreign key to it
        labels = {"sensitivity": _("Who may read this answer")}
        widgets = {
            name: forms.Textarea(attrs={"rows": 2})
            for name in ["national_measures", "laws_and_policies", "challenges", "assistance_needed", "good_practice"]
        }

    def clean(self):
        cleaned = super().clean()
        problems = ProvisionEntry.assistance_problems(cleaned.get("assistance_needed", ""), cleaned.get("assistance_theme", ""))
        for name, message in problems.items():
            self.add_error(name, message)
        return cleaned

    @property
    def summary_number(self):
        """The error summary names these answers by their provision's number, as the page does."""
        return self.instance.provision.number

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # A page that does not send the mark (an older page still open) leaves it as it is.
        self.fields["sensitivity"].required = False
        self.fields["sensitivity"].help_text = ""  # said once, above the form

    def entry_fields(self):
        values = {name: self.cleaned_data[name] for name in self.Meta.fields}
        values["sensitivity"] = values["sensitivity"] or self.instance.sensitivity
        # Marking an answer is not confirming it: a carried-forward answer stays to confirm.
        changed = set(self.changed_data) - {"confirm", "sensitivity"}
        values["carried_forward"] = self.instance.carried_forward and not (self.cleaned_data["confirm"] or changed)
        return values

    def _post_clean(self):
        # As for the report: the service validates each entry against the locked report.
        pass


class BaseProvisionEntryFormSet(FixedRowsFormSet):
    mismatch_message = _("The provisions on this page are not those of the report; open the report again.")


ProvisionEntryFormSet = forms.inlineformset_factory(
    NationalReport,
    ProvisionEntry,
    form=ProvisionEntryForm,
    formset=BaseProvisionEntryFormSet,
    extra=0,
    can_delete=False,
)


class StartReportForm(forms.Form):
    carry_forward = forms.BooleanField(
        required=False, initial=True, label=_("Start from last year's answers, to confirm or update each"),
    )


class ReviewStartForm(forms.Form):
    """The period of a new review: three years by default, as the plans of action set it."""

    first_year = forms.IntegerField(label=_("First year"), min_value=2000, max_value=2100)
    last_year = forms.IntegerField(label=_("Last year"), min_value=2000, max_value=2100)

    def clean(self):
        cleaned = super().clean()
        first, last = cleaned.get("first_year"), cleaned.get("last_year")
        if first and last and last < first:
            self.add_error("last_year", _("The period cannot end before it starts."))
        return cleaned


class ReviewForm(VersionForm, forms.ModelForm):
    """The Secretariat's findings and recommendations."""

    class Meta:
        model = Review
        fields = ["findings", "recommendations"]
        widgets = {"findings": forms.Textarea(attrs={"rows": 10}), "recommendations": forms.Textarea(attrs={"rows": 8})}

    def review_fields(self):
        return {name: self.cleaned_data[name] for name in self.Meta.fields}

    def _post_clean(self):
        # The service validates the review against the locked row.
        pass


class ReviewDateForm(forms.Form):
    on = forms.DateField(label=_("On"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))


class ReportImportForm(VersionForm):
    file = forms.FileField(label=_("Spreadsheet (.xlsx or .csv), one row per provision"))


class ReportImportConfirmForm(VersionForm):
    """The checked file, kept in storage between the preview and the confirmation (workplan.previews)."""

    token = forms.RegexField(regex=r"^[0-9a-f]{32}$", widget=forms.HiddenInput)


class AcknowledgeForm(BulkReviewForm):
    """The national reports ticked in a cycle's list: only that cycle's submitted reports can be chosen."""

    def __init__(self, *args, cycle, **kwargs):
        super().__init__(*args, queryset=NationalReport.objects.with_context().filter(cycle=cycle), **kwargs)


class AssistanceStepForm(forms.Form):
    """The next step of a request for assistance: the date it happened, a note, and for an offer the
    partner that made it (from the register)."""

    on = forms.DateField(label=_("Date"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))
    partner = forms.ModelChoiceField(queryset=Partner.objects.all(), required=False, label=_("Partner whose offer matched"),
                                     empty_label=_("Choose a partner"))
    note = forms.CharField(label=_("Note"), required=False, max_length=4000, widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, step, **kwargs):
        super().__init__(*args, **kwargs)
        self.step = step
        if step == "offer":
            self.fields["partner"].required = True
            self.fields["note"].help_text = _("What was offered, and when it is to be delivered.")
        else:
            del self.fields["partner"]
            self.fields["note"].help_text = (_("What was delivered.") if step == "deliver"
                                             else _("How the assistance met the need."))
