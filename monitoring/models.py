import datetime
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Count, Exists, F, OuterRef, Q
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


def current_of(cycles):
    """Among `cycles`, oldest first, the one staff report in now: the latest open one, else the latest one."""
    cycles = list(cycles)
    open_cycles = [cycle for cycle in cycles if cycle.is_open]
    return (open_cycles or cycles or [None])[-1]


class CycleState(models.TextChoices):
    """Whether a reporting cycle takes reports."""

    OPEN = "open", _("Open")
    CLOSED = "closed", _("Closed")


class ReportingCycle(models.Model):
    """One year of a plan's annual reporting: for the Bali Work Plan, the annual monitoring and
    evaluation of section IV, 2019 to 2025. A year is unique within its plan only."""

    State = CycleState

    plan = models.ForeignKey("workplan.Plan", on_delete=models.PROTECT, related_name="cycles")
    year = models.PositiveSmallIntegerField(_("year"))
    opens_on = models.DateField(_("opens on"))
    deadline = models.DateField(_("deadline"))
    state = models.CharField(_("state"), max_length=8, choices=State.choices, default=State.OPEN)
    closes_on = models.DateField(
        _("closes on"), null=True, blank=True,
        help_text=_("The cycle closes by itself after this day; empty: it stays open until an administrator closes it."),
    )
    announced_at = models.DateTimeField(_("bodies told of their expected reports at"), null=True, blank=True)

    objects = ReportingCycleQuerySet.as_manager()

    class Meta:
        ordering = ["plan_id", "-year"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "year"], name="unique_reporting_cycle_year_in_plan"),
            models.CheckConstraint(condition=Q(state__in=CycleState.values), name="reporting_cycle_state_valid"),
            models.CheckConstraint(condition=Q(deadline__gte=F("opens_on")), name="reporting_cycle_dates_in_order"),
            models.CheckConstraint(condition=Q(closes_on__isnull=True) | Q(closes_on__gte=F("deadline")),
                                   name="reporting_cycle_closes_after_deadline"),
            models.CheckConstraint(condition=Q(year__gte=2000, year__lte=2100), name="reporting_cycle_year_plausible"),
        ]

    def __str__(self):
        return f"{self.year} reporting cycle"

    @property
    def is_open(self):
        return self.state == self.State.OPEN

    def is_past_deadline(self, today=None):
        return (today or timezone.localdate()) > self.deadline

    def is_due_to_close(self, today=None):
        return self.is_open and self.closes_on is not None and (today or timezone.localdate()) > self.closes_on

    def allows_date(self, date):
        """Activities of a cycle happen in its year; a little slack either side for events that straddle it."""
        return datetime.date(self.year - 1, 7, 1) <= date <= datetime.date(self.year + 1, 6, 30)


# A report counts as reported once submitted, whether or not the MTF has accepted it yet (the states'
# values: ActivityReport is defined below).
REPORTED_STATES = ("submitted", "accepted")


class ActivityReportQuerySet(models.QuerySet):
    def visible_to(self, user):
        if not user.is_authenticated:
            return self.none()
        if roles.can_see_all_reports(user) or roles.is_administrator(user):
            return self
        return self.filter(implementing_body__in=Membership.objects.body_ids_of(user))

    def reported(self):
        return self.filter(state__in=REPORTED_STATES)

    def with_open_recommendations(self):
        """Reported reports with recommendations that no later report has followed up as done or dropped."""
        closed = ActivityReport.objects.filter(
            follows_up=OuterRef("pk"), follow_up_status__in=[FollowUp.DONE, FollowUp.DROPPED]).exclude(state="draft")
        return self.reported().exclude(recommendations="").exclude(Exists(closed))

    def with_matrix(self):
        return self.select_related(
            "cycle__plan", "implementing_body", "activity__plan", "activity__focus_area__action_line__priority_area",
            "activity__focus_area__action_line__plan",
        ).prefetch_related("activity__lead_bodies")


class FollowUp(models.TextChoices):
    """What came of an earlier cycle's recommendations."""

    DONE = "done", _("Done")
    IN_PROGRESS = "in_progress", _("In progress")
    DROPPED = "dropped", _("Dropped")


class VersionedReport(models.Model):
    """A report under optimistic locking (monitoring.services.lock): a concrete subclass has `version`
    and `updated_at`. Every save, whatever its path (a workflow step, a form, the admin), makes a new
    version, so two saves made from the same version never both succeed. It also has a workflow:
    `State` with DRAFT and RETURNED, `state`, `submitted_at` and `transitions`."""

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        if not self._state.adding:
            self.version += 1
            if kwargs.get("update_fields") is not None:
                kwargs["update_fields"] = {*kwargs["update_fields"], "version", "updated_at"}
        super().save(*args, **kwargs)

    def revision_request(self):
        """The step that sent the report back for revision (returned, or reopened after acceptance) while
        it is being revised: the comment staff must see on the form. None otherwise."""
        if self.state not in (self.State.RETURNED, self.State.DRAFT) or self.submitted_at is None:
            return None  # never submitted: nobody has sent it back (and no query is needed to know it)
        latest = self.transitions.order_by("-at", "-pk").select_related("by").first()
        if latest and latest.to_state == self.state and latest.comment:
            return latest
        return None


class ReportState(models.TextChoices):
    """How far a report has gone: draft → submitted → accepted, or → returned → submitted again."""

    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted")
    RETURNED = "returned", _("Returned")
    ACCEPTED = "accepted", _("Accepted")


class ImplementationStatus(models.TextChoices):
    """Section IV's status of implementation of the activity."""

    NOT_STARTED = "not_started", _("Not started")
    PLANNED = "planned", _("Planned")
    ONGOING = "ongoing", _("Ongoing")
    COMPLETED = "completed", _("Completed")
    CANCELLED = "cancelled", _("Cancelled")


class Modality(models.TextChoices):
    """How the activity was held."""

    IN_PERSON = "in_person", _("In person")
    VIRTUAL = "virtual", _("Virtual")
    HYBRID = "hybrid", _("Hybrid")


class ActivityReport(VersionedReport):
    """The annual M&E report of one implementing body on one indicative activity, in the format of section IV."""

    State = ReportState

    Status = ImplementationStatus

    Modality = Modality

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
    # The recommendations of the same body's report on the same activity in an earlier cycle, and what
    # came of them: tracked from cycle to cycle until done or dropped.
    follows_up = models.ForeignKey(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="followed_up_by",
        verbose_name=_("earlier report whose recommendations this one follows up"),
    )
    follow_up_status = models.CharField(_("follow-up of the earlier recommendations"), max_length=12,
                                        choices=FollowUp.choices, blank=True)
    follow_up_note = models.TextField(_("what was done about them"), blank=True)
    # Optimistic locking: every save bumps it; a save made from an older version is refused.
    version = models.PositiveIntegerField(default=1)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    submitted_at = models.DateTimeField(null=True, blank=True)
    # When the MTF first received it: what "received on time" compares with the deadline, whatever
    # returns and resubmissions followed.
    first_submitted_at = models.DateTimeField(null=True, blank=True)

    history = HistoricalRecords(m2m_fields=[participating_member_states])
    objects = ActivityReportQuerySet.as_manager()

    # What section IV asks before a report is submitted (the start date only of an activity under way
    # or done, the follow-up only of a report that follows one up): the form marks these fields,
    # `services.missing_fields_for_submission` checks them.
    # The states in which a report is its body's to change and submit.
    WITH_ITS_BODY = (ReportState.DRAFT, ReportState.RETURNED)
    NEEDED_FOR_SUBMISSION = ("implementation_status", "start_date", "assessment", "recommendations", "follow_up_status")

    class Meta:
        ordering = ["-cycle__year", "activity__code", "implementing_body__position"]
        permissions = [
            ("view_all_activityreports", "Can read the reports of every body"),
            ("review_activityreport", "Can accept or return submitted reports"),
        ]
        constraints = [
            models.UniqueConstraint(fields=["activity", "cycle", "implementing_body"], name="unique_activity_report"),
            models.CheckConstraint(
                condition=Q(state__in=ReportState.values), name="activity_report_state_valid"
            ),
            models.CheckConstraint(
                condition=Q(implementation_status__in=ImplementationStatus.values),
                name="activity_report_status_valid",
            ),
            models.CheckConstraint(
                condition=Q(modality__in=["", *Modality.values]), name="activity_report_modality_valid"
            ),
            models.CheckConstraint(
                condition=Q(start_date__isnull=True) | Q(end_date__isnull=True) | Q(end_date__gte=F("start_date")),
                name="activity_report_dates_in_order",
            ),
            models.CheckConstraint(condition=Q(follow_up_status__in=["", *FollowUp.values]),
                                   name="activity_report_follow_up_status_valid"),
        ]
        indexes = [
            # The open recommendations are listed oldest first: walked in this order, the first 50 are
            # found without sorting the tens of thousands a large plan holds.
            models.Index(fields=["first_submitted_at", "id"], name="activity_report_first_sent"),
            # The later reports that close an earlier one's recommendations, found without reading the rest.
            models.Index(fields=["follows_up"], condition=Q(follow_up_status__in=[FollowUp.DONE, FollowUp.DROPPED]),
                         name="activity_report_closes"),
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

    @property
    def is_with_its_body(self):
        """A draft or a returned report: its body writes it; the MTF has not got it (again) yet."""
        return self.state in self.WITH_ITS_BODY

    def is_editable_by(self, user):
        if self.cycle.plan.is_ended:
            return False
        if roles.is_administrator(user):
            return self.is_with_its_body
        return (
            self.is_with_its_body
            and self.cycle.is_open
            and user.has_perm("monitoring.change_activityreport")
            and Membership.objects.filter(user=user, body_id=self.implementing_body_id).exists()
        )

    def can_be_reviewed_by(self, user):
        """A submitted report is accepted or returned by a co-chair or an administrator, never one of its own body:
        a person who is both staff of a body and co-chair does not review that body's reports."""
        return (
            self.state == self.State.SUBMITTED
            and not self.cycle.plan.is_ended
            and (roles.can_review(user) or roles.is_administrator(user))
            and not self.is_of_body_of(user)
        )

    def is_of_body_of(self, user):
        return Membership.objects.filter(user=user, body_id=self.implementing_body_id).exists()

    @property
    def is_reviewable(self):
        return self.state == self.State.SUBMITTED

    def age_in_days(self, now=None):
        """Days since the MTF first had this report: how long its recommendations have been waiting."""
        if self.first_submitted_at is None:
            return None
        return ((now or timezone.now()) - self.first_submitted_at).days

    def earlier_with_recommendations(self):
        """The same body's latest reported report on the same activity in an earlier cycle of the plan, if it
        made recommendations: the ones this report follows up."""
        return (ActivityReport.objects.reported().exclude(recommendations="")
                .filter(activity=self.activity_id, implementing_body=self.implementing_body_id,
                        cycle__plan=self.cycle.plan_id, cycle__year__lt=self.cycle.year)
                .select_related("cycle").order_by("-cycle__year").first())

    def can_be_reopened_by(self, user):
        """An accepted report changes only once a co-chair or an administrator has reopened it."""
        return (
            self.state == self.State.ACCEPTED
            and not self.cycle.plan.is_ended
            and (roles.can_review(user) or roles.is_administrator(user))
        )

    def may_comment(self, user):
        """The report's thread is for those who write it and those who review it."""
        return self.is_visible_to(user) and (
            roles.can_review(user) or roles.is_administrator(user)
            or Membership.objects.filter(user=user, body=self.implementing_body_id).exists()
        )

class AchievementLevel(models.TextChoices):
    """How far an expected output was achieved (blank: not yet assessed)."""

    ACHIEVED = "achieved", _("Achieved")
    PARTLY = "partly", _("Partly achieved")
    NOT_ACHIEVED = "not_achieved", _("Not achieved")
    NOT_APPLICABLE = "not_applicable", _("Not applicable")


class OutputAchievement(models.Model):
    """How far one expected output (performance indicator) of the activity was achieved, with evidence."""

    Level = AchievementLevel

    report = models.ForeignKey(ActivityReport, on_delete=models.CASCADE, related_name="achievements")
    output = models.ForeignKey("workplan.Output", on_delete=models.PROTECT, related_name="achievements")
    level = models.CharField(_("level"), max_length=16, choices=Level.choices, blank=True)
    evidence = models.TextField(_("evidence"), blank=True)
    figure = models.DecimalField(
        _("figure"), max_digits=12, decimal_places=2, null=True, blank=True,
        help_text=_("Optional number behind the achievement, e.g. participants trained."),
    )

    history = HistoricalRecords()

    NEEDED_FOR_SUBMISSION = ("level",)

    class Meta:
        ordering = ["output__position"]
        constraints = [
            models.UniqueConstraint(fields=["report", "output"], name="unique_output_achievement"),
            models.CheckConstraint(
                condition=Q(level__in=["", *AchievementLevel.values]),
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
                condition=Q(from_state__in=ReportState.values)
                & Q(to_state__in=ReportState.values),
                name="report_transition_states_valid",
            ),
        ]


class ReportComment(models.Model):
    """A message in a report's thread, between the body's staff and the co-chairs, outside the workflow."""

    report = models.ForeignKey(ActivityReport, on_delete=models.CASCADE, related_name="comments")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    text = models.TextField(_("comment"), max_length=5000)
    created_at = models.DateTimeField(_("written at"), default=timezone.now)

    class Meta:
        ordering = ["created_at", "pk"]

    def __str__(self):
        return f"{self.author} on {self.report}: {self.text[:40]}"


class ReportingAssignment(models.Model):
    """A body the MTF asks to report on an activity to which the matrix gives no lead body."""

    activity = models.ForeignKey(Activity, on_delete=models.CASCADE, related_name="reporting_assignments")
    body = models.ForeignKey("bodies.SectoralBody", on_delete=models.PROTECT, related_name="reporting_assignments")
    assigned_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    assigned_at = models.DateTimeField(_("assigned at"), default=timezone.now)

    class Meta:
        ordering = ["activity__code", "body__position"]
        constraints = [models.UniqueConstraint(fields=["activity", "body"], name="unique_reporting_assignment")]

    def __str__(self):
        return f"{self.body} reports on {self.activity.code}"

    def clean(self):
        if self.activity_id and self.activity.lead_bodies.exists():
            raise ValidationError(_("Activity %(code)s has lead bodies: they are the ones expected to report on it.")
                                  % {"code": self.activity.code})


class ExpectedReportQuerySet(models.QuerySet):
    @staticmethod
    def receipt():
        """(received, on time) as conditions on an expected report: the MTF has had its report (submitted
        at least once), and first had it on or before the cycle's deadline, by the site's calendar."""
        reports = ActivityReport.objects.filter(
            cycle=OuterRef("cycle"), activity=OuterRef("activity"), implementing_body=OuterRef("body"),
            first_submitted_at__isnull=False,
        )
        return Exists(reports), Exists(reports.filter(first_submitted_at__date__lte=OuterRef("cycle__deadline")))

    def with_receipt(self):
        received, on_time = self.receipt()
        return self.annotate(received=received, on_time=on_time)

    def outstanding(self):
        return self.filter(~self.receipt()[0])

    def rates(self, *by):
        """DHIS2's reporting rates: expected, received and received on time, grouped by `by` (e.g. "body"),
        or over all when `by` is empty; counted in one query."""
        received, on_time = self.receipt()
        counts = {"expected": Count("pk"), "received": Count("pk", filter=Q(received)),
                  "on_time": Count("pk", filter=Q(on_time))}
        rows = self.order_by()
        return rows.values(*by).annotate(**counts) if by else rows.aggregate(**counts)


class ExpectationReason(models.TextChoices):
    """Why a body is expected to report on an activity."""

    LEAD = "lead", _("leads it")
    ASSIGNED = "assigned", _("assigned by the MTF")
    RELEVANT = "relevant", _("relevant to its action line; the activity has no lead")


class ExpectedReport(models.Model):
    """One report the MTF expects in a cycle: a body on an activity. Each lead body reports on its
    activities (section IV); an activity without a lead is reported on by the bodies the MTF assigns
    to it, or else by every relevant body of its action line. Set when the cycle opens and kept in step
    with the matrix while it is open (monitoring.cycles)."""

    Reason = ExpectationReason

    cycle = models.ForeignKey(ReportingCycle, on_delete=models.CASCADE, related_name="expected_reports")
    activity = models.ForeignKey(Activity, on_delete=models.CASCADE, related_name="expected_reports")
    body = models.ForeignKey("bodies.SectoralBody", on_delete=models.CASCADE, related_name="expected_reports")
    reason = models.CharField(_("why"), max_length=10, choices=Reason.choices)

    objects = ExpectedReportQuerySet.as_manager()

    class Meta:
        ordering = ["cycle", "activity__code", "body__position"]
        constraints = [
            models.UniqueConstraint(fields=["cycle", "activity", "body"], name="unique_expected_report"),
            models.CheckConstraint(condition=Q(reason__in=ExpectationReason.values), name="expected_report_reason_valid"),
        ]

    def __str__(self):
        return f"{self.body} on {self.activity.code} in {self.cycle.year}"


class ReminderSent(models.Model):
    """That a body was reminded of a cycle's outstanding reports on a day: so it is never reminded twice."""

    cycle = models.ForeignKey(ReportingCycle, on_delete=models.CASCADE, related_name="+")
    body = models.ForeignKey("bodies.SectoralBody", on_delete=models.CASCADE, related_name="+")
    on = models.DateField(_("day"))

    class Meta:
        constraints = [models.UniqueConstraint(fields=["cycle", "body", "on"], name="unique_reminder_per_day")]

    def __str__(self):
        return f"{self.body} reminded of {self.cycle} on {self.on}"
