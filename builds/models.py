"""Documents that take too long to build inside a request, built by the task worker and kept for download."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


def build_path(build, filename):
    # One folder per build: a second attempt overwrites its own file, never another build's.
    return f"builds/{build.pk}/{filename}"


class BuildState(models.TextChoices):
    QUEUED = "queued", _("Queued")
    RUNNING = "running", _("Being built")
    DONE = "done", _("Ready")
    FAILED = "failed", _("Failed")


class DocumentBuildQuerySet(models.QuerySet):
    def pending(self):
        return self.filter(state__in=DocumentBuild.PENDING)


class DocumentBuild(models.Model):
    """One request for a document (e.g. the annual report of a cycle as .xlsx): its state, then its file."""

    State = BuildState
    PENDING = (State.QUEUED, State.RUNNING)

    kind = models.CharField(_("kind"), max_length=40)  # registered in builds.registry by the app that builds it
    plan = models.ForeignKey("workplan.Plan", on_delete=models.CASCADE, related_name="document_builds")
    params = models.JSONField(_("parameters"), default=dict, blank=True)  # e.g. {"cycle": 2024, "body": "SOMTC"}
    state = models.CharField(_("state"), max_length=10, choices=State.choices, default=State.QUEUED)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    error = models.TextField(_("error"), blank=True)
    file = models.FileField(_("file"), upload_to=build_path, max_length=300, blank=True)
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    requested_at = models.DateTimeField(_("requested at"), default=timezone.now)
    started_at = models.DateTimeField(_("started at"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)

    objects = DocumentBuildQuerySet.as_manager()

    class Meta:
        ordering = ["-requested_at"]
        constraints = [
            models.CheckConstraint(condition=Q(state__in=BuildState.values), name="document_build_state_valid"),
            models.CheckConstraint(condition=~Q(state=BuildState.DONE) | ~Q(file=""), name="document_build_done_has_file"),
        ]

    def __str__(self):
        return f"{self.kind} {self.params} ({self.get_state_display()})"

    def get_absolute_url(self):
        return reverse("builds:build", args=[self.pk])

    @property
    def is_pending(self):
        return self.state in self.PENDING

    @property
    def filename(self):
        return self.file.name.rsplit("/", 1)[-1] if self.file else ""
