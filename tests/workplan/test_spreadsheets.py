"""Reading uploaded spreadsheets within bounds: rows, unpacked size, lying zip headers, unsaved formulas."""

import io
import re
import struct
import tracemalloc
import zipfile

import openpyxl
import pytest
from django.urls import reverse

from tests.workplan.test_import import as_xlsx, exported_rows, snapshot
from workplan.spreadsheets import SpreadsheetError, _CappedZipFile, read_dataset

pytestmark = pytest.mark.django_db

MB = 1024 * 1024


def rows_of(count):
    return [["Code", "Text"]] + [[f"1.1.{n}", f"row {n}"] for n in range(count)]


def csv_of(rows):
    return "\n".join(",".join(row) for row in rows).encode()


def peak_memory(function):
    """The most memory (bytes) Python allocated while `function` ran, and what it raised."""
    tracemalloc.start()
    try:
        function()
    except SpreadsheetError as error:
        raised = error
    else:
        raised = None
    finally:
        _, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
    return peak, raised


def with_sheet_xml(content, edit):
    """The workbook `content` with its first sheet's XML passed through `edit`, every part recompressed."""
    source = zipfile.ZipFile(io.BytesIO(content))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name in source.namelist():
            data = source.read(name)
            archive.writestr(name, edit(data) if name == "xl/worksheets/sheet1.xml" else data)
    return out.getvalue()


@pytest.mark.parametrize("extension", [".csv", ".xlsx"])
def test_a_file_of_exactly_the_row_limit_is_read(settings, extension):
    settings.MATRIX_IMPORT_MAX_ROWS = 30
    content = csv_of(rows_of(30)) if extension == ".csv" else as_xlsx(rows_of(30))
    dataset = read_dataset(content=content, filename=f"m{extension}")
    assert dataset.height == 30 and dataset[29] == ("1.1.29", "row 29")


@pytest.mark.parametrize("extension", [".csv", ".xlsx"])
def test_a_file_over_the_row_limit_is_refused_with_the_limit(settings, extension):
    settings.MATRIX_IMPORT_MAX_ROWS = 30
    content = csv_of(rows_of(31)) if extension == ".csv" else as_xlsx(rows_of(31))
    with pytest.raises(SpreadsheetError, match=f"“m{re.escape(extension)}” has more than 30 rows; a matrix file can have at most 30"):
        read_dataset(content=content, filename=f"m{extension}")


def test_rows_a_workbook_leaves_out_count_towards_the_limit(settings):
    settings.MATRIX_IMPORT_MAX_ROWS = 30
    book = openpyxl.Workbook()
    book.active["A1"], book.active["A1000"] = "Code", "far below"
    out = io.BytesIO()
    book.save(out)
    with pytest.raises(SpreadsheetError, match="has more than 30 rows"):
        read_dataset(content=out.getvalue(), filename="gap.xlsx")


def test_a_million_row_csv_is_refused_without_reading_it_whole():
    content = b"Code,Text\n" + b"x,y\n" * 1_000_000  # 4 MB, under the upload limit
    peak, error = peak_memory(lambda: read_dataset(content=content, filename="junk.csv"))
    assert "has more than 20,000 rows" in str(error)
    # The text of the file (4 M characters) and 20,000 rows; the million rows would take gigabytes.
    assert peak < 60 * MB


def test_a_workbook_whose_parts_claim_more_than_the_limit_is_refused_before_unpacking(settings):
    settings.MATRIX_IMPORT_MAX_UNPACKED_BYTES = 5 * MB
    padding = b" " * (20 * MB)  # compresses to about 20 kB: a small zip bomb
    bomb = with_sheet_xml(as_xlsx(rows_of(3)), lambda xml: xml.replace(b"<sheetData>", padding + b"<sheetData>", 1))
    assert len(bomb) < MB
    peak, error = peak_memory(lambda: read_dataset(content=bomb, filename="bomb.xlsx"))
    assert "“bomb.xlsx” unpacks to more than 5.0\xa0MB" in str(error)
    assert peak < 2 * MB  # nothing was inflated: only the central directory was read


def lie_about_size(content, member, declared):
    """`content` with the central directory's uncompressed size of `member` changed to `declared`."""
    archive = zipfile.ZipFile(io.BytesIO(content))
    info = archive.getinfo(member)
    directory = archive.start_dir
    data = bytearray(content)
    position = data.index(b"PK\x01\x02", directory)
    while True:
        name_length, extra_length, comment_length = struct.unpack("<HHH", data[position + 28:position + 34])
        name = bytes(data[position + 46:position + 46 + name_length]).decode()
        if name == info.filename:
            data[position + 24:position + 28] = struct.pack("<I", declared)
            return bytes(data)
        position += 46 + name_length + extra_length + comment_length


def test_a_workbook_whose_headers_understate_its_size_is_refused_within_the_declared_size(settings):
    settings.MATRIX_IMPORT_MAX_UNPACKED_BYTES = 5 * MB
    padding = b" " * (200 * MB)
    honest = with_sheet_xml(as_xlsx(rows_of(3)), lambda xml: xml.replace(b"<sheetData>", padding + b"<sheetData>", 1))
    lying = lie_about_size(honest, "xl/worksheets/sheet1.xml", 1 * MB)
    peak, error = peak_memory(lambda: read_dataset(content=lying, filename="liar.xlsx"))
    assert error is not None and "liar.xlsx" in str(error)
    assert peak < 20 * MB  # at most the declared megabyte was inflated, not the 200 MB inside


def test_reading_a_workbook_stops_once_its_unpacking_budget_is_spent():
    """The running count of inflated bytes: whatever a header claims, no more than the budget is unpacked."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("a.xml", b"a" * 600_000)
        archive.writestr("b.xml", b"b" * 600_000)
    capped = _CappedZipFile(io.BytesIO(out.getvalue()), budget=1_000_000, filename="two.xlsx")
    assert len(capped.read("a.xml")) == 600_000
    with capped.open("b.xml") as second, pytest.raises(SpreadsheetError, match="“two.xlsx” unpacks to more than"):
        while second.read(64 * 1024):
            pass


def test_a_formula_with_no_saved_value_is_refused_naming_the_cell():
    book = openpyxl.Workbook()
    book.active.title = "Matrix"
    for row in rows_of(6):
        book.active.append(row)
    book.active["D7"] = "=1+1"  # openpyxl saves formulas without a computed value, as some tools do
    out = io.BytesIO()
    book.save(out)
    with pytest.raises(SpreadsheetError) as error:
        read_dataset(content=out.getvalue(), filename="f.xlsx")
    assert "Matrix!D7 is a formula with no saved value; open and save the file in Excel, or paste values" in str(error.value)


def test_a_formula_with_its_saved_value_reads_as_the_value():
    book = openpyxl.Workbook()
    book.active.append(["Code", "Figure"])
    book.active.append(["1.1.1", "=1+1"])
    out = io.BytesIO()
    book.save(out)
    saved = with_sheet_xml(out.getvalue(), lambda xml: re.sub(rb"<f>1\+1</f>(<v\s*/>|<v></v>)?", b"<f>1+1</f><v>2</v>", xml))
    assert read_dataset(content=saved, filename="f.xlsx")[0] == ("1.1.1", 2)


def test_the_admin_refuses_a_file_over_the_row_limit_and_keeps_nothing(admin_client, real_plan, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    settings.MATRIX_IMPORT_MAX_ROWS = 100
    rows = exported_rows()
    before = snapshot()
    upload = io.BytesIO(as_xlsx(rows))
    upload.name = "matrix.xlsx"
    response = admin_client.post(reverse("admin:workplan_activity_import"), {"file": upload, "plan": "bali-work-plan"})
    assert response.status_code == 200
    assert "“matrix.xlsx” has more than 100 rows" in response.content.decode()
    assert "confirm_form" not in response.context
    assert not any(tmp_path.glob("imports/*"))  # no preview file kept for a refused upload
    assert snapshot() == before
