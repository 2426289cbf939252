"""The plan as it was on a day beside the plan now, read from the matrix's history tables: what was added,
what changed (old → new words) and what was dropped, grouped by area, like a baseline comparison.

The state on a day is, for each row of the matrix, its latest historical row written by the end of that
day. A row whose history does not begin with its creation existed before the history was kept: its
earliest known state stands for the days before (the matrix as loaded is the matrix as adopted). A row
with no history at all has not changed since: its state now is its state then.

A fixed number of queries whatever the size of the plan: one per historical table and one per live one.
"""

import datetime
from dataclasses import dataclass, field

from django.db.models import Max, Min
from django.utils import timezone

from workplan.history import LEAD_BODIES_HISTORY
from workplan.models import Activity, ActionLine, FocusArea, Output, PriorityArea


@dataclass
class Difference:
    """One line of the comparison: an activity, focus area or action line added, changed or dropped."""

    status: str  # "added", "changed", "dropped"
    what: str  # "activity", "focus area", "action line"
    code: str
    text: str
    changes: list = field(default_factory=list)  # (what, old, new)
    sort_key: tuple = ()


@dataclass
class AreaDifferences:
    area: object
    differences: list


@dataclass
class Comparison:
    on: datetime.date
    areas: list

    @property
    def counts(self):
        counts = {"added": 0, "changed": 0, "dropped": 0}
        for area in self.areas:
            for difference in area.differences:
                counts[difference.status] += 1
        return counts


def _end_of(day):
    return timezone.make_aware(datetime.datetime.combine(day + datetime.timedelta(days=1), datetime.time.min))


def _as_of(model, rows_of_plan, until):
    """{id: historical row} of `model`'s rows as they stood before `until`, in two queries."""
    History = model.history.model
    history = History.objects.filter(**rows_of_plan)
    latest = history.filter(history_date__lt=until).values("id").annotate(last=Max("history_id")).values("last")
    first = history.values("id").annotate(first=Min("history_id")).values("first")
    then = {}
    for row in History.objects.filter(history_id__in=latest):
        then[row.id] = row
    for row in History.objects.filter(history_id__in=first).exclude(history_type="+"):
        # History kept after it was loaded: its earliest known state stands for before.
        then.setdefault(row.id, row)
    return {pk: row for pk, row in then.items() if row.history_type != "-"}


def compare(plan, on):
    """The plan's matrix at the end of `on` beside the matrix now."""
    until = _end_of(on)
    today = timezone.localdate()
    # Now: the live rows.
    lines_now = {line.pk: line for line in ActionLine.objects.filter(plan=plan)}
    areas_now = {area.pk: area for area in FocusArea.objects.filter(action_line__plan=plan)}
    activities_now = {a.pk: a for a in Activity.objects.filter(plan=plan).prefetch_related("lead_bodies")}
    outputs_now = {}
    for output in Output.objects.filter(activity__plan=plan).order_by("activity_id", "position"):
        outputs_now.setdefault(output.activity_id, []).append(output.text)
    # Then: the history, with what never changed taken from now.
    lines_then = _as_of(ActionLine, {"plan_id": plan.pk}, until)
    areas_then = _as_of(FocusArea, {"action_line__plan": plan}, until)
    activities_then = _as_of(Activity, {"plan_id": plan.pk}, until)
    outputs_then_rows = _as_of(Output, {"activity__plan": plan}, until)
    _without_history(lines_then, lines_now, ActionLine, {"plan_id": plan.pk})
    _without_history(areas_then, areas_now, FocusArea, {"action_line__plan": plan})
    _without_history(activities_then, activities_now, Activity, {"plan_id": plan.pk})
    bodies_then = {}
    for pk, abbreviation, history_id in LEAD_BODIES_HISTORY().objects.filter(
        history_id__in=[row.history_id for row in activities_then.values() if hasattr(row, "history_id")]
    ).values_list("activity_id", "sectoralbody__abbreviation", "history_id"):
        bodies_then.setdefault(history_id, set()).add(abbreviation)
    outputs_then = {}
    output_ids_with_history = set(Output.history.filter(activity__plan=plan).values_list("id", flat=True).distinct())
    for row in sorted(outputs_then_rows.values(), key=lambda row: (row.activity_id, row.position)):
        outputs_then.setdefault(row.activity_id, []).append(row.text)
    for output in Output.objects.filter(activity__plan=plan).exclude(pk__in=output_ids_with_history).order_by("position"):
        outputs_then.setdefault(output.activity_id, []).append(output.text)
    priority_areas = {area.pk: area for area in PriorityArea.objects.filter(plan=plan)}

    def line_of(area_pk):
        area = areas_now.get(area_pk) or areas_then.get(area_pk)
        return (lines_now.get(area.action_line_id) or lines_then.get(area.action_line_id)) if area else None

    differences = {}

    def add(line, difference):
        area = priority_areas.get(line.priority_area_id) if line else None
        differences.setdefault(area.pk if area else None, []).append(difference)

    for pk, line in lines_now.items():
        old = lines_then.get(pk)
        key = (line.position, 0, 0)
        if old is None:
            add(line, Difference("added", "action line", line.number, line.matrix_text or line.text, sort_key=key))
        elif old.matrix_text != line.matrix_text:
            add(line, Difference("changed", "action line", line.number, line.matrix_text,
                                 [("wording", old.matrix_text, line.matrix_text)], sort_key=key))
    for pk, area in areas_now.items():
        line = lines_now.get(area.action_line_id)
        old = areas_then.get(pk)
        key = (line.position if line else 0, area.position, 0)
        if old is None:
            add(line, Difference("added", "focus area", line.number if line else "", area.text, sort_key=key))
        elif old.text != area.text:
            add(line, Difference("changed", "focus area", line.number if line else "", area.text,
                                 [("wording", old.text, area.text)], sort_key=key))
    for pk, activity in activities_now.items():
        line = line_of(activity.focus_area_id)
        key = (line.position if line else 0, areas_now[activity.focus_area_id].position, activity.position)
        old = activities_then.get(pk)
        live_now = not activity.is_dropped(today)
        live_then = old is not None and not (old.dropped_on and old.dropped_on <= on)
        if live_now and not live_then:
            add(line, Difference("added", "activity", activity.code, activity.text, sort_key=key))
        elif live_then and not live_now:
            add(line, Difference("dropped", "activity", activity.code, old.text, sort_key=key))
        elif live_now:
            changes = _activity_changes(old, activity, areas_now, areas_then, bodies_then, outputs_then, outputs_now)
            if changes:
                add(line, Difference("changed", "activity", activity.code, activity.text, changes, sort_key=key))
    areas = [
        AreaDifferences(priority_areas.get(pk), sorted(items, key=lambda d: (d.sort_key, d.what)))
        for pk, items in sorted(differences.items(), key=lambda item: priority_areas[item[0]].number if item[0] else 0)
    ]
    return Comparison(on=on, areas=areas)


def _without_history(then, now, model, rows_of_plan):
    """Rows that have no historical row at all have never changed: as they are now."""
    with_history = set(model.history.filter(**rows_of_plan).values_list("id", flat=True).distinct())
    for pk, row in now.items():
        if pk not in with_history:
            then.setdefault(pk, row)


def _activity_changes(old, activity, areas_now, areas_then, bodies_then, outputs_then, outputs_now):
    changes = []
    if old.text != activity.text:
        changes.append(("wording", old.text, activity.text))
    if old.focus_area_id != activity.focus_area_id:
        before = areas_then.get(old.focus_area_id) or areas_now.get(old.focus_area_id)
        changes.append(("focus area", before.text if before else "", areas_now[activity.focus_area_id].text))
    old_outputs, new_outputs = outputs_then.get(activity.pk, []), outputs_now.get(activity.pk, [])
    if old_outputs != new_outputs:
        changes.append(("expected outputs", "; ".join(old_outputs), "; ".join(new_outputs)))
    new_bodies = sorted(body.abbreviation for body in activity.lead_bodies.all())
    if hasattr(old, "history_id"):
        old_bodies = sorted(bodies_then.get(old.history_id, set()))
    else:
        old_bodies = new_bodies
    if old_bodies != new_bodies:
        changes.append(("lead bodies", ", ".join(old_bodies), ", ".join(new_bodies)))
    old_priority = (old.priority_from, old.priority_until)
    if old_priority != (activity.priority_from, activity.priority_until):
        def period(years):
            return f"{years[0]}–{years[1]}" if years[0] else "none"
        changes.append(("priority", period(old_priority), period((activity.priority_from, activity.priority_until))))
    return changes
