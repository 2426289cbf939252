"""A plan as a spreadsheet: its columns, reading an uploaded file, writing one.

A work plan's matrix: one row per indicative activity, in the columns of the published matrix, plus
a stable activity code so that a re-import updates rows instead of duplicating them. A focus area
with no indicative activity is a row with an empty code and activity. A plan of action: one row per
provision (area, number, text). Reading and writing xlsx/csv goes through django-import-export's
formats (tablib and openpyxl underneath).
"""

import csv
import io
import re
import zipfile
from pathlib import Path

import tablib
from django.conf import settings
from django.db.models import Prefetch
from django.template.defaultfilters import filesizeformat
from import_export.formats.base_formats import CSV, XLSX
from openpyxl.reader.excel import ExcelReader
from openpyxl.utils import get_column_letter
from openpyxl.worksheet._reader import FORMULA_TAG, WorkSheetParser

from .models import Activity, ActionLine, FocusArea

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


# What XML 1.0, and so a workbook, cannot hold: control characters but tab and newlines, the halves of
# surrogate pairs, U+FFFE and U+FFFF. (openpyxl's own pattern leaves out the last ones, which lxml refuses.)
NOT_IN_XML = re.compile("[^\t\n\r\u0020-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def neutralise(value):
    """A cell's text as it may go into a spreadsheet: a would-be formula quoted, and the control characters
    a workbook cannot hold (a stray vertical tab pasted into a report) dropped rather than failing the file."""
    text = NOT_IN_XML.sub("", "" if value is None else str(value))
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def unneutralise(text):
    return text[1:] if text.startswith("'") and text[1:].startswith(FORMULA_STARTS) else text


def headers_of(dataset):
    """The header row of an uploaded sheet as text, blank headers kept as "" (so positions hold)."""
    return [("" if header is None else str(header)).strip() for header in dataset.headers or []]


def columns_problem(headers, columns, what):
    """The file error of a sheet whose columns must be exactly `columns`, each once, or None.
    `what` names the sheet: "a plan of action's spreadsheet"."""
    missing = [column for column in columns if column not in headers]
    unknown = [header for header in headers if header and header not in columns]
    if missing or unknown or len(set(headers)) != len(headers):
        return (f"The columns of {what} are {', '.join(f'“{c}”' for c in columns)}, each once; "
                f"the file has {', '.join(f'“{h}”' for h in headers if h) or 'none'}.")
    return None


def cell_text(value):
    """An imported cell's text as the tracker keeps it: control characters a workbook cannot carry (a CSV
    can, and PostgreSQL refuses a NUL) dropped, so what is imported is what an export writes back."""
    if value is None:
        return ""
    text = NOT_IN_XML.sub("", value if isinstance(value, str) else str(value))
    return unneutralise(text.replace("\r\n", "\n").strip())


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
    """The first sheet of an uploaded .xlsx or .csv file, or SpreadsheetError saying what is wrong.

    Memory stays bounded whatever the file: a CSV is read row by row and a workbook's sheet is
    streamed (openpyxl's read-only parser), both stopping at MATRIX_IMPORT_MAX_ROWS; a workbook is
    refused before anything is unpacked if its parts claim more than MATRIX_IMPORT_MAX_UNPACKED_BYTES,
    and while unpacking if they turn out larger than they claim.
    """
    extension = Path(filename).suffix.lower()
    if extension not in FORMATS:
        raise SpreadsheetError(f"“{filename}” is not an .xlsx or .csv file; save the spreadsheet in one of those formats.")
    if not content:
        raise SpreadsheetError(f"“{filename}” is empty.")
    check_size(size=len(content), filename=filename)
    rows = _xlsx_rows(content, filename) if extension == ".xlsx" else _csv_rows(content, filename)
    return _dataset(rows, filename)


def _too_many_rows(filename):
    limit = settings.MATRIX_IMPORT_MAX_ROWS
    return SpreadsheetError(
        f"“{filename}” has more than {limit:,} rows; a matrix file can have at most {limit:,}. "
        f"Remove the empty or surplus rows, or split the file."
    )


def _dataset(rows, filename):
    """The rows (the header first) as a Dataset of rows as wide as the header, stopping past the row limit."""
    header = next(rows, None)
    if header is None:
        raise SpreadsheetError(f"“{filename}” has no rows at all.")
    header = list(header)
    while header and header[-1] in (None, ""):
        header.pop()  # a workbook pads every row to its widest one
    if not header:
        raise SpreadsheetError(f"“{filename}” has no header row.")
    width, limit = len(header), settings.MATRIX_IMPORT_MAX_ROWS
    dataset = tablib.Dataset(headers=header)
    for number, row in enumerate(rows, start=2):
        if number - 1 > limit:
            raise _too_many_rows(filename)
        row = list(row)
        if any(cell not in (None, "") for cell in row[width:]):
            raise SpreadsheetError(f"Row {number} of “{filename}” has {len(row)} cells, more than the {width} columns.")
        dataset.append(row[:width] + [""] * (width - len(row)))
    return dataset


def _csv_rows(content, filename):
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError:
        # Not guessed: a wrong guess would import Thai, Vietnamese or Myanmar text as gibberish.
        raise SpreadsheetError(
            f"“{filename}” is not a text CSV file in UTF-8: in Excel, save it as “CSV UTF-8 (Comma delimited)”, "
            "or upload the .xlsx workbook itself."
        )
    if "\x00" in text:
        raise SpreadsheetError(f"“{filename}” is not a text CSV file (it holds binary data).")
    try:
        yield from csv.reader(io.StringIO(text))
    except csv.Error as error:
        raise SpreadsheetError(f"“{filename}” is not a well-formed CSV file ({error}).")


class _CappedZipFile(zipfile.ZipFile):
    """A zip archive that refuses to unpack more than `budget` bytes in all, whatever its headers claim.

    The central directory's sizes are checked before anything is read, but they are only what the
    file says; counting the bytes actually inflated keeps a lying header from costing more.
    """

    def __init__(self, file, *, budget, filename):
        super().__init__(file)
        self.budget, self.filename = budget, filename

    def open(self, name, mode="r", pwd=None, *, force_zip64=False):
        return _CappedStream(super().open(name, mode, pwd, force_zip64=force_zip64), self)


class _CappedStream(io.RawIOBase):
    CHUNK = 1024 * 1024

    def __init__(self, stream, archive):
        self.stream, self.archive = stream, archive

    def readable(self):
        return True

    def read(self, size=-1):
        if size is None or size < 0:
            return b"".join(iter(lambda: self.read(self.CHUNK), b""))
        data = self.stream.read(min(size, self.archive.budget + 1))
        self.archive.budget -= len(data)
        if self.archive.budget < 0:
            raise _unpacks_too_large(self.archive.filename)
        return data

    def readinto(self, buffer):
        data = self.read(len(buffer))
        buffer[: len(data)] = data
        return len(data)

    def close(self):
        self.stream.close()
        super().close()


def _unpacks_too_large(filename):
    limit = settings.MATRIX_IMPORT_MAX_UNPACKED_BYTES
    return SpreadsheetError(
        f"“{filename}” unpacks to more than {filesizeformat(limit)}; a matrix workbook can hold at most that. "
        f"Remove what is not the matrix (other sheets, pictures, formatting of empty cells), or save it as CSV."
    )


class _FormulaAwareParser(WorkSheetParser):
    """openpyxl's streaming sheet parser, noting the formula cells that have no saved value.

    With data_only, such a cell reads as empty: taking it so would import a blank where the person
    sees a figure, so the import refuses the file instead, naming the cells.
    """

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.unsaved_formulas = []

    def parse_cell(self, element):
        cell = super().parse_cell(element)
        if cell["value"] is None and element.find(FORMULA_TAG) is not None:
            self.unsaved_formulas.append(f"{get_column_letter(cell['column'])}{cell['row']}")
        return cell


def _xlsx_rows(content, filename):
    if not zipfile.is_zipfile(io.BytesIO(content)):
        raise SpreadsheetError(f"“{filename}” is not an Excel workbook (.xlsx) inside, even though it is named so.")
    limit = settings.MATRIX_IMPORT_MAX_UNPACKED_BYTES
    try:
        # Reading the central directory unpacks nothing: its declared sizes are checked first.
        archive = _CappedZipFile(io.BytesIO(content), budget=limit, filename=filename)
        if sum(info.file_size for info in archive.infolist()) > limit:
            raise _unpacks_too_large(filename)
        reader = ExcelReader(io.BytesIO(content), read_only=True, data_only=True)
        reader.archive = archive
        reader.read()
        book = reader.wb
        sheet = book.worksheets[0]
        # ReadOnlyWorksheet's own row iterator cannot tell an unsaved formula from an empty cell,
        # so its parser is run here directly, on the same part of the archive.
        with archive.open(sheet._worksheet_path) as source:
            parser = _FormulaAwareParser(
                source, sheet._shared_strings, data_only=True, epoch=book.epoch,
                date_formats=book._date_formats, timedelta_formats=book._timedelta_formats,
            )
            expected = 1
            for count, (number, cells) in enumerate(parser.parse(), start=1):
                if parser.unsaved_formulas:
                    cells = ", ".join(f"{sheet.title}!{c}" for c in parser.unsaved_formulas[:5])
                    raise SpreadsheetError(
                        f"“{filename}”: {cells} {'is a formula' if len(parser.unsaved_formulas) == 1 else 'are formulas'} "
                        f"with no saved value; open and save the file in Excel, or paste values."
                    )
                if count > settings.MATRIX_IMPORT_MAX_ROWS + 1:  # the header is a row too
                    raise _too_many_rows(filename)
                for _ in range(expected, number):
                    yield []  # a row the sheet leaves out is an empty one
                expected = number + 1
                values = [None] * (max((cell["column"] for cell in cells), default=0))
                for cell in cells:
                    values[cell["column"] - 1] = cell["value"]
                yield values
    except SpreadsheetError:
        raise
    except Exception as error:
        # openpyxl, and the zip and XML readers under it, raise a dozen kinds of error on a damaged
        # workbook (BadZipFile, zlib.error, ParseError, KeyError, TypeError, EOFError…); all mean
        # the same to the person who uploaded it, and nothing has been written yet.
        raise SpreadsheetError(f"“{filename}” is a damaged Excel workbook and cannot be read ({error}).")


def plan_dataset(plan) -> tablib.Dataset:
    """The plan as the spreadsheet its import reads: a work plan's matrix, or a plan of action's provisions."""
    return matrix_dataset(plan) if plan.is_work_plan else provisions_dataset(plan)


def provisions_dataset(plan) -> tablib.Dataset:
    """A plan of action's areas and provisions as rows, in the plan's order, verbatim."""
    dataset = tablib.Dataset(headers=PROVISION_COLUMNS, title=f"{plan.short_name} {plan.provision_label}s"[:31])
    for line in ActionLine.objects.filter(plan=plan).select_related("priority_area").order_by("priority_area__number", "position"):
        area = str(line.priority_area)
        dataset.append([neutralise(cell) for cell in (area, line.number, line.text)])
    return dataset


def matrix_dataset(plan, action_lines=None) -> tablib.Dataset:
    """The matrix as rows, in document order, with formula-like cells neutralised."""
    action_lines = (action_lines if action_lines is not None else ActionLine.objects.filter(plan=plan)).select_related(
        "priority_area"
    ).prefetch_related("relevant_bodies")
    # The activities in force: one the MTF dropped is out of the matrix (a file imported back leaves it as it is).
    activities = Activity.objects.in_force().prefetch_related("lead_bodies", "outputs")
    focus_areas = FocusArea.objects.filter(action_line__in=action_lines).order_by("position").prefetch_related(
        Prefetch("activities", queryset=activities)
    )
    by_line = {}
    for focus_area in focus_areas:
        by_line.setdefault(focus_area.action_line_id, []).append(focus_area)
    dataset = tablib.Dataset(headers=MATRIX_COLUMNS, title=f"{plan.short_name} matrix"[:31])
    for line in action_lines:
        line_cells = {
            PRIORITY_AREA: str(line.priority_area),
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
