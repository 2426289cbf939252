"""The co-chairs' steps on the annual report: writing its text, and signing it off version by version."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from audit import services as audit
from audit.models import AuditAction
from monitoring import roles
from reporting.models import ReportingCycle

from . import annual_report as annual
from . import documents, notices
from .models import AnnualReportText, AnnualReportVersion

SIGNED_FILE_KINDS = ("signed-annual-report-pdf", "signed-annual-report-docx")


def _require_cochair(user):
    if not roles.is_cochair(user):
        raise PermissionDenied("Only the MTF co-chairs write and sign off the annual report.")


def _locked_cycle(cycle):
    # Two co-chairs signing at the same moment take turns on the cycle's row: one starts the version, the other signs it.
    return ReportingCycle.objects.select_for_update().select_related("plan").get(pk=cycle.pk)


@transaction.atomic
def save_text(*, cycle, user, executive_summary, challenges, recommendations):
    """Write the co-chairs' text of `cycle`'s annual report. A version awaiting its second signature was
    signed as it read before: it is withdrawn, and the new text is signed off afresh."""
    _require_cochair(user)
    cycle = _locked_cycle(cycle)
    text, _ = AnnualReportText.objects.get_or_create(cycle=cycle)
    text.executive_summary, text.challenges, text.recommendations = executive_summary, challenges, recommendations
    text.updated_by = user
    text.full_clean()
    text.save()
    AnnualReportVersion.objects.filter(cycle=cycle, state=AnnualReportVersion.State.AWAITING).delete()
    return text


@transaction.atomic
def sign_off(*, cycle, user, reason=""):
    """A co-chair signs the whole annual report of `cycle` off.

    The first signature freezes the report as it stands (text and figures) into a new version; a
    version after a signed one needs a `reason`. The second signature, by the other co-chair, makes the
    version final, and has its PDF and Word files built by the worker."""
    _require_cochair(user)
    cycle = _locked_cycle(cycle)
    awaiting = AnnualReportVersion.objects.filter(cycle=cycle, state=AnnualReportVersion.State.AWAITING).first()
    if awaiting:
        if awaiting.first_signed_by_id == user.pk:
            raise ValidationError("You have signed this version already: the other co-chair signs it off.")
        awaiting.second_signed_by, awaiting.second_signed_at = user, timezone.now()
        awaiting.state = AnnualReportVersion.State.SIGNED
        awaiting.full_clean()
        awaiting.save()
        _signed(awaiting, user, f"Second signature: version {awaiting.number} signed off.")
        transaction.on_commit(lambda: _build_signed_files(awaiting, user))
        return awaiting
    latest = AnnualReportVersion.objects.filter(cycle=cycle).aggregate(number=Max("number"))["number"] or 0
    reason = reason.strip()
    if latest and not reason:
        raise ValidationError(f"Version {latest} is signed off already: say why a new version is needed.")
    text = AnnualReportText.objects.filter(cycle=cycle).first()
    version = AnnualReportVersion(
        cycle=cycle, number=latest + 1, reason=reason if latest else "", first_signed_by=user,
        snapshot=documents.snapshot(annual.for_cycle(cycle), text),
    )
    version.full_clean()
    version.save()
    _signed(version, user, f"First signature of version {version.number}" + (f"; why a new version: {reason}" if latest else "."))
    return version


def _signed(version, user, detail):
    """A signature is audited, and the other co-chairs are told of it."""
    audit.record(action=AuditAction.ANNUAL_REPORT_SIGNED, user=user, obj=version, detail=detail)
    notices.version_signed(version, user=user)


def _build_signed_files(version, user):
    from builds.services import request_build

    for kind in SIGNED_FILE_KINDS:
        request_build(kind=kind, plan=version.cycle.plan, user=user,
                      params={"cycle": version.cycle.year, "priority_area": None, "body": None, "version": version.number})


def signed_file(version, kind):
    """(file name, bytes) of a signed version's PDF or Word file: drawn from its snapshot the first time
    and kept on the version, so that every later download gives the same bytes."""
    field, extension, render = {
        "pdf": ("pdf", "pdf", documents.render_pdf),
        "docx": ("docx", "docx", documents.render_docx),
    }[kind]
    filename = f"{version.file_base()}.{extension}"
    with transaction.atomic():
        version = AnnualReportVersion.objects.select_for_update(of=("self",)).select_related(
            "cycle", "first_signed_by", "second_signed_by").get(pk=version.pk)
        stored = getattr(version, field)
        if not stored:
            from django.core.files.base import ContentFile

            stored.save(filename, ContentFile(render(version.snapshot, version)), save=False)
            version.save(update_fields=[field])
    with stored.open("rb") as file:
        return filename, file.read()
