from django.db import models
from django.db.models import Exists, OuterRef, Prefetch, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _


class WorkPlan(models.Model):
    """The Bali Work Plan itself: the implementation framework of the ASEAN PoA PCRVE, 2019–2025."""

    title = models.CharField(_("title"), max_length=300)
    short_title = models.CharField(_("short title"), max_length=100)
    start_year = models.PositiveSmallIntegerField(_("first year"))
    end_year = models.PositiveSmallIntegerField(_("last year"))
    adopted_by = models.CharField(_("adopted by"), max_length=200)
    adopted_on = models.DateField(_("adopted on"))

    class Meta:
        constraints = [
            models.CheckConstraint(condition=Q(end_year__gte=models.F("start_year")), name="work_plan_years_in_order"),
        ]

    def __str__(self):
        return self.short_title

    @property
    def years(self):
        return range(self.start_year, self.end_year + 1)


class PriorityArea(models.Model):
    """One of the four priority areas of the PoA (e.g. "1. Prevention of Radicalisation and Violent Extremism")."""

    work_plan = models.ForeignKey(WorkPlan, on_delete=models.PROTECT, related_name="priority_areas")
    number = models.PositiveSmallIntegerField(_("number"))
    title = models.CharField(_("title"), max_length=300)
    description = models.TextField(_("description"), blank=True, help_text=_("As section II of the Work Plan defines it."))

    class Meta:
        ordering = ["number"]
        constraints = [
            models.UniqueConstraint(fields=["work_plan", "number"], name="unique_priority_area_number"),
        ]

    def __str__(self):
        return f"{self.number}. {self.title}"


class ActionLineQuerySet(models.QuerySet):
    def with_bodies(self):
        return self.select_related("priority_area").prefetch_related("relevant_bodies")


class ActionLine(models.Model):
    """One numbered line of the Plan of Action (1.1–4.4): the matrix column "PoA Priority Areas"."""

    priority_area = models.ForeignKey(PriorityArea, on_delete=models.PROTECT, related_name="action_lines")
    number = models.CharField(_("number"), max_length=8, unique=True)  # "1.10": ordered by `position`, not text
    position = models.PositiveSmallIntegerField(_("position within the priority area"))
    text = models.TextField(_("text"), help_text=_("The action line as the Plan of Action words it."))
    matrix_text = models.TextField(
        _("text in the matrix"),
        help_text=_("The action line as the Work Plan's matrix prints it, which differs in places from the Plan of Action."),
    )
    relevant_bodies = models.ManyToManyField(
        "bodies.SectoralBody",
        related_name="relevant_action_lines",
        blank=True,
        verbose_name=_("relevant ASEAN bodies/organs/entities"),
    )
    relevant_bodies_note = models.TextField(
        _("note on the relevant bodies"),
        blank=True,
        help_text=_("What the matrix prints in this cell that is not one of the listed bodies, and how it was read."),
    )

    objects = ActionLineQuerySet.as_manager()

    class Meta:
        ordering = ["priority_area__number", "position"]
        constraints = [
            models.UniqueConstraint(fields=["priority_area", "position"], name="unique_action_line_position"),
        ]

    def __str__(self):
        return f"{self.number} {self.text[:60]}"

    def get_absolute_url(self):
        return reverse("workplan:action_line", kwargs={"number": self.number})

    @property
    def matrix_wording_differs(self):
        """True where the matrix words the line differently from the Plan of Action, beyond the final punctuation."""
        def core(text):
            return text.rstrip(" ;.").removesuffix("; and").rstrip(" ;.")

        return core(self.matrix_text) != core(self.text)


class FocusArea(models.Model):
    """A "Focus Area of Activities" of an action line: a merged cell of the matrix spanning its activities."""

    action_line = models.ForeignKey(ActionLine, on_delete=models.PROTECT, related_name="focus_areas")
    position = models.PositiveSmallIntegerField(_("position within the action line"))
    text = models.TextField(_("text"))
    note = models.TextField(_("editorial note"), blank=True, help_text=_("How an irregular cell of the source was read."))

    class Meta:
        ordering = ["action_line__priority_area__number", "action_line__position", "position"]
        constraints = [
            models.UniqueConstraint(fields=["action_line", "position"], name="unique_focus_area_position"),
        ]

    def __str__(self):
        return f"{self.action_line.number} / {self.position}: {self.text[:60]}"


class ActivityQuerySet(models.QuerySet):
    def with_matrix(self):
        """Everything a page needs to show activities as the matrix reads, in a fixed number of queries."""
        return self.select_related("focus_area__action_line__priority_area").prefetch_related(
            "lead_bodies",
            "outputs",
            Prefetch("focus_area__action_line__relevant_bodies"),
        )

    def concerning(self, bodies):
        """Activities the bodies lead, or that sit under an action line the bodies are relevant to.

        Through EXISTS rather than joins, so that no activity is repeated and no DISTINCT is needed:
        the list can then be ordered by the matrix and paginated by the database.
        """
        leads = Activity.lead_bodies.through.objects.filter(activity=OuterRef("pk"), sectoralbody__in=bodies)
        relevant = ActionLine.relevant_bodies.through.objects.filter(
            actionline=OuterRef("focus_area__action_line"), sectoralbody__in=bodies
        )
        return self.filter(Exists(leads) | Exists(relevant))

    def in_matrix_order(self):
        return self.order_by(
            "focus_area__action_line__priority_area__number",
            "focus_area__action_line__position",
            "focus_area__position",
            "position",
        )


class Activity(models.Model):
    """An "Indicative Activity" of a focus area, with its expected outputs and lead bodies."""

    focus_area = models.ForeignKey(FocusArea, on_delete=models.PROTECT, related_name="activities")
    position = models.PositiveSmallIntegerField(_("position within the focus area"))
    code = models.CharField(
        _("code"),
        max_length=16,
        unique=True,
        help_text=_("Stable reference: the action line and the activity's number within it, e.g. 1.2.3."),
    )
    text = models.TextField(_("text"), blank=True)
    lead_bodies = models.ManyToManyField(
        "bodies.SectoralBody",
        related_name="led_activities",
        blank=True,
        verbose_name=_("lead sectoral bodies/organs/entities"),
    )
    lead_bodies_note = models.TextField(
        _("note on the lead bodies"),
        blank=True,
        help_text=_("What the matrix prints in this cell that is not one of the listed bodies, and how it was read."),
    )
    note = models.TextField(_("editorial note"), blank=True, help_text=_("How an irregular row of the source was read."))

    objects = ActivityQuerySet.as_manager()

    class Meta:
        verbose_name_plural = _("activities")
        ordering = [
            "focus_area__action_line__priority_area__number",
            "focus_area__action_line__position",
            "focus_area__position",
            "position",
        ]
        constraints = [
            models.UniqueConstraint(fields=["focus_area", "position"], name="unique_activity_position"),
        ]

    def __str__(self):
        return f"{self.code} {self.text[:60]}"

    def get_absolute_url(self):
        return reverse("workplan:activity", kwargs={"code": self.code})

    @property
    def action_line(self):
        return self.focus_area.action_line


class Output(models.Model):
    """An "Expected Output" of an activity: the performance indicator the M&E measures it against."""

    activity = models.ForeignKey(Activity, on_delete=models.PROTECT, related_name="outputs")
    position = models.PositiveSmallIntegerField(_("position within the activity"))
    text = models.TextField(_("text"))

    class Meta:
        ordering = ["activity_id", "position"]
        constraints = [
            models.UniqueConstraint(fields=["activity", "position"], name="unique_output_position"),
        ]

    def __str__(self):
        return self.text[:80]
