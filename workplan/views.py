from django.db.models import Count
from django.http import Http404
from django.shortcuts import get_object_or_404, render

from bodies.models import SectoralBody

from .admin_views import matrix_download
from .filters import MatrixFilter
from .models import Activity, ActionLine, FocusArea
from .selectors import filtered_matrix, matrix_priority_areas, matrix_rows
from .spreadsheets import FORMATS


def matrix(request):
    """The whole matrix of the Work Plan as it reads in section V, filterable."""
    filterset = MatrixFilter(request.GET or None, queryset=Activity.objects.all())
    context = filtered_matrix(filterset)
    context.update(filter=filterset, rows=matrix_rows(context["priority_areas"]))
    return render(request, "workplan/matrix.html", context)


def matrix_export(request, extension):
    """The whole matrix as a spreadsheet (the Work Plan is public, so is its matrix)."""
    if f".{extension}" not in FORMATS:
        raise Http404("The matrix can be downloaded as .xlsx or .csv.")
    return matrix_download(f".{extension}")


def action_line_detail(request, number):
    action_line = get_object_or_404(ActionLine.objects.with_bodies(), number=number)
    action_lines = ActionLine.objects.filter(pk=action_line.pk)
    priority_areas = matrix_priority_areas(
        action_lines=action_lines,
        focus_areas=FocusArea.objects.all(),
        activities=Activity.objects.all(),
    )
    return render(
        request,
        "workplan/actionline_detail.html",
        {"action_line": action_line, "rows": matrix_rows(priority_areas)},
    )


def activity_detail(request, code):
    activity = get_object_or_404(Activity.objects.with_matrix(), code=code)
    siblings = Activity.objects.filter(focus_area=activity.focus_area).order_by("position").only("code", "position", "text")
    return render(request, "workplan/activity_detail.html", {"activity": activity, "siblings": siblings})


# The pages of the sectoral bodies live here rather than in `bodies/`: what a body leads, and where it
# is relevant, is read off the matrix, and `bodies` knows nothing of the matrix.


def body_list(request):
    bodies = SectoralBody.objects.annotate(
        led_activity_count=Count("led_activities", distinct=True),
        relevant_action_line_count=Count("relevant_action_lines", distinct=True),
    )
    return render(request, "bodies/sectoralbody_list.html", {"bodies": bodies})


def body_detail(request, abbreviation):
    body = get_object_or_404(SectoralBody, abbreviation=abbreviation)
    led_activities = Activity.objects.with_matrix().filter(lead_bodies=body).in_matrix_order()
    relevant_action_lines = ActionLine.objects.with_bodies().filter(relevant_bodies=body)
    return render(
        request,
        "bodies/sectoralbody_detail.html",
        {"body": body, "led_activities": led_activities, "relevant_action_lines": relevant_action_lines},
    )
