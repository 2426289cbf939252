"""The history of a report of any kind: every saved version of it and of its rows, with what changed."""

import datetime
from dataclasses import dataclass

from django.utils import timezone
from django.utils.dateformat import format as date_format

# How the rest of the site writes a moment and a day ("7 Dec 2026 14:05", "7 Dec 2026").
MOMENT_FORMAT = "j M Y H:i"
DAY_FORMAT = "j M Y"


@dataclass
class HistoryEntry:
    when: object
    who: object
    what: str
    changes: list


def shown(value):
    """A changed value as the pages write it: a moment in the site's time zone without its seconds, a
    day as a day; anything else as it is (the template's filters would print a moment in UTC, to the
    microsecond)."""
    if isinstance(value, datetime.datetime):
        return date_format(timezone.localtime(value) if timezone.is_aware(value) else value, MOMENT_FORMAT)
    if isinstance(value, datetime.date):
        return date_format(value, DAY_FORMAT)
    return value


def _labelled(model, changes, names_of):
    """(label, old, new) for each change, with the field's name as the form shows it and values as
    the person knows them: choices by their label, the rows of a many-to-many field (Member States,
    partners) by name (`names_of(model)` → {pk: name}), with their role where the row has one."""
    labelled = []
    for change in changes:
        field = model._meta.get_field(change.field)
        old, new = change.old, change.new
        if field.choices:
            display = dict(field.choices)
            old, new = display.get(old, old), display.get(new, new)
        if field.many_to_many:
            target = field.related_model
            names, key = names_of(target), target._meta.model_name  # the through row's tie: "memberstate", "partner"
            old, new = (", ".join(sorted(_row_label(row, names.get(row.get(key), row.get(key)), field) for row in rows or []))
                        for rows in (old, new))
        labelled.append((field.verbose_name, shown(old), shown(new)))
    return labelled


def _row_label(row, name, field):
    role = row.get("role")
    if not role:
        return str(name)
    roles = dict(field.remote_field.through._meta.get_field("role").choices)
    return f"{name} ({str(roles.get(role, role)).lower()})"


def history_of(report, *, row_model, row_names, fixed_row_fields):
    """Every saved version of a report and of its rows (output achievements, provision entries), newest
    first, with what changed. `row_names` names each row for the person; `fixed_row_fields` are the
    rows' ties (to the report, to an output) that never change."""
    model = type(report)
    entries = []
    names = {}

    def names_of(target):  # read once per model, and only when a change to its rows is shown
        if target not in names:
            names[target] = dict(target.objects.values_list("pk", "name"))
        return names[target]

    records = list(report.history.select_related("history_user").order_by("history_date", "history_id"))
    previous = None
    for record in records:
        if previous is None:
            entries.append(HistoryEntry(record.history_date, record.history_user, "Report created", []))
        else:
            delta = record.diff_against(previous, excluded_fields=["version", "updated_at", "submitted_at"])
            changes = _labelled(model, delta.changes, names_of)
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
        changes = _labelled(row_model, delta.changes, names_of)
        if changes:
            entries.append(HistoryEntry(record.history_date, record.history_user, f"{row_names.get(record.id, 'A line')} changed", changes))
    entries.sort(key=lambda entry: entry.when, reverse=True)
    return entries
