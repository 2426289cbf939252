"""The steps of every official document, whatever its kind: writing the authors' text, signing a version
tied to what the signer read, and recording where a version went up the reporting line.

Each step runs in one transaction and is audited. A signature first locks the document's row, so two
signers take turns: the second finds what the first did and is told, never signs something else.
"""

from django.core.cache import cache
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import formats, timezone

from audit import services as audit
from audit.models import AuditAction
from reporting.permissions import is_administrator
from reporting.roles import SECRETARIAT, WG_CHAIR

from . import kinds
from .models import Dispatch, Document, Signature, Version, digest_of

READ_CONTENT_KEPT = 7 * 24 * 3600  # what a signer opened is kept a week to show what changed since


class SigningRefused(ValidationError):
    """A signature that is not given: the message says why and what to do."""


class ContentChanged(SigningRefused):
    """The document changed between the moment the signer opened it and their signature. `changes` is a
    list of (what, as read, now)."""

    def __init__(self, message, changes):
        super().__init__(message)
        self.changes = changes


def _signer_name(user):
    return user.get_full_name() or user.get_username()


def _day(moment):
    """A day as the site says it: "31 March 2026"."""
    if isinstance(moment, timezone.datetime) and timezone.is_aware(moment):
        moment = timezone.localtime(moment)
    return formats.date_format(moment, "j F Y")


# Reading ------------------------------------------------------------------------------------------------

def document_for(kind, plan, year, *, review=None):
    """The document of `kind` for `plan` and `year` (unsaved if nobody wrote or signed it yet)."""
    document = Document.objects.filter(kind=kind.slug, plan=plan, year=year, review=review).first()
    if document is None:
        document = Document(kind=kind.slug, plan=plan, year=year, review=review, text=kind.empty_text())
    document.plan = plan
    return document


def text_of(document):
    """The authors' text, one entry per section of the kind (an unwritten section is blank)."""
    kind = document.kind_of
    return {name: (document.text or {}).get(name, "") for name in kind.section_names()}


def content_of(document):
    """What a signer reads and signs: the authors' text and the figures compiled from the reports now."""
    return {"text": text_of(document), "compiled": document.kind_of.compile(document)}


def _next_number(document):
    if document.pk is None:
        return 1
    return (Version.objects.filter(document=document).aggregate(n=Max("number"))["n"] or 0) + 1


def open_for_signing(document, content=None):
    """(the number a version signed now would get, the digest of the content now). The sign-off form
    carries both; what was read is kept a while, so a refused signature can show what changed."""
    content = content if content is not None else content_of(document)
    digest = digest_of(content)
    cache.set(f"official:read:{digest}", content, READ_CONTENT_KEPT)
    return _next_number(document), digest


def _summary(value):
    if isinstance(value, str):
        return value if len(value) <= 120 else value[:117] + "…"
    if isinstance(value, list):
        return f"{len(value)} item{'s' if len(value) != 1 else ''}"
    if isinstance(value, dict):
        return f"{len(value)} field{'s' if len(value) != 1 else ''}"
    return "—" if value is None else str(value)


def differences(old, new, *, limit=30):
    """[(what, as read, now)] between two contents: each text section and each figure that differs,
    lists of entries said as counts. At most `limit` lines."""
    found = []

    def walk(path, a, b):
        if len(found) >= limit or a == b:
            return
        if isinstance(a, dict) and isinstance(b, dict) and len(path) < 4:
            for key in sorted(set(a) | set(b), key=str):
                walk([*path, str(key)], a.get(key), b.get(key))
            return
        if isinstance(a, list) and isinstance(b, list) and len(a) == len(b) and len(path) < 4 and len(a) <= 50:
            for index, (x, y) in enumerate(zip(a, b)):
                walk([*path, str(index + 1)], x, y)
            return
        found.append((" › ".join(path) or "content", _summary(a), _summary(b)))

    walk([], old, new)
    return found


# Writing ------------------------------------------------------------------------------------------------

def _saved(document):
    """The document's row, created if nobody wrote or signed it yet: two people doing so at once get the
    same row (the unique constraint decides, get_or_create reads the winner's)."""
    if document.pk is not None:
        return document
    saved, _created = Document.objects.get_or_create(
        kind=document.kind, plan=document.plan, year=document.year, review=document.review,
        defaults={"text": document.kind_of.empty_text()})
    return saved


def _withdraw(version, reason, user):
    version.state, version.withdrawn_reason = Version.State.WITHDRAWN, reason
    version.save(update_fields=["state", "withdrawn_reason"])
    audit.record(action=AuditAction.VERSION_WITHDRAWN, user=user, obj=version, label=str(version), detail=reason)


@transaction.atomic
def save_text(document, user, text):
    """Write the authors' text of `document` (saved first if new). A version awaiting signatures was
    signed as the text read before: it is withdrawn (kept, with the reason), never deleted, and its
    number is never given again."""
    kind = document.kind_of
    if not kind.writers(user, document.plan):
        raise PermissionDenied("You do not write this document.")
    unknown = set(text) - set(kind.section_names())
    if unknown:
        raise ValidationError(f"No such section: {', '.join(sorted(unknown))}.")
    document = Document.objects.select_for_update(of=("self",)).select_related("plan").get(pk=_saved(document).pk)
    if _endorsed(document):
        raise ValidationError("The endorsed version is final: its text is no longer written.")
    before = text_of(document)
    document.text = {**before, **{name: str(value).strip() for name, value in text.items()}}
    document.updated_by = user
    document.save()
    changed = [label for name, label, _ in kind.sections if before.get(name) != document.text.get(name)]
    audit.record(action=AuditAction.OFFICIAL_TEXT_SAVED, user=user, obj=document,
                 detail=("Changed: " + ", ".join(changed)) if changed else "No section changed.")
    if changed:
        for version in document.versions.awaiting():
            _withdraw(version, f"The text changed after it was signed ({', '.join(changed)}).", user)
    return document


def _endorsed(document):
    return document.kind_of.freezes_on == kinds.ENDORSEMENT and document.versions.filter(
        state=Version.State.ENDORSED).exists()


def _frozen(document, content, number, reason):
    kind = document.kind_of
    plan = document.plan
    return {
        "kind": kind.slug, "title": kind.title(plan, document.year), "number": number, "reason": reason,
        "plan": {"title": plan.title, "short_name": plan.short_name, "slug": plan.slug},
        "year": document.year, "review": document.review_id,
        "file_base": f"{plan.slug}-{kind.file_stem or kind.slug}-{document.year}",
        "sections": [[name, label] for name, label, _help in kind.sections],
        **content,
    }


def _sign(version, user, kind, plan, now):
    name, role = _signer_name(user), kind.role_of(user, plan)
    signature = Signature.objects.create(version=version, user=user, name=name, role=role, signed_at=now)
    version.snapshot = {**version.snapshot, "signatories": [
        *version.snapshot.get("signatories", []), {"name": name, "role": role, "signed_at": now.isoformat()}]}
    return signature


@transaction.atomic
def sign(document, user, *, read_digest, read_number, reason=""):
    """`user` signs `document` as they read it: `read_number` and `read_digest` are what the sign-off
    form carried (open_for_signing's, or the awaiting version's own number and digest).

    The first signature freezes the content into a new version; the next ones sign that version, if it
    is the one they read. Refused (SigningRefused) when what they read is not what they would sign:
    ContentChanged, with the differences, when the text or the figures changed since they opened it.
    Once the kind's signatures are all given the version is signed and its files are built by the worker."""
    kind = document.kind_of
    plan = document.plan
    if not kind.signers(user, plan):
        raise PermissionDenied("You do not sign this document.")
    # Signers take turns on the document's row: the second finds the first's version and is judged against it.
    document = Document.objects.select_for_update(of=("self",)).get(pk=_saved(document).pk)
    document.plan = plan
    now = timezone.now()
    awaiting = Version.objects.filter(document=document, state=Version.State.AWAITING).first()
    if awaiting is not None:
        return _sign_awaiting(awaiting, document, user, kind, plan, now, read_digest=read_digest, read_number=read_number)

    if _endorsed(document):
        raise SigningRefused("The endorsed version is final: no new version is signed after it.")
    number = _next_number(document)
    content = content_of(document)
    digest = digest_of(content)
    if digest != read_digest:
        read = cache.get(f"official:read:{read_digest}") or _version_content(document, read_digest)
        changes = differences(read, content) if read is not None else []
        raise ContentChanged(
            "The document changed since you opened it: read it again before you sign." if changes else
            "The document is not as you opened it (a version was withdrawn, or the text or figures changed): "
            "read it again before you sign.", changes)
    if read_number != number:
        raise SigningRefused(f"You opened it as version {read_number}; it would now be version {number}: read it again.")
    has_final = Version.objects.filter(document=document).final().exists()
    reason = (reason or "").strip()
    if has_final and not reason:
        raise SigningRefused("A version is signed already: say why a new version is needed.")
    if not has_final:
        reason = ""
        if number > 1:
            # Only withdrawn versions before it: why they were withdrawn is why this one is needed.
            last = Version.objects.filter(document=document, number=number - 1).first()
            reason = f"Version {number - 1} was withdrawn: {last.withdrawn_reason}" if last else "A new version."
    snapshot = _frozen(document, content, number, reason)
    version = Version(document=document, number=number, reason=snapshot["reason"], snapshot=snapshot,
                      digest=digest_of(snapshot))
    version.save()
    _sign(version, user, kind, plan, now)
    detail = f"Signature 1 of {kind.signatures_needed} on version {number}"
    detail += f"; why a new version: {reason}" if reason else "."
    return _after_signature(version, user, kind, detail)


def _version_content(document, digest):
    """The content of the document's version whose digest is `digest` (a withdrawn one, say), if any."""
    version = Version.objects.filter(document=document, digest=digest).first()
    if version is None:
        return None
    return {"text": version.snapshot.get("text"), "compiled": version.snapshot.get("compiled")}


def _sign_awaiting(version, document, user, kind, plan, now, *, read_digest, read_number):
    signed = list(version.signatures.select_related(None).values_list("user_id", "name"))
    if read_number != version.number or read_digest != version.digest:
        who = " and ".join(name for _, name in signed)
        raise SigningRefused(
            f"Version {version.number} was signed by {who} while you were reading; it is what you would sign now: "
            f"read version {version.number} as they signed it, then sign it.")
    if any(user_id == user.pk for user_id, _ in signed):
        raise SigningRefused(f"You have signed version {version.number} already: the other signatories sign it now.")
    _sign(version, user, kind, plan, now)
    count = len(signed) + 1
    return _after_signature(version, user, kind, f"Signature {count} of {kind.signatures_needed} on version {version.number}.")


def _after_signature(version, user, kind, detail):
    count = len(version.snapshot.get("signatories", []))
    if count >= kind.signatures_needed:
        version.state = Version.State.SIGNED
        transaction.on_commit(lambda: request_files(version, user))
    version.save()
    audit.record(action=AuditAction.DOCUMENT_SIGNED, user=user, obj=version, label=str(version), detail=detail)
    from . import notices

    notices.version_signed(version, user=user, kind=kind)
    return version


# Files --------------------------------------------------------------------------------------------------

def builder_kind(slug, extension):
    return f"official-{slug}-{extension}"


def request_files(version, user):
    """Have the worker build a final version's PDF and Word files (kept on the version once built)."""
    from builds.services import request_build

    document = version.document
    for extension in ("pdf", "docx"):
        request_build(kind=builder_kind(document.kind, extension), plan=document.plan, user=user,
                      params={"cycle": document.year, "priority_area": None, "body": None, "version": version.number})


def version_file(version, extension):
    """(file name, bytes) of a version's PDF or Word file: drawn from its snapshot the first time and
    kept on the version, so that every later download gives the same bytes."""
    from django.core.files.base import ContentFile

    with transaction.atomic():
        version = Version.objects.select_for_update(of=("self",)).select_related("document").get(pk=version.pk)
        kind = version.document.kind_of
        stored = getattr(version, extension)
        filename = f"{version.file_base()}.{extension}"
        if not stored:
            snapshot = with_status(version.snapshot, version, kind)
            content = kind.pdf(snapshot, reader=None) if extension == "pdf" else kind.render_docx(snapshot, reader=None)
            stored.save(filename, ContentFile(content), save=False)
            version.save(update_fields=[extension])
    with stored.open("rb") as file:
        return filename, file.read()


# What a version says of itself ---------------------------------------------------------------------------

def status_line(snapshot, state, kind):
    """ "Signed by one co-chair, awaiting the other"; "Version 2, signed off by A on 3 March 2026 and B on
    4 March 2026." — from the signatories frozen in the snapshot."""
    signed = snapshot.get("signatories", [])
    needed = kind.signatures_needed
    number = snapshot.get("number")
    names = " and ".join(f"{s['name']} on {_day(timezone.datetime.fromisoformat(s['signed_at']))}" for s in signed)
    title = kind.signer_title
    if state == Version.State.AWAITING:
        if needed == 2 and len(signed) == 1:
            return f"Signed by one {title}, awaiting the other: version {number}, signed by {names}."
        return f"Signed by {len(signed)} of the {needed} {title}s needed: version {number}, signed by {names}."
    if state == Version.State.WITHDRAWN:
        return f"Version {number}: withdrawn before it was signed off."
    said = {Version.State.SIGNED: "signed off", Version.State.SUBMITTED: "signed off and submitted",
            Version.State.ENDORSED: "signed off, submitted and endorsed"}[state]
    return f"Version {number}, {said} by {names}."


def with_status(snapshot, version, kind):
    return {**snapshot, "status_line": status_line(snapshot, version.state, kind)}


# The reporting line ---------------------------------------------------------------------------------------

def may_dispatch(user, plan, kind=None):
    """Who records a version as sent, and what was decided: the Secretariat, the chair of the WG on CT or
    Lead Shepherd, the administrators (or whom the kind names)."""
    if kind is not None and kind.may_dispatch is not None:
        return kind.may_dispatch(user, plan)
    if not user.is_authenticated:
        return False
    return bool(kinds.groups_of(user) & {SECRETARIAT, WG_CHAIR}) or is_administrator(user)


@transaction.atomic
def record_dispatch(version, user, *, sent_to, sent_on, outcome=Dispatch.Outcome.PENDING, comments="", body=None,
                    meeting=None, decision=None):
    """Record that `version` was sent to SOMTC, the AMMTC or a sectoral body's ministerial meeting, and
    what it decided. A review's version the AMMTC endorsed is frozen as endorsed."""
    version = Version.objects.select_for_update(of=("self",)).select_related("document__plan").get(pk=version.pk)
    document = version.document
    kind = document.kind_of
    if not may_dispatch(user, document.plan, kind):
        raise PermissionDenied("The Secretariat or the chair records the reporting line.")
    if not version.is_final:
        raise ValidationError(f"Version {version.number} is not signed off: only a signed version is sent.")
    if sent_to == Dispatch.SentTo.MINISTERIAL and body is None:
        raise ValidationError("Say whose ministerial meeting it was sent to.")
    if sent_to != Dispatch.SentTo.MINISTERIAL:
        body = None
    if decision is not None and meeting is not None and decision.meeting_id != meeting.pk:
        raise ValidationError("The decision was not taken at that meeting.")
    if outcome == Dispatch.Outcome.RETURNED and not (comments or "").strip():
        raise ValidationError("Say what the comments were when it was returned.")
    dispatch = Dispatch(version=version, sent_to=sent_to, sent_on=sent_on, outcome=outcome, comments=comments or "",
                        body=body, meeting=meeting, decision=decision or None, recorded_by=user)
    dispatch.full_clean()
    dispatch.save()
    states = kind.states
    if (kind.freezes_on == kinds.ENDORSEMENT and outcome == Dispatch.Outcome.ENDORSED
            and sent_to == Dispatch.SentTo.AMMTC and "endorsed" in states):
        version.state = Version.State.ENDORSED
    elif version.state == Version.State.SIGNED and "submitted" in states:
        version.state = Version.State.SUBMITTED
    version.save(update_fields=["state"])
    audit.record(action=AuditAction.DOCUMENT_DISPATCHED, user=user, obj=version, label=str(version),
                 detail=f"Sent to {dispatch.get_sent_to_display()} on {_day(sent_on)}: {dispatch.get_outcome_display().lower()}.")
    return dispatch
