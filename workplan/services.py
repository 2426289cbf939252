"""Writes to a plan: importing it from a spreadsheet, all or nothing.

`import_plan(plan=…, dataset=…, dry_run=True)` checks every row and reports, per row, whether it is
new, updated, unchanged or in error (with the reason, row and column); with `dry_run=False` it writes,
but only if no row is in error, in one transaction. The same file imported twice changes nothing the
second time. What the database holds and the file does not mention is left as it is.

- A work plan's matrix (`import_matrix`): rows are matched on the activity code; a row without one is
  a new activity. A line of the matrix the plan does not have yet is added, as the restatement of the
  provision of that number in the plan of action the work plan implements: so a successor work plan
  is loaded whole from its spreadsheet.
- A plan of action's provisions (`import_provisions`): rows are matched on the provision's number.
"""

import difflib
import re
from collections import Counter
from dataclasses import dataclass, field
from typing import NamedTuple

from django.conf import settings
from django.db import transaction
from django.db.models import F, Prefetch
from django.utils import timezone

from bodies.models import SectoralBody

from . import indicator_rows, previews
from . import spreadsheets as sheet
from .history import LEAD_BODIES_HISTORY, bulk_history, keep_as_adopted, matrix_change
from .signals import matrix_imported
from .models import Activity, ActionLine, FocusArea, Indicator, MatrixImportJob, Output, Plan, PriorityArea
from .spreadsheets import SpreadsheetError, read_dataset
from .urls import ActivityCodeConverter

NEW, UPDATED, UNCHANGED, ERROR = "new", "updated", "unchanged", "error"
UNCHECKED = "unchecked"  # a sound row of a file with errors: never compared with the database
ACTION_LINE_CELL = re.compile(r"^\s*(?P<number>\d+\.\d+)\.?(?:\s+(?P<text>.*))?$", re.S)
# ASCII digits only: \d would also take Arabic-Indic or full-width digits, which are no number here.
PRIORITY_AREA_CELL = re.compile(r"^\s*(?P<number>[0-9]+)\b\.?\s*(?P<title>.*)$", re.S)
# The codes the activity pages can be addressed by (ActivityCodeConverter in urls.py): ASCII digits,
# at most 9999 activities an action line (a hundred times the real plan's busiest line still fits), so never
# over the 16 characters of Activity.code either.
CODE_PATTERN = re.compile(f"^{ActivityCodeConverter.regex}$")
PROVISION_NUMBER = re.compile(r"^(?P<area>[1-9][0-9]?)\.(?P<position>[1-9][0-9]?)$")
TEMPORARY_OFFSET = 10000  # positions are moved out of the way before being renumbered


@dataclass
class RowResult:
    number: int  # the spreadsheet's row number, the header being row 1
    status: str = UNCHANGED
    code: str = ""
    action_line: str = ""
    summary: str = ""
    errors: list = field(default_factory=list)  # (column, message)
    changes: list = field(default_factory=list)  # Change(what, old, new): what an updated row alters, for the preview

    def error(self, column, message):
        self.errors.append((column, message))
        self.status = ERROR


@dataclass
class MatrixImportResult:
    rows: list = field(default_factory=list)
    file_errors: list = field(default_factory=list)
    dry_run: bool = True
    untouched_activities: int = 0

    @property
    def has_errors(self):
        return bool(self.file_errors) or any(row.status == ERROR for row in self.rows)

    @property
    def totals(self):
        counts = {NEW: 0, UPDATED: 0, UNCHANGED: 0, ERROR: 0, UNCHECKED: 0}
        for row in self.rows:
            counts[row.status] += 1
        return counts

    def changes_and_errors(self):
        """The rows the preview shows first: whatever is new, updated or in error."""
        return [row for row in self.rows if row.status not in (UNCHANGED, UNCHECKED)]

    def unchanged_rows(self):
        """The rest, which the preview folds away."""
        return [row for row in self.rows if row.status in (UNCHANGED, UNCHECKED)]

    def refuse(self):
        """The file has errors: nothing is compared or written, so no sound row may claim to be unchanged."""
        for row in self.rows:
            if row.status == UNCHANGED:
                row.status, row.summary = UNCHECKED, "not compared until the errors are fixed"
        return self

    def error_messages(self):
        messages = list(self.file_errors)
        for row in self.rows:
            messages += [f"Row {row.number}, column “{column}”: {message}" for column, message in row.errors]
        return messages


@dataclass
class ParsedRow:
    result: RowResult
    action_line: ActionLine
    matrix_text: str
    relevant_bodies: list
    relevant_bodies_note: str
    focus_area: str
    focus_area_note: str
    code: str
    activity: str
    outputs: list
    lead_bodies: list
    lead_bodies_note: str
    activity_note: str
    indicators: list = field(default_factory=list)  # indicator_rows.IndicatorSpec, from the indicator columns

    @property
    def has_activity(self):
        return bool(self.code or self.activity or self.outputs or self.lead_bodies)


def _cell(values, column):
    return sheet.cell_text(values.get(column))


def _bodies(text, column, result, known):
    bodies = []
    for name in (part.strip() for part in re.split(r"[,;\n]", text)):
        if not name:
            continue
        body = known.get(name.upper())
        if body is None:
            close = difflib.get_close_matches(name.upper(), list(known), n=1, cutoff=0.5)
            hint = f"; did you mean {known[close[0]].abbreviation}?" if close else ""
            result.error(column, f"unknown body “{name}”{hint}")
        elif body not in bodies:
            bodies.append(body)
    return bodies


def _check_headers(dataset):
    headers = sheet.headers_of(dataset)
    errors = []
    missing = [column for column in sheet.REQUIRED_COLUMNS if column not in headers]
    if missing:
        found = ", ".join(f"“{h}”" for h in headers if h) or "none"
        errors.append(f"Missing column(s): {', '.join(f'“{c}”' for c in missing)}. The columns found are: {found}.")
    unknown = [h for h in headers if h and h not in sheet.MATRIX_COLUMNS]
    if unknown:
        errors.append(
            f"Unknown column(s): {', '.join(f'“{h}”' for h in unknown)}; the matrix has no such column, "
            f"and nothing in the file is ignored. The columns are: {', '.join(sheet.MATRIX_COLUMNS)}."
        )
    repeated = sorted({h for h in headers if h and headers.count(h) > 1})
    if repeated:
        errors.append(f"Column(s) given twice: {', '.join(f'“{h}”' for h in repeated)}.")
    given = [column for column in sheet.INDICATOR_COLUMNS if column in headers]
    if given and len(given) != len(sheet.INDICATOR_COLUMNS):
        missing = [column for column in sheet.INDICATOR_COLUMNS if column not in headers]
        errors.append(f"The indicator columns go together: {', '.join(f'“{c}”' for c in missing)} missing. "
                      f"Give all of them, or none to leave the indicators as they are.")
    return headers, errors


class MatrixLines:
    """The lines of a work plan's matrix that the rows name: those it has, and those a row adds.

    A line the plan does not have is made (unsaved until the import writes) as the restatement of the
    provision of that number in the plan of action the work plan implements; a work plan that
    implements none takes its lines as the file gives them. Its priority area too, if new.
    """

    def __init__(self, plan):
        self.plan = plan
        self.lines = {line.number: line for line in ActionLine.objects.filter(plan=plan).select_related("priority_area")}
        self.areas = {area.number: area for area in PriorityArea.objects.filter(plan=plan)}
        self.provisions = {}
        if plan.implements_id:
            self.provisions = {
                line.number: line for line in ActionLine.objects.filter(plan=plan.implements_id).select_related("priority_area")
            }

    def find(self, number, area_cell, matrix_text, result):
        """The line `number` of the plan, or None with the reason recorded on `result`."""
        area = PRIORITY_AREA_CELL.match(area_cell)
        if not area:
            result.error(sheet.PRIORITY_AREA, "give the priority area's number first, e.g. “1. Prevention …”")
            return None
        line = self.lines.get(number)
        area_number = area.group("number").lstrip("0")
        expected = str(line.priority_area.number) if line else number.split(".")[0]
        # Compared as text: int() refuses a string of over 4300 digits, and a cell can hold one.
        if area_number != expected:
            result.error(sheet.PRIORITY_AREA, f"action line {number} is in priority area {expected}, not {area.group('number')}")
            return None
        if line is not None:
            return line
        provision = self.provisions.get(number)
        if self.plan.implements_id and provision is None:
            implemented = self.plan.implements
            numbers = list(self.provisions)
            known = f" ({numbers[0]} to {numbers[-1]})" if numbers else ""
            result.error(sheet.ACTION_LINE, f"there is no action line {number} in the {implemented}{known}")
            return None
        if not PROVISION_NUMBER.match(number):
            result.error(sheet.ACTION_LINE, f"“{number}” is not an action line number (e.g. 1.8)")
            return None
        priority_area = self.areas.get(int(area_number))
        if priority_area is None:
            title = (provision.priority_area.title if provision else area.group("title").strip())[:500]
            if not title:
                result.error(sheet.PRIORITY_AREA, f"priority area {area_number} is new: give its title after the number")
                return None
            priority_area = self.areas[int(area_number)] = PriorityArea(
                plan=self.plan, number=int(area_number), title=title,
                description=provision.priority_area.description if provision else "",
            )
        line = self.lines[number] = ActionLine(
            plan=self.plan, priority_area=priority_area, number=number, position=int(number.split(".")[1]),
            text=provision.text if provision else matrix_text, implements=provision,
        )
        return line

    def save_new(self):
        """Write the areas and lines that rows added (inside the import's transaction)."""
        for area in self.areas.values():
            if area.pk is None:
                area.save()
        for line in self.lines.values():
            if line.pk is None:
                line.save()  # Django takes the key of its priority area, saved just above


def _parse(dataset, headers, lines):
    """Every row checked on its own and against the rows above it; the parsed rows and their results."""
    bodies = {body.abbreviation.upper(): body for body in SectoralBody.objects.all()}
    parsed, results = [], []
    seen = _SeenRows()
    for index, raw in enumerate(dataset, start=2):
        values = dict(zip(headers, raw))
        if all(_cell(values, column) == "" for column in headers if column):
            continue
        result = RowResult(number=index)
        results.append(result)
        for column in headers:
            # The export could not give such a text back whole: openpyxl cuts it at Excel's limit.
            if column and len(_cell(values, column)) > sheet.MAX_CELL_CHARACTERS:
                result.error(column, f"{len(_cell(values, column)):,} characters; a spreadsheet cell holds at most "
                                     f"{sheet.MAX_CELL_CHARACTERS:,}")
        action_line_cell = _cell(values, sheet.ACTION_LINE)
        match = ACTION_LINE_CELL.match(action_line_cell)
        if not match:
            result.error(sheet.ACTION_LINE, "give the action line's number first, e.g. “1.8. Strengthen …”")
            continue
        number = match.group("number")
        result.action_line = number
        action_line = lines.find(number, _cell(values, sheet.PRIORITY_AREA), (match.group("text") or "").strip(), result)
        if action_line is None:
            continue
        row = ParsedRow(
            result=result,
            action_line=action_line,
            matrix_text=(match.group("text") or "").strip(),
            relevant_bodies=_bodies(_cell(values, sheet.RELEVANT_BODIES), sheet.RELEVANT_BODIES, result, bodies),
            relevant_bodies_note=_cell(values, sheet.RELEVANT_BODIES_NOTE),
            focus_area=_cell(values, sheet.FOCUS_AREA),
            focus_area_note=_cell(values, sheet.FOCUS_AREA_NOTE),
            code=_cell(values, sheet.CODE),
            activity=_cell(values, sheet.ACTIVITY),
            outputs=[line.strip() for line in _cell(values, sheet.OUTPUTS).split("\n") if line.strip()],
            lead_bodies=_bodies(_cell(values, sheet.LEAD_BODIES), sheet.LEAD_BODIES, result, bodies),
            lead_bodies_note=_cell(values, sheet.LEAD_BODIES_NOTE),
            activity_note=_cell(values, sheet.ACTIVITY_NOTE),
        )
        result.code = row.code
        if sheet.INDICATOR_OF in headers:
            row.indicators = indicator_rows.parse_indicators(values, outputs=row.outputs, plan=lines.plan, result=result)
            if row.indicators and not row.has_activity:
                result.error(sheet.INDICATOR_OF, "indicators need an indicative activity on the row")
        code_is_sound = _check_row(row, number)
        _check_against_rows_above(row, index, number, seen, code_is_sound)
        parsed.append(row)
    return parsed, results

@dataclass
class _SeenRows:
    """What the rows above gave, by what a later row must not repeat or must repeat alike: the row number first."""

    codes: dict = field(default_factory=dict)  # code → row
    rows: dict = field(default_factory=dict)  # the whole row → row
    line_cells: dict = field(default_factory=dict)  # action line → (row, its text, relevant bodies and note)
    focus_notes: dict = field(default_factory=dict)  # (action line, focus area) → (row, note)


def _check_row(row, number):
    """What a row of action line `number` must be on its own; whether its activity code (if any) is sound."""
    result = row.result
    code_is_sound = True
    if not row.matrix_text:
        result.error(sheet.ACTION_LINE, f"the text of action line {number} is missing after its number")
    if row.code and not CODE_PATTERN.match(row.code):
        result.error(sheet.CODE, f"“{row.code}” is not an activity code (e.g. {number}.3)")
        code_is_sound = False
    elif row.code and not row.code.startswith(number + "."):
        result.error(sheet.CODE, f"activity {row.code} does not belong to action line {number}")
        code_is_sound = False
    # Outputs are told apart by their text (see match_outputs): two alike could not be.
    repeated = [text for text, count in Counter(row.outputs).items() if count > 1]
    if repeated:
        result.error(sheet.OUTPUTS, f"expected output “{repeated[0][:60]}” is given twice")
    if row.has_activity and not row.focus_area:
        result.error(sheet.FOCUS_AREA, "an activity needs its focus area")
    if not row.focus_area and not row.has_activity and (row.focus_area_note or row.activity_note):
        result.error(sheet.FOCUS_AREA, "a note without its focus area or activity")
    return code_is_sound


def _check_against_rows_above(row, index, number, seen, code_is_sound):
    """What row `index` must not repeat from the rows above, or must repeat alike; records it in `seen`."""
    result = row.result
    if row.code and code_is_sound:
        if row.code in seen.codes:
            result.error(sheet.CODE, f"activity {row.code} is already on row {seen.codes[row.code]}: a duplicate row")
        else:
            seen.codes[row.code] = index
    key = (number, row.focus_area, row.activity, tuple(row.outputs), row.code)
    if key in seen.rows:
        result.error(sheet.ACTIVITY, f"the same row as row {seen.rows[key]}: a duplicate row")
    else:
        seen.rows[key] = index
    # The action line's cells repeat on each of its rows and must agree.
    cells = (row.matrix_text, tuple(b.pk for b in row.relevant_bodies), row.relevant_bodies_note)
    first = seen.line_cells.setdefault(number, (index, cells))
    if first[1] != cells:
        result.error(
            sheet.RELEVANT_BODIES,
            f"action line {number} has other text, relevant bodies or note on row {first[0]}; each row must repeat them alike",
        )
    if row.focus_area:
        first_note = seen.focus_notes.setdefault((number, row.focus_area), (index, row.focus_area_note))
        if first_note[1] != row.focus_area_note:
            result.error(sheet.FOCUS_AREA_NOTE, f"this focus area has another note on row {first_note[0]}")



@dataclass(frozen=True)
class Change:
    """One thing an updated row alters, as the preview shows it: what, as it is, as the file has it."""

    what: str
    old: str
    new: str


def _label(instance, name):
    return str(instance._meta.get_field(name).verbose_name)


def _set(instance, changed, **values):
    for name, value in values.items():
        if getattr(instance, name) != value:
            changed.append(Change(name, getattr(instance, name), value))
            setattr(instance, name, value)


def _names(changed):
    return [change.what for change in changed]


def _set_bodies(manager, bodies, changed, name):
    wanted = {body.pk: body for body in bodies}
    current = list(manager.all())
    if {body.pk for body in current} != set(wanted):
        changed.append(Change(name, _body_list(current), _body_list(wanted.values())))
        manager.set(list(wanted))


def _body_list(bodies):
    return ", ".join(sorted(body.abbreviation or body.name for body in bodies))


def _mark(row, changed, summary=None, *, instance=None):
    """An unchanged row that `changed` alters becomes updated, saying what changed from what to what."""
    if changed and row.result.status == UNCHANGED:
        row.result.status = UPDATED
        shown = [Change(_label(instance, c.what) if instance is not None and _is_field(instance, c.what) else c.what, c.old, c.new)
                 for c in changed]
        row.result.summary = summary or "changed: " + ", ".join(dict.fromkeys(c.what for c in shown))
        row.result.changes = shown


def _is_field(instance, name):
    try:
        instance._meta.get_field(name)
    except Exception:  # noqa: BLE001 - FieldDoesNotExist: a thing that is no field, e.g. "place in the matrix"
        return False
    return True


@dataclass
class OutputMatch:
    """A row's expected outputs against an activity's: `outputs[i]` is the existing output that the
    row's i-th text (`texts[i]`) is, or None for a new one; `removed` are those the row no longer has."""

    texts: list
    outputs: list
    removed: list
    error: str = ""


def match_outputs(outputs, texts) -> OutputMatch:
    """Which of an activity's `outputs` each of a row's expected output `texts` is: by its text, not its place.

    Reports' achievements hang on outputs, so a row that reorders its outputs must keep each one's
    achievements with it. An output whose text the row no longer has is taken as reworded when that
    is unambiguous: outputs nobody reported on are reworded in order, and a single reported output
    against a single new text is that output reworded. Anything else that would move or drop a
    reported output is refused with the reason (`error`).
    """
    by_text = {}
    for output in outputs:
        by_text.setdefault(output.text, []).append(output)
    matched = [by_text[text].pop(0) if by_text.get(text) else None for text in texts]
    taken = {id(output) for output in matched if output is not None}
    unmatched = [output for output in outputs if id(output) not in taken]
    new = [index for index, output in enumerate(matched) if output is None]
    reported = [output for output in unmatched if output.is_reported]
    if not reported:
        for index, output in zip(new, list(unmatched)):
            matched[index] = output
            unmatched.remove(output)
    elif len(reported) == 1 and len(new) == 1:
        matched[new[0]] = reported[0]
        unmatched.remove(reported[0])
    elif not new:
        quoted = ", ".join(f"“{output.text[:60]}”" for output in reported)
        verb = "has" if len(reported) == 1 else "have"
        return OutputMatch(texts, matched, unmatched, f"expected output {quoted} {verb} reported achievements and cannot be removed")
    else:
        quoted = ", ".join(f"“{output.text[:60]}”" for output in reported)
        candidates = ", ".join(f"“{texts[index][:60]}”" for index in new)
        return OutputMatch(texts, matched, unmatched, (
            f"the reported expected output(s) {quoted} are no longer in the row, and it is ambiguous which of "
            f"{candidates} each became, so their achievements cannot follow them; keep their text as it was, "
            f"or reword one reported output per import"
        ))
    return OutputMatch(texts, matched, unmatched)


def _write_outputs(activity, matched) -> bool:
    """Give the activity the row's outputs as `matched` says; whether anything changed.

    What counts is their order, not the numbers of their positions (which need not run 1, 2, 3): an
    activity whose outputs are already the row's, in its order, is left as it is.
    """
    kept = [output for output in matched.outputs if output is not None]
    unchanged = (
        not matched.removed
        and len(kept) == len(matched.outputs)
        and kept == sorted(kept, key=lambda output: output.position)
        and all(output.text == text for output, text in zip(matched.outputs, matched.texts))
    )
    if unchanged:
        return False
    for output in matched.removed:
        output.delete()  # one by one, so that the matrix's history records each removal
    # Out of the way first: two outputs that swap places would collide on (activity, position).
    Output.objects.filter(pk__in=[output.pk for output in kept]).update(position=F("position") + TEMPORARY_OFFSET)
    for n, (output, text) in enumerate(zip(matched.outputs, matched.texts), start=1):
        if output is not None:
            output.position, output.text = n, text
            output.save(update_fields=["position", "text"])
    bulk_history(Output, Output.objects.bulk_create(
        Output(activity=activity, position=n, text=text)
        for n, (output, text) in enumerate(zip(matched.outputs, matched.texts), start=1) if output is None
    ))
    return True


def replace_outputs(activity, texts):
    """Give an activity these expected outputs (`match_outputs` keeps each reported one's achievements with
    it). Returns why it cannot (a reported output would be lost), or "" once written."""
    outputs = list(activity.outputs.with_reported().order_by("position"))
    matched = match_outputs(outputs, texts)
    if not matched.error:
        _write_outputs(activity, matched)
    return matched.error


def _create_activities(added):
    """Write new activities, their lead bodies and their outputs in three queries rather than three a row.

    An import of a whole matrix is mostly new activities; the rows were all checked before, and a
    bulk insert returns the keys that the lead bodies and outputs need (on PostgreSQL and SQLite).
    """
    activities = Activity.objects.bulk_create([activity for _, activity in added])
    Lead = Activity.lead_bodies.through
    leads = Lead.objects.bulk_create(
        Lead(activity_id=activity.pk, sectoralbody_id=body.pk)
        for (row, _), activity in zip(added, activities) for body in row.lead_bodies
    )
    bulk_history(Output, Output.objects.bulk_create(
        Output(activity_id=activity.pk, position=n, text=text)
        for (row, _), activity in zip(added, activities) for n, text in enumerate(row.outputs, start=1)
    ))
    # Their history too, lead bodies included, in two more queries (bulk writes send no signal).
    history = {row.id: row for row in bulk_history(Activity, activities) or []}
    LeadHistory = LEAD_BODIES_HISTORY()
    LeadHistory.objects.bulk_create(
        LeadHistory(history=history[lead.activity_id], id=lead.pk, activity_id=lead.activity_id,
                    sectoralbody_id=lead.sectoralbody_id)
        for lead in leads if lead.activity_id in history
    )


def _apply_line(line, rows, codes_in_file):
    """Write the rows of one action line. Returns how many of its activities the file left alone."""
    changed = []
    _set(line, changed, matrix_text=rows[0].matrix_text, relevant_bodies_note=rows[0].relevant_bodies_note)
    if changed:
        line.save(update_fields=_names(changed))
    _set_bodies(line.relevant_bodies, rows[0].relevant_bodies, changed, "relevant bodies")
    _mark(rows[0], changed, instance=line)

    areas_before = {area.pk: area.position for area in line.focus_areas.all()}
    unused_areas = list(line.focus_areas.order_by("position"))
    areas_by_pk = {area.pk: area for area in unused_areas}  # where a moved activity was, for the preview
    activities = {
        a.code: a for a in Activity.objects.filter(focus_area__action_line=line).prefetch_related(
            Prefetch("outputs", queryset=Output.objects.with_reported())
        )
    }
    placed_before = {a.pk: (a.focus_area_id, a.position) for a in activities.values()}
    # Move every position of the line out of the way, so that renumbering never collides.
    FocusArea.objects.filter(action_line=line).update(position=F("position") + TEMPORARY_OFFSET)
    # By the focus areas' ids, not a join: PostgreSQL plans an UPDATE over a join poorly.
    Activity.objects.filter(focus_area__in=list(areas_before)).update(position=F("position") + TEMPORARY_OFFSET)

    used = [int(code.rsplit(".", 1)[1]) for code in set(activities) | codes_in_file if code.startswith(line.number + ".")]
    next_number = max(used, default=0) + 1
    areas, filled, added = {}, {}, []
    for row in (r for r in rows if r.focus_area):
        area = areas.get(row.focus_area)
        if area is None:
            area = _place_focus_area(line, row, len(areas) + 1, unused_areas, areas_before)
            areas[row.focus_area], filled[area.pk] = area, 0
        if not row.has_activity:
            row.result.summary = row.result.summary or "focus area with no indicative activity"
            continue
        filled[area.pk] += 1
        position = filled[area.pk]
        activity = activities.pop(row.code, None) if row.code else None
        if activity is None:
            code = row.code
            if not code:
                code, next_number = f"{line.number}.{next_number}", next_number + 1
                if not CODE_PATTERN.match(code):
                    row.result.error(sheet.CODE, f"no activity code is left for a new activity of action line "
                                                 f"{line.number} after {line.number}.9999; give the row a free code")
                    continue
            added.append((row, Activity(
                plan_id=line.plan_id, focus_area=area, position=position, code=code, text=row.activity,
                note=row.activity_note, lead_bodies_note=row.lead_bodies_note,
            )))
            row.result.status, row.result.code, row.result.summary = NEW, code, f"new activity {code}"
            continue
        was = placed_before[activity.pk]
        _update_activity(activity, row, area, position,
                         moved_from=(areas_by_pk.get(was[0]), was[1]) if was != (area.pk, position) else None)

    _create_activities(added)
    return _keep_the_rest_in_order(unused_areas, len(areas), list(activities.values()), filled, placed_before)


def _place_focus_area(line, row, position, unused_areas, areas_before):
    """The focus area a row names, at `position` of its line: an existing one of the same text, or a new one."""
    area = next((a for a in unused_areas if a.text == row.focus_area), None)
    if area is None:
        row.result.status, row.result.summary = NEW, "new focus area"
        return FocusArea.objects.create(action_line=line, position=position, text=row.focus_area, note=row.focus_area_note)
    unused_areas.remove(area)
    changed = []
    _set(area, changed, note=row.focus_area_note)
    if areas_before[area.pk] != position:
        changed.append(Change("focus area's place", f"place {areas_before[area.pk]}", f"place {position}"))
    area.position = position
    area.save(update_fields=["position", "note"])
    _mark(row, changed, instance=area)
    return area


def _update_activity(activity, row, area, position, *, moved_from):
    """Write a row over the activity of its code: text, notes, place, lead bodies and expected outputs."""
    changed = []
    _set(activity, changed, text=row.activity, note=row.activity_note, lead_bodies_note=row.lead_bodies_note)
    if moved_from:
        changed.append(Change("place in the matrix", _place(*moved_from), _place(area, position)))
    activity.focus_area, activity.position = area, position
    activity.save()
    _set_bodies(activity.lead_bodies, row.lead_bodies, changed, "lead bodies")
    outputs = sorted(activity.outputs.all(), key=lambda o: o.position)
    matched = match_outputs(outputs, row.outputs)
    if matched.error:
        row.result.error(sheet.OUTPUTS, matched.error)
    else:
        before = "\n".join(output.text for output in outputs)
        if _write_outputs(activity, matched):
            changed.append(Change("expected outputs", before, "\n".join(matched.texts)))
    _mark(row, changed, instance=activity)


def _place(area, position):
    if area is None:  # a focus area of another action line: never, as codes stay on their line
        return f"place {position}"
    return f"focus area “{area.text[:60]}”, place {position}"


def _keep_the_rest_in_order(unused_areas, areas_placed, leftovers, filled, placed_before):
    """What the file does not mention keeps its order, after what it does. Returns how many activities that is."""
    for position, area in enumerate(unused_areas, start=areas_placed + 1):
        FocusArea.objects.filter(pk=area.pk).update(position=position)
    for activity in sorted(leftovers, key=lambda a: placed_before[a.pk][1]):
        filled[activity.focus_area_id] = filled.get(activity.focus_area_id, 0) + 1
        Activity.objects.filter(pk=activity.pk).update(position=filled[activity.focus_area_id])
    return len(leftovers)


def import_matrix(*, plan, dataset, dry_run=True, user=None, source="", content=None) -> MatrixImportResult:
    """Check and (unless `dry_run`) write a work plan's matrix spreadsheet; nothing is written if any row is wrong.

    `user`, `source` (the file's name) and `content` (its bytes, when at hand) say who imported what: the
    matrix's history gives "Imported from <file>" as the reason of each change, and `matrix_imported`
    tells the audit log and the steering of the plan (which records the import as an amendment).
    """
    result = MatrixImportResult(dry_run=dry_run)
    if plan.is_ended:
        result.file_errors.append(f"The {plan} has ended ({plan.period}): its matrix is kept as it was and takes no import.")
        return result
    headers, result.file_errors = _check_headers(dataset)
    if result.file_errors:
        return result
    lines = MatrixLines(plan)
    parsed, result.rows = _parse(dataset, headers, lines)
    if not result.rows:
        result.file_errors.append("The file has a header row but no rows of the matrix.")
    if result.has_errors:
        return result.refuse()
    by_line = {}
    for row in parsed:
        by_line.setdefault(row.action_line.number, []).append(row)
    codes_in_file = {row.code for row in parsed if row.code}
    # The same rows are written in a dry run, to tell exactly what would change, then rolled back.
    with transaction.atomic(), matrix_change(reason=imported_from(source), user=user):
        if not dry_run:
            keep_as_adopted(plan)
        lines.save_new()
        result.untouched_activities = sum(
            _apply_line(rows[0].action_line, rows, codes_in_file) for rows in by_line.values()
        )
        # The indicators last, once every row's activity and outputs are where the file puts them.
        if sheet.INDICATOR_OF in headers and (
                any(row.indicators for row in parsed) or Indicator.objects.of_plan(plan).exists()):
            reason = f"Imported from {source}" if source else "Imported from a matrix spreadsheet"
            for row in indicator_rows.apply_indicators(plan=plan, rows=parsed, reason=reason):
                _mark(row, [Change("indicators", "as they were", "as the file has them")])
        if dry_run or result.has_errors:
            transaction.set_rollback(True)
    if not (dry_run or result.has_errors):
        matrix_imported.send(sender=MatrixImportResult, result=result, user=user, source=source, plan=plan, content=content)
    return result


def imported_from(source):
    """The reason an import gives for the changes it makes to the matrix."""
    return f"Imported from {source or 'a spreadsheet'}"


def import_plan(*, plan, dataset, dry_run=True, user=None, source="", content=None) -> MatrixImportResult:
    """Import the spreadsheet of `plan`: a work plan's matrix or a plan of action's provisions."""
    importer = import_matrix if plan.is_work_plan else import_provisions
    return importer(plan=plan, dataset=dataset, dry_run=dry_run, user=user, source=source, content=content)


def import_provisions(*, plan, dataset, dry_run=True, user=None, source="", content=None) -> MatrixImportResult:
    """Check and (unless `dry_run`) write a plan of action's areas and provisions, all or nothing.

    Rows are matched on the provision's number; a provision's position is its number's; an area's
    title is taken from the first row that names it. Nothing the file leaves out is removed.
    """
    result = MatrixImportResult(dry_run=dry_run)
    if plan.is_ended:
        result.file_errors.append(f"The {plan} has ended ({plan.period}): it is kept as it was and takes no import.")
        return result
    headers = sheet.headers_of(dataset)
    problem = sheet.columns_problem(headers, sheet.PROVISION_COLUMNS, "a plan of action's spreadsheet")
    if problem:
        result.file_errors.append(problem)
        return result
    rows = _provision_rows(plan, dataset, headers, result)
    if not result.rows:
        result.file_errors.append(f"The file has a header row but no {plan.provision_label}s.")
    if result.has_errors:
        return result.refuse()
    with transaction.atomic(), matrix_change(reason=imported_from(source), user=user):
        _write_provisions(plan, rows)
        if dry_run:
            transaction.set_rollback(True)
    if not dry_run:
        matrix_imported.send(sender=MatrixImportResult, result=result, user=user, source=source, plan=plan, content=content)
    return result


@dataclass
class ProvisionRow:
    row: RowResult
    area_number: int
    area_title: str
    number: str
    position: int
    text: str


def _provision_rows(plan, dataset, headers, result):
    """The sound rows of a plan of action's sheet; each row, sound or not, goes into `result.rows`."""
    rows, seen, area_titles = [], {}, {}
    for index, raw in enumerate(dataset, start=2):
        values = dict(zip(headers, raw))
        if all(_cell(values, column) == "" for column in headers):
            continue
        row = RowResult(number=index)
        result.rows.append(row)
        area_cell, number, text = (_cell(values, column) for column in sheet.PROVISION_COLUMNS)
        row.action_line = number
        area, match = _check_provision_row(plan, row, area_cell, number, text, seen)
        if row.status == ERROR:
            continue
        seen[number] = index
        area_number, title = int(match.group("area")), area.group("title").strip()
        if area_titles.setdefault(area_number, (index, title))[1] != title:
            row.error(sheet.AREA, f"{plan.area_label} {area_number} has another title on row {area_titles[area_number][0]}")
            continue
        rows.append(ProvisionRow(row, area_number, title, number, int(match.group("position")), text))
    return rows


def _check_provision_row(plan, row, area_cell, number, text, seen):
    """Mark on `row` what is wrong with its cells; return the matches of its area cell and number."""
    area = PRIORITY_AREA_CELL.match(area_cell)
    match = PROVISION_NUMBER.match(number)
    if any(len(cell) > sheet.MAX_CELL_CHARACTERS for cell in (area_cell, number, text)):
        row.error(sheet.TEXT, f"a cell holds at most {sheet.MAX_CELL_CHARACTERS:,} characters")
    if not area or not area.group("title").strip():
        row.error(sheet.AREA, f"give the {plan.area_label}'s number and title, e.g. “3. Adherence to …”")
    if not match:
        row.error(sheet.NUMBER, f"“{number}” is not a {plan.provision_label}'s number (e.g. 3.1)")
    elif area and match.group("area") != area.group("number").lstrip("0"):
        row.error(sheet.NUMBER, f"{plan.provision_label} {number} does not belong to {plan.area_label} {area.group('number')}")
    elif number in seen:
        row.error(sheet.NUMBER, f"{plan.provision_label} {number} is already on row {seen[number]}: a duplicate row")
    if not text:
        row.error(sheet.TEXT, f"the text of {plan.provision_label} {number} is missing")
    return area, match


def _write_provisions(plan, rows):
    """Create or update the areas and provisions of the sound `rows`, saying on each row what changed."""
    areas = {area.number: area for area in PriorityArea.objects.filter(plan=plan)}
    provisions = {line.number: line for line in ActionLine.objects.filter(plan=plan)}
    for each in rows:
        row, area = each.row, areas.get(each.area_number)
        if area is None:
            area = areas[each.area_number] = PriorityArea.objects.create(plan=plan, number=each.area_number, title=each.area_title)
            row.summary = f"new {plan.area_label}"
        elif area.title != each.area_title:
            _mark_row(row, f"{plan.area_label}'s title changed", Change(f"{plan.area_label}'s title", area.title, each.area_title))
            area.title = each.area_title
            area.save(update_fields=["title"])
        provision = provisions.get(each.number)
        if provision is None:
            ActionLine.objects.create(plan=plan, priority_area=area, number=each.number, position=each.position, text=each.text)
            row.status, row.summary = NEW, f"new {plan.provision_label} {each.number}"
        elif provision.text != each.text:
            _mark_row(row, "text changed", Change("text", provision.text, each.text))
            provision.text = each.text
            provision.save(update_fields=["text"])


def _mark_row(row, summary, change):
    if row.status == UNCHANGED:
        row.status, row.summary = UPDATED, summary
    if row.status == UPDATED:
        row.changes.append(change)


@transaction.atomic
def create_plan(*, kind, slug, title, short_name, start_year, end_year=None, implements=None, succeeds=None, **fields) -> Plan:
    """A new plan, e.g. the successor of a work plan before its matrix is imported; `succeeds` is told so."""
    plan = Plan(
        kind=kind, slug=slug, title=title, short_name=short_name, start_year=start_year, end_year=end_year,
        implements=implements, **fields,
    )
    plan.full_clean()
    plan.save()
    if succeeds is not None:
        succeeds.succeeded_by = plan
        succeeds.full_clean()
        succeeds.save(update_fields=["succeeded_by"])
    return plan


class ConfirmedImport(NamedTuple):
    plan: Plan
    filename: str
    result: "MatrixImportResult | None"  # written in the request
    job: "MatrixImportJob | None"  # or left to the worker


def confirm_import(*, token, user, now=None):
    """Import the upload `user` previewed under `token`, into the plan it was previewed for: inside the
    request when it is small, else by the worker (a MatrixImportJob, returned; its page follows it).
    The plan, file name and row count are the stored preview's, never the browser's. Returns a
    ConfirmedImport; SpreadsheetError when there is no such preview of `user`'s
    in time, or its plan no longer takes imports."""
    preview = previews.find(token, user=user, now=now)
    if preview is None or preview.subject:
        raise SpreadsheetError("The import to confirm was not found or has expired; upload the file again.")
    plan = Plan.objects.filter(pk=preview.plan_id, status=Plan.Status.IN_FORCE).first()
    if plan is None:
        raise SpreadsheetError("The plan this file was previewed for no longer takes imports.")
    if preview.rows > settings.IMPORT_IN_REQUEST_ROWS:
        from .tasks import run_import_job

        job, created = MatrixImportJob.objects.get_or_create(
            token=token, defaults={"plan": plan, "filename": preview.filename, "rows": preview.rows, "requested_by": user})
        if created:
            transaction.on_commit(lambda: run_import_job.delay(job.pk))
        return ConfirmedImport(plan, preview.filename, None, job)
    content = previews.take(token, preview.filename)
    if content is None:
        raise SpreadsheetError("The uploaded file has expired; upload it again.")
    dataset = read_dataset(content=content, filename=preview.filename)
    result = import_plan(plan=plan, dataset=dataset, dry_run=False, user=user, source=preview.filename, content=content)
    return ConfirmedImport(plan, preview.filename, result, None)


def _locked_job(job_id):
    # Only the job's own row is locked: PostgreSQL refuses FOR UPDATE on the nullable side of the
    # outer join that the optional requested_by brings.
    return MatrixImportJob.objects.select_for_update(of=("self",)).select_related("plan", "requested_by").get(pk=job_id)


def run_import_job(job_id):
    """The worker's import of a confirmed file. Delivered twice (a worker died after importing), it does
    nothing the second time: the import and the job's "done" are written in one transaction. The
    preview is deleted only once the job is finished, so a retry still finds it."""
    with transaction.atomic():
        job = _locked_job(job_id)
        if not job.is_pending:
            return job
        job.state, job.attempts = MatrixImportJob.State.RUNNING, job.attempts + 1
        job.save(update_fields=["state", "attempts"])
    content = previews.read(job.token, job.filename)
    errors, totals = [], {}
    if content is None:
        errors = ["The uploaded file had expired before it could be imported; upload it again."]
    with transaction.atomic():
        job = _locked_job(job_id)
        if not job.is_pending:
            return job
        if not errors:
            try:
                dataset = read_dataset(content=content, filename=job.filename)
                result = import_plan(plan=job.plan, dataset=dataset, dry_run=False, user=job.requested_by,
                                     source=job.filename, content=content)
            except SpreadsheetError as error:
                errors = [str(error)]
            else:
                errors, totals = (result.error_messages(), {}) if result.has_errors else ([], result.totals)
        job.state = MatrixImportJob.State.FAILED if errors else MatrixImportJob.State.DONE
        job.errors, job.totals, job.finished_at = errors, totals, timezone.now()
        job.save()
    previews.discard(job.token, job.filename)
    return job
