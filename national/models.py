from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Count, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from reporting.models import AttachedDocument, ThreadComment, Versioned, VersionedReport, WorkflowStep
from reporting.sensitivity import SensitiveQuerySet, Sensitivity, sensitivity_constraint, sensitivity_field

from . import roles

# The choices stand at module level, each also named inside its model (`Agency.Kind`…), because a
# model's Meta cannot see the names of the class body that its constraints are built from.


class AgencyKind(models.TextChoices):
    MINISTRY = "ministry", _("Ministry")
    POLICE = "police", _("Police")
    FINANCIAL_INTELLIGENCE_UNIT = "fiu", _("Financial intelligence unit")
    PROSECUTION = "prosecution", _("Prosecution or justice")
    INTELLIGENCE = "intelligence", _("Intelligence")
    DEFENCE = "defence", _("Defence")
    OTHER = "other", _("Other")


class Agency(models.Model):
    """An agency or unit of a Member State concerned with counter terrorism (ACPoA on CT §20.3): a
    ministry, the police, the financial intelligence unit…"""

    Kind = AgencyKind

    member_state = models.ForeignKey("bodies.MemberState", on_delete=models.PROTECT, related_name="agencies")
    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices, default=Kind.MINISTRY)

    class Meta:
        ordering = ["member_state__name", "name"]
        verbose_name_plural = _("agencies")
        constraints = [
            models.UniqueConstraint(fields=["member_state", "name"], name="unique_agency_name_in_member_state"),
            models.CheckConstraint(condition=Q(kind__in=AgencyKind.values), name="agency_kind_valid"),
        ]

    def __str__(self):
        return f"{self.name} ({self.member_state})"


class FocalPointQuerySet(models.QuerySet):
    def held(self):
        """The seats in force: held by an active person who is also in the focal points group. Access
        follows both the group and the seat, so taking either away ends it; every check of a state's
        focal points starts here."""
        return self.filter(user__is_active=True, user__groups__name=roles.FOCAL_POINTS)

    def held_by(self, user, *, member_state=None, role=None):
        seats = self.held().filter(user=user)
        if member_state is not None:
            seats = seats.filter(agency__member_state=member_state)
        if role is not None:
            seats = seats.filter(role=role)
        return seats

    def member_state_ids_of(self, user, *, role=None):
        return self.held_by(user, role=role).values_list("agency__member_state_id", flat=True)


class FocalPointRole(models.TextChoices):
    NATIONAL = "national", _("National focal point")
    AGENCY = "agency", _("Agency focal point")


class FocalPoint(models.Model):
    """A user who reports for a Member State through one of its agencies: the state's national focal
    point, who submits its national reports and decides whether to share them, or an agency's focal
    point, who fills them in."""

    Role = FocalPointRole

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="focal_points")
    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="focal_points")
    role = models.CharField(_("role"), max_length=10, choices=Role.choices, default=Role.AGENCY)

    objects = FocalPointQuerySet.as_manager()

    class Meta:
        ordering = ["agency__member_state__name", "agency__name", "user__username"]
        constraints = [
            models.UniqueConstraint(fields=["user", "agency"], name="unique_focal_point"),
            models.CheckConstraint(condition=Q(role__in=FocalPointRole.values), name="focal_point_role_valid"),
        ]

    def __str__(self):
        return f"{self.user} · {self.agency} · {self.get_role_display()}"


class ContactPersonQuerySet(models.QuerySet):
    def directory(self, plan):
        return self.filter(plan=plan).select_related("agency__member_state")


class ContactPerson(models.Model):
    """The contact person a Member State assigns in one of its agencies for a plan (ACPoA on CT §20.3):
    the directory the WG on CT, the Secretariat and the focal points use; never public."""

    plan = models.ForeignKey(
        "workplan.Plan", on_delete=models.PROTECT, related_name="contact_persons",
        limit_choices_to={"kind": "plan_of_action"},
    )
    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="contact_persons")
    name = models.CharField(_("name"), max_length=200)
    position = models.CharField(_("position"), max_length=200, blank=True)
    email = models.EmailField(_("email"), blank=True)
    phone = models.CharField(_("telephone"), max_length=50, blank=True)

    objects = ContactPersonQuerySet.as_manager()

    class Meta:
        ordering = ["agency__member_state__name", "agency__name", "name"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "agency", "name"], name="unique_contact_person"),
        ]

    def __str__(self):
        return f"{self.name}, {self.agency}"


class NationalReportQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Each state's reports to its own focal points; the reports a state shares, once submitted, to
        every focal point; everything to the chair, the Secretariat and administrators."""
        if not user.is_authenticated:
            return self.none()
        if roles.can_see_all(user):
            return self
        own = FocalPoint.objects.member_state_ids_of(user)
        shared = Q(shared_with_member_states=True, state__in=NationalReport.sent_states()) if own.exists() else Q(pk=None)
        return self.filter(Q(member_state__in=own) | shared)

    def with_context(self):
        return self.select_related("cycle__plan", "member_state")

    def public(self):
        """The reports whose pieces marked public anyone may read: the acknowledged ones."""
        return self.filter(state=NationalReportState.ACKNOWLEDGED)

    def sent(self):
        """The reports a state has sent to the chair and that stand: what the summary and the review count."""
        return self.filter(state__in=NationalReport.sent_states())


class NationalReportState(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted")
    RETURNED = "returned", _("Returned")
    ACKNOWLEDGED = "acknowledged", _("Acknowledged")


class NationalReport(VersionedReport):
    """A Member State's annual report on the implementation of a plan of action (PoA PCRVE: through the
    SOMTC WG on CT; ACPoA on CT §21), one per state, plan and reporting cycle."""

    State = NationalReportState

    # The workflow (reporting.workflow): the national focal point submits; the chair returns or
    # acknowledges; the chair reopens an acknowledged report, which goes back to the state as a draft.
    # Sent (submitted or acknowledged) is what the summary counts as reported, and the only states in
    # which a report shared with the other Member States is shown to them.
    TRANSITIONS = {
        NationalReportState.DRAFT: {NationalReportState.SUBMITTED: "submit"},
        NationalReportState.RETURNED: {NationalReportState.SUBMITTED: "submit"},
        NationalReportState.SUBMITTED: {NationalReportState.RETURNED: "return", NationalReportState.ACKNOWLEDGED: "accept"},
        NationalReportState.ACKNOWLEDGED: {NationalReportState.DRAFT: "reopen"},
    }
    # A state meets the expectation of its national report (reporting.models.ExpectedReport).
    EXPECTED_BY = {"member_state": "member_state"}
    # The words of the workflow's messages (reporting.services).
    STEP_WORDS = {"submit": _("submitted"), "return": _("returned"), "accept": _("acknowledged"), "reopen": _("reopened")}
    STEP_TAKERS = {"submit": _("the national focal point"), "return": _("the Chair of the WG on CT or the Lead Shepherd"),
                   "accept": _("the Chair of the WG on CT or the Lead Shepherd"),
                   "reopen": _("the Chair of the WG on CT, the Lead Shepherd and administrators")}
    MISSING_MESSAGE = _("Before submitting, fill in: %(missing)s.")

    member_state = models.ForeignKey("bodies.MemberState", on_delete=models.PROTECT, related_name="national_reports")
    cycle = models.ForeignKey("reporting.ReportingCycle", on_delete=models.PROTECT, related_name="national_reports")
    state = models.CharField(_("state"), max_length=12, choices=State.choices, default=State.DRAFT)
    narrative = models.TextField(
        _("general narrative"), blank=True,
        help_text=_("The state's overall account of the year: priorities, national strategy, coordination."),
    )
    narrative_sensitivity = sensitivity_field(_("sensitivity of the narrative"))
    shared_with_member_states = models.BooleanField(
        _("share with the other Member States"), default=False,
        help_text=_("Once submitted, the focal points of the other Member States may read it."),
    )

    history = HistoricalRecords()
    objects = NationalReportQuerySet.as_manager()

    class Meta:
        ordering = ["-cycle__year", "member_state__name"]
        permissions = [
            ("view_all_nationalreports", "Can read the national reports of every Member State"),
            ("review_nationalreport", "Can acknowledge or return submitted national reports"),
        ]
        constraints = [
            models.UniqueConstraint(fields=["member_state", "cycle"], name="unique_national_report"),
            models.CheckConstraint(condition=Q(state__in=NationalReportState.values), name="national_report_state_valid"),
            sensitivity_constraint("national_report_narrative_sensitivity_valid", field="narrative_sensitivity"),
        ]

    def __str__(self):
        return f"{self.member_state} · {self.cycle.plan} · {self.cycle.year}"

    def get_absolute_url(self):
        return reverse("national:report", kwargs={"pk": self.pk})

    @property
    def plan(self):
        return self.cycle.plan

    # --- who its people are (reporting.permissions asks) ----------------------------------------

    def is_reported_by(self, user, *, role=None):
        if not user.is_authenticated:
            return False
        return FocalPoint.objects.held_by(user, member_state=self.member_state_id, role=role).exists()

    def is_written_by(self, user):
        """The focal points of its Member State, national and agency alike."""
        return self.is_reported_by(user)

    def is_sent_by(self, user):
        """Sending the report, and sharing it, is the national focal point's decision."""
        return self.is_reported_by(user, role=FocalPoint.Role.NATIONAL)

    def is_shared_with(self, user):
        """A shared report is read by the focal points of every Member State (its submitted text only)."""
        return self.shared_with_member_states and user.is_authenticated and FocalPoint.objects.held_by(user).exists()

    def own_review_refusal(self):
        return _("You report for %(state)s: its reports are reviewed by someone who does not.") % {"state": self.member_state}

    def missing_for_submission(self):
        """What the report still lacks before it can go to the chair, as sentences for the person."""
        missing = []
        counts = self.entries.aggregate(unanswered=Count("pk", filter=Q(status="")),
                                        unconfirmed=Count("pk", filter=Q(carried_forward=True)))
        if counts["unanswered"]:
            missing.append(
                _("the implementation status of %(count)d %(label)s(s)")
                % {"count": counts["unanswered"], "label": self.cycle.plan.provision_label}
            )
        if counts["unconfirmed"]:
            missing.append(
                _("a confirmation or update of %(count)d answer(s) carried forward from last year")
                % {"count": counts["unconfirmed"]}
            )
        return missing


class ProvisionEntryQuerySet(SensitiveQuerySet):
    def in_plan_order(self):
        return self.select_related("provision__priority_area").order_by(
            "provision__priority_area__number", "provision__position"
        )

    def published(self):
        """The answers anyone may read: those a state marked public, in a report the chair acknowledged."""
        return self.public().filter(report__state=NationalReportState.ACKNOWLEDGED)


class ImplementationStatus(models.TextChoices):
    IMPLEMENTED = "implemented", _("Implemented")
    IN_PROGRESS = "in_progress", _("In progress")
    PLANNED = "planned", _("Planned")
    NOT_STARTED = "not_started", _("Not started")
    NOT_APPLICABLE = "not_applicable", _("Not applicable")


# How far a provision has gone, for telling whether its status rose or fell; "not applicable" has no place.
STATUS_RANK = {
    ImplementationStatus.NOT_STARTED: 0,
    ImplementationStatus.PLANNED: 1,
    ImplementationStatus.IN_PROGRESS: 2,
    ImplementationStatus.IMPLEMENTED: 3,
}


class AssistanceTheme(models.TextChoices):
    """The themes under which the chair's summary groups requests for assistance, so that the MTF
    and the Dialogue Partners can match support to needs."""

    TRAINING = "training", _("Training and capacity building")
    LEGAL = "legal", _("Legislation and policy drafting")
    TECHNOLOGY = "technology", _("Equipment and technology")
    INFORMATION_SHARING = "information_sharing", _("Information sharing")
    RESEARCH = "research", _("Research and data")
    FUNDING = "funding", _("Funding")
    OTHER = "other", _("Other")


class ProvisionEntry(models.Model):
    """What a Member State reports on one provision (a PoA action line, an ACPoA measure) in its national report."""

    Status = ImplementationStatus
    Assistance = AssistanceTheme
    Sensitivity = Sensitivity

    # The answers a new year's report carries forward from the last one, and the form shows.
    ANSWERS = (
        "status", "national_measures", "laws_and_policies", "challenges", "assistance_needed",
        "assistance_theme", "good_practice",
    )
    # What a new year's report carries forward: the answers with the state's mark on them, so that a
    # confidential answer does not come back restricted.
    CARRIED_FORWARD = (*ANSWERS, "sensitivity")

    report = models.ForeignKey(NationalReport, on_delete=models.CASCADE, related_name="entries")
    provision = models.ForeignKey("workplan.ActionLine", on_delete=models.PROTECT, related_name="national_entries")
    status = models.CharField(_("implementation status"), max_length=16, choices=Status.choices, blank=True)
    national_measures = models.TextField(_("national measures taken"), blank=True)
    laws_and_policies = models.TextField(_("laws or policies adopted"), blank=True)
    challenges = models.TextField(_("challenges"), blank=True)
    assistance_needed = models.TextField(_("assistance or capacity building needed"), blank=True)
    assistance_theme = models.CharField(_("kind of assistance"), max_length=20, choices=Assistance.choices, blank=True)
    good_practice = models.TextField(_("good practice to share"), blank=True)
    carried_forward = models.BooleanField(
        _("carried forward"), default=False,
        help_text=_("Taken over from last year's report and not yet confirmed or updated."),
    )
    # The state's mark on the whole answer (status, measures, laws, challenges, assistance, practice).
    sensitivity = sensitivity_field()

    history = HistoricalRecords()
    objects = ProvisionEntryQuerySet.as_manager()

    class Meta:
        ordering = ["provision__priority_area__number", "provision__position"]
        verbose_name_plural = _("provision entries")
        constraints = [
            models.UniqueConstraint(fields=["report", "provision"], name="unique_provision_entry"),
            models.CheckConstraint(condition=Q(status__in=["", *ImplementationStatus.values]), name="provision_entry_status_valid"),
            models.CheckConstraint(
                condition=Q(assistance_theme__in=["", *AssistanceTheme.values]), name="provision_entry_assistance_valid"
            ),
            sensitivity_constraint("provision_entry_sensitivity_valid"),
        ]

    def __str__(self):
        return f"{self.provision.number}: {self.get_status_display() or 'not answered'}"

    def clean(self):
        problems = self.assistance_problems(self.assistance_needed, self.assistance_theme)
        if problems:
            raise ValidationError(problems)

    @staticmethod
    def assistance_problems(needed, theme):
        """A request for assistance and its kind go together, so that the summary can group the request."""
        if needed.strip() and not theme:
            return {"assistance_theme": _("Choose the kind of assistance, so that the summary can group the request.")}
        if theme and not needed.strip():
            return {"assistance_needed": _("Say what assistance is needed.")}
        return {}


class NationalReportDocument(AttachedDocument):
    """A document attached to a national report: a national strategy, a law, an annex."""

    report = models.ForeignKey(NationalReport, on_delete=models.CASCADE, related_name="documents")

    class Meta(AttachedDocument.Meta):
        constraints = [sensitivity_constraint("national_report_document_sensitivity_valid")]

    def get_absolute_url(self):
        return reverse("national:document", kwargs={"pk": self.pk})

    def folder(self):
        return f"national-reports/{self.report.cycle.year}/{self.report_id}"


class NationalReportTransition(WorkflowStep):
    """One step of a national report's workflow (submitted, returned with a comment, acknowledged)."""

    report = models.ForeignKey(NationalReport, on_delete=models.CASCADE, related_name="transitions")
    from_state = models.CharField(max_length=12, choices=NationalReport.State.choices)
    to_state = models.CharField(max_length=12, choices=NationalReport.State.choices)

    class Meta(WorkflowStep.Meta):
        constraints = [
            models.CheckConstraint(
                condition=Q(from_state__in=NationalReport.State.values) & Q(to_state__in=NationalReport.State.values),
                name="national_report_transition_states_valid",
            ),
        ]


class NationalReportComment(ThreadComment):
    """A message in a national report's thread, between its state's focal points, the chair and the
    ASEAN Secretariat, outside the workflow; never shown to other states, even when the report is shared."""

    report = models.ForeignKey(NationalReport, on_delete=models.CASCADE, related_name="comments")

    class Meta(ThreadComment.Meta):
        pass


class ReviewState(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted to SOMTC")
    ENDORSED = "endorsed", _("Endorsed by the AMMTC")


class Review(Versioned):
    """The three-yearly review of a plan of action (PoA PCRVE, reporting and review 5–6; ACPoA on CT
    §22.2): the Member States' progress over a period, compiled by the ASEAN Secretariat with its
    findings and recommendations, submitted to SOMTC and endorsed by the AMMTC."""

    State = ReviewState

    plan = models.ForeignKey(
        "workplan.Plan", on_delete=models.PROTECT, related_name="reviews", limit_choices_to={"kind": "plan_of_action"}
    )
    first_year = models.PositiveSmallIntegerField(_("first year"))
    last_year = models.PositiveSmallIntegerField(_("last year"))
    state = models.CharField(_("state"), max_length=10, choices=State.choices, default=State.DRAFT)
    findings = models.TextField(_("findings"), blank=True)
    recommendations = models.TextField(_("recommendations"), blank=True)
    submitted_on = models.DateField(_("submitted to SOMTC on"), null=True, blank=True)
    endorsed_on = models.DateField(_("endorsed by the AMMTC on"), null=True, blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["plan_id", "-last_year"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "first_year", "last_year"], name="unique_review_period"),
            models.CheckConstraint(condition=Q(state__in=ReviewState.values), name="review_state_valid"),
            models.CheckConstraint(condition=Q(last_year__gte=models.F("first_year")), name="review_years_in_order"),
            models.CheckConstraint(
                condition=Q(state=ReviewState.DRAFT) | Q(submitted_on__isnull=False), name="review_submitted_has_date"
            ),
            models.CheckConstraint(
                condition=~Q(state=ReviewState.ENDORSED) | Q(endorsed_on__isnull=False), name="review_endorsed_has_date"
            ),
            models.CheckConstraint(
                condition=Q(endorsed_on__isnull=True) | Q(endorsed_on__gte=models.F("submitted_on")),
                name="review_dates_in_order",
            ),
        ]

    def __str__(self):
        return f"Review of the {self.plan} {self.period}"

    def get_absolute_url(self):
        return reverse("national:review", kwargs={"pk": self.pk})

    def clean(self):
        if self.first_year and self.last_year and self.last_year < self.first_year:
            raise ValidationError({"last_year": _("The period cannot end before it starts.")})

    @property
    def period(self):
        return f"{self.first_year}–{self.last_year}"

    @property
    def years(self):
        return list(range(self.first_year, self.last_year + 1))

    def is_editable_by(self, user):
        return self.state == self.State.DRAFT and user.has_perm("national.change_review")

    def previous(self):
        """The review of the same plan that ended before this one began, if any."""
        return Review.objects.filter(plan_id=self.plan_id, last_year__lt=self.first_year).order_by("-last_year").first()


class AssistanceStatus(models.TextChoices):
    """How far a Member State's request for assistance has gone: requested → offered → delivered → closed."""

    REQUESTED = "requested", _("Requested")
    OFFERED = "offered", _("Offered")
    DELIVERED = "delivered", _("Delivered")
    CLOSED = "closed", _("Closed")


class AssistanceRequestQuerySet(models.QuerySet):
    def of_plan(self, plan):
        return self.filter(entry__report__cycle__plan=plan)

    def not_delivered(self, plan=None):
        """The requests no partner has delivered on yet (requested, or offered and waiting): what a plan
        leaves open when it ends."""
        requests = self.filter(status__in=[AssistanceStatus.REQUESTED, AssistanceStatus.OFFERED])
        return requests if plan is None else requests.of_plan(plan)

    def visible_to(self, user):
        """Every request to the chair, the Secretariat and administrators; its own state's requests to a
        focal point; nothing to anyone else."""
        if not user.is_authenticated:
            return self.none()
        if roles.follows_assistance(user):
            return self
        return self.filter(entry__report__member_state__in=FocalPoint.objects.member_state_ids_of(user))

    def with_context(self):
        return self.select_related("entry__provision", "entry__report__member_state", "entry__report__cycle__plan",
                                   "partner")


class AssistanceRequest(models.Model):
    """A Member State's request for assistance or capacity building on one provision (ACPoA on CT §19), as
    its national report states it, followed until a partner has delivered it: the chair or the Secretariat
    records the offer that matched and the delivery, the state's focal point confirms and closes it."""

    Status = AssistanceStatus

    # The steps: status → {next status: step name}; who may take each step is `may_take`.
    TRANSITIONS = {
        AssistanceStatus.REQUESTED: {AssistanceStatus.OFFERED: "offer"},
        AssistanceStatus.OFFERED: {AssistanceStatus.DELIVERED: "deliver"},
        AssistanceStatus.DELIVERED: {AssistanceStatus.CLOSED: "close"},
    }
    STEP_WORDS = {"offer": _("Record an offer"), "deliver": _("Record delivery"), "close": _("Confirm and close")}

    entry = models.OneToOneField(ProvisionEntry, on_delete=models.CASCADE, related_name="assistance_request")
    need = models.TextField(_("assistance or capacity building needed"))
    theme = models.CharField(_("kind of assistance"), max_length=20, choices=AssistanceTheme.choices)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.REQUESTED)
    partner = models.ForeignKey("bodies.Partner", on_delete=models.PROTECT, null=True, blank=True,
                                related_name="assistance_requests", verbose_name=_("partner whose offer matched"))
    requested_on = models.DateField(_("requested on"))

    history = HistoricalRecords()
    objects = AssistanceRequestQuerySet.as_manager()

    class Meta:
        ordering = ["entry__report__member_state__name", "entry__provision__priority_area__number",
                    "entry__provision__position", "pk"]
        permissions = [
            ("follow_assistancerequests", "Can read every request for assistance and record offers and delivery"),
        ]
        constraints = [
            models.CheckConstraint(condition=Q(status__in=AssistanceStatus.values), name="assistance_status_valid"),
            models.CheckConstraint(condition=Q(theme__in=AssistanceTheme.values), name="assistance_theme_valid"),
            # An offer names the partner that made it; a request still waiting for one names nobody.
            models.CheckConstraint(
                condition=Q(status=AssistanceStatus.REQUESTED, partner__isnull=True)
                | (~Q(status=AssistanceStatus.REQUESTED) & Q(partner__isnull=False)),
                name="assistance_partner_once_offered",
            ),
        ]

    def __str__(self):
        return f"{self.member_state} · {self.entry.provision.number} · {self.get_status_display()}"

    def get_absolute_url(self):
        return reverse("national:assistance", kwargs={"pk": self.pk})

    @property
    def member_state(self):
        return self.entry.report.member_state

    @property
    def plan(self):
        return self.entry.report.cycle.plan

    def is_requested_by(self, user):
        """The focal points of the requesting state, national and agency alike."""
        return user.is_authenticated and FocalPoint.objects.held_by(
            user, member_state=self.entry.report.member_state_id).exists()

    def may_see(self, user):
        return roles.follows_assistance(user) or self.is_requested_by(user)

    def next_step(self):
        """(step name, status it leads to), or None once closed."""
        for to_status, step in self.TRANSITIONS.get(self.status, {}).items():
            return step, to_status
        return None

    def may_take(self, user, step):
        """Offers are recorded by the chair and the Secretariat; delivery by them or confirmed by the
        requesting state's focal points; only the requesting state closes its request (and administrators)."""
        if not user.is_authenticated:
            return False
        if roles.is_administrator(user):
            return True
        follows = user.has_perm("national.follow_assistancerequests")
        if step == "offer":
            return follows
        if step == "deliver":
            return follows or self.is_requested_by(user)
        if step == "close":
            return self.is_requested_by(user)
        return False


class AssistanceStep(models.Model):
    """One step of a request for assistance: who took it, the date it happened, the partner that offered,
    and a note (what was offered, what was delivered, how it went)."""

    request = models.ForeignKey(AssistanceRequest, on_delete=models.CASCADE, related_name="steps")
    from_status = models.CharField(max_length=10, choices=AssistanceStatus.choices, blank=True)
    to_status = models.CharField(max_length=10, choices=AssistanceStatus.choices)
    on = models.DateField(_("date"))
    partner = models.ForeignKey("bodies.Partner", on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    note = models.TextField(_("note"), blank=True)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    at = models.DateTimeField(_("recorded at"), auto_now_add=True)

    class Meta:
        ordering = ["at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(from_status__in=["", *AssistanceStatus.values]) & Q(to_status__in=AssistanceStatus.values),
                name="assistance_step_statuses_valid",
            ),
        ]

    def __str__(self):
        return f"{self.request_id}: {self.from_status or 'new'} → {self.to_status} on {self.on}"
