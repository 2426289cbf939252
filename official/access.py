"""Who reads what of an official document: every view and file of the engine goes through here.

- A draft (the text now, the figures now) and a version awaiting signatures or withdrawn: only the
  kind's writers and signers.
- A final version (signed, submitted, endorsed): in full by those the kind's `may_read_full` names,
  and by its writers and signers; any other signed-in person sees what the kind's `narrow` leaves of
  it, or nothing (403).
"""

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404

from . import kinds
from .models import Document, Version


def kind_of_plan(plan, slug):
    """The kind `slug`, if it applies to `plan`; else 404."""
    try:
        kind = kinds.get(slug)
    except LookupError:
        raise Http404("No such kind of document.") from None
    if not kind.applies_to(plan):
        raise Http404(f"The {plan} has no {slug.replace('-', ' ')}.")
    return kind


def may_draft(kind, user, plan):
    """The writers and signers: they read the draft and every version, withdrawn ones too."""
    return user.is_authenticated and (kind.writers(user, plan) or kind.signers(user, plan))


def may_read_some(kind, user, plan):
    """May open the document's page at all: to write or sign it, or to read its final versions (in
    full, or narrowed if the kind narrows for partial readers)."""
    if not user.is_authenticated:
        return False
    return may_draft(kind, user, plan) or kind.may_read_full(user, plan) or kind.narrow is not kinds._nothing


def reading(kind, version, user, plan, *, drafter=None):
    """What `user` reads of `version`: its snapshot, narrowed for a partial reader, or None."""
    drafter = may_draft(kind, user, plan) if drafter is None else drafter
    if drafter:
        return version.snapshot
    if not version.is_final:
        return None
    if kind.may_read_full(user, plan):
        return version.snapshot
    return kind.narrow(version.snapshot, user)


def access_document(request, plan, slug, year):
    """(kind, document, may_draft) for the page of `plan`'s document `slug` of `year`: 404 if the plan
    has no such kind or year, 403 if the person may read none of it."""
    kind = kind_of_plan(plan, slug)
    if not plan.cycles.filter(year=year).exists():
        raise Http404(f"The {plan} has no reporting cycle {year}.")
    if not may_read_some(kind, request.user, plan):
        raise PermissionDenied
    document = Document.objects.filter(kind=slug, plan=plan, year=year).order_by("-pk").first()
    if document is None:
        document = Document(kind=slug, plan=plan, year=year, text=kind.empty_text())
    document.plan = plan
    return kind, document, may_draft(kind, request.user, plan)


def access_version(request, plan, slug, year, number, *, full=False):
    """(kind, version, what the person reads of it): 404 if there is no such version, 403 if the
    person reads nothing of it (or, with `full`, not all of it: the files are the whole version)."""
    kind = kind_of_plan(plan, slug)
    version = get_object_or_404(Version.objects.select_related("document"), document__kind=slug,
                                document__plan=plan, document__year=year, number=number)
    version.document.plan = plan
    snapshot = reading(kind, version, request.user, plan)
    if snapshot is None or (full and snapshot is not version.snapshot):
        raise PermissionDenied
    return kind, version, snapshot
