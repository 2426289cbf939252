"""Read-side queries of monitoring, each in a fixed number of SQL queries."""

from dataclasses import dataclass

from bodies.models import SectoralBody
from workplan.models import Activity

from .models import ActivityReport, OutputAchievement


@dataclass
class MyActivityRow:
    activity: Activity
    body: SectoralBody
    role: str  # "lead" or "relevant"
    report: ActivityReport | None


def activities_of(bodies, plan):
    """The activities of a plan that a user's bodies lead or are relevant to, in the matrix's order, ready for rows."""
    return Activity.objects.filter(plan=plan).concerning(bodies).with_matrix().in_matrix_order()


def my_activity_rows(*, bodies, cycle, activities):
    """One row per (activity, body of the user that leads it or is relevant to it), with its report."""
    if not bodies:
        return []
    reports = {
        (report.activity_id, report.implementing_body_id): report
        for report in ActivityReport.objects.filter(
            cycle=cycle, implementing_body__in=bodies, activity__in=[activity.pk for activity in activities]
        ).only(
            "id", "activity_id", "implementing_body_id", "state", "implementation_status", "updated_at"
        )
    }
    rows = []
    for activity in activities:
        leads = {body.pk for body in activity.lead_bodies.all()}
        relevant = {body.pk for body in activity.focus_area.action_line.relevant_bodies.all()}
        for body in bodies:
            if body.pk in leads or body.pk in relevant:
                rows.append(
                    MyActivityRow(activity, body, "lead" if body.pk in leads else "relevant", reports.get((activity.pk, body.pk)))
                )
    return rows


@dataclass
class HistoryEntry:
    when: object
    who: object
    what: str
    changes: list


def _labelled(model, changes):
    """(label, old, new) for each change, with the field's name as the form shows it."""
    labelled = []
    for change in changes:
        field = model._meta.get_field(change.field)
        old, new = change.old, change.new
        if field.choices:
            display = dict(field.choices)
            old, new = display.get(old, old), display.get(new, new)
        if field.many_to_many:
            old = ", ".join(str(row.get("memberstate", row)) for row in old or [])
            new = ", ".join(str(row.get("memberstate", row)) for row in new or [])
        labelled.append((field.verbose_name, old, new))
    return labelled


def history_of(report, *, row_model, row_names, fixed_row_fields):
    """Every saved version of a report and of its rows (output achievements, provision entries), newest
    first, with what changed. `row_names` names each row for the person; `fixed_row_fields` are the
    rows' ties (to the report, to an output) that never change."""
    model = type(report)
    entries = []
    records = list(report.history.select_related("history_user").order_by("history_date", "history_id"))
    previous = None
    for record in records:
        if previous is None:
            entries.append(HistoryEntry(record.history_date, record.history_user, "Report created", []))
        else:
            delta = record.diff_against(previous, excluded_fields=["version", "updated_at", "submitted_at"])
            changes = _labelled(model, delta.changes)
            if changes:
                entries.append(HistoryEntry(record.history_date, record.history_user, "Report changed", changes))
        previous = record
    row_records = list(
        row_model.history.filter(report_id=report.pk)
        .select_related("history_user")
        .order_by("id", "history_date", "history_id")
    )
    last_by_row = {}
    for record in row_records:
        before = last_by_row.get(record.id)
        last_by_row[record.id] = record
        if before is None:
            continue
        delta = record.diff_against(before, excluded_fields=list(fixed_row_fields))
        changes = _labelled(row_model, delta.changes)
        if changes:
            entries.append(HistoryEntry(record.history_date, record.history_user, f"{row_names.get(record.id, 'A line')} changed", changes))
    entries.sort(key=lambda entry: entry.when, reverse=True)
    return entries


def report_history(report):
    """Every saved version of an activity report and of its output achievements, newest first."""
    names = {
        row.pk: f"Achievement of output “{row.output.text[:60]}”" for row in report.achievements.select_related("output")
    }
    return history_of(report, row_model=OutputAchievement, row_names=names, fixed_row_fields=["report", "output"])
