"""The forms of an amendment: its heading (reason, decision, date) and its lines, with searchable pickers.

A picker is a search box and the matches as radio buttons, found on the server: the person searches by
code or words ("Search" re-shows the form with the matches), then picks one; no id is ever typed, and
the page needs no script. The value posted is checked against everything the plan allows, not only
against the matches shown."""

import re

from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from bodies.models import SectoralBody
from meetings.models import Decision
from workplan.models import Activity, FocusArea, Output

from .models import INDICATOR_KINDS, NEEDS, AmendmentChange, ChangeKind

MATCHES_SHOWN = 12


def _activity_label(activity):
    return f"{activity.code} {activity.text[:120]}"


def _focus_area_label(area):
    return f"{area.action_line.number} / {area.position}: {area.text[:120]}"


def _output_label(output):
    return f"{output.activity.code}, output {output.position}: {output.text[:120]}"


def _decision_label(decision):
    return f"{decision.meeting.title} ({decision.meeting.held_on:%-d %b %Y}), decision {decision.position}: {decision.text[:120]}"


# name → (queryset of the plan, search by the words typed, label)
def _pickers(plan):
    return {
        "activity": (
            Activity.objects.in_force().filter(plan=plan).in_matrix_order(),
            lambda q: Q(code__startswith=q) | Q(text__icontains=q),
            _activity_label,
        ),
        "focus_area": (
            FocusArea.objects.filter(action_line__plan=plan).select_related("action_line"),
            lambda q: Q(action_line__number=q) | Q(text__icontains=q),
            _focus_area_label,
        ),
        "output": (
            Output.objects.filter(activity__plan=plan, activity__dropped_on__isnull=True).select_related("activity")
            .order_by("activity__code", "position"),
            lambda q: Q(activity__code__startswith=q) | Q(text__icontains=q),
            _output_label,
        ),
        "decision": (
            Decision.objects.select_related("meeting"),
            lambda q: Q(meeting__title__icontains=q) | Q(text__icontains=q),
            _decision_label,
        ),
    }


class PickerMixin:
    """Gives each picked field (`picked`) a search box `<name>_q` and, as its radio buttons, the matches of
    the words in it (or the first ones), plus the one already chosen."""

    picked = ()

    def set_up_pickers(self, plan, queries):
        pickers = _pickers(plan)
        for name in self.picked:
            if name not in self.fields:
                continue
            queryset, search, label = pickers[name]
            field = self.fields[name]
            field.queryset = queryset
            field.label_from_instance = label
            words = (queries.get(f"{name}_q") or "").strip()[:100]
            matches = list(queryset.filter(search(words))[:MATCHES_SHOWN] if words else queryset[:MATCHES_SHOWN])
            chosen = str(queries.get(name) or self.initial.get(name) or "")
            # Only a key as the database holds one: junk ("²", 40 digits) is no choice, never an error.
            if re.fullmatch(r"[0-9]{1,18}", chosen) and all(str(obj.pk) != chosen for obj in matches):
                matches = list(queryset.filter(pk=chosen)) + matches
            field.widget.choices = [(obj.pk, label(obj)) for obj in matches]
            field.search_words = words
            field.search_name = f"{name}_q"
            field.no_match = bool(words) and not matches


class AmendmentForm(PickerMixin, forms.Form):
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 3}), max_length=5000,
                             help_text=_("Why the MTF adjusts the plan: the situation, the decision's words."))
    # ISO, the only format a browser's date field reads.
    takes_effect_on = forms.DateField(label=_("Takes effect on"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))
    decision = forms.ModelChoiceField(
        label=_("Decision that adopted it"), queryset=Decision.objects.none(), required=False, widget=forms.RadioSelect,
        help_text=_("Search the decisions by the meeting's title or the decision's words. A draft may wait for the meeting."),
    )
    picked = ("decision",)

    def __init__(self, *args, plan, queries=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.set_up_pickers(plan, queries if queries is not None else self.data)


class ChangeForm(PickerMixin, forms.ModelForm):
    """One line of an amendment, of the kind chosen: only the fields that kind needs."""

    outputs = forms.CharField(
        label=_("Expected outputs"), required=False, widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("One per line, in order."),
    )
    picked = ("activity", "output", "focus_area")

    class Meta:
        model = AmendmentChange
        fields = ["activity", "output", "focus_area", "code", "text", "outputs", "lead_bodies", "priority_from", "priority_until",
                  "indicator_kind", "unit", "baseline", "baseline_year", "direction", "means_of_verification",
                  "target_year", "target_value"]
        widgets = {
            "activity": forms.RadioSelect, "output": forms.RadioSelect, "focus_area": forms.RadioSelect,
            "lead_bodies": forms.CheckboxSelectMultiple, "text": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, plan, kind, queries=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.kind = kind
        wanted = set(NEEDS[kind])
        if kind == ChangeKind.ADD_ACTIVITY:
            wanted |= {"code", "outputs", "lead_bodies"}
        if kind == ChangeKind.CHANGE_LEAD_BODIES:
            wanted |= {"lead_bodies"}
        if kind in INDICATOR_KINDS:
            # Of an expected output or of the activity itself: both pickers, one to be chosen (the model's clean).
            wanted |= {"output", "activity", "text"}
        if kind == ChangeKind.SET_INDICATOR:
            wanted |= {"unit", "baseline", "baseline_year", "direction", "means_of_verification"}
        if kind == ChangeKind.SET_TARGET:
            wanted |= {"target_year", "target_value"}
        for name in list(self.fields):
            if name not in wanted:
                del self.fields[name]
        for name in NEEDS[kind]:
            self.fields[name].required = True
        if "lead_bodies" in self.fields:
            self.fields["lead_bodies"].queryset = SectoralBody.objects.order_by("position")
            self.fields["lead_bodies"].label_from_instance = lambda body: f"{body.abbreviation}"
        if "focus_area" in self.fields:
            self.fields["focus_area"].label = _("Under the focus area") if kind == ChangeKind.ADD_ACTIVITY else _("To the focus area")
        if "text" in self.fields:
            self.fields["text"].label = _("Wording") if kind == ChangeKind.ADD_ACTIVITY else _("New wording")
        if kind in INDICATOR_KINDS:
            self.fields["output"].label = _("The expected output measured")
            self.fields["activity"].label = _("Or the activity itself")
            self.order_fields(["output", "activity", "indicator_kind", "text", "target_year", "target_value"])
            self.fields["text"].required = False
            self.fields["text"].widget = forms.TextInput()
            self.fields["text"].label = _("What is measured") if kind == ChangeKind.SET_INDICATOR else _("Milestone")
            self.fields["text"].help_text = (
                _("For an indicator of the activity itself.") if kind == ChangeKind.SET_INDICATOR
                else _("For a milestone: what is to be reached."))
        if kind == ChangeKind.SET_TARGET:
            years = plan.years
            self.fields["target_year"] = forms.TypedChoiceField(
                label=_("Year"), coerce=int, empty_value=None, required=False,
                choices=[("", _("The plan's whole period"))] + [(year, year) for year in years])
        self.set_up_pickers(plan, queries if queries is not None else self.data)

    def clean_outputs(self):
        return [line.strip() for line in self.cleaned_data.get("outputs", "").splitlines() if line.strip()]

    def _post_clean(self):
        self.instance.kind = self.kind
        super()._post_clean()
