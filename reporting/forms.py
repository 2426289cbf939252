"""The parts of a report's forms that every kind of report has: the version it was opened on, a
document to attach, rows fixed by the report, and the workflow's comment boxes."""

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _

from .documents import validate_document
from .sensitivity import HELP_TEXT, Sensitivity

# The largest id a database integer column holds, on SQLite and PostgreSQL alike.
MAX_ID = 2**63 - 1


class VersionForm(forms.Form):
    """The version of the report the page was opened on: a save from an older one is refused (`services.lock`)."""

    version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args, report=None, **kwargs):
        super().__init__(*args, **kwargs)
        report = report or getattr(self, "instance", None)
        if not self.is_bound and report is not None:
            self.initial["version"] = report.version


class ReportDocumentFields(VersionForm):
    """The version, and a document to attach, checked by content: the fields every report form has."""

    document = forms.FileField(
        required=False,
        label=_("Add an official post-activity document"),
        help_text=_("PDF, Word, Excel or an image."),
        validators=[validate_document],
    )
    document_description = forms.CharField(required=False, max_length=200, label=_("Description of the document"))
    document_sensitivity = forms.ChoiceField(
        required=False, choices=Sensitivity.choices, initial=Sensitivity.RESTRICTED, label=_("Who may read the document"),
        help_text=HELP_TEXT,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["document"].help_text = _("PDF, Word, Excel or an image, at most %(limit)s.") % {
            "limit": filesizeformat(settings.REPORT_DOCUMENT_MAX_BYTES)
        }

    def new_documents(self):
        """The (uploaded file, description, mark) to attach: none or one. No mark chosen: restricted."""
        uploaded = self.cleaned_data.get("document")
        mark = self.cleaned_data.get("document_sensitivity") or Sensitivity.RESTRICTED
        return [(uploaded, self.cleaned_data["document_description"], mark)] if uploaded else []


class DocumentMarkForm(forms.Form):
    """A document's mark, changed from the report's page."""

    sensitivity = forms.ChoiceField(choices=Sensitivity.choices, label=_("Who may read it"))


class FixedRowsFormSet(forms.BaseInlineFormSet):
    """One form per row of the report (an expected output, a provision), each exactly once.

    The rows are created with the report, so the form only edits them. A post with other counts or
    ids (a tampered or stale page) would otherwise add rows that belong to nothing, or let one form
    silently overwrite another's input; it is refused instead.
    """

    mismatch_message = _("The rows on this page are not those of the report; open the report again.")

    def clean(self):
        super().clean()
        posted = sorted((form.instance.pk or 0) for form in self.forms)
        if self.total_form_count() != self.initial_form_count() or posted != sorted(o.pk for o in self.get_queryset()):
            raise ValidationError(self.mismatch_message, code="rows_mismatch")


class TransitionCommentForm(forms.Form):
    comment = forms.CharField(
        label=_("Comment"), required=False, max_length=5000, widget=forms.Textarea(attrs={"rows": 3})
    )


class ReportCommentForm(forms.Form):
    text = forms.CharField(label=_("Comment"), max_length=5000, strip=True,
                           error_messages={"required": _("Write something before posting a comment.")})


class ChoicesByIdField(forms.ModelMultipleChoiceField):
    """Objects ticked by id. An id beyond any database integer is an invalid choice: SQLite cannot even
    put it in the query that would look it up (Django guards `=` against that, not `IN`)."""

    def clean(self, value):
        for pk in value or ():
            try:
                out_of_range = abs(int(pk)) > MAX_ID
            except (TypeError, ValueError):
                continue  # not a number at all, which Django's own check refuses
            if out_of_range:
                raise ValidationError(self.error_messages["invalid_choice"], code="invalid_choice", params={"value": pk})
        return super().clean(value)


class BulkReviewForm(forms.Form):
    """The reports ticked in a review list, to accept (acknowledge) at once: only submitted reports of
    `queryset` can be chosen; one taken meanwhile makes the whole choice invalid."""

    reports = ChoicesByIdField(
        queryset=None,
        error_messages={"required": _("Tick at least one report."),
                        "invalid_choice": _("One of the ticked reports is no longer waiting for review; nothing was done."),
                        "invalid_pk_value": _("One of the ticked reports is no longer waiting for review; nothing was done.")},
    )
    comment = forms.CharField(required=False, max_length=5000)

    def __init__(self, *args, queryset, **kwargs):
        super().__init__(*args, **kwargs)
        model = queryset.model
        self.fields["reports"].queryset = queryset.filter(state=model.state_reached_by("submit")).order_by("submitted_at")
