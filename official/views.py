"""The pages of every official document: its plan's list, the document (draft, sign-off, versions), its
text, a version as frozen (page, print page, files) and the plan's reporting line. Thin: the rules are
in services (what a step does) and access (who reads what)."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Prefetch
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.safestring import mark_safe
from django.views.decorators.http import require_POST

from reporting.access import private_view
from reporting.models import ReportingCycle
from workplan.scoping import plan_view

from . import access, kinds, pack, services
from .forms import DispatchForm, SignForm, text_form
from .models import Dispatch, Document, Signature, Version


def _versions(document, user, kind, plan, drafter):
    """The document's versions this person may see, each with its signatures and dispatches (three queries)."""
    if document.pk is None:
        return []
    versions = Version.objects.filter(document=document).defer("snapshot").prefetch_related(
        Prefetch("signatures", queryset=Signature.objects.order_by("signed_at", "pk")),
        Prefetch("dispatches", queryset=Dispatch.objects.select_related("body", "meeting", "decision")),
    )
    if not drafter:
        versions = versions.final()
    shown = list(versions)
    for version in shown:
        version.document = document
    return shown


@private_view
@plan_view()
def documents(request, plan):
    """The plan's official documents: for each kind that applies, one line per year with its versions."""
    shown = [kind for kind in kinds.for_plan(plan) if access.may_read_some(kind, request.user, plan)]
    if not shown:
        raise PermissionDenied
    years = list(ReportingCycle.objects.filter(plan=plan).order_by("-year").values_list("year", flat=True))
    existing = {}
    for document in Document.objects.filter(plan=plan).prefetch_related(
            Prefetch("versions", queryset=Version.objects.defer("snapshot"))):
        existing[(document.kind, document.year)] = document
    rows = []
    for kind in shown:
        drafter = access.may_draft(kind, request.user, plan)
        for year in years:
            document = existing.get((kind.slug, year))
            versions = [v for v in (document.versions.all() if document else []) if drafter or v.is_final]
            if versions or drafter:
                rows.append({"kind": kind, "year": year, "title": kind.title(plan, year), "versions": versions,
                             "url": reverse("official:document", args=[plan.slug, kind.slug, year])})
    return render(request, "official/documents.html", {"plan": plan, "rows": rows,
                                                       "may_read_pack": pack.may_read_pack(request.user)})


@private_view
@plan_view()
def document(request, plan, kind, year):
    kind, document, drafter = access.access_document(request, plan, kind, year)
    versions = _versions(document, request.user, kind, plan, drafter)
    context = {"plan": plan, "kind": kind, "document": document, "year": year, "title": kind.title(plan, year),
               "versions": versions, "drafter": drafter,
               "may_dispatch": services.may_dispatch(request.user, plan, kind)}
    if drafter:
        awaiting = next((v for v in versions if v.state == Version.State.AWAITING), None)
        content = services.content_of(document)
        number, digest = services.open_for_signing(document, content)
        signer = kind.signers(request.user, plan)
        signed_awaiting = awaiting is not None and any(s.user_id == request.user.pk for s in awaiting.signatures.all())
        if awaiting is not None:
            awaiting.status_line = services.status_line(
                {"number": awaiting.number, "signatories": [
                    {"name": s.name, "signed_at": s.signed_at.isoformat()} for s in awaiting.signatures.all()]},
                awaiting.state, kind)
        draft = {**services._frozen(document, content, number, ""), "status_line": "Draft: not signed yet."}
        context.update({
            "sections": [(label, content["text"].get(name, "")) for name, label, _ in kind.sections],
            "draft_html": mark_safe(kind.render_html(draft, reader=request.user)),
            "awaiting": awaiting, "may_write": kind.writers(request.user, plan),
            "may_sign_awaiting": signer and awaiting is not None and not signed_awaiting,
            "may_start": signer and awaiting is None,
            "needs_reason": any(v.is_final for v in versions),
            "sign_form": SignForm(initial={"read_number": awaiting.number if awaiting else number,
                                           "read_digest": awaiting.digest if awaiting else digest}),
        })
    return render(request, "official/document.html", context)


@private_view
@plan_view()
def edit_text(request, plan, kind, year):
    kind, document, _drafter = access.access_document(request, plan, kind, year)
    if not kind.writers(request.user, plan):
        raise PermissionDenied
    form = text_form(kind, data=request.POST or None, initial=services.text_of(document))
    if request.method == "POST" and form.is_valid():
        try:
            services.save_text(document, request.user, form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, "The text is saved.")
            return redirect(reverse("official:document", args=[plan.slug, kind.slug, year]))
    awaiting = document.pk is not None and document.versions.awaiting().exists()
    return render(request, "official/text_form.html", {
        "plan": plan, "kind": kind, "year": year, "title": kind.title(plan, year), "form": form, "awaiting": awaiting})


@private_view
@require_POST
@plan_view()
def sign(request, plan, kind, year):
    kind, document, _drafter = access.access_document(request, plan, kind, year)
    if not kind.signers(request.user, plan):
        raise PermissionDenied
    url = reverse("official:document", args=[plan.slug, kind.slug, year])
    form = SignForm(request.POST)
    if not form.is_valid():
        messages.error(request, "The sign-off form was incomplete: open the document again, read it and sign.")
        return redirect(url)
    data = form.cleaned_data
    try:
        version = services.sign(document, request.user, read_digest=data["read_digest"],
                                read_number=data["read_number"], reason=data["reason"])
    except services.ContentChanged as refused:
        return render(request, "official/refused.html", {
            "plan": plan, "kind": kind, "title": kind.title(plan, year), "url": url,
            "message": refused.messages[0], "changes": refused.changes}, status=409)
    except ValidationError as refused:
        messages.error(request, " ".join(refused.messages))
        return redirect(url)
    if version.is_final:
        messages.success(request, f"Version {version.number} is signed off; its PDF and Word files are being built.")
    else:
        messages.success(request, f"You signed version {version.number}; it is final once the others sign it too.")
    version.document.plan = plan
    return redirect(version)


def _version_context(request, plan, kind, year, number):
    kind, version, snapshot = access.access_version(request, plan, kind, year, number)
    signatures = list(version.signatures.order_by("signed_at", "pk"))
    shown = services.with_status(snapshot, version, kind)
    return {"plan": plan, "kind": kind, "version": version, "year": year, "title": snapshot.get("title"),
            "status_line": shown["status_line"], "signatures": signatures,
            "full": snapshot is version.snapshot,
            "dispatches": list(version.dispatches.select_related("body", "meeting", "decision")),
            "body": mark_safe(kind.render_html(shown, reader=request.user))}


@private_view
@plan_view()
def version(request, plan, kind, year, number):
    """A version rendered from its frozen snapshot, for its reader."""
    context = _version_context(request, plan, kind, year, number)
    kind_ = context["kind"]
    version = context["version"]
    context["may_sign"] = (version.state == Version.State.AWAITING and kind_.signers(request.user, plan)
                           and all(s.user_id != request.user.pk for s in context["signatures"]))
    if context["may_sign"]:
        context["sign_form"] = SignForm(initial={"read_number": version.number, "read_digest": version.digest})
    return render(request, "official/version.html", context)


@private_view
@plan_view()
def version_print(request, plan, kind, year, number):
    return render(request, "official/version_print.html", _version_context(request, plan, kind, year, number))


@private_view
@plan_view()
def version_file(request, plan, kind, year, number, extension):
    """The PDF or Word file of a final version: the bytes kept on it, or built by the worker the first time."""
    if extension not in ("pdf", "docx"):
        raise Http404
    kind, version, _snapshot = access.access_version(request, plan, kind, year, number, full=True)
    if not version.is_final:
        raise Http404("Only a signed version has files.")
    stored = getattr(version, extension)
    if stored:
        return FileResponse(stored.open("rb"), as_attachment=True, filename=f"{version.file_base()}.{extension}")
    from builds.services import request_build

    build = request_build(kind=services.builder_kind(kind.slug, extension), plan=plan, user=request.user,
                          params={"cycle": year, "priority_area": None, "body": None, "version": version.number})
    return redirect(reverse("builds:build", args=[build.pk]))


@private_view
@plan_view()
def reporting_line(request, plan):
    """Every dispatch of the plan's documents, and (for the Secretariat or the chair) a form to record one."""
    readable = {kind.slug: kind for kind in kinds.for_plan(plan)
                if access.may_read_some(kind, request.user, plan)}
    may_record = services.may_dispatch(request.user, plan)
    if not readable and not may_record:
        raise PermissionDenied
    dispatches = list(Dispatch.objects.of_plan(plan).filter(version__document__kind__in=list(readable))
                      .for_listing().defer("version__snapshot"))
    versions = Version.objects.final().filter(document__plan=plan).select_related("document__plan").order_by(
        "document__kind", "-document__year", "-number").defer("snapshot")
    form = None
    if may_record:
        form = DispatchForm(request.POST or None, plan=plan, versions=versions)
        if request.method == "POST" and form.is_valid():
            data = form.cleaned_data
            try:
                services.record_dispatch(
                    data["version"], request.user, sent_to=data["sent_to"], sent_on=data["sent_on"],
                    outcome=data["outcome"], comments=data["comments"], body=data["body"],
                    meeting=data["meeting"], decision=data["decision"])
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(request, "The dispatch is recorded.")
                return redirect(reverse("official:reporting_line", args=[plan.slug]))
    elif request.method == "POST":
        raise PermissionDenied
    for dispatch in dispatches:
        document = dispatch.version.document
        document.plan = plan
        dispatch.title = readable[document.kind].title(plan, document.year)
    return render(request, "official/reporting_line.html", {"plan": plan, "dispatches": dispatches, "form": form})
