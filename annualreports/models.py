"""The annual report as the ministers' document: the co-chairs' own text, and the versions they signed off."""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class AnnualReportText(models.Model):
    """The parts of a cycle's annual status and implementation report that the MTF co-chairs write
    themselves (section III.b): the executive summary, the challenges, and their recommendations to
    SOMTC and the AMMTC. The figures and entries come from the reports."""

    cycle = models.OneToOneField("reporting.ReportingCycle", on_delete=models.PROTECT, related_name="annual_report_text")
    executive_summary = models.TextField(_("executive summary"), blank=True)
    challenges = models.TextField(_("challenges"), blank=True)
    recommendations = models.TextField(_("recommendations to SOMTC and the AMMTC"), blank=True)
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    updated_at = models.DateTimeField(_("last changed at"), auto_now=True)

    class Meta:
        verbose_name = _("co-chairs' text of an annual report")

    def __str__(self):
        return f"Co-chairs' text of the {self.cycle.year} annual report"

    def as_dict(self):
        return {name: getattr(self, name) for name in ("executive_summary", "challenges", "recommendations")}


class VersionState(models.TextChoices):
    AWAITING = "awaiting", _("Signed by one co-chair, awaiting the other")
    SIGNED = "signed", _("Signed off by both co-chairs")


class AnnualReportVersionQuerySet(models.QuerySet):
    def signed(self):
        return self.filter(state=VersionState.SIGNED)

    def with_signatories(self):
        return self.select_related("first_signed_by", "second_signed_by")


def version_file_path(version, filename):
    return f"annual-reports/{version.cycle_id}/v{version.number}/{filename}"


class AnnualReportVersion(models.Model):
    """One version of a cycle's annual report as the co-chairs sign it off: the text and figures frozen
    (`snapshot`, the JSON every rendering of the version is drawn from) when the first co-chair signs, and
    final once the second one does. Later changes to the reports never alter it; a corrected report is a
    new version, with its reason, and the old one is kept."""

    State = VersionState

    cycle = models.ForeignKey("reporting.ReportingCycle", on_delete=models.PROTECT, related_name="annual_report_versions")
    number = models.PositiveSmallIntegerField(_("version"))
    state = models.CharField(_("state"), max_length=10, choices=State.choices, default=State.AWAITING)
    reason = models.TextField(_("why this new version"), blank=True)
    snapshot = models.JSONField(_("text and figures as signed"))
    first_signed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    first_signed_at = models.DateTimeField(_("first signed at"), default=timezone.now)
    second_signed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    second_signed_at = models.DateTimeField(_("signed off at"), null=True, blank=True)
    # The files as first built from the snapshot once signed: every later download hands back these bytes.
    pdf = models.FileField(_("PDF"), upload_to=version_file_path, max_length=300, blank=True)
    docx = models.FileField(_("Word document"), upload_to=version_file_path, max_length=300, blank=True)

    objects = AnnualReportVersionQuerySet.as_manager()

    class Meta:
        ordering = ["cycle", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["cycle", "number"], name="unique_annual_report_version"),
            models.UniqueConstraint(fields=["cycle"], condition=Q(state=VersionState.AWAITING),
                                    name="one_annual_report_version_awaiting_signature"),
            models.CheckConstraint(condition=Q(state__in=VersionState.values), name="annual_report_version_state_valid"),
            models.CheckConstraint(condition=Q(number=1) | ~Q(reason=""), name="annual_report_new_version_has_reason"),
            models.CheckConstraint(condition=~Q(state=VersionState.SIGNED) | Q(second_signed_by__isnull=False),
                                   name="annual_report_signed_by_two"),
            models.CheckConstraint(condition=Q(second_signed_by__isnull=True) | ~Q(second_signed_by=F("first_signed_by")),
                                   name="annual_report_signed_by_two_distinct_people"),
        ]

    def __str__(self):
        return f"{self.cycle.year} annual report, version {self.number} ({self.get_state_display().lower()})"

    def get_absolute_url(self):
        return reverse("annualreports:version", kwargs={
            "plan": self.cycle.plan.slug, "year": self.cycle.year, "number": self.number})

    @property
    def is_signed(self):
        return self.state == self.State.SIGNED

    def signatures(self):
        """[(user, when)] of those who signed, in order."""
        signed = [(self.first_signed_by, self.first_signed_at)]
        if self.second_signed_by_id:
            signed.append((self.second_signed_by, self.second_signed_at))
        return signed

    def file_base(self):
        return f"{self.snapshot['plan']['slug']}-annual-report-{self.cycle.year}-v{self.number}"
