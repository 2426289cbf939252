"""What an ended plan leaves open, carried over into the plan that succeeds it."""

from django.conf import settings
from django.db import models
from django.db.models import Prefetch, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from national.models import AssistanceStep


class CarryOverKind(models.TextChoices):
    """What kind of open item is carried over, each named by its own foreign key (ITEM_FIELDS)."""

    RECOMMENDATION = "recommendation", _("recommendations not yet followed up")
    ACTIVITY = "activity", _("activity still ongoing")
    DECISION = "decision", _("open decision")
    ASSISTANCE = "assistance", _("assistance request not yet delivered")


# The foreign key that names the item of each kind: exactly that one is set (see the check constraint).
ITEM_FIELDS = {
    CarryOverKind.RECOMMENDATION: "recommendation",
    CarryOverKind.ACTIVITY: "activity",
    CarryOverKind.DECISION: "decision",
    CarryOverKind.ASSISTANCE: "assistance_request",
}


def _one_item_of_its_kind():
    """For each kind, its own item field set and the others empty; an activity also has its copy."""
    condition = Q()
    for kind, own in ITEM_FIELDS.items():
        fields = {f"{field}__isnull": field != own for field in ITEM_FIELDS.values()}
        if kind == CarryOverKind.ACTIVITY:
            fields.update(new_activity__isnull=False, to_focus_area__isnull=False)
        else:
            fields.update(new_activity__isnull=True)
        condition |= Q(kind=kind, **fields)
    return condition


class CarryOverQuerySet(models.QuerySet):
    def with_origin(self):
        """Everything the pages show of a carried item's origin and its carrying, in a fixed number of queries."""
        return self.select_related(
            "from_plan", "to_line__plan", "to_focus_area__action_line", "carried_by", "new_activity__plan",
            "recommendation__cycle", "recommendation__implementing_body", "recommendation__activity__plan",
            "activity__plan", "decision__meeting",
            "assistance_request__entry__provision", "assistance_request__entry__report__member_state",
            "assistance_request__partner",
        ).prefetch_related(
            "recommendation__followed_up_by__cycle",
            # A request's steps are its history: who offered, what was delivered so far.
            Prefetch("assistance_request__steps", queryset=AssistanceStep.objects.select_related("partner")),
        )


class CarryOver(models.Model):
    """An item an ended plan left open (recommendations of an activity report not yet followed up, an
    activity whose last report says ongoing, an open decision of a meeting, a Member State's request for
    assistance no partner has delivered yet) carried by the Secretariat
    into one line of the plan that succeeds it: a provision, or a focus area of activities."""

    Kind = CarryOverKind

    kind = models.CharField(_("what"), max_length=16, choices=Kind.choices)
    from_plan = models.ForeignKey("workplan.Plan", on_delete=models.PROTECT, related_name="carried_out",
                                  verbose_name=_("from the plan"))
    recommendation = models.ForeignKey(
        "monitoring.ActivityReport", on_delete=models.PROTECT, null=True, blank=True, related_name="carry_overs",
        verbose_name=_("report whose recommendations are carried"),
    )
    activity = models.ForeignKey("workplan.Activity", on_delete=models.PROTECT, null=True, blank=True,
                                 related_name="carry_overs", verbose_name=_("ongoing activity"))
    decision = models.ForeignKey("meetings.Decision", on_delete=models.PROTECT, null=True, blank=True,
                                 related_name="carry_overs", verbose_name=_("decision"))
    assistance_request = models.ForeignKey(
        "national.AssistanceRequest", on_delete=models.PROTECT, null=True, blank=True, related_name="carry_overs",
        verbose_name=_("assistance request not yet delivered"),
    )
    to_line = models.ForeignKey("workplan.ActionLine", on_delete=models.PROTECT, related_name="carried_in",
                                verbose_name=_("into the line"))
    to_focus_area = models.ForeignKey("workplan.FocusArea", on_delete=models.PROTECT, null=True, blank=True,
                                      related_name="carried_in", verbose_name=_("into the focus area"))
    # The ongoing activity's copy in the successor, which its bodies report on from then on.
    new_activity = models.OneToOneField("workplan.Activity", on_delete=models.PROTECT, null=True, blank=True,
                                        related_name="carried_from", verbose_name=_("its copy in the successor"))
    carried_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                   related_name="+", verbose_name=_("carried by"))
    carried_at = models.DateTimeField(_("carried at"), default=timezone.now)
    note = models.TextField(_("note"), blank=True)

    objects = CarryOverQuerySet.as_manager()

    class Meta:
        ordering = ["-carried_at", "-pk"]
        constraints = [
            models.CheckConstraint(condition=Q(kind__in=CarryOverKind.values), name="carry_over_kind_valid"),
            models.CheckConstraint(condition=_one_item_of_its_kind(), name="carry_over_one_item_of_its_kind"),
            # An item is carried once: the successor then holds it.
            *(models.UniqueConstraint(fields=[field], condition=Q(**{f"{field}__isnull": False}),
                                      name=f"carry_over_{field}_once") for field in ITEM_FIELDS.values()),
        ]

    def __str__(self):
        return f"{self.get_kind_display()}: {self.item} → {self.to_line.plan}, {self.to_line.number}"

    def get_absolute_url(self):
        return reverse("handover:handover", kwargs={"plan": self.from_plan.slug})

    @property
    def item(self):
        return getattr(self, ITEM_FIELDS[self.kind])

    @property
    def target(self):
        """The line it went into: the focus area if one was named, else the provision."""
        return self.to_focus_area or self.to_line
