"""The official documents that go up the reporting line (Work Plan §III.b and §III.g; PoA PCRVE and
ACPoA on CT §21–22): the authors' text, the versions signed (each a frozen snapshot of the text, the
figures and the signatories), the signatures, and where each version was sent and what was decided.

One set of tables for every kind of document (the co-chairs' annual report, the chair's summary, the
three-yearly review, a plan's final report): a kind is registered in `official.kinds` and names its
sections, its signers and how it compiles its figures; the rules of signing are written once in
`official.services`.
"""

import hashlib
import json

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _


def canonical_json(value):
    """The one spelling of a JSON value that a digest is taken of: keys sorted, no spaces, unicode kept."""
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False, default=str)


def digest_of(value):
    return hashlib.sha256(canonical_json(value).encode()).hexdigest()


class DocumentQuerySet(models.QuerySet):
    def of_plan(self, plan):
        return self.filter(plan=plan)


class Document(models.Model):
    """One official document of a plan for a year (a review: for its period, `year` being its last):
    the authors' text as it stands now. The figures are compiled from the reports when read or signed;
    what was signed is in its versions."""

    kind = models.SlugField(_("kind"), max_length=40, help_text=_("A kind registered in official.kinds."))
    plan = models.ForeignKey("workplan.Plan", on_delete=models.PROTECT, related_name="official_documents")
    year = models.PositiveSmallIntegerField(_("year"), help_text=_("The reporting cycle's year; a review's last year."))
    review = models.ForeignKey("national.Review", on_delete=models.PROTECT, null=True, blank=True,
                               related_name="official_documents")
    text = models.JSONField(_("the authors' text"), default=dict, blank=True,
                            help_text=_("{section name: text}, the sections the kind defines."))
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                   related_name="+")
    updated_at = models.DateTimeField(_("last changed at"), auto_now=True)

    objects = DocumentQuerySet.as_manager()

    class Meta:
        ordering = ["plan_id", "-year", "kind"]
        constraints = [
            models.UniqueConstraint(fields=["kind", "plan", "year"], condition=Q(review__isnull=True),
                                    name="unique_official_document"),
            models.UniqueConstraint(fields=["kind", "plan", "year", "review"], condition=Q(review__isnull=False),
                                    name="unique_official_document_of_review"),
        ]

    def __str__(self):
        return self.title

    @property
    def kind_of(self):
        from . import kinds

        return kinds.get(self.kind)

    @property
    def title(self):
        try:
            return self.kind_of.title(self.plan, self.year)
        except LookupError:
            return f"{self.kind} {self.year}"

    def get_absolute_url(self):
        return reverse("official:document", kwargs={"plan": self.plan.slug, "kind": self.kind, "year": self.year})


class VersionState(models.TextChoices):
    AWAITING = "awaiting", _("Awaiting signatures")
    SIGNED = "signed", _("Signed")
    SUBMITTED = "submitted", _("Submitted")
    ENDORSED = "endorsed", _("Endorsed")
    WITHDRAWN = "withdrawn", _("Withdrawn")


FINAL_STATES = (VersionState.SIGNED, VersionState.SUBMITTED, VersionState.ENDORSED)


class VersionQuerySet(models.QuerySet):
    def final(self):
        """The versions that went, or may go, up the reporting line: signed, submitted or endorsed."""
        return self.filter(state__in=FINAL_STATES)

    def awaiting(self):
        return self.filter(state=VersionState.AWAITING)


def version_file_path(version, filename):
    return f"official/{version.document_id}/v{version.number}/{filename}"


class Version(models.Model):
    """One version of a document as it was signed: `snapshot` holds the authors' text, the figures and
    entries compiled from the reports and the signatories as they were, and every rendering of the
    version is drawn from it. `digest` is the sha256 of the snapshot's content (all but the signatories,
    who are added as they sign): what a signer read is checked against it.

    No version is deleted: one superseded before it was complete is `withdrawn`, with the reason. The
    number is never reused (one more than every version the document ever had)."""

    State = VersionState

    document = models.ForeignKey(Document, on_delete=models.PROTECT, related_name="versions")
    number = models.PositiveSmallIntegerField(_("version"))
    state = models.CharField(_("state"), max_length=10, choices=State.choices, default=State.AWAITING)
    reason = models.TextField(_("why this new version"), blank=True)
    withdrawn_reason = models.TextField(_("why it was withdrawn"), blank=True)
    snapshot = models.JSONField(_("text, figures and signatories as signed"))
    digest = models.CharField(_("digest"), max_length=64)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    # The files as first built from the snapshot: every later download hands back these bytes.
    pdf = models.FileField(_("PDF"), upload_to=version_file_path, max_length=300, blank=True)
    docx = models.FileField(_("Word document"), upload_to=version_file_path, max_length=300, blank=True)

    objects = VersionQuerySet.as_manager()

    class Meta:
        ordering = ["document", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["document", "number"], name="unique_official_version_number"),
            models.UniqueConstraint(fields=["document"], condition=Q(state=VersionState.AWAITING),
                                    name="one_official_version_awaiting"),
            models.CheckConstraint(condition=Q(state__in=VersionState.values), name="official_version_state_valid"),
            models.CheckConstraint(condition=Q(number=1) | ~Q(reason=""), name="official_new_version_has_reason"),
            models.CheckConstraint(condition=~Q(state=VersionState.WITHDRAWN) | ~Q(withdrawn_reason=""),
                                   name="official_withdrawn_version_says_why"),
        ]

    def __str__(self):
        return f"{self.document}, version {self.number}"

    def get_absolute_url(self):
        document = self.document
        return reverse("official:version", kwargs={
            "plan": document.plan.slug, "kind": document.kind, "year": document.year, "number": self.number})

    @property
    def is_final(self):
        return self.state in FINAL_STATES

    def file_base(self):
        return f"{self.snapshot.get('file_base', 'document')}-v{self.number}"


class Signature(models.Model):
    """A signature on a version: the name and role as they read when signed, kept whatever later edits
    of the user say."""

    version = models.ForeignKey(Version, on_delete=models.PROTECT, related_name="signatures")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="official_signatures")
    name = models.CharField(_("name as signed"), max_length=300)
    role = models.CharField(_("role as signed"), max_length=300)
    signed_at = models.DateTimeField(_("signed at"))

    class Meta:
        ordering = ["version", "signed_at", "pk"]
        constraints = [models.UniqueConstraint(fields=["version", "user"], name="one_signature_per_person")]

    def __str__(self):
        return f"{self.name} ({self.role})"


class SentTo(models.TextChoices):
    SOMTC = "somtc", _("SOMTC")
    AMMTC = "ammtc", _("The AMMTC")
    MINISTERIAL = "ministerial", _("A sectoral body's ministerial meeting")


class Outcome(models.TextChoices):
    PENDING = "pending", _("Pending")
    NOTED = "noted", _("Noted")
    ENDORSED = "endorsed", _("Endorsed")
    RETURNED = "returned", _("Returned with comments")


class DispatchQuerySet(models.QuerySet):
    def of_plan(self, plan):
        return self.filter(version__document__plan=plan)

    def for_listing(self):
        return self.select_related("version__document__plan", "body", "meeting", "decision", "recorded_by")


class Dispatch(models.Model):
    """The reporting line's register: a version sent to SOMTC, the AMMTC or a sectoral body's ministerial
    meeting on a day, and what that body made of it, pointing at the meeting and its decision."""

    SentTo = SentTo
    Outcome = Outcome

    version = models.ForeignKey(Version, on_delete=models.PROTECT, related_name="dispatches")
    sent_to = models.CharField(_("sent to"), max_length=12, choices=SentTo.choices)
    body = models.ForeignKey("bodies.SectoralBody", on_delete=models.PROTECT, null=True, blank=True,
                             related_name="+", verbose_name=_("sectoral body"),
                             help_text=_("Whose ministerial meeting (only for that one)."))
    sent_on = models.DateField(_("sent on"))
    outcome = models.CharField(_("outcome"), max_length=10, choices=Outcome.choices, default=Outcome.PENDING)
    comments = models.TextField(_("comments"), blank=True)
    meeting = models.ForeignKey("meetings.Meeting", on_delete=models.PROTECT, null=True, blank=True,
                                related_name="dispatches", verbose_name=_("meeting"))
    decision = models.ForeignKey("meetings.Decision", on_delete=models.PROTECT, null=True, blank=True,
                                 related_name="dispatches", verbose_name=_("decision"))
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                    related_name="+")
    recorded_at = models.DateTimeField(_("recorded at"), auto_now_add=True)

    objects = DispatchQuerySet.as_manager()

    class Meta:
        ordering = ["-sent_on", "-pk"]
        verbose_name_plural = _("dispatches")
        constraints = [
            models.CheckConstraint(condition=Q(sent_to__in=SentTo.values), name="dispatch_sent_to_valid"),
            models.CheckConstraint(condition=Q(outcome__in=Outcome.values), name="dispatch_outcome_valid"),
        ]

    def __str__(self):
        return f"{self.version} sent to {self.get_sent_to_display()} on {self.sent_on:%d %B %Y}"
