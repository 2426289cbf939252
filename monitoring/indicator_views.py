"""The pages of the performance indicators: the MTF sets and adjusts an activity's indicators and
targets (with the history of earlier values), and the table of targets against actuals."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Prefetch
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render

from reporting.access import private_view
from workplan import indicators as indicator_services
from workplan.models import Activity, Indicator, Output
from workplan.pagination import paginate
from workplan.scoping import plan_view

from . import indicators, roles
from .indicator_forms import IndicatorForm, IndicatorTableFilter, TargetForm


def _activity(plan, code):
    outputs = Output.objects.select_related("indicator").prefetch_related("indicator__targets")
    queryset = Activity.objects.select_related("plan", "focus_area__action_line__priority_area", "indicator").prefetch_related(
        Prefetch("outputs", queryset=outputs), "indicator__targets")
    return get_object_or_404(queryset, plan=plan, code=code)


def _subject(activity, subject):
    """What the URL's `subject` names an indicator of: {"activity": the activity} or {"output": its output at
    that position}; 404 for anything else."""
    if subject == "activity":
        return {"activity": activity}
    if subject.isascii() and subject.isdigit():  # str.isdigit() also takes "²", which int() refuses
        output = next((o for o in activity.outputs.all() if o.position == int(subject)), None)
        if output is not None:
            return {"output": output}
    raise Http404("The activity has no such expected output.")


def _existing(activity, owner):
    if "activity" in owner:
        return activity.indicator if hasattr(activity, "indicator") else None
    output = owner["output"]
    return output.indicator if hasattr(output, "indicator") else None


def _refuse_unless_setter(request, plan):
    if not roles.may_set_indicators(request.user):
        raise PermissionDenied
    if plan.is_ended and request.method == "POST":
        raise PermissionDenied(f"The {plan} has ended: its indicators are kept as they were.")


def _private(view):
    """Logged in, sent with no-store, about a work plan of the URL."""
    return private_view(plan_view(work_plan_only=True)(view))


@_private
def activity_indicators(request, plan, code):
    """The indicators of an activity and of each of its expected outputs, their targets and their history."""
    _refuse_unless_setter(request, plan)
    activity = _activity(plan, code)
    subjects = [{"label": f"Expected output {output.position}", "text": output.text, "slug": str(output.position),
                 "indicator": output.indicator if hasattr(output, "indicator") else None}
                for output in activity.outputs.all()]
    own = activity.indicator if hasattr(activity, "indicator") else None
    subjects.append({"label": "The activity itself", "text": "", "slug": "activity", "indicator": own})
    now = [subject["indicator"] for subject in subjects if subject["indicator"]]
    return render(request, "monitoring/indicators/activity_indicators.html", {
        "plan": plan, "activity": activity, "subjects": subjects, "history": indicators.history_of(activity, now),
        "can_change": not plan.is_ended,
    })


@_private
def set_indicator(request, plan, code, subject):
    _refuse_unless_setter(request, plan)
    activity = _activity(plan, code)
    owner = _subject(activity, subject)
    existing = _existing(activity, owner)
    instance = existing or Indicator(**owner)
    form = IndicatorForm(request.POST or None, instance=instance)
    if request.method == "POST" and form.is_valid():
        try:
            indicator_services.set_indicator(user=request.user, reason=form.cleaned_data["reason"],
                                             decision=form.cleaned_data["decision"], **owner, **form.indicator_fields())
        except ValidationError as error:
            form.add_error(None, error.messages)
        else:
            messages.success(request, "Indicator saved; its earlier values are kept in the history.")
            return redirect("monitoring:activity_indicators", plan=plan.slug, code=activity.code)
    return render(request, "monitoring/indicators/indicator_form.html", {
        "plan": plan, "activity": activity, "form": form, "owner": owner, "existing": existing})


@_private
def set_target(request, plan, code, subject):
    _refuse_unless_setter(request, plan)
    activity = _activity(plan, code)
    indicator = _existing(activity, _subject(activity, subject))
    if indicator is None:
        raise Http404("Set the indicator before its targets.")
    form = TargetForm(request.POST or None, indicator=indicator)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            indicator_services.set_target(
                indicator=indicator, year=data["year"], user=request.user, reason=data["reason"],
                decision=data["decision"], value=data.get("value"), milestone=data.get("milestone", ""))
        except ValidationError as error:
            for name, problems in error.message_dict.items():
                form.add_error(name if name in form.fields else None, problems)
        else:
            messages.success(request, "Target saved; its earlier values are kept in the history.")
            return redirect("monitoring:activity_indicators", plan=plan.slug, code=activity.code)
    return render(request, "monitoring/indicators/target_form.html", {
        "plan": plan, "activity": activity, "form": form, "indicator": indicator, "targets": indicator.targets.all()})


@_private
def indicator_table(request, plan):
    """Targets against actuals, by year and over the period, filtered by priority area, lead body or activity."""
    if not roles.may_read_indicators(request.user):
        raise PermissionDenied
    form = IndicatorTableFilter(request.GET or None, plan=plan)
    filters = form.filters()
    selected = indicators.indicators_of(plan, **filters)
    page = paginate(request, selected)
    standing = indicators.standing(selected)
    return render(request, "monitoring/indicators/indicator_table.html", {
        "plan": plan, "filter": {"form": form}, "page": page, "rows": indicators.performances(page.object_list),
        "standing": standing, "rule": indicators.ON_TRACK_RULE, "counted": indicators.COUNTED_REPORTS,
        "several": indicators.SEVERAL_BODIES, "can_set": roles.may_set_indicators(request.user)})
