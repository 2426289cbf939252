"""What the views of every kind of report share: the cycle a page is about, the workflow's steps as a
person takes them from a page (with the message that says how it went), and the documents."""

from django.contrib import messages
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect
from django.utils.http import url_has_allowed_host_and_scheme

from .access import access_document
from .documents import detected_content_type
from .forms import DocumentMarkForm, ReportCommentForm, TransitionCommentForm
from .models import ReportingCycle
from .services import (
    CommentRequired, WorkflowError, accept_many, mark_document, may_mark_documents, post_comment, remove_document,
    reopen,
)


def cycle_from(request, plan):
    """The cycle of the plan named by `?cycle=YEAR`, else the one people report in now; 404 if none."""
    year = request.GET.get("cycle")
    if year:
        # isdigit() alone takes "²" and "٢٠٢٤", which the year column's lookup cannot (a 500).
        if not (year.isascii() and year.isdigit() and len(year) <= 4):
            raise Http404("No such reporting cycle.")
        return get_object_or_404(ReportingCycle, plan=plan, year=year)
    cycle = ReportingCycle.objects.filter(plan=plan).current()
    if cycle is None:
        raise Http404(f"No reporting cycle of the {plan} has been set up yet.")
    return cycle


def next_from(request):
    """The page to go back to after a step, posted (or linked) as `next`: only a path of this site, so a
    crafted link cannot send the person elsewhere; "" when there is none or it is refused."""
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target.startswith("/") and url_has_allowed_host_and_scheme(target, allowed_hosts=set(), require_https=False):
        return target
    return ""


def list_path(request, *, drop=("select",)):
    """This list page's path with its query string, less the `drop` keys: what a step taken from the list
    posts as `next` (filters and page kept, a one-off choice such as "select all" dropped)."""
    query = request.GET.copy()
    for key in drop:
        query.pop(key, None)
    return f"{request.path}?{query.urlencode()}" if query else request.path


def take_review_step(request, report, step, done, *, page=None):
    """Run a review step of any report (`step` is its service) with the comment posted; say how it went.
    Returns True once the step is taken; else the response `page(comment_form=…)` with the error beside
    the comment box when the comment is what is missing, or False after a message."""
    form = TransitionCommentForm(request.POST)
    if not form.is_valid():
        messages.error(request, " ".join(form.errors["comment"]))
        return False
    try:
        step(report=report, user=request.user, comment=form.cleaned_data["comment"])
    except CommentRequired as error:
        if page is None:
            messages.error(request, str(error))
            return False
        form.add_error("comment", str(error))  # beside the box, the page as it was
        return page(comment_form=form)
    except WorkflowError as error:
        messages.error(request, str(error))
        return False
    messages.success(request, done)
    return True


def serve_document(request, documents, pk):
    """A report's document, only for those who may see the report; never from a public URL."""
    return send_document(access_document(request, documents, pk))


def send_document(document):
    """The stored file of an attached document (reporting.models.AttachedDocument) as a download, once
    the caller has checked who may read it; a file missing from storage is a 404, never a 500."""
    try:
        handle = document.file.open("rb")
    except FileNotFoundError:
        raise Http404("The file of this document is missing from storage.")
    # Detected again from the stored bytes: documents uploaded before the type was detected at upload
    # still carry the browser's claim in `content_type`.
    content_type = detected_content_type(document.original_name, handle.read(16))
    handle.seek(0)
    return FileResponse(handle, as_attachment=True, filename=document.original_name, content_type=content_type)


def detach_document(request, documents, pk):
    """Remove a document from a report that the person may edit; the report itself is returned."""
    document = access_document(request, documents.select_related("report__cycle"), pk, for_change=True)
    remove_document(document=document, user=request.user)
    messages.success(request, f"Document “{document.original_name}” removed.")
    return document.report


def mark_document_from_page(request, documents, pk):
    """Change the mark of a report's document as posted from the report's page; the report is returned."""
    document = access_document(request, documents.select_related("report__cycle"), pk)
    form = DocumentMarkForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Nothing was changed: " + " ".join(form.errors["sensitivity"]))
        return document.report
    try:
        mark_document(document=document, user=request.user, sensitivity=form.cleaned_data["sensitivity"])
    except WorkflowError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, f"“{document.original_name}” is now {document.get_sensitivity_display().lower()}.")
    return document.report


def document_marks(request, report):
    """What a report page needs for its documents' mark forms: whether the person may change them, and the choices."""
    return {"may_mark_documents": may_mark_documents(request.user, report), "mark_form": DocumentMarkForm()}


def reopen_from_page(request, report, *, writers):
    """Reopen an accepted (acknowledged) report with the reason posted; `writers` names who gets it back."""
    form = TransitionCommentForm(request.POST)
    reason = form.cleaned_data["comment"] if form.is_valid() else ""
    try:
        reopen(report=report, user=request.user, reason=reason)
    except WorkflowError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, f"Report {report} reopened: it is a draft of {writers} again.")
    return redirect(report.get_absolute_url())


def comment_from_page(request, report):
    """Post the comment written on the report's page to its thread."""
    form = ReportCommentForm(request.POST)
    if not form.is_valid():
        messages.error(request, " ".join(form.errors["text"]))
        return redirect(f"{report.get_absolute_url()}#comments")
    comment = post_comment(report=report, user=request.user, text=form.cleaned_data["text"])
    messages.success(request, "Comment posted.")
    return redirect(f"{report.get_absolute_url()}#comment-{comment.pk}")


def accept_ticked(request, form, *, done="accepted"):
    """Accept (acknowledge) the reports ticked in a review list, each as its own step; say what was done
    and what was refused, and why. `form` is a bound BulkReviewForm."""
    if not form.is_valid():
        messages.error(request, " ".join(error for errors in form.errors.values() for error in errors))
        return
    accepted, refused = accept_many(reports=form.cleaned_data["reports"], user=request.user,
                                    comment=form.cleaned_data["comment"])
    if accepted:
        messages.success(request, f"{len(accepted)} report{'s' if len(accepted) != 1 else ''} {done}: "
                                  + ", ".join(str(report) for report in accepted) + ".")
    for report, reason in refused:
        messages.error(request, f"{report} was not {done}: {reason}")
