from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Exists, F, OuterRef, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from bodies.models import Membership
from reporting import permissions
from reporting.models import AttachedDocument, ReportingCycle, ThreadComment, VersionedReport, WorkflowStep
from reporting.sensitivity import Sensitivity, sensitivity_constraint
from workplan.models import Activity

from . import roles


class ActivityReportQuerySet(models.QuerySet):
    def visible_to(self, user):
        if not user.is_authenticated:
            return self.none()
        if roles.can_see_all_reports(user) or roles.is_administrator(user):
            return self
        return self.filter(implementing_body__in=Membership.objects.body_ids_of(user))

    def reported(self):
        return self.filter(state__in=self.model.sent_states())

    def public(self):
        """The reports whose facts are public (ActivityReport.public_text for their text): the accepted ones."""
        return self.filter(state=ReportState.ACCEPTED)

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


class ParticipationRole(models.TextChoices):
    """The part a Member State took in an activity."""

    HOSTED = "hosted", _("Hosted")
    CO_SPONSORED = "co_sponsored", _("Co-sponsored")
    ATTENDED = "attended", _("Attended")


class Participation(models.Model):
    """A Member State's part in an activity a report tells of: it hosted it, co-sponsored it or attended.

    The two ties keep the names of the plain many-to-many table this model replaced (`activityreport`,
    `memberstate`), so that what reads participations (the dashboard's counts, the reports' history)
    reads them the same way."""

    Role = ParticipationRole

    activityreport = models.ForeignKey("ActivityReport", on_delete=models.CASCADE, related_name="participations",
                                       verbose_name=_("report"))
    memberstate = models.ForeignKey("bodies.MemberState", on_delete=models.PROTECT, related_name="participations",
                                    verbose_name=_("Member State"))
    role = models.CharField(_("role"), max_length=12, choices=Role.choices, default=Role.ATTENDED)

    class Meta:
        ordering = ["memberstate__name"]
        constraints = [
            models.UniqueConstraint(fields=["activityreport", "memberstate"], name="unique_participation"),
            models.CheckConstraint(condition=Q(role__in=ParticipationRole.values), name="participation_role_valid"),
        ]

    def __str__(self):
        return f"{self.memberstate} {self.get_role_display().lower()} ({self.activityreport_id})"


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
    # Blank until staff choose one: a status given by default would read as reported.
    implementation_status = models.CharField(
        _("status of implementation"), max_length=12, choices=Status.choices, blank=True
    )
    not_started_explanation = models.TextField(
        _("why it has not started, and what is planned"), blank=True,
        help_text=_("Needed when the status is “Not started”: what held the activity back, and when or how it is now planned."),
    )
    start_date = models.DateField(_("organised from"), null=True, blank=True)
    end_date = models.DateField(_("organised until"), null=True, blank=True)
    participating_member_states = models.ManyToManyField(
        "bodies.MemberState", through=Participation, blank=True, related_name="reports",
        verbose_name=_("participating Member States"),
    )
    modality = models.CharField(_("modality"), max_length=10, choices=Modality.choices, blank=True)
    venue = models.CharField(_("venue"), max_length=200, blank=True)
    # The partners of the register who supported the activity; `partners` keeps, in words, the others.
    supporting_partners = models.ManyToManyField(
        "bodies.Partner", blank=True, related_name="supported_reports", verbose_name=_("partners from the register"),
    )
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
    # The activity's code, text and expected outputs as they read when the report was submitted, and again
    # when accepted: the MTF may amend the activity later (Work Plan §IV), and the report keeps what it
    # was made against (keep_wording).
    wording_reported_against = models.JSONField(_("wording reported against"), default=dict, blank=True)
    # The actual of the cycle for an indicator of the activity itself (workplan.Indicator with an
    # activity): a figure for a number or a percentage, reached or not for a yes/no or a milestone.
    indicator_figure = models.DecimalField(_("actual value"), max_digits=12, decimal_places=2, null=True, blank=True)
    indicator_reached = models.BooleanField(_("reached"), null=True, blank=True)
    indicator_evidence = models.TextField(_("evidence of the actual"), blank=True)
    # The text parts (TEXT_PARTS) a co-chair has marked public once the report was accepted; the rest
    # of its text stays restricted. Its dates, status, outputs' figures and indicator values are public
    # facts of an accepted report without a mark.
    public_parts = models.JSONField(_("parts marked public"), default=list, blank=True)

    history = HistoricalRecords(m2m_fields=[participating_member_states, supporting_partners])
    objects = ActivityReportQuerySet.as_manager()

    # What section IV asks before a report is submitted (the start date only of an activity under way
    # or done, the follow-up only of a report that follows one up): the form marks these fields,
    # `missing_fields_for_submission` checks them.
    # The workflow (reporting.workflow): a body submits; a co-chair returns or accepts; a co-chair
    # reopens an accepted report, which goes back to its body as a draft.
    TRANSITIONS = {
        ReportState.DRAFT: {ReportState.SUBMITTED: "submit"},
        ReportState.RETURNED: {ReportState.SUBMITTED: "submit"},
        ReportState.SUBMITTED: {ReportState.RETURNED: "return", ReportState.ACCEPTED: "accept"},
        ReportState.ACCEPTED: {ReportState.DRAFT: "reopen"},
    }
    # A body meets the expectation of a report on an activity (reporting.models.ExpectedReport).
    EXPECTED_BY = {"activity": "activity", "implementing_body": "body"}
    # The words of the workflow's messages (reporting.services).
    STEP_WORDS = {"submit": _("submitted"), "return": _("returned"), "accept": _("accepted"), "reopen": _("reopened")}
    STEP_TAKERS = {"submit": _("the body's staff"), "return": _("the MTF co-chairs"), "accept": _("the MTF co-chairs"),
                   "reopen": _("the MTF co-chairs and administrators")}
    MISSING_MESSAGE = _("Before submitting, %(missing)s.")
    NEEDED_FOR_SUBMISSION = ("implementation_status", "start_date", "assessment", "recommendations", "follow_up_status")
    # Its text, restricted until a co-chair marks a part public (public_parts), in the form's order.
    TEXT_PARTS = ("not_started_explanation", "venue", "partners", "dialogue_partner_support", "assessment",
                  "recommendations", "challenges", "follow_up_note", "indicator_evidence")

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
                condition=Q(implementation_status__in=["", *ImplementationStatus.values]),
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
        unknown = set(self.public_parts or []) - set(self.TEXT_PARTS)
        if unknown:
            errors["public_parts"] = _("Not a text part of the report: %(parts)s.") % {"parts": ", ".join(sorted(unknown))}
        if errors:
            raise ValidationError(errors)

    # --- who its people are (reporting.permissions asks) ----------------------------------------

    def is_written_by(self, user):
        """The staff of its implementing body."""
        return user.is_authenticated and Membership.objects.held_by(user).filter(body_id=self.implementing_body_id).exists()

    is_sent_by = is_written_by  # any of the body's staff submits

    def own_review_refusal(self):
        return _("You belong to %(body)s: its reports are reviewed by someone who does not.") % {"body": self.implementing_body}

    def can_be_published_by(self, user):
        """Mark its text parts public: the co-chairs (and administrators), once the report is accepted."""
        return self.state == self.State.ACCEPTED and permissions.reviews(user, type(self))

    @classmethod
    def text_part_choices(cls):
        return [(part, str(cls._meta.get_field(part).verbose_name).capitalize()) for part in cls.TEXT_PARTS]

    @property
    def documents_beyond_confidential(self):
        """Its documents that a paper meant for more than its confidential readers (the annual report) may
        name: all but the confidential ones. Reads `documents` prefetched where it is."""
        return [document for document in self.documents.all() if document.sensitivity != Sensitivity.CONFIDENTIAL]

    def public_text(self):
        """{part: text} of the parts marked public, of an accepted report only: a report reopened after its
        parts were marked keeps the marks, and shows nothing until accepted again."""
        if self.state != self.State.ACCEPTED:
            return {}
        return {part: getattr(self, part) for part in self.TEXT_PARTS if part in self.public_parts and getattr(self, part)}

    def keep_wording(self):
        """Store the activity's wording on the report (on submission and acceptance), without a new version."""
        self.wording_reported_against = self.activity.wording()
        ActivityReport.objects.filter(pk=self.pk).update(wording_reported_against=self.wording_reported_against)

    @property
    def reported_wording(self):
        """The wording the report was made against: as stored, or the activity's own until it is sent."""
        return self.wording_reported_against or {"code": self.activity.code, "text": self.activity.text, "outputs": []}

    @property
    def activity_amended_since(self):
        """Whether the activity's code or text, or the wording of an output reported on, has changed since
        the report stored its wording (the outputs are read off its achievements, which a page prefetches)."""
        kept = self.wording_reported_against
        if not kept:
            return False
        if (kept.get("code"), kept.get("text")) != (self.activity.code, self.activity.text):
            return True
        reported_on = [achievement.output.text for achievement in self.achievements.all()]
        return any(text not in kept.get("outputs", []) for text in reported_on)

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

    def partners_text(self):
        """The partners in words, as exports and the annual report give them: those of the register (by their
        short names), then the others as typed. Reads `supporting_partners` prefetched where it is."""
        named = ", ".join(partner.short_name for partner in self.supporting_partners.all())
        return "; ".join(text for text in (named, self.partners.strip()) if text)

    def missing_fields_for_submission(self):
        """What section IV asks of a report that this one still lacks: field name → what to do, for the person.

        "achievements" stands for the expected outputs whose achievement is not yet assessed."""
        missing = {}
        Status = self.Status  # the fields checked are ActivityReport.NEEDED_FOR_SUBMISSION
        if not self.implementation_status:
            missing["implementation_status"] = _("choose the status of implementation")
        if self.implementation_status == Status.NOT_STARTED and not self.not_started_explanation.strip():
            # An activity that did not start is reported as such, with the reason and what comes next.
            missing["not_started_explanation"] = _("explain why the activity has not started and what is planned")
        if self.implementation_status in (Status.ONGOING, Status.COMPLETED) and not self.start_date:
            missing["start_date"] = _("give the date(s) the activity was organised")
        if not self.assessment.strip():
            missing["assessment"] = _("write the assessment")
        if not self.recommendations.strip():
            missing["recommendations"] = _("write the recommendations")
        if self.follows_up_id and not self.follow_up_status:
            missing["follow_up_status"] = _("say what came of the %(year)s recommendations") % {"year": self.follows_up.cycle.year}
        unassessed = self.achievements.filter(level="").count()
        if unassessed:
            missing["achievements"] = _("assess the achievement of %(count)d expected output(s)") % {"count": unassessed}
        return missing

    def missing_for_submission(self):
        """What section IV asks of a report that this one still lacks, as sentences for the person."""
        return [str(item) for item in self.missing_fields_for_submission().values()]


# A report counts as reported once submitted, whether or not the MTF has accepted it yet.
REPORTED_STATES = tuple(ActivityReport.sent_states())


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
        help_text=_("Optional number behind the achievement, e.g. participants trained; the actual of the "
                    "output's indicator when it is a number or a percentage."),
    )
    # The actual of the output's indicator when it is a yes/no or a milestone.
    reached = models.BooleanField(_("reached"), null=True, blank=True)

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


class ReportDocument(AttachedDocument):
    """An official post-activity document (report, summary record, photos…) attached to a report."""

    report = models.ForeignKey(ActivityReport, on_delete=models.CASCADE, related_name="documents")

    class Meta(AttachedDocument.Meta):
        constraints = [sensitivity_constraint("report_document_sensitivity_valid")]

    def get_absolute_url(self):
        return reverse("monitoring:document", kwargs={"pk": self.pk})

    def folder(self):
        return f"reports/{self.report.cycle.year}/{self.report_id}"


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


class ReportComment(ThreadComment):
    """A message in a report's thread, between the body's staff and the co-chairs, outside the workflow."""

    report = models.ForeignKey(ActivityReport, on_delete=models.CASCADE, related_name="comments")

    class Meta(ThreadComment.Meta):
        pass


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
