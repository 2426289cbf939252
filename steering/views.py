import datetime

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from reporting.access import private_view
from workplan.scoping import plan_view

from . import services
from .compare import compare
from .forms import AmendmentForm, ChangeForm
from .models import Amendment, AmendmentChange, ChangeKind
from .roles import may_record


def _refuse_unless_recorder(request):
    if not may_record(request.user):
        raise PermissionDenied("Amendments are recorded by the ASEAN Secretariat and the MTF co-chairs.")


def _amendment(plan, pk):
    return get_object_or_404(Amendment.objects.select_related("plan", "decision__meeting", "recorded_by", "applied_by"),
                             plan=plan, pk=pk)


def _searching(request):
    """A picker's "Search" button: the form is shown again with the matches, nothing is saved or checked."""
    return "search" in request.POST


def _initial(post):
    return {name: post.getlist(name) if name == "lead_bodies" else post.get(name) for name in post}


@private_view
@plan_view(work_plan_only=True)
def amendment_list(request, plan):
    """The amendments of a plan's matrix, newest first: decided, recorded, applied."""
    amendments = Amendment.objects.of_plan(plan)
    return render(request, "steering/amendment_list.html",
                  {"plan": plan, "amendments": amendments, "may_record": may_record(request.user)})


@private_view
@plan_view(work_plan_only=True)
def amendment_new(request, plan):
    _refuse_unless_recorder(request)
    if request.method == "POST" and not _searching(request):
        form = AmendmentForm(request.POST, plan=plan)
        if form.is_valid() and not plan.is_ended:
            amendment = services.record_amendment(plan=plan, user=request.user, **form.cleaned_data)
            messages.success(request, "Amendment recorded as a draft: add the lines it changes, then apply it.")
            return redirect(amendment)
        if plan.is_ended:
            form.add_error(None, f"The {plan} has ended ({plan.period}): its matrix is kept as it was.")
    elif request.method == "POST":
        form = AmendmentForm(initial=_initial(request.POST), plan=plan, queries=request.POST)
    else:
        form = AmendmentForm(initial={"takes_effect_on": datetime.date.today()}, plan=plan, queries=request.GET)
    return render(request, "steering/amendment_form.html", {"plan": plan, "form": form})


@private_view
@plan_view(work_plan_only=True)
def amendment_edit(request, plan, pk):
    """A draft's reason, date and decision: the decision is cited once the meeting has taken it."""
    _refuse_unless_recorder(request)
    amendment = _amendment(plan, pk)
    if not amendment.is_draft:
        raise PermissionDenied("An applied amendment is kept as it was: record a new one.")
    if request.method == "POST" and not _searching(request):
        form = AmendmentForm(request.POST, plan=plan)
        if form.is_valid():
            services.update_amendment(amendment=amendment, user=request.user, **form.cleaned_data)
            messages.success(request, "Amendment saved.")
            return redirect(amendment)
    elif request.method == "POST":
        form = AmendmentForm(initial=_initial(request.POST), plan=plan, queries=request.POST)
    else:
        initial = {"reason": amendment.reason, "takes_effect_on": amendment.takes_effect_on, "decision": amendment.decision_id}
        form = AmendmentForm(initial=initial, plan=plan, queries=request.GET)
    return render(request, "steering/amendment_form.html", {"plan": plan, "form": form, "amendment": amendment})


@private_view
@plan_view(work_plan_only=True)
def amendment_detail(request, plan, pk):
    amendment = _amendment(plan, pk)
    changes = amendment.changes.select_related("activity", "output__activity", "focus_area__action_line").prefetch_related("lead_bodies")
    return render(request, "steering/amendment_detail.html", {
        "plan": plan, "amendment": amendment, "changes": changes, "kinds": ChangeKind.choices,
        "may_record": may_record(request.user) and amendment.is_draft,
    })


@private_view
@plan_view(work_plan_only=True)
def change_new(request, plan, pk, kind):
    """Add a line of one kind to a draft amendment, its activity, output or focus area found by search."""
    _refuse_unless_recorder(request)
    amendment = _amendment(plan, pk)
    if kind not in ChangeKind.values:
        raise Http404("No such change.")
    if not amendment.is_draft:
        raise PermissionDenied("An applied amendment is kept as it was: record a new one.")
    instance = AmendmentChange(amendment=amendment, kind=kind)
    if request.method == "POST" and not _searching(request):
        form = ChangeForm(request.POST, instance=instance, plan=plan, kind=kind)
        if form.is_valid():
            data = {name: value for name, value in form.cleaned_data.items() if name != "lead_bodies"}
            try:
                services.add_change(amendment=amendment, kind=kind, lead_bodies=form.cleaned_data.get("lead_bodies", []), **data)
            except services.AmendmentRefused as refusal:
                form.add_error(None, str(refusal))
            else:
                messages.success(request, "Line added.")
                return redirect(amendment)
    elif request.method == "POST":
        form = ChangeForm(initial=_initial(request.POST), instance=instance, plan=plan, kind=kind, queries=request.POST)
    else:
        form = ChangeForm(instance=instance, plan=plan, kind=kind, queries=request.GET)
    return render(request, "steering/change_form.html",
                  {"plan": plan, "amendment": amendment, "form": form, "kind": ChangeKind(kind)})


@require_POST
@private_view
@plan_view(work_plan_only=True)
def change_remove(request, plan, pk, position):
    _refuse_unless_recorder(request)
    amendment = _amendment(plan, pk)
    change = get_object_or_404(AmendmentChange, amendment=amendment, position=position)
    try:
        services.remove_change(change=change)
    except services.AmendmentRefused as refusal:
        messages.error(request, str(refusal))
    else:
        messages.success(request, f"Line {position} removed.")
    return redirect(amendment)


@require_POST
@private_view
@plan_view(work_plan_only=True)
def amendment_apply(request, plan, pk):
    """Apply every line of a draft to the matrix, or none, saying why per refused line."""
    _refuse_unless_recorder(request)
    amendment = _amendment(plan, pk)
    try:
        services.apply_amendment(amendment=amendment, user=request.user)
    except services.AmendmentRefused as refusal:
        for message in refusal.messages:
            messages.error(request, message)
        messages.error(request, "Nothing was applied.")
    else:
        messages.success(request, "Amendment applied to the matrix.")
    return redirect(amendment)


@private_view
@plan_view(work_plan_only=True)
def amendment_file(request, plan, pk):
    """The spreadsheet an import brought, for the people who read amendments."""
    amendment = _amendment(plan, pk)
    if not amendment.file:
        raise Http404("This amendment has no file.")
    return FileResponse(amendment.file.open("rb"), as_attachment=True, filename=amendment.file_name or "matrix.xlsx")


@plan_view(work_plan_only=True)
def plan_compare(request, plan):
    """The plan as adopted (or on any day chosen) beside the plan now: public, like the matrix."""
    adopted_on = plan.adopted_on or datetime.date(plan.start_year, 1, 1)
    on, error = adopted_on, ""
    if request.GET.get("on"):
        try:
            on = datetime.date.fromisoformat(request.GET["on"])
        except ValueError:
            error = "Give the day as a date, e.g. 2019-11-27."
        else:
            if not datetime.date(1967, 8, 8) <= on <= datetime.date.today():
                on, error = adopted_on, "Give a day between ASEAN's founding and today."
    comparison = compare(plan, on)
    return render(request, "steering/compare.html", {
        "plan": plan, "comparison": comparison, "adopted_on": adopted_on, "error": error,
    })
