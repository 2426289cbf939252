import copy

from django import forms
from django.db.models import OuterRef, Q, Subquery
from django.core.exceptions import ValidationError
from django.forms.models import construct_instance
from django.utils.translation import gettext_lazy as _

from bodies.models import MemberState, Partner
from reporting.forms import BulkReviewForm, ChoicesByIdField, FixedRowsFormSet, ReportDocumentFields

from .models import ActivityReport, OutputAchievement, Participation


class MemberStatesField(ChoicesByIdField):
    """Member States ticked by id; one beyond any database integer is an invalid choice."""


class PartnersField(ChoicesByIdField):
    """Partners of the register ticked by id, with the same guard against ids beyond any database integer."""


class ActivityReportForm(ReportDocumentFields, forms.ModelForm):
    """What staff enter in a report. The matrix part (body, area, activity…) is shown, never typed."""

    participating_member_states = MemberStatesField(
        queryset=MemberState.objects.all(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label=_("Participating Member States"),
    )
    supporting_partners = PartnersField(
        queryset=Partner.objects.all(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label=_("Partners from the register"),
        help_text=_("The partners that supported the activity; name any other in the box below."),
    )

    class Meta:
        model = ActivityReport
        fields = [
            "implementation_status",
            "not_started_explanation",
            "start_date",
            "end_date",
            "participating_member_states",
            "modality",
            "venue",
            "supporting_partners",
            "partners",
            "dialogue_partner_support",
            "assessment",
            "recommendations",
            "challenges",
            "follow_up_status",
            "follow_up_note",
            "indicator_figure",
            "indicator_reached",
            "indicator_evidence",
        ]
        widgets = {
            "indicator_evidence": forms.Textarea(attrs={"rows": 2}),
            "follow_up_note": forms.Textarea(attrs={"rows": 2}),
            "not_started_explanation": forms.Textarea(attrs={"rows": 3}),
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
            "partners": _("Partners not in the register."),
        }

    # Fields the form saves through the service's own arguments, not as the report's columns.
    RELATIONS = ("participating_member_states", "supporting_partners")
    ROLE_PREFIX = "role_"

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.instance.follows_up_id:  # nothing earlier to follow up
            del self.fields["follow_up_status"], self.fields["follow_up_note"]
        if self.instance.cycle_id:
            # The states that were members in the cycle's year, and any already ticked (never dropped silently).
            ticked = self.instance.participating_member_states.all() if self.instance.pk else MemberState.objects.none()
            self.fields["participating_member_states"].queryset = MemberState.objects.filter(
                Q(pk__in=MemberState.objects.members_in(self.instance.cycle.year).values("pk")) | Q(pk__in=ticked.values("pk")))
        self._add_role_fields()
        for name in ActivityReport.NEEDED_FOR_SUBMISSION:
            if name in self.fields:
                self.fields[name].needed_for_submission = True
        self.indicator = _indicator_of(self.instance.activity) if self.instance.activity_id else None
        _keep_actual_fields(self, self.indicator, figure="indicator_figure", reached="indicator_reached",
                            evidence="indicator_evidence")

    def _add_role_fields(self):
        """A role (hosted, co-sponsored, attended) beside each Member State that can be ticked: what the
        state did counts only if it is ticked. One query for the states and the roles stored."""
        states = self.fields["participating_member_states"].queryset
        if self.instance.pk:
            states = states.annotate(stored_role=Subquery(Participation.objects.filter(
                activityreport=self.instance.pk, memberstate=OuterRef("pk")).values("role")[:1]))
        self.member_states = list(states)
        for state in self.member_states:
            self.fields[f"{self.ROLE_PREFIX}{state.pk}"] = forms.ChoiceField(
                choices=Participation.Role.choices, required=False,
                initial=getattr(state, "stored_role", None) or Participation.Role.ATTENDED,
                label=_("Role of %(state)s") % {"state": state.name},
            )

    def participation_rows(self):
        """(checkbox, role field) per Member State, in the order of the ticks, for the form's table."""
        boxes = {str(box.data["value"]): box for box in self["participating_member_states"]}
        return [(boxes[str(state.pk)], self[f"{self.ROLE_PREFIX}{state.pk}"]) for state in self.member_states
                if str(state.pk) in boxes]

    def participations(self):
        """The ticked Member States, each with its role: {MemberState: role}. A role left blank is attended."""
        return {state: self.cleaned_data.get(f"{self.ROLE_PREFIX}{state.pk}") or Participation.Role.ATTENDED
                for state in self.cleaned_data["participating_member_states"]}

    def report_fields(self):
        return {name: self.cleaned_data[name] for name in self.Meta.fields
                if name not in self.RELATIONS and name in self.fields}

    def _post_clean(self):
        # The model's own rules (dates in order and within the cycle, ActivityReport.clean) on what was
        # typed, on a copy: the instance is written only by the service, which validates the locked row.
        candidate = copy.copy(self.instance)
        fields = [name for name in self.Meta.fields if name in self.fields and name not in self.RELATIONS]
        construct_instance(self, candidate, fields=fields)
        for name in fields:
            if name in self._errors:
                setattr(candidate, name, None)  # judged on what was typed, not on the value it replaces
        try:
            candidate.clean()
        except ValidationError as error:
            self._update_errors(error)


def _indicator_of(owner):
    """The performance indicator of an activity or an output, or None."""
    return owner.indicator if hasattr(owner, "indicator") else None


def _keep_actual_fields(form, indicator, *, figure, reached, evidence=None):
    """Only the actual the indicator asks: a figure for a number or a percentage, reached or not for a
    yes/no or a milestone. Without an indicator, an output keeps its optional figure; an activity asks none."""
    if indicator is None:
        drop = [reached] + ([figure, evidence] if evidence else [])
    elif indicator.is_measured:
        drop = [reached]
        unit = " %" if indicator.kind == indicator.Kind.PERCENTAGE else (f" ({indicator.unit})" if indicator.unit else "")
        form.fields[figure].label = _("Actual value") + unit
        form.fields[figure].help_text = _("The indicator's actual for this cycle, from your body's activity.")
    else:
        drop = [figure]
        form.fields[reached].label = _("Milestone reached?") if indicator.kind == indicator.Kind.MILESTONE else _("Reached?")
    for name in drop:
        form.fields.pop(name, None)


class OutputAchievementForm(forms.ModelForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in OutputAchievement.NEEDED_FOR_SUBMISSION:
            self.fields[name].needed_for_submission = True
        self.indicator = _indicator_of(self.instance.output) if self.instance.output_id else None
        _keep_actual_fields(self, self.indicator, figure="figure", reached="reached")

    class Meta:
        model = OutputAchievement
        fields = ["level", "evidence", "figure", "reached"]
        widgets = {"evidence": forms.Textarea(attrs={"rows": 2})}
        labels = {"level": _("Achievement"), "evidence": _("Evidence"), "figure": _("Figure (optional)"),
                  "reached": _("Reached?")}

    def achievement_fields(self):
        return {name: self.cleaned_data[name] for name in self.Meta.fields if name in self.fields}


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


class BulkAcceptForm(BulkReviewForm):
    """The reports ticked in a plan's review queue: only that plan's submitted reports can be chosen."""

    def __init__(self, *args, plan, **kwargs):
        super().__init__(*args, queryset=ActivityReport.objects.with_matrix().filter(cycle__plan=plan), **kwargs)


class PublicPartsForm(forms.Form):
    """The text parts of an accepted report a co-chair publishes on the public pages; the rest stays restricted."""

    parts = forms.MultipleChoiceField(
        required=False, widget=forms.CheckboxSelectMultiple, choices=ActivityReport.text_part_choices,
        label=_("Parts of the report's text shown on the public pages"),
        help_text=_("Its dates, status, outputs' figures and indicator values are public once accepted; its text "
                    "only where ticked. Nothing of a draft, returned or submitted report is ever public."),
    )
