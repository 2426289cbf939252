from django.contrib import messages
from django.core.exceptions import NON_FIELD_ERRORS, PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.views.decorators.http import require_POST

from bodies.models import Partner, SectoralBody
from reporting.access import access_report, private_view
from reporting.forms import TransitionCommentForm
from reporting.models import ReportingCycle
from reporting.sensitivity import readable_marks, split_readable
from reporting.views import (
    accept_ticked, comment_from_page, cycle_from, detach_document, document_marks, list_path, mark_document_from_page,
    next_from, reopen_from_page, serve_document, take_review_step,
)
from workplan.pagination import paginate
from workplan.models import Activity, Plan
from workplan.scoping import plan_view

from . import roles, services
from .exports import reports_download
from .filters import ReportFilter, ReviewQueueFilter
from .forms import (
    ActivityReportForm,
    BulkAcceptForm,
    OutputAchievementFormSet,
    PublicPartsForm,
)
from .models import ActivityReport, Participation, ReportDocument
from .selectors import (
    activities_of, activities_supported_by, activities_with_participation, my_activity_rows, participation_matrix,
    partners_with_counts, report_history,
)


@private_view
def home(request):
    """Where monitoring starts for this user: the review queue or "My activities" of the work plan in force."""
    plan = Plan.objects.default_work_plan()
    if plan is None:
        raise Http404("No work plan has been loaded yet.")
    if roles.can_review(request.user) and not request.user.memberships.exists():
        return redirect("monitoring:review", plan=plan.slug)
    return redirect("monitoring:my_activities", plan=plan.slug)


@private_view
@plan_view(work_plan_only=True)
def my_activities(request, plan):
    """The activities of the user's bodies in a cycle of the plan, each with its report's state and a button."""
    cycle = cycle_from(request, plan)
    bodies = list(SectoralBody.objects.filter(memberships__user=request.user))
    page = paginate(request, activities_of(bodies, plan, cycle))
    rows = my_activity_rows(bodies=bodies, cycle=cycle, activities=list(page.object_list))
    return render(
        request,
        "monitoring/my_activities.html",
        {"plan": plan, "cycle": cycle, "cycles": plan.cycles.all(), "rows": rows, "page": page},
    )


@private_view
@require_POST
@plan_view(work_plan_only=True)
def start_report(request, plan, year, code, body):
    cycle = get_object_or_404(ReportingCycle, plan=plan, year=year)
    activity = get_object_or_404(Activity, plan=plan, code=code)
    body = get_object_or_404(SectoralBody, abbreviation=body)
    try:
        report = services.start_report(activity=activity, cycle=cycle, body=body, user=request.user)
    except services.WorkflowError as error:
        messages.error(request, str(error))
        return redirect(f"{reverse('monitoring:my_activities', kwargs={'plan': plan.slug})}?cycle={cycle.year}")
    if not report.is_visible_to(request.user):
        raise PermissionDenied
    messages.success(request, f"Report of {body} on activity {activity.code} for {cycle.year} opened as a draft.")
    return redirect("monitoring:edit_report", pk=report.pk)


@private_view
@plan_view(work_plan_only=True)
def report_list(request, plan):
    reports = ActivityReport.objects.visible_to(request.user).with_matrix().filter(cycle__plan=plan)
    filterset = ReportFilter(request.GET or None, queryset=reports, plan=plan)
    extension = request.GET.get("download")
    if extension:
        if extension not in ("xlsx", "csv"):
            raise Http404("Reports can be downloaded as xlsx or csv.")
        return reports_download(filterset.qs, f".{extension}")
    page = paginate(request, filterset.qs)
    return render(
        request,
        "monitoring/activityreport_list.html",
        {"plan": plan, "filter": filterset, "reports": page.object_list, "page": page},
    )


@private_view
@plan_view(work_plan_only=True)
def review_queue(request, plan):
    """The submitted reports of a plan waiting for the co-chairs, newest first, opening on the cycle with
    this year's work (`?cycle=` with no year shows every cycle); `?select=page` ticks the page's boxes."""
    if not (roles.can_review(request.user) or roles.is_administrator(request.user)):
        raise PermissionDenied
    reports = ActivityReport.objects.with_matrix().filter(cycle__plan=plan, state=ActivityReport.State.SUBMITTED)
    data = request.GET.copy()
    if "cycle" not in data:
        cycle = plan.cycles.to_review_first(reports)
        if cycle is not None:
            data["cycle"] = str(cycle.year)
    filterset = ReviewQueueFilter(data, queryset=reports.order_by("-submitted_at", "-pk"), plan=plan)
    page = paginate(request, filterset.qs)
    return render(
        request,
        "monitoring/review_queue.html",
        {"plan": plan, "filter": filterset, "reports": page.object_list, "page": page,
         "select_all": request.GET.get("select") == "page", "back": list_path(request)},
    )


def _visible_report(request, pk, *, for_change=False):
    report = access_report(request, ActivityReport.objects.with_matrix().select_related("follows_up__cycle", "activity__indicator"), pk,
                           for_change=for_change)
    request.plan = report.cycle.plan  # the page's navigation and links follow the report's plan
    return report


@private_view
def report_detail(request, pk):
    return _report_page(request, _visible_report(request, pk))


def _report_page(request, report, *, comment_form=None, public_parts_form=None):
    documents, hidden_documents = split_readable(report.documents.all(), readable_marks(request.user, report))
    can_publish = report.can_be_published_by(request.user)
    context = {
        "report": report,
        "achievements": report.achievements.select_related("output"),
        "documents": documents,
        "hidden_documents": hidden_documents,
        **(document_marks(request, report) if documents else {}),  # asked only when there is a document to mark
        "can_publish": can_publish,
        "public_parts_form": (public_parts_form or PublicPartsForm(initial={"parts": report.public_parts})) if can_publish else None,
        "public_part_names": [label for part, label in ActivityReport.text_part_choices() if part in report.public_parts],
        "transitions": report.transitions.select_related("by"),
        "participations": report.participations.select_related("memberstate"),
        "supporting_partners": report.supporting_partners.all(),
        "history": report_history(report),
        "can_edit": report.is_editable_by(request.user),
        "can_review": report.can_be_reviewed_by(request.user),
        "missing": services.missing_for_submission(report) if report.is_with_its_writers else [],
        "comment_form": comment_form or TransitionCommentForm(),
        "revision_request": report.revision_request(),
        "can_reopen": report.can_be_reopened_by(request.user),
        "comments": report.comments.select_related("author"),
        "can_comment": report.may_comment(request.user),
        "next": next_from(request),  # the queue the reviewer came from, to land back on after the step
    }
    return render(request, "monitoring/activityreport_detail.html", context)


@private_view
def edit_report(request, pk):
    report = _visible_report(request, pk, for_change=True)
    achievements = report.achievements.select_related("output__indicator").prefetch_related("output__indicator__targets")
    error_title = ""
    if request.method == "POST":
        form = ActivityReportForm(request.POST, request.FILES, instance=report)
        formset = OutputAchievementFormSet(request.POST, instance=report, queryset=achievements)
        if form.is_valid() and formset.is_valid():
            try:
                saved = services.update_report(
                    report=report,
                    user=request.user,
                    expected_version=form.cleaned_data["version"],
                    fields=form.report_fields(),
                    member_states=form.participations(),
                    partners=form.cleaned_data["supporting_partners"],
                    achievements={f.instance.pk: f.achievement_fields() for f in formset.forms},
                    documents=form.new_documents(),
                )
            except services.StaleReportError as error:
                form.add_error(None, str(error))
                # Saving again from this form is now a deliberate overwrite of the newer version.
                form.data = form.data.copy()
                form.data["version"] = error.current_version
            else:
                missing = services.missing_fields_for_submission(saved) if "submit" in request.POST else {}
                if not missing:
                    messages.success(request, "Report saved.")
                    if "submit" in request.POST:
                        return _submit(request, report)
                    return redirect("monitoring:edit_report" if "stay" in request.POST else "monitoring:report", pk=report.pk)
                # Saved, not submitted: each missing item beside its field, the form as typed, its new version.
                _show_missing(form, formset, missing)
                form.data = form.data.copy()
                form.data["version"] = saved.version
                error_title = "The report was saved as a draft but not submitted: fill in what is needed"
    else:
        form = ActivityReportForm(instance=report, initial={"participating_member_states": report.participating_member_states.all(),
                                                            "supporting_partners": report.supporting_partners.all()})
        formset = OutputAchievementFormSet(instance=report, queryset=achievements)
        # Sent here by the report page's Submit: what submission still needs, beside each field.
        missing = services.missing_fields_for_submission(report) if request.GET.get("check") == "submission" else {}
        if missing:
            _show_missing(form, formset, missing)
            error_title = "The report cannot be submitted yet: fill in what is needed"
    return render(
        request,
        "monitoring/activityreport_form.html",
        {"report": report, "form": form, "formset": formset, "documents": report.documents.all(),
         "revision_request": report.revision_request(), "error_title": error_title},
    )


def _show_missing(form, formset, missing):
    """Each item `missing` for submission as an error beside its field, on the form as typed or, unbound,
    as stored (a form's instance holds what was typed once it is validated)."""
    for name, message in missing.items():
        if name == "achievements":
            for achievement_form in formset.forms:
                if not achievement_form.instance.level:
                    _flag(achievement_form, "level", "Assess the achievement before submitting.")
        else:
            _flag(form, name if name in form.fields else NON_FIELD_ERRORS, message[0].upper() + message[1:] + ".")


def _flag(form, name, text):
    # Not add_error: it needs the cleaned data that an unbound form does not have.
    kind = "nonfield" if name == NON_FIELD_ERRORS else None
    form.errors.setdefault(name, form.error_class(error_class=kind, renderer=form.renderer)).append(text)


def _submit(request, report):
    try:
        services.submit_report(report=report, user=request.user)
    except services.WorkflowError as error:
        edit_url = reverse("monitoring:edit_report", args=[report.pk])
        if services.missing_fields_for_submission(report):
            return redirect(f"{edit_url}?check=submission")  # the form says what is missing, beside each field
        messages.error(request, str(error))
        return redirect(edit_url)
    messages.success(request, "Report submitted to the MTF co-chairs for review.")
    return redirect("monitoring:report", pk=report.pk)


@private_view
@require_POST
def submit_report(request, pk):
    report = _visible_report(request, pk, for_change=True)
    return _submit(request, report)


@private_view
@require_POST
def review_report(request, pk, decision):
    report = _visible_report(request, pk)
    if decision == "accept":
        step, done = services.accept_report, f"Report {report} accepted."
    else:
        step, done = services.return_report, f"Report {report} returned to {report.implementing_body} with your comment."
    taken = take_review_step(request, report, step, done,
                             page=lambda comment_form: _report_page(request, report, comment_form=comment_form))
    back = next_from(request)
    if taken is True:
        return redirect(back or reverse("monitoring:review", kwargs={"plan": report.cycle.plan.slug}))
    return taken or redirect(f"{report.get_absolute_url()}?{urlencode({'next': back})}" if back else report.get_absolute_url())


@private_view
def document(request, pk):
    return serve_document(request, ReportDocument.objects, pk)


@private_view
@require_POST
def mark_document(request, pk):
    report = mark_document_from_page(request, ReportDocument.objects, pk)
    return redirect(f"{report.get_absolute_url()}#documents")


@private_view
@require_POST
def remove_document(request, pk):
    report = detach_document(request, ReportDocument.objects, pk)
    return redirect("monitoring:edit_report", pk=report.pk)


@private_view
@require_POST
def reopen_report(request, pk):
    report = _visible_report(request, pk)
    return reopen_from_page(request, report, writers=report.implementing_body)


@private_view
@require_POST
@plan_view(work_plan_only=True)
def accept_reports(request, plan):
    """Accept the reports ticked in the review queue, each as its own step."""
    if not (roles.can_review(request.user) or roles.is_administrator(request.user)):
        raise PermissionDenied
    accept_ticked(request, BulkAcceptForm(request.POST, plan=plan))
    return redirect(next_from(request) or reverse("monitoring:review", kwargs={"plan": plan.slug}))


@private_view
@require_POST
def public_parts(request, pk):
    """A co-chair marks which text parts of an accepted report the public pages show."""
    report = _visible_report(request, pk)
    if not report.can_be_published_by(request.user):
        raise PermissionDenied
    form = PublicPartsForm(request.POST)
    if not form.is_valid():
        return _report_page(request, report, public_parts_form=form)
    try:
        services.mark_public_parts(report=report, user=request.user, parts=form.cleaned_data["parts"])
    except services.WorkflowError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, "The parts shown on the public pages are saved.")
    return redirect(f"{report.get_absolute_url()}#public-parts")


@private_view
@require_POST
def comment_report(request, pk):
    return comment_from_page(request, _visible_report(request, pk))


# --- partners ------------------------------------------------------------------------------------

@private_view
def partner_list(request):
    """The register of partners: the Dialogue Partners, UN entities and other organisations."""
    return render(request, "monitoring/partner_list.html",
                  {"partners": partners_with_counts(), "can_manage": _manages_partners(request.user)})


@private_view
def partner_detail(request, slug):
    """A partner, its contacts and the activities it supported, as the bodies' reports name it."""
    partner = get_object_or_404(Partner.objects.prefetch_related("contacts"), slug=slug)
    page = paginate(request, activities_supported_by(partner))
    return render(request, "monitoring/partner_detail.html",
                  {"partner": partner, "reports": page.object_list, "page": page,
                   "can_manage": _manages_partners(request.user)})


def _manages_partners(user):
    # The register is kept in the administration, by the Secretariat and administrators.
    return user.is_staff and user.has_perm("bodies.change_partner")


# --- Member States' participation ----------------------------------------------------------------

@private_view
@plan_view(work_plan_only=True)
def participation(request, plan):
    """Activities against Member States for a cycle: whether each state hosted, co-sponsored or attended,
    as the reports the person may read tell it."""
    if not (request.user.has_perm("monitoring.view_activityreport") or roles.is_administrator(request.user)):
        raise PermissionDenied
    cycle = cycle_from(request, plan)
    reports = ActivityReport.objects.visible_to(request.user).filter(cycle__plan=plan)
    page = paginate(request, activities_with_participation(reports=reports, cycle=cycle))
    matrix = participation_matrix(reports=reports, cycle=cycle, activity_ids=list(page.object_list))
    return render(request, "monitoring/participation.html",
                  {"plan": plan, "cycle": cycle, "cycles": plan.cycles.all(), "matrix": matrix, "page": page,
                   "roles": Participation.Role})
