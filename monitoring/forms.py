import copy
from pathlib import Path

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.forms.models import construct_instance
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _

from bodies.models import MemberState

from .models import ActivityReport, OutputAchievement

# What an official post-activity document may be, by extension, with the first bytes such a file
# starts with: a renamed executable is refused even if its name ends in .pdf.
ZIP = b"PK\x03\x04"
OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # .doc and .xls
DOCUMENT_SIGNATURES = {
    ".pdf": (b"%PDF-",),
    ".doc": (OLE,),
    ".docx": (ZIP,),
    ".xls": (OLE,),
    ".xlsx": (ZIP,),
    ".png": (b"\x89PNG\r\n\x1a\n",),
    ".jpg": (b"\xff\xd8\xff",),
    ".jpeg": (b"\xff\xd8\xff",),
    ".gif": (b"GIF87a", b"GIF89a"),
    ".webp": (b"RIFF",),
}


# The type a document is served as, by its checked extension: never the type the browser claimed
# when uploading it, which a person could set to text/html and have the file run as a page.
DOCUMENT_TYPES = {
    ".pdf": "application/pdf",
    ".doc": "application/msword",
    ".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ".xls": "application/vnd.ms-excel",
    ".xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    ".png": "image/png",
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
    ".gif": "image/gif",
    ".webp": "image/webp",
}
UNKNOWN_TYPE = "application/octet-stream"


def detected_content_type(name, head):
    """The type of a document named `name` whose first bytes are `head`, if they agree; else octet-stream."""
    extension = Path(name).suffix.lower()
    if any(head.startswith(signature) for signature in DOCUMENT_SIGNATURES.get(extension, ())):
        return DOCUMENT_TYPES[extension]
    return UNKNOWN_TYPE


def validate_document(uploaded):
    """Refuse a file that is not a PDF, Word, Excel or image file, or that is over the size limit."""
    limit = settings.REPORT_DOCUMENT_MAX_BYTES
    extension = Path(uploaded.name).suffix.lower()
    if extension not in DOCUMENT_SIGNATURES:
        raise ValidationError(
            _("“%(name)s” is not a PDF, Word, Excel or image file; those are the documents a report can carry."),
            params={"name": uploaded.name},
        )
    if uploaded.size > limit:
        raise ValidationError(
            _("“%(name)s” is %(size)s; documents can be at most %(limit)s."),
            params={"name": uploaded.name, "size": filesizeformat(uploaded.size), "limit": filesizeformat(limit)},
        )
    if uploaded.size == 0:
        raise ValidationError(_("“%(name)s” is empty."), params={"name": uploaded.name})
    uploaded.seek(0)
    head = uploaded.read(16)
    uploaded.seek(0)
    if not any(head.startswith(signature) for signature in DOCUMENT_SIGNATURES[extension]):
        raise ValidationError(
            _("“%(name)s” does not look like a %(kind)s file inside; it may be damaged or renamed."),
            params={"name": uploaded.name, "kind": extension.lstrip(".").upper()},
        )


# The largest id a database integer column holds, on SQLite and PostgreSQL alike.
MAX_ID = 2**63 - 1


class MemberStatesField(forms.ModelMultipleChoiceField):
    """Member States ticked by id. An id beyond any database integer is an invalid choice: SQLite
    cannot even put it in the query that would look it up (Django guards `=` against that, not `IN`)."""

    def clean(self, value):
        for pk in value or ():
            try:
                out_of_range = abs(int(pk)) > MAX_ID
            except (TypeError, ValueError):
                continue  # not a number at all, which Django's own check refuses
            if out_of_range:
                raise ValidationError(self.error_messages["invalid_choice"], code="invalid_choice", params={"value": pk})
        return super().clean(value)


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

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["document"].help_text = _("PDF, Word, Excel or an image, at most %(limit)s.") % {
            "limit": filesizeformat(settings.REPORT_DOCUMENT_MAX_BYTES)
        }

    def new_documents(self):
        """The (uploaded file, description) pairs to attach: none or one."""
        uploaded = self.cleaned_data.get("document")
        return [(uploaded, self.cleaned_data["document_description"])] if uploaded else []


class ActivityReportForm(ReportDocumentFields, forms.ModelForm):
    """What staff enter in a report. The matrix part (body, area, activity…) is shown, never typed."""

    participating_member_states = MemberStatesField(
        queryset=MemberState.objects.all(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label=_("Participating Member States"),
    )

    class Meta:
        model = ActivityReport
        fields = [
            "implementation_status",
            "start_date",
            "end_date",
            "participating_member_states",
            "modality",
            "venue",
            "partners",
            "dialogue_partner_support",
            "assessment",
            "recommendations",
            "challenges",
            "follow_up_status",
            "follow_up_note",
        ]
        widgets = {
            "follow_up_note": forms.Textarea(attrs={"rows": 2}),
            "start_date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "end_date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "partners": forms.Textarea(attrs={"rows": 2}),
            "dialogue_partner_support": forms.Textarea(attrs={"rows": 2}),
            "assessment": forms.Textarea(attrs={"rows": 5}),
            "recommendations": forms.Textarea(attrs={"rows": 4}),
            "challenges": forms.Textarea(attrs={"rows": 3}),
        }
        help_texts = {
            "start_date": _("The date the activity was organised (its first day)."),
            "end_date": _("Its last day, if it ran over several days."),
            "dialogue_partner_support": _("Which Dialogue Partner supported it, and how."),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.instance.follows_up_id:  # nothing earlier to follow up
            del self.fields["follow_up_status"], self.fields["follow_up_note"]
        for name in ActivityReport.NEEDED_FOR_SUBMISSION:
            if name in self.fields:
                self.fields[name].needed_for_submission = True

    def report_fields(self):
        return {name: self.cleaned_data[name] for name in self.Meta.fields
                if name != "participating_member_states" and name in self.fields}

    def _post_clean(self):
        # The model's own rules (dates in order and within the cycle, ActivityReport.clean) on what was
        # typed, on a copy: the instance is written only by the service, which validates the locked row.
        candidate = copy.copy(self.instance)
        fields = [name for name in self.Meta.fields if name in self.fields and name != "participating_member_states"]
        construct_instance(self, candidate, fields=fields)
        for name in fields:
            if name in self._errors:
                setattr(candidate, name, None)  # judged on what was typed, not on the value it replaces
        try:
            candidate.clean()
        except ValidationError as error:
            self._update_errors(error)


class OutputAchievementForm(forms.ModelForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in OutputAchievement.NEEDED_FOR_SUBMISSION:
            self.fields[name].needed_for_submission = True

    class Meta:
        model = OutputAchievement
        fields = ["level", "evidence", "figure"]
        widgets = {"evidence": forms.Textarea(attrs={"rows": 2})}
        labels = {"level": _("Achievement"), "evidence": _("Evidence"), "figure": _("Figure (optional)")}

    def achievement_fields(self):
        return {name: self.cleaned_data[name] for name in self.Meta.fields}


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


class BaseOutputAchievementFormSet(FixedRowsFormSet):
    mismatch_message = _("The expected outputs on this page are not those of the report; open the report again.")


OutputAchievementFormSet = forms.inlineformset_factory(
    ActivityReport,
    OutputAchievement,
    form=OutputAchievementForm,
    formset=BaseOutputAchievementFormSet,
    extra=0,
    can_delete=False,
)


class TransitionCommentForm(forms.Form):
    comment = forms.CharField(
        label=_("Comment"), required=False, max_length=5000, widget=forms.Textarea(attrs={"rows": 3})
    )


class ReportCommentForm(forms.Form):
    text = forms.CharField(label=_("Comment"), max_length=5000, strip=True,
                           error_messages={"required": _("Write something before posting a comment.")})


class BulkAcceptForm(forms.Form):
    """The reports ticked in a plan's review queue: only that plan's submitted reports can be chosen."""

    reports = forms.ModelMultipleChoiceField(
        queryset=ActivityReport.objects.none(),
        error_messages={"required": _("Tick at least one report to accept."),
                        "invalid_choice": _("One of the ticked reports is no longer waiting for review; nothing was accepted."),
                        "invalid_pk_value": _("One of the ticked reports is no longer waiting for review; nothing was accepted.")},
    )
    comment = forms.CharField(required=False, max_length=5000)

    def __init__(self, *args, plan, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["reports"].queryset = (ActivityReport.objects.with_matrix()
                                           .filter(cycle__plan=plan, state=ActivityReport.State.SUBMITTED).order_by("submitted_at"))
