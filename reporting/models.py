"""What every kind of report shares: the reporting cycle the reports are written in, the reports a
cycle expects, the reminders sent about them, and the abstract parts of a report (versioned with a
workflow, its attached documents, its workflow steps). The concrete report models live in the apps
of their streams (monitoring: the sectoral bodies' activity reports; national: the Member States'
national reports) and declare, each, what this module needs to know of them."""

import datetime
from pathlib import Path

from django.conf import settings
from django.db import models
from django.db.models import Count, Exists, F, OuterRef, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from . import permissions
from .sensitivity import SensitiveQuerySet, sensitivity_field


class ReportingCycleQuerySet(models.QuerySet):
    def current(self):
        """The cycle people report in now: the latest open one, else the latest one."""
        return current_of(self.order_by("year"))

    def to_review_first(self, awaiting):
        """The cycle a review queue opens on, `awaiting` being the reports that wait for review: the newest
        open cycle with some of them, else the newest cycle with any (a closed cycle's late ones), else the
        cycle people report in now. Reviewers start on this year's work, not on the oldest left over."""
        with_awaiting = list(self.filter(pk__in=awaiting.values("cycle")).order_by("-year"))
        if not with_awaiting:
            return self.current()
        return next((cycle for cycle in with_awaiting if cycle.is_open), with_awaiting[0])


def current_of(cycles):
    """Among `cycles`, oldest first, the one people report in now: the latest open one, else the latest one."""
    cycles = list(cycles)
    open_cycles = [cycle for cycle in cycles if cycle.is_open]
    return (open_cycles or cycles or [None])[-1]


class CycleState(models.TextChoices):
    """Whether a reporting cycle takes reports."""

    OPEN = "open", _("Open")
    CLOSED = "closed", _("Closed")


class ReportingCycle(models.Model):
    """One year of a plan's annual reporting: for the Bali Work Plan, the annual monitoring and
    evaluation of section IV, 2019 to 2025; for a plan of action, the Member States' annual reports.
    A year is unique within its plan only."""

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
        # The table of the tracker's first app, kept when the cycle moved here: nothing was copied.
        db_table = "monitoring_reportingcycle"
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

    @property
    def last_day_of_year(self):
        return datetime.date(self.year, 12, 31)

    @property
    def is_frozen(self):
        """Its reports are kept as they are: its plan has ended and the cycle is closed. The last cycle of
        an ended plan still takes reports until it closes (the Bali Work Plan's 2025 reports come in 2026)."""
        return self.plan.is_ended and not self.is_open

    def is_past_deadline(self, today=None):
        return (today or timezone.localdate()) > self.deadline

    def is_due_to_close(self, today=None):
        return self.is_open and self.closes_on is not None and (today or timezone.localdate()) > self.closes_on

    def allows_date(self, date):
        """Activities of a cycle happen in its year; a little slack either side for events that straddle it."""
        return datetime.date(self.year - 1, 7, 1) <= date <= datetime.date(self.year + 1, 6, 30)


# --- the reports a cycle expects -------------------------------------------------------------------

class ExpectedReportQuerySet(models.QuerySet):
    """The figures of reporting, defined once for every kind of report (DHIS2's reporting rates).

    `report_model` is the concrete report model (ActivityReport, NationalReport): its `EXPECTED_BY`
    maps its own fields to the expected report's (e.g. {"member_state": "member_state"}), which is
    how a report is matched to the expectation it meets."""

    def of_kind(self, report_model):
        """The expectations that reports of `report_model` meet."""
        return self.filter(**{f"{field}__isnull": False for field in report_model.EXPECTED_BY.values()})

    @staticmethod
    def receipt(report_model):
        """(received, on time) as conditions on an expected report: its report has been sent at least once
        (whatever returns followed), and first sent on or before the cycle's deadline, by the site's calendar."""
        match = {mine: OuterRef(theirs) for mine, theirs in report_model.EXPECTED_BY.items()}
        reports = report_model._default_manager.filter(cycle=OuterRef("cycle"), first_submitted_at__isnull=False, **match)
        return Exists(reports), Exists(reports.filter(first_submitted_at__date__lte=OuterRef("cycle__deadline")))

    def with_receipt(self, report_model):
        received, on_time = self.receipt(report_model)
        return self.of_kind(report_model).annotate(received=received, on_time=on_time)

    def outstanding(self, report_model):
        """Expected and not received (yet)."""
        return self.of_kind(report_model).filter(~self.receipt(report_model)[0])

    def late(self, report_model, today=None):
        """Expected, not received, and the cycle's deadline has passed: what "late" counts everywhere."""
        return self.outstanding(report_model).filter(cycle__deadline__lt=today or timezone.localdate())

    def rates(self, report_model, *by):
        """Expected, received and received on time, grouped by `by` (e.g. "body"), or over all when `by`
        is empty; counted in one query."""
        received, on_time = self.receipt(report_model)
        counts = {"expected": Count("pk"), "received": Count("pk", filter=Q(received)),
                  "on_time": Count("pk", filter=Q(on_time))}
        rows = self.of_kind(report_model).order_by()
        return rows.values(*by).annotate(**counts) if by else rows.aggregate(**counts)


class ExpectationReason(models.TextChoices):
    """Why a body or a state is expected to report."""

    LEAD = "lead", _("leads it")
    ASSIGNED = "assigned", _("assigned by the MTF")
    RELEVANT = "relevant", _("relevant to its action line; the activity has no lead")
    MEMBER = "member", _("a Member State on 31 December of the year")


class ExpectedReport(models.Model):
    """One report a cycle expects: a sectoral body's on an activity of a work plan (section IV: each
    lead body on its activities; on an activity without a lead, the bodies the MTF assigns, or else
    every relevant body of its action line), or a Member State's national report on a plan of action
    (every state that was a member on 31 December of the cycle's year). Kept for closed cycles too, as
    they were, so that the rates of every year can be compared."""

    Reason = ExpectationReason

    cycle = models.ForeignKey(ReportingCycle, on_delete=models.CASCADE, related_name="expected_reports")
    activity = models.ForeignKey("workplan.Activity", on_delete=models.CASCADE, null=True, blank=True,
                                 related_name="expected_reports")
    body = models.ForeignKey("bodies.SectoralBody", on_delete=models.CASCADE, null=True, blank=True,
                             related_name="expected_reports")
    member_state = models.ForeignKey("bodies.MemberState", on_delete=models.CASCADE, null=True, blank=True,
                                     related_name="expected_reports")
    reason = models.CharField(_("why"), max_length=10, choices=Reason.choices)

    objects = ExpectedReportQuerySet.as_manager()

    class Meta:
        db_table = "monitoring_expectedreport"  # kept from the tracker's first app
        ordering = ["cycle", "activity__code", "body__position", "member_state__name"]
        constraints = [
            models.UniqueConstraint(fields=["cycle", "activity", "body"], name="unique_expected_report"),
            models.UniqueConstraint(fields=["cycle", "member_state"], condition=Q(member_state__isnull=False),
                                    name="unique_expected_national_report"),
            models.CheckConstraint(condition=Q(reason__in=ExpectationReason.values), name="expected_report_reason_valid"),
            # Either a body on an activity or a state: never both, never neither.
            models.CheckConstraint(
                condition=(Q(activity__isnull=False, body__isnull=False, member_state__isnull=True)
                           | Q(activity__isnull=True, body__isnull=True, member_state__isnull=False)),
                name="expected_report_of_a_body_or_a_state",
            ),
        ]

    def __str__(self):
        if self.member_state_id:
            return f"{self.member_state} in {self.cycle.year}"
        return f"{self.body} on {self.activity.code} in {self.cycle.year}"


class ReminderSent(models.Model):
    """That a body or a state was reminded of a cycle's outstanding reports on a day: so it is never
    reminded twice on a day."""

    cycle = models.ForeignKey(ReportingCycle, on_delete=models.CASCADE, related_name="+")
    body = models.ForeignKey("bodies.SectoralBody", on_delete=models.CASCADE, null=True, blank=True, related_name="+")
    member_state = models.ForeignKey("bodies.MemberState", on_delete=models.CASCADE, null=True, blank=True, related_name="+")
    on = models.DateField(_("day"))

    class Meta:
        db_table = "monitoring_remindersent"  # kept from the tracker's first app
        constraints = [
            models.UniqueConstraint(fields=["cycle", "body", "on"], name="unique_reminder_per_day"),
            models.UniqueConstraint(fields=["cycle", "member_state", "on"], name="unique_state_reminder_per_day"),
            models.CheckConstraint(condition=(Q(body__isnull=False, member_state__isnull=True)
                                              | Q(body__isnull=True, member_state__isnull=False)),
                                   name="reminder_of_a_body_or_a_state"),
        ]

    def __str__(self):
        return f"{self.body or self.member_state} reminded of {self.cycle} on {self.on}"


# --- the abstract parts of a report ---------------------------------------------------------------

class Versioned(models.Model):
    """A record under optimistic locking (reporting.services.lock). Every save, whatever its path (a
    workflow step, a form, the admin), makes a new version, so two saves made from the same version
    never both succeed."""

    version = models.PositiveIntegerField(default=1)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        if not self._state.adding:
            self.version += 1
            if kwargs.get("update_fields") is not None:
                kwargs["update_fields"] = {*kwargs["update_fields"], "version", "updated_at"}
        super().save(*args, **kwargs)


class VersionedReport(Versioned):
    """A report in a reporting cycle, with a workflow. A concrete subclass has `cycle`, `state` with
    its `State` choices, `transitions` (its WorkflowStep) and `documents` (its AttachedDocument), and
    declares:

    - `TRANSITIONS`: {state: {next state: step}}, the steps being "submit", "return", "accept" and
      "reopen" (reporting.workflow); the editable, sent and final states derive from it;
    - `EXPECTED_BY`: {its field: ExpectedReport's field}, how it meets an expected report;
    - the roles of its kind, asked by reporting.permissions: `is_written_by(user)`,
      `is_sent_by(user)`, `is_reviewed_by(user)` and `is_read_in_full_by(user)`;
    - `missing_for_submission()`: what it still lacks before it can be sent, as sentences."""

    submitted_at = models.DateTimeField(null=True, blank=True)
    # When the report was first sent: what "received on time" compares with the deadline, whatever
    # returns and resubmissions followed.
    first_submitted_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        abstract = True

    @classmethod
    def editable_states(cls):
        """The states in which its writers change it: those a "submit" step leaves."""
        return [state for state, steps in cls.TRANSITIONS.items() if "submit" in steps.values()]

    @classmethod
    def final_states(cls):
        """Accepted or acknowledged: changed only once reopened."""
        return [state for state, steps in cls.TRANSITIONS.items() if set(steps.values()) == {"reopen"}]

    @classmethod
    def sent_states(cls):
        """Sent and standing (not returned): what the figures count as reported."""
        return [state for state in cls.State.values if state not in cls.editable_states()]

    @classmethod
    def state_reached_by(cls, step):
        """The state a step leads to (every step leads to one state)."""
        return next(to for steps in cls.TRANSITIONS.values() for to, name in steps.items() if name == step)

    @property
    def is_with_its_writers(self):
        """A draft or a returned report: its writers have it; the reviewers have not got it (again) yet."""
        return self.state in self.editable_states()

    @property
    def is_sent(self):
        return self.state in self.sent_states()

    @property
    def is_final(self):
        return self.state in self.final_states()

    @property
    def is_reviewable(self):
        return self.state == self.state_reached_by("submit")

    # --- who may do what: reporting.permissions, asked through the report for the templates' sake -----

    def is_visible_to(self, user):
        return permissions.may_see(user, self)

    def is_editable_by(self, user):
        return permissions.may_edit(user, self)

    def can_be_submitted_by(self, user):
        return permissions.may_submit(user, self)

    def can_be_shared_by(self, user):
        return permissions.may_share(user, self)

    def can_be_reviewed_by(self, user):
        return permissions.may_review(user, self)

    def can_be_reopened_by(self, user):
        return permissions.may_reopen(user, self)

    def may_comment(self, user):
        return permissions.may_comment(user, self)

    def is_shared_with(self, user):
        """Those who read the submitted text without writing it; nobody, unless the kind says otherwise."""
        return False

    def step_to(self, state):
        """The step that takes the report from its state to `state`, or None if the table has none."""
        return self.TRANSITIONS.get(self.state, {}).get(state)

    def revision_request(self):
        """The step that sent the report back for revision (returned, or reopened after acceptance) while
        it is being revised: the comment its writers must see on the form. None otherwise."""
        if not self.is_with_its_writers or self.submitted_at is None:
            return None  # never submitted: nobody has sent it back (and no query is needed to know it)
        latest = self.transitions.order_by("-at", "-pk").select_related("by").first()
        if latest and latest.to_state == self.state and latest.comment:
            return latest
        return None


def document_path(document, filename):
    # File systems refuse a name over 255 bytes, which 128 non-Latin letters can reach; the name as
    # uploaded is kept whole in `original_name` and given back on download.
    name = Path(filename)
    stem = name.stem.encode()[:100].decode(errors="ignore")
    return f"{document.folder()}/{stem}{name.suffix}"


class AttachedDocument(models.Model):
    """A file attached to a report, checked by content on upload (`reporting.documents`) and served
    only to people who may read it (`reporting.sensitivity.may_read` of its mark on its report). A
    concrete subclass adds `report` (related name `documents`) and `folder()`."""

    file = models.FileField(_("file"), upload_to=document_path, max_length=300)
    original_name = models.CharField(_("file name"), max_length=255)
    content_type = models.CharField(max_length=100)
    size = models.PositiveBigIntegerField()
    description = models.CharField(_("description"), max_length=200, blank=True)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    uploaded_at = models.DateTimeField(auto_now_add=True)
    sensitivity = sensitivity_field()

    objects = SensitiveQuerySet.as_manager()

    class Meta:
        abstract = True
        ordering = ["uploaded_at"]

    def __str__(self):
        return self.original_name


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


class ThreadComment(models.Model):
    """A message in a report's thread, between its writers and its reviewers, outside the workflow. A
    concrete subclass adds `report` (related name `comments`)."""

    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    text = models.TextField(_("comment"), max_length=5000)
    created_at = models.DateTimeField(_("written at"), default=timezone.now)

    class Meta:
        abstract = True
        ordering = ["created_at", "pk"]

    def __str__(self):
        return f"{self.author} on {self.report}: {self.text[:40]}"
