"""Fuzzing the matrix import: random files, damaged workbooks, odd cells and headers, the admin page.

Whatever the file, the import either refuses it cleanly (SpreadsheetError, or a result whose errors
name the row and column) and leaves the database as it was, or imports it; and what it imported
comes back unchanged through an export and a second import, and the matrix pages still show.
"""

import csv
import io
import random
import zipfile

import openpyxl
import pytest
from django.urls import reverse
from hypothesis import given, strategies as st

from tests.factories import (
    bali,
    ActionLineFactory, ActivityFactory, FocusAreaFactory, OutputFactory, PriorityAreaFactory, SectoralBodyFactory,
    WorkPlanFactory,
)
from tests.fuzz.examples import rolled_back
from tests.fuzz.strategies import any_character, huge_numbers, odd_text
from tests.workplan.test_import import snapshot
from workplan import spreadsheets as sheet
from workplan.services import import_matrix
from workplan.spreadsheets import NOT_IN_XML, SpreadsheetError, export, matrix_dataset, read_dataset

# Room for Hypothesis to shrink a failure to its simplest input (up to five minutes) before the timeout.
pytestmark = [pytest.mark.django_db, pytest.mark.timeout(900)]


@pytest.fixture
def small_plan(db):
    """Two priority areas of two action lines, each with a focus area of two activities and an empty one."""
    bodies = [SectoralBodyFactory(abbreviation=name) for name in ("SOMTC", "AICHR", "ASLOM")]
    plan = WorkPlanFactory()
    for area_number in (1, 2):
        area = PriorityAreaFactory(plan=plan, number=area_number)
        for position in (1, 2):
            line = ActionLineFactory(priority_area=area, position=position, relevant_bodies=bodies[:2])
            focus_area = FocusAreaFactory(action_line=line, position=1)
            for number in (1, 2):
                activity = ActivityFactory(
                    focus_area=focus_area, position=number, code=f"{line.number}.{number}", lead_bodies=[bodies[number]]
                )
                OutputFactory.create_batch(2, activity=activity)
            FocusAreaFactory(action_line=line, position=2)
    dataset = matrix_dataset(bali())
    return [list(dataset.headers)] + [list(row) for row in dataset]


def as_xlsx(rows):
    book = openpyxl.Workbook()
    for row in rows:
        # openpyxl cannot write control characters at all; the CSV examples carry those.
        book.active.append([NOT_IN_XML.sub("", c) if isinstance(c, str) else c for c in row])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def as_csv(rows):
    out = io.StringIO()
    csv.writer(out).writerows([["" if c is None else c for c in row] for row in rows])
    return out.getvalue().encode("utf-8", errors="surrogatepass")


def check_import(content, filename, client=None):
    """The property every file must have; returns the import's result, or None for a refused file."""
    before = snapshot()
    try:
        dataset = read_dataset(content=content, filename=filename)
    except SpreadsheetError as error:
        assert str(error)
        assert snapshot() == before
        return None
    result = import_matrix(plan=bali(), dataset=dataset, dry_run=False)
    if result.has_errors:
        assert result.error_messages()
        for row in result.rows:
            for column, message in row.errors:
                assert column in sheet.MATRIX_COLUMNS and message, (column, message)
        assert snapshot() == before, "a refused import changed the database"
        return result
    after = snapshot()
    again = import_matrix(plan=bali(), dataset=read_dataset(content=export(matrix_dataset(bali()), ".csv"), filename="again.csv"), dry_run=True)
    assert not again.has_errors, again.error_messages()
    assert again.totals["new"] == again.totals["updated"] == 0, again.totals
    assert snapshot() == after
    if client is not None:
        assert client.get(reverse("workplan:plan", args=["bali-work-plan"])).status_code == 200
    return result


names = st.sampled_from(["matrix.xlsx", "matrix.csv", "MATRIX.XLSX", "matrix.CSV", "matrix.txt", "matrix", ".csv", "m.xlsx.csv"])


@given(content=st.binary(max_size=2000), filename=st.one_of(names, st.text(any_character, max_size=30)))
def test_random_bytes_are_refused_cleanly(small_plan, content, filename):
    with rolled_back():
        check_import(content, filename)


@pytest.fixture
def workbook(small_plan):
    # Once per test: openpyxl stamps the time in the file, and the examples must all start from the same bytes.
    return as_xlsx(small_plan)


@given(data=st.data())
def test_a_damaged_workbook_is_refused_cleanly(workbook, data):
    base = workbook
    mode = data.draw(st.sampled_from(["truncate", "flip bytes", "replace a part", "edit a part"]))
    if mode == "truncate":
        content = base[: data.draw(st.integers(0, len(base) - 1))]
    elif mode == "flip bytes":
        content = bytearray(base)
        for _ in range(data.draw(st.integers(1, 20))):
            content[data.draw(st.integers(0, len(base) - 1))] = data.draw(st.integers(0, 255))
        content = bytes(content)
    else:
        with zipfile.ZipFile(io.BytesIO(base)) as archive:
            parts = {name: archive.read(name) for name in archive.namelist()}
        name = data.draw(st.sampled_from(sorted(parts)))
        if mode == "replace a part":
            parts[name] = data.draw(st.one_of(st.binary(max_size=300), st.text(any_character, max_size=300).map(str.encode)))
        else:
            text = bytearray(parts[name])
            start = data.draw(st.integers(0, len(text)))
            end = data.draw(st.integers(start, min(len(text), start + 40)))
            text[start:end] = data.draw(st.sampled_from([b"", b"<", b">", b"&", b"\"", b"<x>", b"&#0;", b"&amp", b"\xff", b"r:id"]))
            parts[name] = bytes(text)
        if data.draw(st.booleans()):
            parts.pop(data.draw(st.sampled_from(sorted(parts))))
        out = io.BytesIO()
        with zipfile.ZipFile(out, "w") as archive:
            for part, payload in parts.items():
                archive.writestr(part, payload)
        content = out.getvalue()
    with rolled_back():
        check_import(content, "matrix.xlsx")


@given(text=st.one_of(st.text(any_character, max_size=500), st.lists(st.text(any_character, max_size=30)).map(",".join)))
def test_random_csv_text_is_refused_cleanly(small_plan, text):
    header = ",".join(f'"{c}"' for c in small_plan[0])
    with rolled_back():
        check_import(text.encode("utf-8"), "matrix.csv")
        check_import((header + "\r\n" + text).encode("utf-8"), "matrix.csv")


formulas = st.sampled_from(["=1+1", "=A1", '=HYPERLINK("http://example.org","x")', "+1", "-1", "@SUM(A1:A2)", "'=1", "=" * 5])
cell_values = st.one_of(
    odd_text,
    formulas,
    huge_numbers,
    st.integers(-(10**20), 10**20),
    st.floats(allow_nan=True, allow_infinity=True),
    st.sampled_from([None, "", True, "1.1", "1.1.1", "1.1.3", "1.1.999", "1.1.٣", "1.1." + "9" * 30, "9" * 5000, "1." + "9" * 5000,
                     "1. " + "x" * 40000, "SOMTC, SOMTC", "somtc;aichr\nASLOM", "SOMTC" * 1000]),
)


@given(data=st.data(), extension=st.sampled_from([".xlsx", ".csv"]))
def test_odd_cells_in_a_valid_file_are_refused_or_imported_whole(client, small_plan, data, extension):
    rows = [list(row) for row in small_plan]
    for _ in range(data.draw(st.integers(1, 4), label="cells")):
        row = data.draw(st.integers(1, len(rows) - 1), label="row")
        column = data.draw(st.integers(0, len(rows[0]) - 1), label="column")
        rows[row][column] = data.draw(cell_values, label=f"row {row + 1}, {rows[0][column]}")
    if extension == ".csv":
        rows = [[str(c) if c is not None and not isinstance(c, str) else c for c in row] for row in rows]
    content = as_xlsx(rows) if extension == ".xlsx" else as_csv(rows)
    with rolled_back():
        check_import(content, f"matrix{extension}", client=client)


header_names = st.one_of(st.sampled_from(sheet.MATRIX_COLUMNS), odd_text, st.none(), st.integers(), st.just(" "))


@given(data=st.data(), extension=st.sampled_from([".xlsx", ".csv"]))
def test_odd_headers_and_very_many_columns_are_refused_or_imported(small_plan, data, extension):
    rows = [list(row) for row in small_plan]
    mode = data.draw(st.sampled_from(["rename", "add columns", "shuffle"]))
    if mode == "rename":
        for _ in range(data.draw(st.integers(1, 3))):
            rows[0][data.draw(st.integers(0, len(rows[0]) - 1))] = data.draw(header_names)
    elif mode == "add columns":
        count = data.draw(st.sampled_from([1, 10, 300, 2000]))
        # Short names: thousands of columns of a 70,000-character name only measure openpyxl.
        name = data.draw(st.one_of(st.just(""), st.none(), st.text(any_character, max_size=30)))
        rows = [rows[0] + [name] * count] + [row + [data.draw(st.sampled_from(["", "x"]))] * count for row in rows[1:]]
    else:
        order = list(range(len(rows[0])))
        random.Random(data.draw(st.integers(0, 1000))).shuffle(order)
        rows = [[row[i] for i in order] for row in rows]
    if extension == ".csv":
        rows = [["" if c is None else str(c) for c in row] for row in rows]
    content = as_xlsx(rows) if extension == ".xlsx" else as_csv(rows)
    with rolled_back():
        check_import(content, f"matrix{extension}")


@given(data=st.data(), extension=st.sampled_from([".xlsx", ".csv"]))
def test_the_admin_upload_previews_or_refuses_any_file_and_writes_only_on_confirmation(admin_client, small_plan, data, extension):
    rows = [list(row) for row in small_plan]
    row = data.draw(st.integers(1, len(rows) - 1))
    rows[row][data.draw(st.integers(0, len(rows[0]) - 1))] = data.draw(cell_values)
    if extension == ".csv":
        rows = [["" if c is None else str(c) for c in row] for row in rows]
    content = data.draw(st.one_of(st.just(as_xlsx(rows) if extension == ".xlsx" else as_csv(rows)), st.binary(max_size=300)))
    upload = io.BytesIO(content)
    upload.name = data.draw(st.one_of(st.just(f"matrix{extension}"), st.text(any_character, min_size=1, max_size=30).map(lambda s: s + extension)))
    url = reverse("admin:workplan_activity_import")
    with rolled_back():
        before = snapshot()
        preview = admin_client.post(url, {"file": upload, "plan": "bali-work-plan"})
        assert preview.status_code == 200
        assert snapshot() == before
        confirm = preview.context.get("confirm_form")
        if confirm is not None:
            fields = dict(confirm.initial)
            # The plan, name and rows are read from the stored preview: sent along, they are ignored.
            tampered = data.draw(st.sampled_from([None, "token", "name", "plan", "rows"]), label="tampered")
            if tampered:
                fields[tampered] = data.draw(st.one_of(
                    odd_text, st.sampled_from(["../../etc/passwd", "../matrix.xlsx", "0" * 32, "matrix.xlsx", "acpoa-ct", "99999"])
                ), label=tampered)
            done = admin_client.post(url, {"confirm": "1", **fields})
            assert done.status_code in (200, 302)
            if tampered == "token" and fields["token"] != confirm.initial["token"]:
                assert snapshot() == before  # another upload's file, or none: nothing to confirm
