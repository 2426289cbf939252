from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Case, When
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.views.decorators.http import require_POST

from bodies.models import MemberState
from workplan.pagination import paginate
from reporting.access import access_report, private_view
from reporting.figures import MEANING as reporting_meaning
from reporting.figures import late_by
from reporting.models import ReportingCycle
from reporting.permissions import may_see_workflow
from reporting.sensitivity import marks_in_every_report, readable_marks, split_readable
from reporting.views import (
    accept_ticked, comment_from_page, cycle_from, detach_document, document_marks, list_path, mark_document_from_page,
    next_from, reopen_from_page, serve_document, take_review_step,
)
from workplan.models import Plan, PriorityArea
from workplan import previews
from workplan.downloads import CONTENT_TYPES
from workplan.scoping import plan_view
from workplan.spreadsheets import SpreadsheetError, export, read_dataset, read_upload

from . import dashboard as figures
from . import roles, services
from .filters import ProvisionEntryFilter
from .forms import (
    NationalReportForm, ProvisionEntryFormSet, ReportImportConfirmForm, ReportImportForm, ReviewDateForm, ReviewForm,
    AcknowledgeForm, AssistanceStepForm, ReviewStartForm, StartReportForm, TransitionCommentForm, VersionForm,
)
from .models import AssistanceRequest, ContactPerson, NationalReport, NationalReportDocument, ProvisionEntry, Review
from .review import CompiledReview, review_databook
from .selectors import area_tasks, entries_of_area, member_states_of, national_report_history, state_rows
from .spreadsheets import import_national_report, report_dataset
from .summary import Summary


@private_view
def home(request):
    """Where a person starts after logging in: the national reports for those who report for a Member
    State or read the states' reports without belonging to a sectoral body; monitoring's start for the others."""
    user = request.user
    if user.has_perm("national.view_nationalreport") and not user.memberships.exists() and not roles.is_administrator(user):
        plan = Plan.objects.plans_of_action().order_by(
            Case(When(status=Plan.Status.IN_FORCE, then=0), default=1), "start_year", "pk").first()
        if plan is not None:
            return redirect("national:reports", plan=plan.slug)
    return redirect("monitoring:home")


def _require_reporter_or_reader(user):
    if not (roles.can_see_all(user) or member_states_of(user).exists()):
        raise PermissionDenied


@private_view
@plan_view(plan_of_action_only=True)
def report_list(request, plan):
    """The Member States' reports of a cycle: one's own state's (with a button to start it), the shared
    ones, or every state's for the chair and the Secretariat."""
    _require_reporter_or_reader(request.user)
    cycle = cycle_from(request, plan)
    own = set(member_states_of(request.user).values_list("pk", flat=True))
    return render(
        request,
        "national/nationalreport_list.html",
        {
            "plan": plan, "cycle": cycle, "cycles": plan.cycles.all(), "own": own,
            "rows": state_rows(cycle=cycle, user=request.user), "start_form": StartReportForm(),
            "can_see_all": roles.can_see_all(request.user),
            "can_acknowledge": roles.can_review(request.user) and not cycle.is_frozen,
            "select_all": request.GET.get("select") == "page", "back": list_path(request),
        },
    )


@private_view
@require_POST
@plan_view(plan_of_action_only=True)
def start_report(request, plan, year, code):
    cycle = get_object_or_404(ReportingCycle, plan=plan, year=year)
    member_state = get_object_or_404(MemberState, code=code)
    form = StartReportForm(request.POST)
    form.is_valid()  # a lone checkbox: anything sent reads as ticked or not
    try:
        report = services.start_national_report(
            member_state=member_state, cycle=cycle, user=request.user,
            carry_forward=form.cleaned_data.get("carry_forward", False),
        )
    except services.WorkflowError as error:
        messages.error(request, str(error))
        return redirect(f"{reverse('national:reports', kwargs={'plan': plan.slug})}?cycle={cycle.year}")
    if not report.is_visible_to(request.user):
        raise PermissionDenied
    messages.success(request, f"The {cycle.year} national report of {member_state} on the {plan} is open as a draft.")
    return redirect("national:report", pk=report.pk)


def _visible_report(request, pk, *, for_change=False):
    report = access_report(request, NationalReport.objects.with_context(), pk, for_change=for_change)
    request.plan = report.cycle.plan  # the page's navigation and links follow the report's plan
    return report


def _editable_report(request, pk):
    return _visible_report(request, pk, for_change=True)


def _open_area(request, tasks):
    """The one area the report page shows unfolded: `?area=N`, or none (anything else reads as none)."""
    number = request.GET.get("area", "")
    return next((task for task in tasks if str(task.area.number) == number), None)


@private_view
def report_detail(request, pk):
    """The report as a task list, one area per line with its counts; the area chosen in the query string
    is unfolded with its answers, the others stay folded so that the page stays short."""
    report = _visible_report(request, pk)
    editable = report.is_editable_by(request.user)
    workflow = may_see_workflow(request.user, report)
    tasks = area_tasks(report)
    open_task = _open_area(request, tasks)
    # What this reader may read of it: another state's focal point, reading a shared report, is left
    # without its confidential answers, narrative and documents (told how many were left out).
    marks = readable_marks(request.user, report)
    entries, hidden_entries = split_readable(entries_of_area(report, open_task.area.number) if open_task else [], marks)
    documents, hidden_documents = split_readable(report.documents.all(), marks)
    context = {
        "report": report,
        "plan": report.cycle.plan,
        "tasks": tasks,
        "open_task": open_task,
        "entries": entries,
        "hidden_entries": hidden_entries,
        "documents": documents,
        "hidden_documents": hidden_documents,
        "narrative_readable": report.narrative_sensitivity in marks,
        **(document_marks(request, report) if documents else {}),  # asked only when there is a document to mark
        "may_see_workflow": workflow,
        "transitions": report.transitions.select_related("by") if workflow else [],
        "history": national_report_history(report) if workflow else [],
        "can_edit": editable,
        "can_submit": editable and report.can_be_submitted_by(request.user),
        "can_review": report.can_be_reviewed_by(request.user),
        "missing": services.missing_for_submission(report) if editable else [],
        "unfinished": [task for task in tasks if not task.done] if editable else [],
        "comment_form": TransitionCommentForm(),
        "revision_request": report.revision_request() if workflow else None,
        "can_reopen": report.can_be_reopened_by(request.user),
        "can_share": report.can_be_shared_by(request.user) and not editable,
        # The thread is the state's, the chair's and the Secretariat's: never another state's.
        "comments": report.comments.select_related("author") if workflow else [],
        "can_comment": report.may_comment(request.user),
        "next": next_from(request),  # the list the chair came from, to land back on after the step
    }
    return render(request, "national/nationalreport_detail.html", context)


@private_view
@require_POST
def confirm_area(request, pk, number):
    """Confirm every answer of one area carried forward from last year, unchanged, in one step."""
    report = _editable_report(request, pk)
    area = get_object_or_404(PriorityArea, plan=report.cycle.plan, number=number)
    form = VersionForm(request.POST)
    label = f"{report.cycle.plan.area_label.capitalize()} {area.number}"
    if not form.is_valid():
        messages.error(request, "Nothing was confirmed: open the report again and confirm from its page.")
    else:
        try:
            services.confirm_area(report=report, user=request.user, expected_version=form.cleaned_data["version"], area=area)
        except services.StaleReportError:
            messages.error(request, f"Nothing was confirmed: someone else saved this report after you opened it. "
                                    f"Read {label} as it is now, then confirm again.")
        except services.WorkflowError as error:
            messages.error(request, f"Nothing was confirmed: {error}")
        else:
            messages.success(request, f"{label}: the answers carried forward from last year are confirmed.")
    return redirect(f"{report.get_absolute_url()}?area={area.number}#area-{area.number}")


def _stale(form, error):
    form.add_error(None, str(error))
    # Saving again from this form is now a deliberate overwrite of the newer version.
    form.data = form.data.copy()
    form.data["version"] = error.current_version


@private_view
def edit_report(request, pk):
    """The report as a whole: narrative, sharing, documents."""
    report = _editable_report(request, pk)
    may_share = report.can_be_submitted_by(request.user)
    if request.method == "POST":
        form = NationalReportForm(request.POST, request.FILES, instance=report, may_share=may_share)
        if form.is_valid():
            try:
                services.update_report(
                    report=report, user=request.user, expected_version=form.cleaned_data["version"],
                    fields=form.report_fields(), documents=form.new_documents(),
                )
            except services.StaleReportError as error:
                _stale(form, error)
            else:
                messages.success(request, "Report saved.")
                return redirect("national:edit_report" if "stay" in request.POST else "national:report", pk=report.pk)
        messages.error(request, "The report was not saved: see the messages on the form.")
    else:
        form = NationalReportForm(instance=report, may_share=may_share)
    return render(
        request, "national/nationalreport_form.html",
        {"report": report, "form": form, "documents": report.documents.all(), "tasks": area_tasks(report),
         "revision_request": report.revision_request()},
    )


@private_view
def edit_area(request, pk, number):
    """One area of the plan at a time: the state's answers on each of its provisions."""
    report = _editable_report(request, pk)
    area = get_object_or_404(PriorityArea, plan=report.cycle.plan, number=number)
    entries = report.entries.in_plan_order().select_related("provision").filter(provision__priority_area=area)
    tasks = area_tasks(report)
    later = [task.area for task in tasks if task.area.number > area.number]
    if request.method == "POST":
        version_form = VersionForm(request.POST)
        formset = ProvisionEntryFormSet(request.POST, instance=report, queryset=entries)
        if version_form.is_valid() and formset.is_valid():
            try:
                services.update_entries(
                    report=report, user=request.user, expected_version=version_form.cleaned_data["version"],
                    entries={form.instance.pk: form.entry_fields() for form in formset.forms},
                )
            except services.StaleReportError as error:
                _stale(version_form, error)
            else:
                messages.success(request, f"{report.cycle.plan.area_label.capitalize()} {area.number} saved.")
                if "next" in request.POST and later:
                    return redirect("national:edit_area", pk=report.pk, number=later[0].number)
                return redirect("national:report", pk=report.pk)
    else:
        version_form = VersionForm(report=report)
        formset = ProvisionEntryFormSet(instance=report, queryset=entries)
    return render(
        request, "national/area_form.html",
        {"report": report, "area": area, "tasks": tasks, "next_area": later[0] if later else None,
         "version_form": version_form, "formset": formset, "revision_request": report.revision_request()},
    )


def _preview_subject(report):
    return f"national-report:{report.pk}"


@private_view
def import_report(request, pk):
    """Fill the report from a spreadsheet (one row per provision): a preview of every row first, then,
    once confirmed and only if no row is wrong, all of it at once. `?download=xlsx` gives the spreadsheet to fill."""
    report = _editable_report(request, pk)
    if request.GET.get("download") in ("xlsx", "csv"):
        extension = f".{request.GET['download']}"
        response = HttpResponse(export(report_dataset(report), extension), content_type=CONTENT_TYPES[extension])
        name = f"{report.cycle.plan.slug}-{report.member_state.code}-{report.cycle.year}{extension}"
        response["Content-Disposition"] = f'attachment; filename="{name}"'
        return response
    context = {"report": report, "form": ReportImportForm(report=report), "max_size": settings.MATRIX_IMPORT_MAX_BYTES}
    if request.method == "POST" and "confirm" in request.POST:
        confirm = ReportImportConfirmForm(request.POST)
        # The preview must be this person's, of this report, and in time: the token alone is not enough.
        preview = previews.find(confirm.cleaned_data["token"], user=request.user) if confirm.is_valid() else None
        content = previews.take(preview.token, preview.filename) if preview and preview.subject == _preview_subject(report) else None
        if content is None:
            messages.error(request, "The checked file was not found or has expired; upload it again.")
            return redirect("national:import_report", pk=report.pk)
        try:
            dataset = read_dataset(content=content, filename=preview.filename)
            result = import_national_report(report=report, user=request.user, dataset=dataset,
                                            expected_version=confirm.cleaned_data["version"], dry_run=False)
        except (SpreadsheetError, services.StaleReportError, services.WorkflowError) as error:
            messages.error(request, f"Nothing was imported: {error}")
            return redirect("national:import_report", pk=report.pk)
        if not result.has_errors:
            messages.success(request, f"Imported {preview.filename}: {result.totals['updated']} answers "
                                      f"changed or confirmed, {result.totals['unchanged']} unchanged.")
            return redirect(report)
        messages.error(request, "Nothing was imported: see the rows below.")
        context.update(result=result, name=preview.filename)
    elif request.method == "POST":
        form = context["form"] = ReportImportForm(request.POST, request.FILES)
        if form.is_valid():
            upload = form.cleaned_data["file"]
            try:
                content, dataset = read_upload(upload)
            except SpreadsheetError as error:
                form.add_error("file", str(error))
            else:
                result = import_national_report(report=report, user=request.user, dataset=dataset,
                                                expected_version=form.cleaned_data["version"])
                context.update(result=result, name=upload.name)
                if not result.has_errors:
                    token = previews.keep(content, upload.name, user=request.user, plan=report.cycle.plan,
                                          rows=len(dataset), subject=_preview_subject(report))
                    context["confirm_form"] = ReportImportConfirmForm(initial={
                        "token": token, "version": form.cleaned_data["version"]})
    return render(request, "national/report_import.html", context)


@private_view
@require_POST
def submit_report(request, pk):
    report = _editable_report(request, pk)
    try:
        services.submit_national_report(report=report, user=request.user)
    except services.WorkflowError as error:
        messages.error(request, str(error))
        return redirect(f"{report.get_absolute_url()}#missing")  # the list of what is missing, area by area
    else:
        messages.success(request, "Report submitted to the Chair of the WG on CT.")
    return redirect("national:report", pk=report.pk)


@private_view
@require_POST
def review_report(request, pk, decision):
    report = _visible_report(request, pk)
    if decision == "acknowledge":
        step, done = services.acknowledge_national_report, f"Report {report} acknowledged."
    else:
        step, done = services.return_national_report, f"Report {report} returned to {report.member_state} with your comment."
    back = next_from(request)
    if not take_review_step(request, report, step, done):
        return redirect(f"{report.get_absolute_url()}?{urlencode({'next': back})}" if back else report.get_absolute_url())
    return redirect(back or f"{reverse('national:reports', kwargs={'plan': report.cycle.plan.slug})}?cycle={report.cycle.year}")


@private_view
@require_POST
def reopen_report(request, pk):
    report = _visible_report(request, pk)
    return reopen_from_page(request, report, writers=report.member_state)


@private_view
@require_POST
def comment_report(request, pk):
    return comment_from_page(request, _visible_report(request, pk))


@private_view
@require_POST
def share_report(request, pk):
    """Share a report with the other Member States, or stop sharing it, after it was sent: a recorded step."""
    report = _visible_report(request, pk)
    shared = request.POST.get("shared") == "yes"
    try:
        services.share_national_report(report=report, user=request.user, shared=shared)
    except services.WorkflowError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, "The report is now shared with the other Member States." if shared
                         else "The report is no longer shared with the other Member States.")
    return redirect("national:report", pk=report.pk)


@private_view
@require_POST
@plan_view(plan_of_action_only=True)
def acknowledge_reports(request, plan):
    """Acknowledge the national reports ticked in the cycle's list, each as its own step."""
    if not roles.can_review(request.user):
        raise PermissionDenied
    cycle = cycle_from(request, plan)
    accept_ticked(request, AcknowledgeForm(request.POST, cycle=cycle), done="acknowledged")
    return redirect(next_from(request) or f"{reverse('national:reports', kwargs={'plan': plan.slug})}?cycle={cycle.year}")


@private_view
@plan_view(plan_of_action_only=True)
def summary(request, plan):
    """The chair's annual summary report to SOMTC: who reported, the statuses, every answer quoted with
    its state, and the assistance needed by theme. Printable; the workbook is built by the worker."""
    if not roles.can_see_all(request.user):
        raise PermissionDenied
    cycle = cycle_from(request, plan)
    return render(
        request, "national/summary.html",
        {"plan": plan, "cycles": plan.cycles.all(), "summary": Summary.of(cycle, request.user), "cycle": cycle},
    )


def _require_review_reader(user):
    if not (user.has_perm("national.view_review") or roles.is_administrator(user)):
        raise PermissionDenied


@private_view
@plan_view(plan_of_action_only=True)
def reviews(request, plan):
    """The plan's three-yearly reviews; the Secretariat starts one here."""
    _require_review_reader(request.user)
    may_start = request.user.has_perm("national.add_review")
    form = ReviewStartForm(request.POST or None, initial={"first_year": plan.start_year, "last_year": plan.start_year + 2})
    if request.method == "POST":
        if not may_start:
            raise PermissionDenied
        if form.is_valid():
            try:
                review = services.start_review(plan=plan, user=request.user, **form.cleaned_data)
            except services.WorkflowError as error:
                form.add_error(None, str(error))
            else:
                return redirect(review)
    return render(
        request, "national/review_list.html",
        {"plan": plan, "reviews": plan.reviews.all(), "form": form if may_start else None},
    )


def _visible_review(request, pk):
    _require_review_reader(request.user)
    review = get_object_or_404(Review.objects.select_related("plan"), pk=pk)
    request.plan = review.plan
    return review


@private_view
def review_detail(request, pk):
    """The compiled review: printable as it stands, and downloadable as a workbook."""
    review = _visible_review(request, pk)
    if request.GET.get("download") == "xlsx":
        content = review_databook(CompiledReview.of(review, request.user)).export("xlsx")
        response = HttpResponse(content, content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
        response["Content-Disposition"] = f'attachment; filename="{review.plan.slug}-review-{review.first_year}-{review.last_year}.xlsx"'
        return response
    may_act = request.user.has_perm("national.change_review")
    return render(
        request, "national/review_detail.html",
        {"review": review, "plan": review.plan, "compiled": CompiledReview.of(review, request.user), "may_act": may_act,
         "can_edit": review.is_editable_by(request.user), "date_form": ReviewDateForm()},
    )


@private_view
def edit_review(request, pk):
    review = _visible_review(request, pk)
    if not review.is_editable_by(request.user):
        raise PermissionDenied
    form = ReviewForm(request.POST or None, instance=review)
    if request.method == "POST" and form.is_valid():
        try:
            services.update_review(review=review, user=request.user, expected_version=form.cleaned_data["version"],
                                   fields=form.review_fields())
        except services.StaleReportError as error:
            _stale(form, error)
        else:
            messages.success(request, "Review saved.")
            return redirect(review)
    return render(request, "national/review_form.html", {"review": review, "form": form})


@private_view
@require_POST
def review_step(request, pk, step):
    """Record that the review went to SOMTC, or that the AMMTC endorsed it, on a date."""
    review = _visible_review(request, pk)
    form = ReviewDateForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Give the date: " + " ".join(form.errors["on"]))
        return redirect(review)
    service = services.submit_review if step == "submit" else services.endorse_review
    try:
        service(review=review, user=request.user, on=form.cleaned_data["on"])
    except services.WorkflowError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, f"{review}: {Review.objects.get(pk=review.pk).get_state_display().lower()}.")
    return redirect(review)


def _require_overview(user):
    if not roles.can_see_all(user):
        raise PermissionDenied


@private_view
@plan_view(plan_of_action_only=True)
def dashboard(request, plan):
    """The WG chair's dashboard: reporting coverage by state and cycle, the status heat map of a cycle,
    the most requested kinds of assistance; every figure links to the entries or reports behind it."""
    _require_overview(request.user)
    cycle = cycle_from(request, plan)
    cycles = list(plan.cycles.order_by("year"))
    coverage_rows, figures_per_cycle = figures.coverage(plan, cycles)
    areas, heat_rows = figures.status_heat_map(cycle)
    return render(request, "national/dashboard.html", {
        "plan": plan, "cycle": cycle, "cycles": cycles, "coverage_rows": coverage_rows,
        "figures_per_cycle": figures_per_cycle, "areas": areas, "heat_rows": heat_rows,
        "state_rates": figures.rates_by_state(plan), "meaning": reporting_meaning,
        "late_states": late_by([cycle], NationalReport, ("member_state__name",)),
        "assistance": figures.assistance_ranking(cycle),
    })


@private_view
@plan_view(plan_of_action_only=True)
def entries(request, plan):
    """The provision entries of sent reports behind a figure of the dashboard."""
    _require_overview(request.user)
    # Gathered from many reports: the marks the reader may read in every one of them (reporting.sensitivity).
    marks = marks_in_every_report(request.user, NationalReport)
    queryset = (ProvisionEntry.objects.filter(report__cycle__plan=plan, report__state__in=NationalReport.sent_states(),
                                              sensitivity__in=marks)
                .select_related("report__member_state", "report__cycle", "provision")
                .order_by("-report__cycle__year", "report__member_state__name", "provision__priority_area__number",
                          "provision__position"))
    filterset = ProvisionEntryFilter(request.GET or None, queryset=queryset, plan=plan)
    page = paginate(request, filterset.qs)
    return render(request, "national/entry_list.html",
                  {"plan": plan, "filter": filterset, "entries": page.object_list, "page": page})


@private_view
def document(request, pk):
    return serve_document(request, NationalReportDocument.objects, pk)


@private_view
@require_POST
def mark_document(request, pk):
    report = mark_document_from_page(request, NationalReportDocument.objects, pk)
    return redirect(f"{report.get_absolute_url()}#documents")


@private_view
@require_POST
def remove_document(request, pk):
    report = detach_document(request, NationalReportDocument.objects, pk)
    return redirect("national:edit_report", pk=report.pk)


@private_view
@plan_view(plan_of_action_only=True)
def contacts(request, plan):
    """The contact persons of each Member State's agencies for the plan (ACPoA on CT §20.3); never public."""
    if not roles.can_see_directory(request.user):
        raise PermissionDenied
    return render(
        request, "national/contact_list.html", {"plan": plan, "contacts": ContactPerson.objects.directory(plan)}
    )


# --- requests for assistance -----------------------------------------------------------------------

def _require_assistance_reader(user):
    """The chair, the Secretariat, administrators and the focal points (of their own state) read requests
    for assistance; nobody else."""
    if not (roles.follows_assistance(user) or member_states_of(user).exists()):
        raise PermissionDenied


@private_view
@plan_view(plan_of_action_only=True)
def assistance_list(request, plan, code=None):
    """The requests for assistance of a plan of action, every state's or one state's, with their status."""
    _require_assistance_reader(request.user)
    state = get_object_or_404(MemberState, code=code) if code else None
    if state is not None and not roles.follows_assistance(request.user) \
            and not member_states_of(request.user).filter(pk=state.pk).exists():
        raise PermissionDenied
    requests = AssistanceRequest.objects.visible_to(request.user).of_plan(plan).with_context()
    if state is not None:
        requests = requests.filter(entry__report__member_state=state)
    status = request.GET.get("status")
    if status in AssistanceRequest.Status.values:
        requests = requests.filter(status=status)
    page = paginate(request, requests)
    return render(request, "national/assistance_list.html", {
        "plan": plan, "member_state": state, "requests": page.object_list, "page": page,
        "statuses": AssistanceRequest.Status.choices, "status": status,
        "member_states": MemberState.objects.all() if roles.follows_assistance(request.user) else member_states_of(request.user),
    })


def _visible_assistance(request, pk):
    _require_assistance_reader(request.user)
    assistance = get_object_or_404(AssistanceRequest.objects.with_context(), pk=pk)
    if not assistance.may_see(request.user):
        raise Http404("No such request for assistance.")  # another state's: not even its existence is told
    request.plan = assistance.plan
    return assistance


@private_view
def assistance_detail(request, pk, form=None):
    assistance = _visible_assistance(request, pk)
    following = assistance.next_step()
    step = following[0] if following and assistance.may_take(request.user, following[0]) else None
    if step and form is None:
        form = AssistanceStepForm(step=step, initial={"on": timezone.localdate()})
    return render(request, "national/assistance_detail.html", {
        "assistance": assistance, "steps": assistance.steps.select_related("by", "partner"),
        "step": step, "step_label": AssistanceRequest.STEP_WORDS.get(step, ""), "form": form if step else None,
    })


@private_view
@require_POST
def assistance_step(request, pk):
    assistance = _visible_assistance(request, pk)
    following = assistance.next_step()
    if following is None or not assistance.may_take(request.user, following[0]):
        raise PermissionDenied
    form = AssistanceStepForm(request.POST, step=following[0])
    if not form.is_valid():
        return assistance_detail(request, pk, form=form)
    try:
        services.take_assistance_step(request=assistance, user=request.user, step=following[0], on=form.cleaned_data["on"],
                                      note=form.cleaned_data["note"], partner=form.cleaned_data.get("partner"))
    except services.WorkflowError as error:
        form.add_error(None, str(error))
        return assistance_detail(request, pk, form=form)
    messages.success(request, "Request for assistance updated.")
    return redirect(assistance.get_absolute_url())
