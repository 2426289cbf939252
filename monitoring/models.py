import datetime
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Count, F, Max, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from bodies.models import Membership
from workplan.models import Activity

from . import roles


class ReportingCycleQuerySet(models.QuerySet):
    def current(self):
        """The cycle staff report in now: the latest open one, else the latest one."""
        return current_of(self.order_by("year"))

    def with_report_changes(self):
        """Each cycle with how many reports it has and when one of them last changed: together, a
        fingerprint of its reports that any save, addition or deletion alters (see dashboard/cache.py)."""
        return self.annotate(report_count=Count("reports"), reports_changed=Max("reports__updated_at"))


def current_of(cycles):
    """Among `cycles`, oldest first, the one staff report in now: the latest open one, else the latest one."""
    cycles = list(cycles)
    open_cycles = [cycle for cycle in cycles if cycle.is_open]
    return (open_cycles or cycles or [None])[-1]


class ReportingCycle(models.Model):
    """One year of a plan's annual reporting: for the Bali Work Plan, the annual monitoring and
    evaluation of section IV, 2019 to 2025. A year is unique within its plan only."""

    class State(models.TextChoices):
        OPEN = "open", _("Open")
        CLOSED = "closed", _("Closed")

    plan = models.ForeignKey("workplan.Plan", on_delete=models.PROTECT, related_name="cycles")
    year = models.PositiveSmallIntegerField(_("year"))
    opens_on = models.DateField(_("opens on"))
    deadline = models.DateField(_("deadline"))
    state = models.CharField(_("state"), max_length=8, choices=State.choices, default=State.OPEN)

    objects = ReportingCycleQuerySet.as_manager()

    class Meta:
        ordering = ["plan_id", "-year"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "year"], name="unique_reporting_cycle_year_in_plan"),
            models.CheckConstraint(condition=Q(state__in=["open", "closed"]), name="reporting_cycle_state_valid"),
            models.CheckConstraint(condition=Q(deadline__gte=F("opens_on")), name="reporting_cycle_dates_in_order"),
            models.CheckConstraint(condition=Q(year__gte=2000, year__lte=2100), name="reporting_cycle_year_plausible"),
        ]

    def __str__(self):
        return f"{self.year} reporting cycle"

    @property
    def is_open(self):
        return self.state == self.State.OPEN

    def is_past_deadline(self, today=None):
        return (today or timezone.localdate()) > self.deadline

    def allows_date(self, date):
        """Activities of a cycle happen in its year; a little slack either side for events that straddle it."""
        return datetime.date(self.year - 1, 7, 1) <= date <= datetime.date(self.year + 1, 6, 30)


class ActivityReportQuerySet(models.QuerySet):
    def visible_to(self, user):
        if not user.is_authenticated:
            return self.none()
        if roles.can_see_all_reports(user) or roles.is_administrator(user):
            return self
        return self.filter(implementing_body__in=Membership.objects.body_ids_of(user))

    def with_matrix(self):
        return self.select_related(
            "cycle__plan", "implementing_body", "activity__plan", "activity__focus_area__action_line__priority_area",
            "activity__focus_area__action_line__plan",
        ).prefetch_related("activity__lead_bodies")


class ActivityReport(models.Model):
    """The annual M&E report of one implementing body on one indicative activity, in the format of section IV."""

    class State(models.TextChoices):
        DRAFT = "draft", _("Draft")
        SUBMITTED = "submitted", _("Submitted")
        RETURNED = "returned", _("Returned")
        ACCEPTED = "accepted", _("Accepted")

    class Status(models.TextChoices):
        NOT_STARTED = "not_started", _("Not started")
        PLANNED = "planned", _("Planned")
        ONGOING = "ongoing", _("Ongoing")
        COMPLETED = "completed", _("Completed")
        CANCELLED = "cancelled", _("Cancelled")

    class Modality(models.TextChoices):
        IN_PERSON = "in_person", _("In person")
        VIRTUAL = "virtual", _("Virtual")
        HYBRID = "hybrid", _("Hybrid")

    activity = models.ForeignKey(Activity, on_delete=models.PROTECT, related_name="reports")
    cycle = models.ForeignKey(ReportingCycle, on_delete=models.PROTECT, related_name="reports")
    implementing_body = models.ForeignKey(
        "bodies.SectoralBody", on_delete=models.PROTECT, related_name="reports", verbose_name=_("implementing body")
    )
    state = models.CharField(_("state"), max_length=10, choices=State.choices, default=State.DRAFT)
    implementation_status = models.CharField(
        _("status of implementation"), max_length=12, choices=Status.choices, default=Status.NOT_STARTED
    )
    start_date = models.DateField(_("organised from"), null=True, blank=True)
    end_date = models.DateField(_("organised until"), null=True, blank=True)
    participating_member_states = models.ManyToManyField(
        "bodies.MemberState", blank=True, related_name="reports", verbose_name=_("participating Member States")
    )
    modality = models.CharField(_("modality"), max_length=10, choices=Modality.choices, blank=True)
    venue = models.CharField(_("venue"), max_length=200, blank=True)
    partners = models.TextField(_("partners"), blank=True)
    dialogue_partner_support = models.TextField(_("dialogue-partner support"), blank=True)
    assessment = models.TextField(_("assessment"), blank=True)
    recommendations = models.TextField(_("recommendations"), blank=True)
    challenges = models.TextField(_("challenges"), blank=True)
    # Optimistic locking: every save bumps it; a save made from an older version is refused.
    version = models.PositiveIntegerField(default=1)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    submitted_at = models.DateTimeField(null=True, blank=True)

    history = HistoricalRecords(m2m_fields=[participating_member_states])
    objects = ActivityReportQuerySet.as_manager()

    class Meta:
        ordering = ["-cycle__year", "activity__code", "implementing_body__position"]
        permissions = [
            ("view_all_activityreports", "Can read the reports of every body"),
            ("review_activityreport", "Can accept or return submitted reports"),
        ]
        constraints = [
            models.UniqueConstraint(fields=["activity", "cycle", "implementing_body"], name="unique_activity_report"),
            models.CheckConstraint(
                condition=Q(state__in=["draft", "submitted", "returned", "accepted"]), name="activity_report_state_valid"
            ),
            models.CheckConstraint(
                condition=Q(implementation_status__in=["not_started", "planned", "ongoing", "completed", "cancelled"]),
                name="activity_report_status_valid",
            ),
            models.CheckConstraint(
                condition=Q(modality__in=["", "in_person", "virtual", "hybrid"]), name="activity_report_modality_valid"
            ),
            models.CheckConstraint(
                condition=Q(start_date__isnull=True) | Q(end_date__isnull=True) | Q(end_date__gte=F("start_date")),
                name="activity_report_dates_in_order",
            ),
        ]

    def __str__(self):
        return f"{self.activity.code} · {self.implementing_body} · {self.cycle.year}"

    def get_absolute_url(self):
        return reverse("monitoring:report", kwargs={"pk": self.pk})

    def clean(self):
        errors = {}
        if self.start_date and self.end_date and self.end_date < self.start_date:
            errors["end_date"] = _("The activity cannot end before it starts.")
        for field in ("start_date", "end_date"):
            date = getattr(self, field)
            if date and self.cycle_id and not self.cycle.allows_date(date):
                errors.setdefault(
                    field,
                    _("%(date)s is far outside the %(year)s reporting cycle.") % {"date": date, "year": self.cycle.year},
                )
        if errors:
            raise ValidationError(errors)

    # --- who may do what -------------------------------------------------------------------------

    def is_visible_to(self, user):
        if not user.is_authenticated:
            return False
        if roles.is_administrator(user) or roles.can_see_all_reports(user):
            return True
        return Membership.objects.filter(user=user, body_id=self.implementing_body_id).exists()

    def is_editable_by(self, user):
        if self.cycle.plan.is_ended:
            return False
        if roles.is_administrator(user):
            return self.state in (self.State.DRAFT, self.State.RETURNED)
        return (
            self.state in (self.State.DRAFT, self.State.RETURNED)
            and self.cycle.is_open
            and user.has_perm("monitoring.change_activityreport")
            and Membership.objects.filter(user=user, body_id=self.implementing_body_id).exists()
        )

    def can_be_reviewed_by(self, user):
        return (
            self.state == self.State.SUBMITTED
            and not self.cycle.plan.is_ended
            and (roles.can_review(user) or roles.is_administrator(user))
        )

    @property
    def is_reviewable(self):
        return self.state == self.State.SUBMITTED


class OutputAchievement(models.Model):
    """How far one expected output (performance indicator) of the activity was achieved, with evidence."""

    class Level(models.TextChoices):
        ACHIEVED = "achieved", _("Achieved")
        PARTLY = "partly", _("Partly achieved")
        NOT_ACHIEVED = "not_achieved", _("Not achieved")
        NOT_APPLICABLE = "not_applicable", _("Not applicable")

    report = models.ForeignKey(ActivityReport, on_delete=models.CASCADE, related_name="achievements")
    output = models.ForeignKey("workplan.Output", on_delete=models.PROTECT, related_name="achievements")
    level = models.CharField(_("level"), max_length=16, choices=Level.choices, blank=True)
    evidence = models.TextField(_("evidence"), blank=True)
    figure = models.DecimalField(
        _("figure"), max_digits=12, decimal_places=2, null=True, blank=True,
        help_text=_("Optional number behind the achievement, e.g. participants trained."),
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["output__position"]
        constraints = [
            models.UniqueConstraint(fields=["report", "output"], name="unique_output_achievement"),
            models.CheckConstraint(
                condition=Q(level__in=["", "achieved", "partly", "not_achieved", "not_applicable"]),
                name="output_achievement_level_valid",
            ),
        ]

    def __str__(self):
        return f"{self.output}: {self.get_level_display() or 'not assessed'}"

    def clean(self):
        if self.report_id and self.output_id and self.output.activity_id != self.report.activity_id:
            raise ValidationError({"output": _("This expected output belongs to another activity.")})


def document_path(document, filename):
    # File systems refuse a name over 255 bytes, which 128 non-Latin letters can reach; the name as
    # uploaded is kept whole in `original_name` and given back on download.
    name = Path(filename)
    stem = name.stem.encode()[:100].decode(errors="ignore")
    return f"{document.folder()}/{stem}{name.suffix}"


class AttachedDocument(models.Model):
    """A file attached to a report, checked by content on upload (`forms.validate_document`) and
    served only to people who may see its report. A concrete subclass adds `report` (related name
    `documents`) and `folder()`."""

    file = models.FileField(_("file"), upload_to=document_path, max_length=300)
    original_name = models.CharField(_("file name"), max_length=255)
    content_type = models.CharField(max_length=100)
    size = models.PositiveBigIntegerField()
    description = models.CharField(_("description"), max_length=200, blank=True)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        abstract = True
        ordering = ["uploaded_at"]

    def __str__(self):
        return self.original_name


class ReportDocument(AttachedDocument):
    """An official post-activity document (report, summary record, photos…) attached to a report."""

    report = models.ForeignKey(ActivityReport, on_delete=models.CASCADE, related_name="documents")

    class Meta(AttachedDocument.Meta):
        pass

    def get_absolute_url(self):
        return reverse("monitoring:document", kwargs={"pk": self.pk})

    def folder(self):
        return f"reports/{self.report.cycle.year}/{self.report_id}"


class WorkflowStep(models.Model):
    """One step of a report's workflow: who, when, why. A concrete subclass adds `report` (related
    name `transitions`) and `from_state`/`to_state` in the states of its report."""

    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(default=timezone.now)
    comment = models.TextField(_("comment"), blank=True)

    class Meta:
        abstract = True
        ordering = ["at", "pk"]

    def __str__(self):
        return f"{self.report}: {self.from_state} → {self.to_state}"


class ReportTransition(WorkflowStep):
    """One step of a report's workflow (submitted, returned with a comment, accepted): who, when, why."""

    report = models.ForeignKey(ActivityReport, on_delete=models.CASCADE, related_name="transitions")
    from_state = models.CharField(max_length=10, choices=ActivityReport.State.choices)
    to_state = models.CharField(max_length=10, choices=ActivityReport.State.choices)

    class Meta(WorkflowStep.Meta):
        constraints = [
            models.CheckConstraint(
                condition=Q(from_state__in=["draft", "submitted", "returned", "accepted"])
                & Q(to_state__in=["draft", "submitted", "returned", "accepted"]),
                name="report_transition_states_valid",
            ),
        ]
