"""Amendments of a work plan's matrix: the MTF adjusting activities "according to political-security,
economic, and social situations" (Work Plan §IV) and setting or redirecting priorities (§III.b), as a
meeting decided. An amendment is prepared as a draft, line by line, and applied once adopted: all its
lines in one transaction, or none (steering.services.apply_amendment)."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Count, F, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from workplan.models import MEASURED_KINDS, IndicatorDirection, IndicatorKind


class AmendmentState(models.TextChoices):
    """A draft can be prepared before the meeting and applied after it; an applied amendment is history."""

    DRAFT = "draft", _("Draft")
    APPLIED = "applied", _("Applied")


class AmendmentQuerySet(models.QuerySet):
    def of_plan(self, plan):
        """The plan's amendments, newest first, with what their list shows, in one query."""
        return (self.filter(plan=plan).select_related("plan", "decision__meeting", "recorded_by", "applied_by")
                .annotate(change_count=Count("changes")).order_by("-takes_effect_on", "-pk"))

    def applied(self):
        return self.filter(state=AmendmentState.APPLIED)


def amendment_file_path(amendment, filename):
    return f"amendments/{amendment.plan.slug}/{filename}"


class Amendment(models.Model):
    """A change of a work plan's matrix decided by a meeting (or brought by a spreadsheet imported): its
    reason, the decision that adopted it, the day it takes effect, and its lines (AmendmentChange)."""

    State = AmendmentState

    plan = models.ForeignKey("workplan.Plan", on_delete=models.PROTECT, related_name="amendments",
                             limit_choices_to={"kind": "work_plan"})
    decision = models.ForeignKey(
        "meetings.Decision", on_delete=models.PROTECT, null=True, blank=True, related_name="amendments",
        verbose_name=_("decision that adopted it"),
        help_text=_("The meeting's decision adopting the amendment: asked for, though a draft may be prepared before the meeting."),
    )
    reason = models.TextField(_("reason"))
    takes_effect_on = models.DateField(_("takes effect on"), default=timezone.localdate)
    state = models.CharField(_("state"), max_length=8, choices=State.choices, default=State.DRAFT)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                    related_name="+", verbose_name=_("recorded by"))
    recorded_at = models.DateTimeField(_("recorded at"), default=timezone.now)
    applied_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                   related_name="+", verbose_name=_("applied by"))
    applied_at = models.DateTimeField(_("applied at"), null=True, blank=True)
    # The spreadsheet an import brought the amendment in (the matrix's import records itself as one).
    file = models.FileField(_("file"), upload_to=amendment_file_path, max_length=300, blank=True)
    file_name = models.CharField(_("file name"), max_length=255, blank=True)
    summary = models.CharField(_("what the import did"), max_length=200, blank=True)

    objects = AmendmentQuerySet.as_manager()

    class Meta:
        ordering = ["-takes_effect_on", "-pk"]
        constraints = [
            models.CheckConstraint(condition=Q(state__in=AmendmentState.values), name="amendment_state_valid"),
            models.CheckConstraint(
                condition=Q(state=AmendmentState.DRAFT, applied_at__isnull=True)
                | Q(state=AmendmentState.APPLIED, applied_at__isnull=False),
                name="amendment_applied_when_applied",
            ),
        ]

    def __str__(self):
        return f"Amendment {self.pk} of the {self.plan}"

    def get_absolute_url(self):
        return reverse("steering:amendment", kwargs={"plan": self.plan.slug, "pk": self.pk})

    @property
    def is_draft(self):
        return self.state == AmendmentState.DRAFT

    @property
    def history_reason(self):
        """What each historical row of the matrix it changes says of why: the amendment, its decision, its reason."""
        cited = f", {self.decision.meeting.title} decision {self.decision.position}" if self.decision_id else ""
        return f"Amendment {self.pk}{cited}: {self.reason}"


class ChangeKind(models.TextChoices):
    """What one line of an amendment does to the matrix."""

    ADD_ACTIVITY = "add_activity", _("Add an activity")
    REWORD_ACTIVITY = "reword_activity", _("Reword an activity")
    REWORD_OUTPUT = "reword_output", _("Reword an expected output")
    MOVE_ACTIVITY = "move_activity", _("Move an activity to another focus area")
    DROP_ACTIVITY = "drop_activity", _("Drop an activity")
    CHANGE_OUTPUTS = "change_outputs", _("Change the expected outputs")
    CHANGE_LEAD_BODIES = "change_lead_bodies", _("Change the lead bodies")
    MARK_PRIORITY = "mark_priority", _("Make an activity a priority")
    SET_INDICATOR = "set_indicator", _("Set or adjust an indicator")
    SET_TARGET = "set_target", _("Set or adjust a target")


# Which of a line's fields each kind needs (AmendmentChange.clean and the form both ask).
NEEDS = {
    ChangeKind.ADD_ACTIVITY: {"focus_area", "text"},
    ChangeKind.REWORD_ACTIVITY: {"activity", "text"},
    ChangeKind.REWORD_OUTPUT: {"output", "text"},
    ChangeKind.MOVE_ACTIVITY: {"activity", "focus_area"},
    ChangeKind.DROP_ACTIVITY: {"activity"},
    ChangeKind.CHANGE_OUTPUTS: {"activity", "outputs"},
    ChangeKind.CHANGE_LEAD_BODIES: {"activity"},
    ChangeKind.MARK_PRIORITY: {"activity", "priority_from", "priority_until"},
    # An indicator measures an expected output or the activity itself: one of the two (clean asks).
    ChangeKind.SET_INDICATOR: {"indicator_kind"},
    ChangeKind.SET_TARGET: set(),
}

# The kinds of line about a performance indicator, of an expected output or of the activity itself.
INDICATOR_KINDS = (ChangeKind.SET_INDICATOR, ChangeKind.SET_TARGET)


class AmendmentChange(models.Model):
    """One line of an amendment: an activity added (under a focus area, with its outputs and lead bodies),
    reworded, moved, dropped, given other outputs or lead bodies, or made a priority for some years; or
    an expected output reworded."""

    Kind = ChangeKind

    amendment = models.ForeignKey(Amendment, on_delete=models.CASCADE, related_name="changes")
    position = models.PositiveSmallIntegerField(_("line"))
    kind = models.CharField(_("change"), max_length=20, choices=Kind.choices)
    # The activity changed; for an added one, the activity it became once applied.
    activity = models.ForeignKey("workplan.Activity", on_delete=models.PROTECT, null=True, blank=True,
                                 related_name="amendment_changes", verbose_name=_("activity"))
    output = models.ForeignKey("workplan.Output", on_delete=models.SET_NULL, null=True, blank=True,
                               related_name="amendment_changes", verbose_name=_("expected output"))
    focus_area = models.ForeignKey("workplan.FocusArea", on_delete=models.PROTECT, null=True, blank=True,
                                   related_name="amendment_changes", verbose_name=_("focus area"))
    code = models.CharField(_("code"), max_length=16, blank=True,
                            help_text=_("For a new activity: empty for the next free code of its action line."))
    text = models.TextField(_("new wording"), blank=True)
    outputs = models.JSONField(_("expected outputs"), default=list, blank=True)
    lead_bodies = models.ManyToManyField("bodies.SectoralBody", blank=True, related_name="+",
                                         verbose_name=_("lead bodies"))
    priority_from = models.PositiveSmallIntegerField(_("a priority from"), null=True, blank=True)
    priority_until = models.PositiveSmallIntegerField(_("a priority until"), null=True, blank=True)
    # An indicator set or adjusted (its "what is measured", for the activity's own, is `text`).
    indicator_kind = models.CharField(_("kind of indicator"), max_length=12, choices=IndicatorKind.choices, blank=True)
    unit = models.CharField(_("unit"), max_length=60, blank=True, help_text=_("e.g. participants, Member States"))
    baseline = models.DecimalField(_("baseline value"), max_digits=12, decimal_places=2, null=True, blank=True)
    baseline_year = models.PositiveSmallIntegerField(_("baseline year"), null=True, blank=True)
    direction = models.CharField(_("direction"), max_length=8, choices=IndicatorDirection.choices, blank=True,
                                 help_text=_("For a number or a percentage only."))
    means_of_verification = models.CharField(_("means of verification"), max_length=300, blank=True)
    # A target set or adjusted (a milestone's words are `text`).
    target_year = models.PositiveSmallIntegerField(_("target year"), null=True, blank=True,
                                                   help_text=_("Empty: the plan's whole period."))
    target_value = models.DecimalField(_("target value"), max_digits=12, decimal_places=2, null=True, blank=True,
                                       help_text=_("For a number or a percentage."))
    # The words it replaced, kept when applied: the amendment's page says "old → new" ever after.
    old_text = models.TextField(_("wording replaced"), blank=True)

    class Meta:
        ordering = ["amendment_id", "position"]
        constraints = [
            models.CheckConstraint(condition=Q(kind__in=ChangeKind.values), name="amendment_change_kind_valid"),
            models.UniqueConstraint(fields=["amendment", "position"], name="unique_amendment_change_position"),
            models.CheckConstraint(
                condition=Q(priority_from__isnull=True) | Q(priority_until__isnull=True)
                | Q(priority_until__gte=F("priority_from")),
                name="amendment_change_priority_years_in_order",
            ),
        ]

    def __str__(self):
        return f"{self.position}. {self.get_kind_display()} {self.subject}".strip()

    @property
    def subject(self):
        if self.kind in INDICATOR_KINDS:
            return f"{self.output.activity.code}, output {self.output.position}" if self.output_id else (
                f"{self.activity.code} itself" if self.activity_id else "")
        if self.activity_id:
            return self.activity.code
        if self.output_id:
            return f"{self.output.activity.code}: {self.output.text[:40]}"
        return self.code

    def clean(self):
        needs = NEEDS.get(self.kind, set())
        errors = {}
        for name in needs:
            if name in ("activity", "output", "focus_area"):
                missing = getattr(self, f"{name}_id") is None
            else:
                value = getattr(self, name)
                missing = value is None or (isinstance(value, (str, list)) and not value)
            if missing:
                errors[name] = _("This change needs it.")
        if self.kind in INDICATOR_KINDS and (self.output_id is None) == (self.activity_id is None):
            errors["__all__"] = _("Pick the expected output the indicator measures, or the activity itself: one of the two.")
        plan_id = self.amendment.plan_id if self.amendment_id else None
        if plan_id:
            if self.activity_id and self.kind != ChangeKind.ADD_ACTIVITY and self.activity.plan_id != plan_id:
                errors["activity"] = _("This activity belongs to another plan.")
            if self.focus_area_id and self.focus_area.action_line.plan_id != plan_id:
                errors["focus_area"] = _("This focus area belongs to another plan.")
            if self.output_id and self.output.activity.plan_id != plan_id:
                errors["output"] = _("This expected output belongs to another plan.")
        if self.kind == ChangeKind.SET_INDICATOR:
            self._clean_indicator(errors)
        if errors:
            raise ValidationError(errors)

    def _clean_indicator(self, errors):
        """What the line itself shows wrong; the rest (a percentage over 100, a year outside the plan) is
        checked against the indicator as it is when the amendment is applied."""
        if self.indicator_kind and self.indicator_kind not in MEASURED_KINDS:
            if self.direction:
                errors["direction"] = _("A yes/no or a milestone has no direction: it is reached or not.")
            if self.baseline is not None:
                errors["baseline"] = _("A yes/no or a milestone has no baseline value.")
        if self.indicator_kind in MEASURED_KINDS and not self.direction:
            errors["direction"] = _("Say whether a higher or a lower value is better.")
        if self.activity_id and not self.output_id and not self.text.strip():
            errors["text"] = _("Say what the indicator of the activity measures.")

    @property
    def indicator_fields(self):
        """The indicator as the line sets it: the arguments of workplan.indicators.set_indicator."""
        fields = {"kind": self.indicator_kind, "unit": self.unit, "baseline": self.baseline,
                  "baseline_year": self.baseline_year, "direction": self.direction,
                  "means_of_verification": self.means_of_verification}
        if self.activity_id and not self.output_id:
            fields["text"] = self.text
        return fields

    @property
    def new_value(self):
        """What an indicator line sets, in words: the "new" of the amendment's "old → new"."""
        if self.kind == ChangeKind.SET_INDICATOR:
            return describe_indicator(text=self.text if not self.output_id else "", kind=self.indicator_kind,
                                      unit=self.unit, baseline=self.baseline, baseline_year=self.baseline_year,
                                      direction=self.direction, means_of_verification=self.means_of_verification)
        if self.kind == ChangeKind.SET_TARGET:
            return describe_target(year=self.target_year, value=self.target_value, milestone=self.text)
        return ""


def describe_target(*, year, value, milestone):
    """A target in words, for the amendment's "old → new" (the same words before and after)."""
    period = year or "the whole period"
    if value is not None:
        return f"{period}: {value.normalize():f}"
    return f"{period}: {milestone}" if milestone else f"{period}: yes"


def describe_indicator(*, text, kind, unit, baseline, baseline_year, direction, means_of_verification):
    """An indicator in one line, for the amendment's "old → new"."""
    parts = [text] if text else []
    parts.append(str(dict(IndicatorKind.choices).get(kind, kind)))
    if unit:
        parts.append(unit)
    if baseline is not None:
        parts.append(f"baseline {baseline.normalize():f} ({baseline_year})")
    if direction:
        parts.append(str(dict(IndicatorDirection.choices).get(direction, direction)).lower())
    if means_of_verification:
        parts.append(f"verified by {means_of_verification}")
    return ", ".join(parts)
