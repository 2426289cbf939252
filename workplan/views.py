from django.db.models import Count, Prefetch, Q
from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.template.loader import render_to_string
from django.utils.safestring import mark_safe

from bodies.models import SectoralBody

from . import page_cache
from .downloads import matrix_download
from .filters import MatrixFilter, ProvisionFilter
from .models import Activity, ActionLine, FocusArea, Plan
from .scoping import plan_view
from .selectors import filtered_matrix, matrix_priority_areas, matrix_rows, plan_areas
from .spreadsheets import FORMATS


@plan_view()
def plan_detail(request, plan):
    """A work plan's matrix as it reads in its section V, or a plan of action's areas and provisions; filterable."""
    if not plan.is_work_plan:
        filterset = ProvisionFilter(request.GET or None, queryset=ActionLine.objects.filter(plan=plan), plan=plan)
        provisions = filterset.qs
        return render(
            request,
            "workplan/plan_of_action.html",
            {"plan": plan, "filter": filterset, "areas": plan_areas(plan, provisions), "provision_count": provisions.count()},
        )
    filterset = MatrixFilter(request.GET or None, queryset=Activity.objects.in_force().filter(plan=plan), plan=plan)

    def matrix_context():
        context = filtered_matrix(filterset)
        context.update(plan=plan, filter=filterset, rows=matrix_rows(context["priority_areas"]))
        return context

    if request.GET:
        return render(request, "workplan/matrix.html", matrix_context())
    # The whole plan: drawn once and kept until the matrix changes (see page_cache.py).
    html = page_cache.kept(plan, lambda: render_to_string("workplan/includes/_matrix_page.html", matrix_context(), request))
    return render(request, "workplan/matrix.html", {"plan": plan, "matrix_html": mark_safe(html)})


@plan_view()
def matrix_export(request, plan, extension):
    """The whole matrix (or a plan of action's provisions) as a spreadsheet: the plans are public, so are these."""
    if f".{extension}" not in FORMATS:
        raise Http404("The matrix can be downloaded as .xlsx or .csv.")
    return matrix_download(plan, f".{extension}")


@plan_view()
def action_line_detail(request, plan, number):
    action_line = get_object_or_404(
        ActionLine.objects.with_bodies().select_related("implements__plan"), plan=plan, number=number
    )
    implemented_by = action_line.implemented_by.select_related("plan", "priority_area").annotate(
        activity_count=Count("focus_areas__activities")
    )
    context = {"plan": plan, "action_line": action_line, "implemented_by": implemented_by}
    if plan.is_work_plan:
        priority_areas = matrix_priority_areas(
            action_lines=ActionLine.objects.filter(pk=action_line.pk),
            focus_areas=FocusArea.objects.all(),
            activities=Activity.objects.in_force(),
        )
        context["rows"] = matrix_rows(priority_areas)
    return render(request, "workplan/actionline_detail.html", context)


@plan_view(work_plan_only=True)
def activity_detail(request, plan, code):
    activity = get_object_or_404(Activity.objects.with_matrix(), plan=plan, code=code)
    siblings = Activity.objects.filter(focus_area=activity.focus_area).order_by("position").only("code", "position", "text")
    for sibling in siblings:
        sibling.plan = plan  # for its link, without a query per sibling
    return render(request, "workplan/activity_detail.html", {"plan": plan, "activity": activity, "siblings": siblings})


# The pages of the sectoral bodies live here rather than in `bodies/`: what a body leads, and where it
# is relevant, is read off the plans' matrices, and `bodies` knows nothing of them.


def body_list(request):
    bodies = SectoralBody.objects.annotate(
        led_activity_count=Count("led_activities", distinct=True),
        relevant_action_line_count=Count("relevant_action_lines", distinct=True),
    )
    return render(request, "bodies/sectoralbody_list.html", {"bodies": bodies})


def body_detail(request, abbreviation):
    """What a body leads and where it is relevant, plan by plan."""
    body = get_object_or_404(SectoralBody, abbreviation=abbreviation)
    led_activities = Activity.objects.in_force().with_matrix().filter(lead_bodies=body).in_matrix_order()
    relevant_action_lines = ActionLine.objects.with_bodies().filter(relevant_bodies=body)
    plans = Plan.objects.filter(
        Q(activities__lead_bodies=body) | Q(action_lines__relevant_bodies=body)
    ).distinct().prefetch_related(
        Prefetch("activities", queryset=led_activities, to_attr="led"),
        Prefetch("action_lines", queryset=relevant_action_lines, to_attr="relevant"),
    )
    return render(request, "bodies/sectoralbody_detail.html", {"body": body, "plans": plans})
