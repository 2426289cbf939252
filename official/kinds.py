"""The kinds of official document, registered by the apps that write them; the engine knows none by name.

A kind says what its authors write (`sections`), how its figures and entries are compiled from the
reports (`compile`, a JSON-able dict), how a frozen snapshot is drawn (`render_html`, `render_docx`,
optionally `render_pdf`), who writes, who signs and how many signatures make a version final, who
reads a final version in full and what a partial reader sees of it (`narrow`). The engine
(`official.services`, `official.views`) applies the same rules of signing, freezing and reading to all.

    register(DocumentKind(slug="annual-report", title=..., sections=(("executive_summary", "Executive
             summary", "help"), ...), applies_to=..., compile=..., render_html=..., render_docx=...,
             writers=..., signers=..., signatures_needed=2, may_read_full=...))
    get("annual-report")   # LookupError if no app registered it
    for_plan(plan)         # the kinds that apply to a plan, in the order registered
"""

from dataclasses import dataclass
from typing import Callable

SIGNATURES = "signatures"
ENDORSEMENT = "endorsement"


def _nothing(snapshot, user):
    """By default a reader who may not read a version in full sees nothing of it."""
    return None


def _nobody(user, plan):
    return False


def _no_role(user, plan):
    return ""


def _pdf_from_html(kind, snapshot, *, reader):
    from django.template.loader import render_to_string

    from builds.pdf import pdf_of

    return pdf_of(render_to_string("official/document_pdf.html", {
        "title": snapshot.get("title", kind.slug), "body": kind.render_html(snapshot, reader=reader)}))


@dataclass(frozen=True)
class DocumentKind:
    slug: str
    title: Callable  # (plan, year) -> str
    sections: tuple  # ((name, label, help), ...): the authors' text
    applies_to: Callable  # (plan) -> bool
    compile: Callable  # (document) -> dict: the figures and entries drawn from the reports, JSON-able
    render_html: Callable  # (snapshot, *, reader) -> str: the body HTML of page, print page and PDF
    render_docx: Callable  # (snapshot, *, reader) -> bytes
    writers: Callable  # (user, plan) -> bool: who writes the text
    signers: Callable  # (user, plan) -> bool: who signs
    signatures_needed: int
    may_read_full: Callable  # (user, plan) -> bool: who reads a final version in full
    narrow: Callable = _nothing  # (snapshot, user) -> snapshot or None: what a partial reader sees
    freezes_on: str = SIGNATURES  # or ENDORSEMENT: the version is immutable once the AMMTC endorses it
    # Optional, with defaults (added to the shape above; every field before this line is required).
    render_pdf: Callable = None  # (snapshot, *, reader) -> bytes; default: render_html drawn by WeasyPrint
    role_of: Callable = _no_role  # (user, plan) -> str: the role a signature records ("MTF co-chair")
    may_dispatch: Callable = None  # (user, plan) -> bool; default: the Secretariat, the WG chair, administrators
    states: tuple = ("awaiting", "signed", "submitted", "endorsed", "withdrawn")  # those that apply to the kind
    signers_label: str = "the signatories"  # "both MTF co-chairs": said on the document's page
    signer_title: str = "signatory"  # "co-chair": "signed by one co-chair, awaiting the other"
    file_stem: str = ""  # the files' names start with plan slug + this; default: the slug
    signer_pool: Callable = None  # (plan) -> users who may sign, to tell them; default: every active user checked
    needs_review: bool = False  # True for the review kind: a Document names its national.Review

    def pdf(self, snapshot, *, reader=None):
        if self.render_pdf is not None:
            return self.render_pdf(snapshot, reader=reader)
        return _pdf_from_html(self, snapshot, reader=reader)

    def section_names(self):
        return [name for name, _label, _help in self.sections]

    def empty_text(self):
        return {name: "" for name in self.section_names()}


def groups_of(user):
    """The names of `user`'s groups, asked once per request (kept on the user): every kind's rules of
    who writes, signs and reads ask for them, several times on a page."""
    if not user.is_authenticated:
        return frozenset()
    if not hasattr(user, "_official_groups"):
        user._official_groups = frozenset(user.groups.values_list("name", flat=True))
    return user._official_groups


def is_staff_of_a_body(user):
    """Whether `user` holds a seat in a sectoral body (writes its reports: the seat and the staff group,
    bodies.models.MembershipQuerySet.held), asked once per request."""
    if not user.is_authenticated:
        return False
    if not hasattr(user, "_official_body_staff"):
        from bodies.models import Membership

        user._official_body_staff = Membership.objects.held_by(user).exists()
    return user._official_body_staff


_kinds: dict[str, DocumentKind] = {}


def register(kind: DocumentKind):
    """Make documents of `kind` writable and signable. Registering the same slug again replaces it."""
    if kind.freezes_on not in (SIGNATURES, ENDORSEMENT):
        raise ValueError(f"{kind.slug}: freezes_on is {SIGNATURES!r} or {ENDORSEMENT!r}.")
    if kind.signatures_needed < 1:
        raise ValueError(f"{kind.slug}: a version needs at least one signature.")
    _kinds[kind.slug] = kind
    from .builders import register_builders

    register_builders(kind)  # its versions' PDF and Word files, built by the worker
    return kind


def get(slug) -> DocumentKind:
    """The kind registered as `slug`; LookupError if none is."""
    try:
        return _kinds[slug]
    except KeyError:
        raise LookupError(f"No kind of official document is registered as {slug!r}.") from None


def for_plan(plan):
    """The kinds that apply to `plan`, in the order they were registered."""
    return [kind for kind in _kinds.values() if kind.applies_to(plan)]


def all_kinds():
    return list(_kinds.values())
