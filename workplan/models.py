from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Count, Exists, F, OuterRef, Prefetch, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords


def _matrix_history(**kwargs):
    """The history every part of the matrix keeps (steering: the plan as adopted beside the plan now): who,
    when and why, the why being the amendment that changed it or the file imported, which may be long."""
    return HistoricalRecords(history_change_reason_field=models.TextField(null=True), **kwargs)


def validate_one_line(value):
    """A name that goes into email subjects and page titles holds no line break of any kind: a mail
    header with one is refused by the mailer (header injection), so every email naming it would fail."""
    if len(value.splitlines()) > 1 or value.endswith(("\n", "\r", "\x0b", "\x0c", "\x85", "\u2028", "\u2029")):
        raise ValidationError(_("Write it on one line: no line breaks."), code="line_break")


def _plural(label):
    """ "priority area" → "priority areas", "area of cooperation" → "areas of cooperation"."""
    head, of, rest = label.partition(" of ")
    return f"{head}s{of}{rest}"


class PlanQuerySet(models.QuerySet):
    def work_plans(self):
        return self.filter(kind=Plan.Kind.WORK_PLAN)

    def plans_of_action(self):
        return self.filter(kind=Plan.Kind.PLAN_OF_ACTION)

    def with_sizes(self):
        """Each plan with how many areas, provisions and activities it holds, for the list of plans."""
        return self.select_related("implements", "succeeded_by").annotate(
            area_count=Count("priority_areas", distinct=True),
            provision_count=Count("action_lines", distinct=True),
            activity_count=Count("activities", distinct=True),
        )

    def default_work_plan(self):
        """The work plan a page opens on when nobody names one: the newest in force, else the newest."""
        return self.work_plans().order_by(
            models.Case(models.When(status=Plan.Status.IN_FORCE, then=0), default=1), "-start_year", "-pk"
        ).first()


class PlanKind(models.TextChoices):
    """A plan of action, or a work plan that implements one."""

    PLAN_OF_ACTION = "plan_of_action", _("Plan of action")
    WORK_PLAN = "work_plan", _("Work plan")


class PlanStatus(models.TextChoices):
    """Whether a plan is in force."""

    IN_FORCE = "in_force", _("In force")
    ENDED = "ended", _("Ended")


class Plan(models.Model):
    """A plan the tracker holds: a plan of action (an instrument such as the PoA PCRVE or the ACPoA on
    CT, with areas and numbered provisions that Member States report on), or a work plan that
    implements one (the Bali Work Plan, with its matrix of focus areas, indicative activities and
    expected outputs that the sectoral bodies report on)."""

    Kind = PlanKind

    Status = PlanStatus

    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices)
    title = models.CharField(_("title"), max_length=300)
    short_name = models.CharField(_("short name"), max_length=100)
    slug = models.SlugField(_("slug"), max_length=50, unique=True, help_text=_("Names the plan in its pages' addresses."))
    description = models.TextField(_("description"), blank=True)
    adopted_by = models.CharField(_("adopted by"), max_length=200, blank=True)
    adopted_on = models.DateField(_("adopted on"), null=True, blank=True)
    start_year = models.PositiveSmallIntegerField(_("first year"))
    end_year = models.PositiveSmallIntegerField(_("last year"), null=True, blank=True, help_text=_("Empty for a plan without an end date."))
    status = models.CharField(
        _("status"), max_length=8, choices=Status.choices, default=Status.IN_FORCE,
        help_text=_("An ended plan is read-only: no new reports and no import."),
    )
    implements = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="work_plans",
        limit_choices_to={"kind": Kind.PLAN_OF_ACTION}, verbose_name=_("implements"),
        help_text=_("For a work plan: the plan of action whose provisions its matrix implements."),
    )
    succeeded_by = models.OneToOneField(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="predecessor",
        verbose_name=_("succeeded by"),
    )
    # What the plan's own text calls its two levels: "priority area" and "action line" in the PoA PCRVE,
    # "area of cooperation" and "measure" in the ACPoA on CT.
    area_label = models.CharField(_("name of an area"), max_length=40, default="priority area")
    provision_label = models.CharField(_("name of a provision"), max_length=40, default="action line")

    objects = PlanQuerySet.as_manager()

    class Meta:
        ordering = ["start_year", "pk"]
        constraints = [
            models.CheckConstraint(condition=Q(kind__in=PlanKind.values), name="plan_kind_valid"),
            models.CheckConstraint(condition=Q(status__in=PlanStatus.values), name="plan_status_valid"),
            models.CheckConstraint(
                condition=Q(end_year__isnull=True) | Q(end_year__gte=models.F("start_year")), name="plan_years_in_order"
            ),
            models.CheckConstraint(
                condition=Q(implements__isnull=True) | Q(kind="work_plan"), name="plan_only_work_plans_implement"
            ),
        ]

    def __str__(self):
        return self.short_name

    def get_absolute_url(self):
        return reverse("workplan:plan", kwargs={"plan": self.slug})

    def clean(self):
        errors = {}
        for name in ("title", "short_name"):
            try:
                validate_one_line(getattr(self, name))
            except ValidationError as error:
                errors[name] = error.messages
        if self.implements_id and self.implements.kind != self.Kind.PLAN_OF_ACTION:
            errors["implements"] = _("A work plan implements a plan of action, not another work plan.")
        if self.succeeded_by_id and self.succeeded_by_id == self.pk:
            errors["succeeded_by"] = _("A plan cannot succeed itself.")
        if errors:
            raise ValidationError(errors)

    @property
    def is_work_plan(self):
        return self.kind == self.Kind.WORK_PLAN

    @property
    def area_label_plural(self):
        return _plural(self.area_label)

    @property
    def provision_label_plural(self):
        return _plural(self.provision_label)

    @property
    def is_ended(self):
        """An ended plan is kept as it was: no new report, no import (see `Plan.Status`)."""
        return self.status == self.Status.ENDED

    def has_ended(self, today=None):
        """Whether the plan is over: marked ended, or past its last year. A plan past its last year that
        is still in force (its last cycle taking reports) has ended all the same on its pages; only
        `is_ended` (marked by an administrator) makes it read-only."""
        today = today or timezone.localdate()
        return self.is_ended or (self.end_year is not None and today.year > self.end_year)

    def status_label(self, today=None):
        """The plan's status as its pages and lists say it: "Ended in 2025" once it has ended."""
        if not self.has_ended(today):
            return self.get_status_display()
        return _("Ended in %(year)s") % {"year": self.end_year} if self.end_year else self.Status.ENDED.label

    def status_on(self, today=None):
        """The status value a page styles the plan by (`plan-in_force`, `plan-ended`)."""
        return self.Status.ENDED if self.has_ended(today) else self.status

    @property
    def period(self):
        return f"{self.start_year}–{self.end_year}" if self.end_year else f"since {self.start_year}"

    @property
    def years(self):
        return range(self.start_year, (self.end_year or timezone.localdate().year) + 1)


class PriorityArea(models.Model):
    """An area of a plan: one of the four priority areas of the PoA PCRVE (e.g. "1. Prevention of
    Radicalisation and Violent Extremism"), which the Bali Work Plan's matrix repeats, or an area of
    cooperation of the ACPoA on CT (3–19)."""

    plan = models.ForeignKey(Plan, on_delete=models.PROTECT, related_name="priority_areas")
    number = models.PositiveSmallIntegerField(_("number"))
    title = models.CharField(_("title"), max_length=500)
    description = models.TextField(_("description"), blank=True, help_text=_("As the plan defines it."))

    class Meta:
        ordering = ["plan_id", "number"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "number"], name="unique_priority_area_number"),
        ]

    def __str__(self):
        # "N. title": how the matrix, the dashboard, the exports and the annual report name an area.
        return f"{self.number}. {self.title}"


class ActionLineQuerySet(models.QuerySet):
    def with_bodies(self):
        return self.select_related("plan", "priority_area").prefetch_related("relevant_bodies")


class ActionLine(models.Model):
    """A numbered provision of a plan: an action line of the PoA PCRVE (1.1–4.4), a measure of the
    ACPoA on CT (3.1–19.3), or, in a work plan, the line of its matrix (the column "PoA Priority
    Areas") that restates the provision it implements, with the matrix's own wording and relevant
    bodies, and the focus areas and activities under it."""

    # The plan is its priority area's; kept here too so that the database holds a number unique within
    # a plan, and a page finds `/plans/<plan>/<number>/` without a join.
    plan = models.ForeignKey(Plan, on_delete=models.PROTECT, related_name="action_lines")
    priority_area = models.ForeignKey(PriorityArea, on_delete=models.PROTECT, related_name="action_lines")
    number = models.CharField(_("number"), max_length=8)  # "1.10": ordered by `position`, not text
    position = models.PositiveSmallIntegerField(_("position within the priority area"))
    text = models.TextField(_("text"), help_text=_("The provision as its plan of action words it."))
    matrix_text = models.TextField(
        _("text in the matrix"),
        blank=True,
        help_text=_("In a work plan: the line as the matrix prints it, which differs in places from the plan of action."),
    )
    implements = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="implemented_by",
        verbose_name=_("implements"),
        help_text=_("In a work plan: the provision of the plan of action that this line of the matrix implements."),
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

    history = _matrix_history()
    objects = ActionLineQuerySet.as_manager()

    class Meta:
        ordering = ["plan_id", "priority_area__number", "position"]
        constraints = [
            models.UniqueConstraint(fields=["priority_area", "position"], name="unique_action_line_position"),
            models.UniqueConstraint(fields=["plan", "number"], name="unique_action_line_number_in_plan"),
        ]

    def __str__(self):
        return f"{self.number} {self.text[:60]}"

    def save(self, *args, **kwargs):
        if self.plan_id is None and self.priority_area_id:
            self.plan_id = self.priority_area.plan_id
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("workplan:action_line", kwargs={"plan": self.plan.slug, "number": self.number})

    def clean(self):
        if self.priority_area_id and self.plan_id and self.priority_area.plan_id != self.plan_id:
            raise ValidationError({"priority_area": _("This area belongs to another plan.")})

    @property
    def matrix_wording_differs(self):
        """True where the matrix words the line differently from the Plan of Action, beyond the final punctuation.
        A plan of action's own provisions have no matrix wording at all."""
        if not self.matrix_text:
            return False

        def core(text):
            return text.rstrip(" ;.").removesuffix("; and").rstrip(" ;.")

        return core(self.matrix_text) != core(self.text)


class FocusArea(models.Model):
    """A "Focus Area of Activities" of an action line: a merged cell of the matrix spanning its activities."""

    action_line = models.ForeignKey(ActionLine, on_delete=models.PROTECT, related_name="focus_areas")
    position = models.PositiveSmallIntegerField(_("position within the action line"))
    text = models.TextField(_("text"))
    note = models.TextField(_("editorial note"), blank=True, help_text=_("How an irregular cell of the source was read."))

    history = _matrix_history()

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
        return self.select_related("plan", "focus_area__action_line__priority_area", "focus_area__action_line__plan").prefetch_related(
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

    def in_force(self, on=None):
        """The activities not dropped by `on` (today by default): those the matrix shows and reports are expected on."""
        return self.filter(Q(dropped_on__isnull=True) | Q(dropped_on__gt=on or timezone.localdate()))

    def in_matrix_order(self):
        return self.order_by(
            "plan_id",
            "focus_area__action_line__priority_area__number",
            "focus_area__action_line__position",
            "focus_area__position",
            "position",
        )


class Activity(models.Model):
    """An "Indicative Activity" of a focus area, with its expected outputs and lead bodies."""

    # The work plan of its focus area's line, kept here too so that the code is unique within the plan
    # in the database, and a plan's activities are found without four joins.
    plan = models.ForeignKey(Plan, on_delete=models.PROTECT, related_name="activities")
    focus_area = models.ForeignKey(FocusArea, on_delete=models.PROTECT, related_name="activities")
    position = models.PositiveSmallIntegerField(_("position within the focus area"))
    code = models.CharField(
        _("code"),
        max_length=16,
        help_text=_("Stable reference within the plan: the action line and the activity's number within it, e.g. 1.2.3."),
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
    # Never deleted once adopted (reports hang on it): the MTF drops it (Work Plan §IV), and from that day it
    # leaves the matrix and the reports expected.
    dropped_on = models.DateField(_("dropped on"), null=True, blank=True)
    # The MTF sets and redirects priorities (§III.b): the years, first to last, it gave this activity priority.
    priority_from = models.PositiveSmallIntegerField(_("a priority from"), null=True, blank=True)
    priority_until = models.PositiveSmallIntegerField(_("a priority until"), null=True, blank=True)

    history = _matrix_history(m2m_fields=[lead_bodies])
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
            models.UniqueConstraint(fields=["plan", "code"], name="unique_activity_code_in_plan"),
            models.CheckConstraint(
                condition=Q(priority_from__isnull=True, priority_until__isnull=True)
                | Q(priority_from__isnull=False, priority_until__gte=F("priority_from")),
                name="activity_priority_years_in_order",
            ),
        ]

    def __str__(self):
        return f"{self.code} {self.text[:60]}"

    def save(self, *args, **kwargs):
        if self.plan_id is None and self.focus_area_id:
            self.plan_id = self.focus_area.action_line.plan_id
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("workplan:activity", kwargs={"plan": self.plan.slug, "code": self.code})

    @property
    def action_line(self):
        return self.focus_area.action_line

    def is_dropped(self, on=None):
        """Dropped by the MTF by `on` (today by default): out of the matrix and of the reports expected."""
        return self.dropped_on is not None and self.dropped_on <= (on or timezone.localdate())

    @property
    def priority_period(self):
        if self.priority_from is None:
            return ""
        if self.priority_from == self.priority_until:
            return str(self.priority_from)
        return f"{self.priority_from}–{self.priority_until}"

    def wording(self):
        """The words a report is made against: the code, the text and the expected outputs' texts."""
        return {"code": self.code, "text": self.text, "outputs": [output.text for output in self.outputs.all()]}


class OutputQuerySet(models.QuerySet):
    def with_reported(self):
        """Each output with `is_reported`: whether a report has a line on it (which then keeps it)."""
        achievements = self.model._meta.get_field("achievements").related_model
        return self.annotate(is_reported=Exists(achievements.objects.filter(output=OuterRef("pk"))))


class Output(models.Model):
    """An "Expected Output" of an activity: the performance indicator the M&E measures it against."""

    activity = models.ForeignKey(Activity, on_delete=models.PROTECT, related_name="outputs")
    position = models.PositiveSmallIntegerField(_("position within the activity"))
    text = models.TextField(_("text"))

    history = _matrix_history()
    objects = OutputQuerySet.as_manager()

    class Meta:
        ordering = ["activity_id", "position"]
        constraints = [
            models.UniqueConstraint(fields=["activity", "position"], name="unique_output_position"),
        ]

    def __str__(self):
        return self.text[:80]


class ImportJobState(models.TextChoices):
    QUEUED = "queued", _("Queued")
    RUNNING = "running", _("Being imported")
    DONE = "done", _("Imported")
    FAILED = "failed", _("Not imported")


class MatrixImportJob(models.Model):
    """A confirmed import of a large spreadsheet, written by the worker rather than inside the request:
    which previewed file, into which plan, and then what it did (or why it wrote nothing)."""

    State = ImportJobState

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="import_jobs")
    filename = models.CharField(_("file"), max_length=255)
    token = models.CharField(max_length=32)  # names the previewed upload in workplan.previews
    rows = models.PositiveIntegerField(_("rows"))
    state = models.CharField(_("state"), max_length=10, choices=State.choices, default=State.QUEUED)
    totals = models.JSONField(_("rows new, updated, unchanged"), default=dict, blank=True)
    errors = models.JSONField(_("why nothing was imported"), default=list, blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    requested_by = models.ForeignKey("auth.User", on_delete=models.SET_NULL, null=True, related_name="+")
    requested_at = models.DateTimeField(_("confirmed at"), default=timezone.now)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)

    class Meta:
        ordering = ["-requested_at"]
        constraints = [
            models.CheckConstraint(condition=Q(state__in=ImportJobState.values), name="matrix_import_job_state_valid"),
            models.UniqueConstraint(fields=["token"], name="unique_matrix_import_job_token"),
        ]

    def __str__(self):
        return f"{self.filename} into the {self.plan} ({self.get_state_display()})"

    @property
    def is_pending(self):
        return self.state in (ImportJobState.QUEUED, ImportJobState.RUNNING)
