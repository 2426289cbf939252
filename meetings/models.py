"""The meetings that examine progress on the plans, and the decisions they record. Moved from national/:
the MTF meets too, and the work plan's pages show the decisions."""

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from bodies.models import Membership
from reporting.models import AttachedDocument, ThreadComment
from reporting.roles import FOCAL_POINTS, SECRETARIAT
from reporting.sensitivity import sensitivity_constraint
from workplan.models import ActionLine, Activity


class MeetingKind(models.TextChoices):
    WG_ON_CT = "wg_on_ct", _("SOMTC Working Group on Counter Terrorism")
    MTF = "mtf", _("Multi-Sectoral Task Force")
    SOMTC = "somtc", _("Senior Officials Meeting on Transnational Crime (SOMTC)")
    AMMTC = "ammtc", _("ASEAN Ministerial Meeting on Transnational Crime (AMMTC)")
    MINISTERIAL = "ministerial", _("Ministerial meeting of a sectoral body")
    SPECIAL = "special", _("Special or ad hoc meeting")


# The WG on CT examines progress at least twice a year (ACPoA on CT §22.1).
WG_ON_CT_MEETINGS_A_YEAR = 2


class MeetingQuerySet(models.QuerySet):
    def of_wg_on_ct_held_in(self, year, today=None):
        """The WG on CT's meetings held in `year` up to `today`: one recorded ahead is not yet held."""
        today = today or timezone.localdate()
        return self.filter(kind=MeetingKind.WG_ON_CT, held_on__year=year, held_on__lte=today)


class Meeting(models.Model):
    """A meeting that examines progress on the plans: the SOMTC WG on CT, which meets at least twice a
    year (ACPoA on CT §22.1), the MTF's annual meetings (Work Plan §III.e), SOMTC, the AMMTC, a
    sectoral body's ministerial meeting, or a special or ad hoc one."""

    Kind = MeetingKind

    title = models.CharField(_("title"), max_length=300)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    body = models.ForeignKey(
        "bodies.SectoralBody", on_delete=models.PROTECT, null=True, blank=True, related_name="ministerial_meetings",
        verbose_name=_("sectoral body"), help_text=_("Whose ministerial meeting it is (only for that kind)."),
    )
    held_on = models.DateField(_("held on"))
    venue = models.CharField(_("venue"), max_length=200, blank=True)
    plans = models.ManyToManyField("workplan.Plan", related_name="meetings", verbose_name=_("plans examined"))
    member_states_present = models.ManyToManyField(
        "bodies.MemberState", blank=True, related_name="meetings", verbose_name=_("Member States present")
    )
    bodies_present = models.ManyToManyField(
        "bodies.SectoralBody", blank=True, related_name="meetings", verbose_name=_("sectoral bodies present")
    )
    partners_present = models.TextField(
        _("partners present"), blank=True, help_text=_("Dialogue Partners and other partners, one a line.")
    )
    attendance_note = models.TextField(
        _("other attendance"), blank=True, help_text=_("The ASEAN Secretariat, observers.")
    )

    objects = MeetingQuerySet.as_manager()

    class Meta:
        db_table = "national_meeting"  # the table it had in national/, kept with its rows
        ordering = ["-held_on"]
        constraints = [
            models.CheckConstraint(condition=Q(kind__in=MeetingKind.values), name="meeting_kind_valid"),
            # Only a sectoral body's ministerial meeting names its body, and it always does.
            models.CheckConstraint(
                condition=Q(kind=MeetingKind.MINISTERIAL, body__isnull=False)
                | (~Q(kind=MeetingKind.MINISTERIAL) & Q(body__isnull=True)),
                name="meeting_body_only_if_ministerial",
            ),
        ]

    def __str__(self):
        return f"{self.title} ({self.held_on:%d %b %Y})"

    def get_absolute_url(self):
        return reverse("meetings:meeting", kwargs={"pk": self.pk})

    def clean(self):
        if self.kind == MeetingKind.MINISTERIAL and not self.body_id:
            raise ValidationError({"body": _("Name the sectoral body whose ministerial meeting it is.")})
        if self.kind != MeetingKind.MINISTERIAL and self.body_id:
            raise ValidationError({"body": _("Only a ministerial meeting of a sectoral body names a body.")})

    def is_visible_to(self, user):
        """Meetings are not public: everyone logged in reads them."""
        return user.is_authenticated

    def is_editable_by(self, user):
        return user.has_perm("meetings.change_meeting")

    def reads_confidential(self, user):
        """A meeting's confidential papers: those who record the meetings (the Secretariat) and administrators."""
        return user.is_authenticated and (user.has_perm("meetings.change_meeting") or user.is_superuser)


def wg_on_ct_meetings_in(year, today=None):
    """How many times the WG on CT has met in `year` so far."""
    return Meeting.objects.of_wg_on_ct_held_in(year, today).count()


class MeetingDocumentKind(models.TextChoices):
    AGENDA = "agenda", _("Agenda")
    REPORT = "report", _("Report of the meeting")
    OTHER = "other", _("Other document")


class MeetingDocument(AttachedDocument):
    """A document of a meeting (its agenda, its report, another paper), checked as reports' documents are."""

    Kind = MeetingDocumentKind

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="documents")
    kind = models.CharField(_("kind of document"), max_length=10, choices=Kind.choices, default=Kind.OTHER)

    class Meta(AttachedDocument.Meta):
        constraints = [
            models.CheckConstraint(condition=Q(kind__in=MeetingDocumentKind.values), name="meeting_document_kind_valid"),
            sensitivity_constraint("meeting_document_sensitivity_valid"),
        ]

    def __str__(self):
        return f"{self.original_name} ({self.meeting})"

    def get_absolute_url(self):
        return reverse("meetings:document", kwargs={"pk": self.pk})

    def folder(self):
        return f"meetings/{self.meeting.held_on.year}/{self.meeting_id}"


class DecisionStatus(models.TextChoices):
    OPEN = "open", _("Open")
    IN_PROGRESS = "in_progress", _("In progress")
    DONE = "done", _("Done")
    DROPPED = "dropped", _("Dropped")

    @classmethod
    def still_open(cls):
        """The statuses of a decision still to follow up."""
        return [cls.OPEN.value, cls.IN_PROGRESS.value]


class OwnerKind(models.TextChoices):
    BODY = "body", _("A sectoral body")
    STATE = "state", _("A Member State")
    SECRETARIAT = "secretariat", _("The ASEAN Secretariat")


# The role a focal point holds in national.FocalPoint for the one who speaks for their state; meetings
# cannot import national (they are side by side), so the owner rule reaches it by relation names.
NATIONAL_FOCAL_POINT = "national"


class DecisionQuerySet(models.QuerySet):
    def about(self, plan):
        """The decisions of meetings on the plan, and those that point at its provisions or activities."""
        concerning = Q(meeting__plans=plan) | Q(provisions__plan=plan) | Q(activities__plan=plan)
        return self.filter(pk__in=Decision.objects.filter(concerning).values("pk")).select_related("meeting")

    def still_open(self):
        return self.filter(status__in=DecisionStatus.still_open())

    def owned_by(self, user, group_names=None):
        """The decisions whose owner the user answers for: their bodies', their states' (as national
        focal point), the ASEAN Secretariat's (as one of its people). `group_names`, the user's groups'
        names when the caller has them already, saves asking for them again."""
        if not user.is_authenticated:
            return self.none()
        if group_names is None:
            group_names = set(user.groups.values_list("name", flat=True))
        owned = Q(owner_kind=OwnerKind.BODY, owner_body__in=Membership.objects.body_ids_of(user))
        # national.FocalPoint.objects.held(), spelt through the join: meetings stands beside national.
        owned |= Q(owner_kind=OwnerKind.STATE, owner_state__agencies__focal_points__user=user,
                   owner_state__agencies__focal_points__role=NATIONAL_FOCAL_POINT,
                   owner_state__agencies__focal_points__user__is_active=True,
                   owner_state__agencies__focal_points__user__groups__name=FOCAL_POINTS)
        if SECRETARIAT in group_names:
            owned |= Q(owner_kind=OwnerKind.SECRETARIAT)
        return self.filter(pk__in=Decision.objects.filter(owned).values("pk"))

    def for_pages(self):
        """What a decision's line shows: its meeting, its owner and what it concerns."""
        return self.select_related("meeting", "owner_body", "owner_state").prefetch_related(
            models.Prefetch("provisions", queryset=ActionLine.objects.select_related("plan")),
            models.Prefetch("activities", queryset=Activity.objects.select_related("plan")),
        )


class Decision(models.Model):
    """A decision recorded at a meeting, pointing at the provisions or activities it concerns, with the
    one who owns its follow-up (a sectoral body, a Member State or the ASEAN Secretariat), a due date and
    where it stands."""

    Status = DecisionStatus
    OwnerKind = OwnerKind

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="decisions")
    position = models.PositiveSmallIntegerField(_("number"))
    text = models.TextField(_("decision"))
    provisions = models.ManyToManyField(
        "workplan.ActionLine", blank=True, related_name="decisions", verbose_name=_("provisions concerned")
    )
    activities = models.ManyToManyField(
        "workplan.Activity", blank=True, related_name="decisions", verbose_name=_("activities concerned")
    )
    # Decisions recorded before owners were named have none (blank kind).
    owner_kind = models.CharField(_("owner"), max_length=12, choices=OwnerKind.choices, blank=True)
    owner_body = models.ForeignKey(
        "bodies.SectoralBody", on_delete=models.PROTECT, null=True, blank=True, related_name="decisions_owned",
        verbose_name=_("owning sectoral body"),
    )
    owner_state = models.ForeignKey(
        "bodies.MemberState", on_delete=models.PROTECT, null=True, blank=True, related_name="decisions_owned",
        verbose_name=_("owning Member State"),
    )
    due_on = models.DateField(_("due on"), null=True, blank=True)
    status = models.CharField(_("status"), max_length=12, choices=Status.choices, default=Status.OPEN)

    objects = DecisionQuerySet.as_manager()

    class Meta:
        db_table = "national_decision"
        ordering = ["-meeting__held_on", "meeting_id", "position"]
        constraints = [
            models.UniqueConstraint(fields=["meeting", "position"], name="unique_decision_number"),
            models.CheckConstraint(condition=Q(status__in=DecisionStatus.values), name="decision_status_valid"),
            models.CheckConstraint(
                condition=Q(owner_kind=OwnerKind.BODY, owner_body__isnull=False, owner_state__isnull=True)
                | Q(owner_kind=OwnerKind.STATE, owner_body__isnull=True, owner_state__isnull=False)
                | Q(owner_kind__in=[OwnerKind.SECRETARIAT, ""], owner_body__isnull=True, owner_state__isnull=True),
                name="decision_owner_one_of_its_kind",
            ),
        ]

    def __str__(self):
        return f"{self.meeting.title}, decision {self.position}"

    def get_absolute_url(self):
        return reverse("meetings:decision", kwargs={"pk": self.pk})

    def clean(self):
        errors = {}
        if self.owner_kind == OwnerKind.BODY and not self.owner_body_id:
            errors["owner_body"] = _("Choose the sectoral body that owns the decision.")
        if self.owner_kind == OwnerKind.STATE and not self.owner_state_id:
            errors["owner_state"] = _("Choose the Member State that owns the decision.")
        if self.owner_kind != OwnerKind.BODY and self.owner_body_id:
            errors["owner_body"] = _("Only a decision owned by a sectoral body names one.")
        if self.owner_kind != OwnerKind.STATE and self.owner_state_id:
            errors["owner_state"] = _("Only a decision owned by a Member State names one.")
        if errors:
            raise ValidationError(errors)

    @property
    def owner(self):
        """Who owns the decision, as the page names them."""
        if self.owner_kind == OwnerKind.BODY:
            return self.owner_body
        if self.owner_kind == OwnerKind.STATE:
            return self.owner_state
        if self.owner_kind == OwnerKind.SECRETARIAT:
            return _("ASEAN Secretariat")
        return None

    @property
    def is_open(self):
        return self.status in DecisionStatus.still_open()

    def is_overdue(self, today=None):
        return self.is_open and self.due_on is not None and self.due_on < (today or timezone.localdate())

    def is_visible_to(self, user):
        return self.meeting.is_visible_to(user)

    def is_editable_by(self, user):
        return user.has_perm("meetings.change_decision")

    def is_owned_by(self, user):
        """The owner rule: the staff of the owning body, the owning state's national focal point, or the
        ASEAN Secretariat's people for a decision it owns."""
        if not user.is_authenticated or not self.owner_kind:
            return False
        return Decision.objects.filter(pk=self.pk).owned_by(user).exists()

    def may_follow_up(self, user):
        """Who may add a follow-up note and change the status: its owner, the recorders, administrators
        (who hold every permission)."""
        return self.is_editable_by(user) or self.is_owned_by(user)


class DecisionNote(ThreadComment):
    """A follow-up note on a decision: who, when, what was done, and the status it moved to, if any."""

    decision = models.ForeignKey(Decision, on_delete=models.CASCADE, related_name="notes")
    text = models.TextField(_("note"), max_length=5000, blank=True)  # a status change may say nothing more
    from_status = models.CharField(_("status before"), max_length=12, choices=DecisionStatus.choices, blank=True)
    to_status = models.CharField(_("status after"), max_length=12, choices=DecisionStatus.choices, blank=True)

    class Meta(ThreadComment.Meta):
        constraints = [
            models.CheckConstraint(
                condition=(Q(from_status="") & Q(to_status=""))
                | (Q(from_status__in=DecisionStatus.values) & Q(to_status__in=DecisionStatus.values)),
                name="decision_note_statuses_valid",
            ),
        ]

    def __str__(self):
        return f"{self.author} on {self.decision}: {self.text[:40]}"

    @property
    def changed_status(self):
        return bool(self.to_status) and self.to_status != self.from_status
