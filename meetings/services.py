"""Recording meetings and their decisions, and following decisions up: each write whole or not at all."""

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Max

from reporting.documents import detected_content_type

from .models import Decision, DecisionNote, Meeting, MeetingDocument


def _refuse_unless_recorder(user):
    if not user.has_perm("meetings.change_meeting"):
        raise PermissionDenied("Only the ASEAN Secretariat, the Chair of the WG on CT and the MTF co-chairs record meetings.")


@transaction.atomic
def save_meeting(*, form, user):
    """Save a meeting from its valid form (its attendance too), with the document it carries, if any."""
    _refuse_unless_recorder(user)
    meeting = form.save()
    document = form.new_document()
    if document:
        uploaded, kind, description = document
        attach_document(meeting=meeting, user=user, uploaded=uploaded, kind=kind, description=description)
    return meeting


def attach_document(*, meeting, user, uploaded, kind=MeetingDocument.Kind.OTHER, description=""):
    """Attach a file, already checked by `reporting.documents.validate_document`, with the type its first
    bytes show (never the type the uploading browser claimed)."""
    uploaded.seek(0)
    head = uploaded.read(16)
    uploaded.seek(0)
    document = MeetingDocument(
        meeting=meeting, kind=kind, file=uploaded, original_name=uploaded.name[:255],
        content_type=detected_content_type(uploaded.name, head), size=uploaded.size,
        description=description, uploaded_by=user,
    )
    document.full_clean()
    document.save()
    return document


@transaction.atomic
def remove_document(*, document, user):
    _refuse_unless_recorder(user)
    document.file.delete(save=False)
    document.delete()


@transaction.atomic
def save_decision(*, form, user, meeting=None):
    """Save a decision from its valid form; a new one (with `meeting`) takes the meeting's next number."""
    if not user.has_perm("meetings.change_decision"):
        raise PermissionDenied("Only the recorders of meetings record their decisions.")
    decision = form.instance
    if decision.pk is None:
        locked = Meeting.objects.select_for_update().get(pk=meeting.pk)  # two recorders never take one number
        decision.meeting = locked
        decision.position = (locked.decisions.aggregate(last=Max("position"))["last"] or 0) + 1
    return form.save()


@transaction.atomic
def follow_up(*, decision, user, text="", status=None):
    """Add a note to a decision's thread and move it to `status`: its owner, a recorder or an
    administrator only. The note says which status it left and which it reached."""
    decision = Decision.objects.select_for_update(of=("self",)).select_related("meeting").get(pk=decision.pk)
    if not decision.may_follow_up(user):
        raise PermissionDenied("Only the decision's owner and the recorders of meetings follow it up.")
    status = status or decision.status
    if status not in Decision.Status.values:
        raise ValueError(f"Unknown status {status!r}")
    changed = status != decision.status
    note = DecisionNote(decision=decision, author=user, text=text.strip(),
                        from_status=decision.status if changed else "", to_status=status if changed else "")
    note.full_clean()
    note.save()
    if changed:
        decision.status = status
        decision.save(update_fields=["status"])
    return note
