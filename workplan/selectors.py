"""Read-side queries of the matrix: the plan as nested rows, in a fixed number of queries."""

from dataclasses import dataclass

from django.db.models import Prefetch

from .models import Activity, ActionLine, FocusArea, PriorityArea


@dataclass
class MatrixRow:
    """One table row of the matrix. A cell spanning several rows is given only on its first row."""

    priority_area: PriorityArea | None
    action_line: ActionLine | None
    action_line_rowspan: int
    focus_area: FocusArea | None
    focus_area_rowspan: int
    activity: Activity | None


def matrix_priority_areas(*, action_lines, focus_areas, activities):
    """Priority areas → action lines → focus areas → activities → outputs and lead bodies, prefetched."""
    activities = activities.order_by("position").select_related("plan").prefetch_related("lead_bodies", "outputs")
    focus_areas = focus_areas.order_by("position").prefetch_related(Prefetch("activities", queryset=activities))
    action_lines = action_lines.order_by("position").select_related("plan").prefetch_related(
        "relevant_bodies", Prefetch("focus_areas", queryset=focus_areas)
    )
    return PriorityArea.objects.filter(pk__in=action_lines.values("priority_area")).prefetch_related(
        Prefetch("action_lines", queryset=action_lines)
    )


def matrix_rows(priority_areas):
    """Flatten prefetched priority areas into the rows of the published table, with row spans."""
    rows = []
    for priority_area in priority_areas:
        first_of_area = True
        for action_line in priority_area.action_lines.all():
            focus_areas = list(action_line.focus_areas.all())
            spans = [max(1, len(focus_area.activities.all())) for focus_area in focus_areas]
            action_line_rowspan = max(1, sum(spans))
            if not focus_areas:
                rows.append(MatrixRow(priority_area if first_of_area else None, action_line, 1, None, 0, None))
                first_of_area = False
                continue
            for index, focus_area in enumerate(focus_areas):
                activities = list(focus_area.activities.all()) or [None]
                for activity_index, activity in enumerate(activities):
                    first_of_line = index == 0 and activity_index == 0
                    rows.append(
                        MatrixRow(
                            priority_area=priority_area if first_of_area else None,
                            action_line=action_line if first_of_line else None,
                            action_line_rowspan=action_line_rowspan if first_of_line else 0,
                            focus_area=focus_area if activity_index == 0 else None,
                            focus_area_rowspan=spans[index] if activity_index == 0 else 0,
                            activity=activity,
                        )
                    )
                    first_of_area = False
    return rows


def filtered_matrix(filterset):
    """What the matrix page shows for a MatrixFilter: its priority areas and the counts of what matched."""
    activities = filterset.qs
    action_lines = filterset.action_lines()
    focus_areas = FocusArea.objects.filter(action_line__in=action_lines)
    if filterset.filters_rows:
        # Only the rows holding a matching activity; otherwise whole action lines, empty cells included.
        focus_areas = focus_areas.filter(pk__in=activities.values("focus_area"))
        action_lines = action_lines.filter(pk__in=focus_areas.values("action_line"))
    priority_areas = matrix_priority_areas(action_lines=action_lines, focus_areas=focus_areas, activities=activities)
    return {
        "priority_areas": priority_areas,
        "activity_count": activities.count(),
        "focus_area_count": focus_areas.count(),
        "action_line_count": action_lines.count(),
    }


def plan_areas(plan, provisions):
    """A plan of action's areas that hold any of `provisions`, each with those provisions (and the
    work-plan lines that implement them), in the plan's order."""
    provisions = provisions.order_by("position").prefetch_related(
        Prefetch("implemented_by", queryset=ActionLine.objects.select_related("plan").order_by("plan_id"))
    )
    return PriorityArea.objects.filter(plan=plan, pk__in=provisions.values("priority_area")).prefetch_related(
        Prefetch("action_lines", queryset=provisions)
    )
