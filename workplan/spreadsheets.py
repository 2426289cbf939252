"""A plan as a spreadsheet: its columns, reading an uploaded file, writing one.

A work plan's matrix: one row per indicative activity, in the columns of the published matrix, plus
a stable activity code so that a re-import updates rows instead of duplicating them. A focus area
with no indicative activity is a row with an empty code and activity. A plan of action: one row per
provision (area, number, text). Reading and writing xlsx/csv goes through django-import-export's
formats (tablib and openpyxl underneath).
"""

import csv
import io
import zipfile
from pathlib import Path

import tablib
from django.conf import settings
from django.template.defaultfilters import filesizeformat
from import_export.formats.base_formats import CSV, XLSX

from .models import ActionLine, FocusArea

CODE = "Activity code"
PRIORITY_AREA = "PoA priority area"
ACTION_LINE = "PoA priority areas (action line)"
RELEVANT_BODIES = "Relevant ASEAN bodies/organs/entities"
FOCUS_AREA = "Focus areas of activities"
ACTIVITY = "Indicative activities"
OUTPUTS = "Expected outputs"
LEAD_BODIES = "Lead sectoral bodies/organs/entities"
RELEVANT_BODIES_NOTE = "Note on the relevant bodies"
FOCUS_AREA_NOTE = "Note on the focus area"
ACTIVITY_NOTE = "Note on the activity"
LEAD_BODIES_NOTE = "Note on the lead bodies"

MATRIX_COLUMNS = [
    CODE, PRIORITY_AREA, ACTION_LINE, RELEVANT_BODIES, FOCUS_AREA, ACTIVITY, OUTPUTS, LEAD_BODIES,
    RELEVANT_BODIES_NOTE, FOCUS_AREA_NOTE, ACTIVITY_NOTE, LEAD_BODIES_NOTE,
]
REQUIRED_COLUMNS = MATRIX_COLUMNS[:8]

AREA = "Area"
NUMBER = "Number"
TEXT = "Text"
PROVISION_COLUMNS = [AREA, NUMBER, TEXT]

FORMATS = {".xlsx": XLSX(), ".csv": CSV()}
MAX_CELL_CHARACTERS = 32767  # Excel's limit, which openpyxl enforces by cutting the text

# A spreadsheet runs a cell that starts with one of these as a formula: such cells are written with
# a leading apostrophe, which the import takes off again.
FORMULA_STARTS = ("=", "+", "-", "@")


class SpreadsheetError(Exception):
    """A file that cannot be read as the spreadsheet it claims to be; the message says why."""


def neutralise(value):
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def unneutralise(text):
    return text[1:] if text.startswith("'") and text[1:].startswith(FORMULA_STARTS) else text


def check_size(*, size: int, filename: str):
    limit = settings.MATRIX_IMPORT_MAX_BYTES
    if size > limit:
        raise SpreadsheetError(f"“{filename}” is {filesizeformat(size)}; a matrix file can be at most {filesizeformat(limit)}.")


def read_upload(upload):
    """(content, dataset) of an uploaded spreadsheet, its size checked before it is read into memory."""
    check_size(size=upload.size, filename=upload.name)
    content = upload.read()
    return content, read_dataset(content=content, filename=upload.name)


def read_dataset(*, content: bytes, filename: str) -> tablib.Dataset:
    """The first sheet of an uploaded .xlsx or .csv file, or SpreadsheetError saying what is wrong."""
    extension = Path(filename).suffix.lower()
    if extension not in FORMATS:
        raise SpreadsheetError(f"“{filename}” is not an .xlsx or .csv file; save the spreadsheet in one of those formats.")
    if not content:
        raise SpreadsheetError(f"“{filename}” is empty.")
    check_size(size=len(content), filename=filename)
    if extension == ".xlsx":
        if not zipfile.is_zipfile(io.BytesIO(content)):
            raise SpreadsheetError(f"“{filename}” is not an Excel workbook (.xlsx) inside, even though it is named so.")
        try:
            dataset = FORMATS[extension].create_dataset(content)
        except StopIteration:
            raise SpreadsheetError(f"“{filename}” has no rows at all.")
        except Exception as error:
            # openpyxl, and the zip and XML readers under it, raise a dozen kinds of error on a damaged
            # workbook (BadZipFile, zlib.error, ParseError, KeyError, TypeError, EOFError…); all mean
            # the same to the person who uploaded it, and nothing has been written yet.
            raise SpreadsheetError(f"“{filename}” is a damaged Excel workbook and cannot be read ({error}).")
    else:
        try:
            text = content.decode("utf-8-sig")
        except UnicodeDecodeError:
            raise SpreadsheetError(f"“{filename}” is not a text CSV file in UTF-8 (is it a renamed workbook?).")
        if "\x00" in text:
            raise SpreadsheetError(f"“{filename}” is not a text CSV file (it holds binary data).")
        try:
            rows = list(csv.reader(io.StringIO(text)))
        except csv.Error as error:
            raise SpreadsheetError(f"“{filename}” is not a well-formed CSV file ({error}).")
        if not rows:
            raise SpreadsheetError(f"“{filename}” has no rows at all.")
        width = len(rows[0])
        dataset = tablib.Dataset(headers=rows[0])
        for number, row in enumerate(rows[1:], start=2):
            if len(row) > width:
                raise SpreadsheetError(f"Row {number} of “{filename}” has {len(row)} cells, more than the {width} columns.")
            dataset.append(row + [""] * (width - len(row)))
    if not dataset.headers or all(header in (None, "") for header in dataset.headers):
        raise SpreadsheetError(f"“{filename}” has no header row.")
    return dataset


def plan_dataset(plan) -> tablib.Dataset:
    """The plan as the spreadsheet its import reads: a work plan's matrix, or a plan of action's provisions."""
    return matrix_dataset(plan) if plan.is_work_plan else provisions_dataset(plan)


def provisions_dataset(plan) -> tablib.Dataset:
    """A plan of action's areas and provisions as rows, in the plan's order, verbatim."""
    dataset = tablib.Dataset(headers=PROVISION_COLUMNS, title=f"{plan.short_name} {plan.provision_label}s"[:31])
    for line in ActionLine.objects.filter(plan=plan).select_related("priority_area").order_by("priority_area__number", "position"):
        area = f"{line.priority_area.number}. {line.priority_area.title}"
        dataset.append([neutralise(cell) for cell in (area, line.number, line.text)])
    return dataset


def matrix_dataset(plan, action_lines=None) -> tablib.Dataset:
    """The matrix as rows, in document order, with formula-like cells neutralised."""
    action_lines = (action_lines if action_lines is not None else ActionLine.objects.filter(plan=plan)).select_related(
        "priority_area"
    ).prefetch_related("relevant_bodies")
    focus_areas = FocusArea.objects.filter(action_line__in=action_lines).order_by("position").prefetch_related(
        "activities__lead_bodies", "activities__outputs"
    )
    by_line = {}
    for focus_area in focus_areas:
        by_line.setdefault(focus_area.action_line_id, []).append(focus_area)
    dataset = tablib.Dataset(headers=MATRIX_COLUMNS, title=f"{plan.short_name} matrix"[:31])
    for line in action_lines:
        line_cells = {
            PRIORITY_AREA: f"{line.priority_area.number}. {line.priority_area.title}",
            ACTION_LINE: f"{line.number}. {line.matrix_text}",
            RELEVANT_BODIES: ", ".join(body.abbreviation for body in line.relevant_bodies.all()),
            RELEVANT_BODIES_NOTE: line.relevant_bodies_note,
        }
        for focus_area in by_line.get(line.pk, []):
            focus_cells = {**line_cells, FOCUS_AREA: focus_area.text, FOCUS_AREA_NOTE: focus_area.note}
            activities = sorted(focus_area.activities.all(), key=lambda a: a.position) or [None]
            for activity in activities:
                cells = dict(focus_cells)
                if activity is not None:
                    cells.update({
                        CODE: activity.code,
                        ACTIVITY: activity.text,
                        OUTPUTS: "\n".join(o.text for o in sorted(activity.outputs.all(), key=lambda o: o.position)),
                        LEAD_BODIES: ", ".join(body.abbreviation for body in activity.lead_bodies.all()),
                        ACTIVITY_NOTE: activity.note,
                        LEAD_BODIES_NOTE: activity.lead_bodies_note,
                    })
                dataset.append([neutralise(cells.get(column, "")) for column in MATRIX_COLUMNS])
    return dataset


def export(dataset: tablib.Dataset, extension: str) -> bytes:
    data = FORMATS[extension].export_data(dataset)
    return data.encode("utf-8") if isinstance(data, str) else data
