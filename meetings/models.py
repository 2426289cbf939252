"""The meetings that examine progress on the plans, and the decisions they record. Moved from national/:
the MTF meets too, and the work plan's pages show the decisions."""

from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _


class MeetingKind(models.TextChoices):
    WG_ON_CT = "wg_on_ct", _("SOMTC Working Group on Counter Terrorism")
    MTF = "mtf", _("Multi-Sectoral Task Force")
    SPECIAL = "special", _("Special meeting")


class Meeting(models.Model):
    """A meeting that examines progress on the plans: the SOMTC WG on CT, which meets at least twice a
    year (ACPoA on CT §22.1), the MTF's annual meetings (Work Plan §III.e), or a special meeting."""

    Kind = MeetingKind

    title = models.CharField(_("title"), max_length=300)
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    held_on = models.DateField(_("held on"))
    venue = models.CharField(_("venue"), max_length=200, blank=True)
    plans = models.ManyToManyField("workplan.Plan", related_name="meetings", verbose_name=_("plans examined"))
    member_states_present = models.ManyToManyField(
        "bodies.MemberState", blank=True, related_name="meetings", verbose_name=_("Member States present")
    )
    bodies_present = models.ManyToManyField(
        "bodies.SectoralBody", blank=True, related_name="meetings", verbose_name=_("sectoral bodies present")
    )
    attendance_note = models.TextField(
        _("other attendance"), blank=True, help_text=_("Dialogue Partners, the ASEAN Secretariat, observers.")
    )

    class Meta:
        db_table = "national_meeting"  # the table it had in national/, kept with its rows
        ordering = ["-held_on"]
        constraints = [models.CheckConstraint(condition=Q(kind__in=MeetingKind.values), name="meeting_kind_valid")]

    def __str__(self):
        return f"{self.title} ({self.held_on:%d %b %Y})"

    def get_absolute_url(self):
        return reverse("meetings:meeting", kwargs={"pk": self.pk})


class DecisionQuerySet(models.QuerySet):
    def about(self, plan):
        """The decisions of meetings on the plan, and those that point at its provisions or activities."""
        concerning = Q(meeting__plans=plan) | Q(provisions__plan=plan) | Q(activities__plan=plan)
        return self.filter(pk__in=Decision.objects.filter(concerning).values("pk")).select_related("meeting")


class Decision(models.Model):
    """A decision recorded at a meeting, pointing at the provisions or activities it concerns."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="decisions")
    position = models.PositiveSmallIntegerField(_("number"))
    text = models.TextField(_("decision"))
    provisions = models.ManyToManyField(
        "workplan.ActionLine", blank=True, related_name="decisions", verbose_name=_("provisions concerned")
    )
    activities = models.ManyToManyField(
        "workplan.Activity", blank=True, related_name="decisions", verbose_name=_("activities concerned")
    )

    objects = DecisionQuerySet.as_manager()

    class Meta:
        db_table = "national_decision"
        ordering = ["-meeting__held_on", "meeting_id", "position"]
        constraints = [models.UniqueConstraint(fields=["meeting", "position"], name="unique_decision_number")]

    def __str__(self):
        return f"{self.meeting.title}, decision {self.position}"
