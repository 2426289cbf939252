"""Importing and exporting the matrix as a spreadsheet: round trips, idempotence, bad files."""

import csv
import io
import re
import zipfile
from pathlib import Path

import openpyxl
import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse

from tests.factories import bali
from workplan import spreadsheets as sheet
from workplan.models import Activity, ActionLine, FocusArea, Output
from workplan.services import import_matrix
from workplan.spreadsheets import SpreadsheetError, export, matrix_dataset, read_dataset

pytestmark = pytest.mark.django_db

SHIPPED = Path(__file__).resolve().parents[2] / "fixtures" / "bali-work-plan.xlsx"


def snapshot():
    """The whole matrix as plain values, independent of primary keys."""
    lines = [
        (l.number, l.matrix_text, l.relevant_bodies_note, tuple(sorted(b.abbreviation for b in l.relevant_bodies.all())))
        for l in ActionLine.objects.prefetch_related("relevant_bodies")
    ]
    areas = [(a.action_line.number, a.position, a.text, a.note) for a in FocusArea.objects.select_related("action_line")]
    activities = [
        (a.code, a.focus_area.action_line.number, a.focus_area.position, a.position, a.text, a.note, a.lead_bodies_note,
         tuple(sorted(b.abbreviation for b in a.lead_bodies.all())),
         tuple(o.text for o in sorted(a.outputs.all(), key=lambda o: o.position)))
        for a in Activity.objects.select_related("focus_area__action_line").prefetch_related("lead_bodies", "outputs")
    ]
    return lines, areas, activities


def dataset_of(extension, **edits):
    return read_dataset(content=export(matrix_dataset(bali()), extension), filename=f"matrix{extension}")


def as_xlsx(rows):
    book = openpyxl.Workbook()
    for row in rows:
        book.active.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def exported_rows():
    dataset = matrix_dataset(bali())
    return [list(dataset.headers)] + [list(row) for row in dataset]


def test_shipped_spreadsheet_into_a_plan_without_its_matrix_gives_exactly_the_fixtures(real_plan):
    expected = snapshot()
    Output.objects.all().delete()
    Activity.objects.all().delete()
    FocusArea.objects.all().delete()
    for line in ActionLine.objects.all():
        line.relevant_bodies.clear()
    ActionLine.objects.update(matrix_text="", relevant_bodies_note="")
    result = import_matrix(plan=bali(), dataset=read_dataset(content=SHIPPED.read_bytes(), filename=SHIPPED.name), dry_run=False)
    assert not result.has_errors, result.error_messages()
    assert result.totals["new"] == 114  # one row per focus area: 113 activities and 1 empty focus area
    assert snapshot() == expected


@pytest.mark.parametrize("extension", [".xlsx", ".csv"])
def test_export_then_import_changes_nothing(real_plan, extension):
    before = snapshot()
    result = import_matrix(plan=bali(), dataset=dataset_of(extension), dry_run=False)
    assert result.totals == {"new": 0, "updated": 0, "unchanged": 114, "error": 0, "unchecked": 0}
    assert snapshot() == before


def test_the_shipped_spreadsheet_matches_the_fixtures(real_plan):
    result = import_matrix(plan=bali(), dataset=read_dataset(content=SHIPPED.read_bytes(), filename=SHIPPED.name), dry_run=True)
    assert result.totals["unchanged"] == 114, "fixtures/bali-work-plan.xlsx is out of date: run manage.py export_matrix"


def test_an_edited_file_updates_then_the_same_file_changes_nothing(real_plan):
    rows = exported_rows()
    header = rows[0]
    code, outputs, leads, activity = (header.index(c) for c in (sheet.CODE, sheet.OUTPUTS, sheet.LEAD_BODIES, sheet.ACTIVITY))
    target = next(r for r in rows[1:] if r[code] == "3.4.1")
    target[outputs] += "\nA second expected output"
    target[leads] = "SOMTC, ASLOM, AICHR"
    new_row = list(target)
    new_row[code], new_row[activity], new_row[outputs] = "", "A new regional workshop", "Workshop report"
    rows.insert(rows.index(target) + 1, new_row)
    content = as_xlsx(rows)
    first = import_matrix(plan=bali(), dataset=read_dataset(content=content, filename="m.xlsx"), dry_run=False)
    assert first.totals["updated"] == 2 and first.totals["new"] == 1  # 3.4.1, and 3.4.2 moved down one place
    changes = {c.what: c for c in next(row for row in first.rows if row.code == "3.4.1").changes}
    assert set(changes) == {"lead bodies", "expected outputs"}
    assert changes["lead bodies"].new == "AICHR, ASLOM, SOMTC" and changes["lead bodies"].old != changes["lead bodies"].new
    assert changes["expected outputs"].new.endswith("\nA second expected output")
    assert not changes["expected outputs"].old.endswith("A second expected output")
    moved = next(row for row in first.rows if row.code == "3.4.2").changes
    assert [(c.what, c.old.rsplit(", ", 1)[1], c.new.rsplit(", ", 1)[1]) for c in moved] == [("place in the matrix", "place 2", "place 3")]
    edited = Activity.objects.get(code="3.4.1")
    assert list(edited.outputs.values_list("text", flat=True))[-1] == "A second expected output"
    assert {b.abbreviation for b in edited.lead_bodies.all()} == {"SOMTC", "ASLOM", "AICHR"}
    created = Activity.objects.get(text="A new regional workshop")
    assert created.code == "3.4.3" and created.position == 2
    after_first = snapshot()
    rows[rows.index(new_row)][code] = "3.4.3"  # as the export now writes it
    second = import_matrix(plan=bali(), dataset=read_dataset(content=as_xlsx(rows), filename="m.xlsx"), dry_run=False)
    assert second.totals["new"] == second.totals["updated"] == 0
    assert snapshot() == after_first


def test_a_dry_run_writes_nothing(real_plan):
    rows = exported_rows()
    rows[1][rows[0].index(sheet.ACTIVITY)] = "Changed text"
    before = snapshot()
    result = import_matrix(plan=bali(), dataset=read_dataset(content=as_xlsx(rows), filename="m.xlsx"), dry_run=True)
    assert result.totals["updated"] == 1
    assert snapshot() == before


def test_formula_cells_are_neutralised_on_export_and_restored_on_import(real_plan):
    Activity.objects.filter(code="1.2.1").update(text='=HYPERLINK("http://example.org","x")')
    Output.objects.filter(activity__code="1.2.1").update(text="+1 more regional guideline")
    content = export(matrix_dataset(bali()), ".xlsx")
    cells = [c.value for row in openpyxl.load_workbook(io.BytesIO(content)).active.iter_rows() for c in row]
    assert "'=HYPERLINK(\"http://example.org\",\"x\")" in cells
    assert not any(isinstance(c, str) and c.startswith(("=", "+", "-", "@")) for c in cells)
    csv_text = export(matrix_dataset(bali()), ".csv").decode()
    assert "'+1 more regional guideline" in csv_text
    before = snapshot()
    assert import_matrix(plan=bali(), dataset=read_dataset(content=content, filename="m.xlsx"), dry_run=False).totals["updated"] == 0
    assert snapshot() == before


def broken(rows, row_number, column, value):
    rows = [list(r) for r in rows]
    rows[row_number - 1][rows[0].index(column)] = value
    return as_xlsx(rows)


def bad_files():
    """(name, content or a function of the exported rows, expected message)"""
    zip_not_xlsx = io.BytesIO()
    with zipfile.ZipFile(zip_not_xlsx, "w") as archive:
        archive.writestr("hello.txt", "not a workbook")
    return [
        ("notes.txt", b"just some text", "is not an .xlsx or .csv file"),
        ("renamed.xlsx", b"%PDF-1.4 not a workbook", "is not an Excel workbook (.xlsx) inside"),
        ("corrupt.xlsx", zip_not_xlsx.getvalue(), "is a damaged Excel workbook"),
        ("empty.xlsx", b"", "is empty"),
        ("binary.csv", b"\x89PNG\r\n\x1a\n\x00\x00\xff\xfe", "is not a text CSV file"),
    ]


@pytest.mark.parametrize("name,content,message", bad_files())
def test_files_that_are_not_spreadsheets_are_refused_with_the_reason(real_plan, name, content, message):
    with pytest.raises(SpreadsheetError, match=re.escape(message)):
        read_dataset(content=content, filename=name)


def test_a_truncated_workbook_is_refused(real_plan):
    content = export(matrix_dataset(bali()), ".xlsx")
    with pytest.raises(SpreadsheetError, match="Excel workbook"):
        read_dataset(content=content[: len(content) // 2], filename="cut.xlsx")


def test_a_file_over_the_size_limit_is_refused(real_plan, settings):
    settings.MATRIX_IMPORT_MAX_BYTES = 1000
    with pytest.raises(SpreadsheetError, match="a matrix file can be at most 1000"):
        read_dataset(content=export(matrix_dataset(bali()), ".csv"), filename="big.csv")


@pytest.mark.parametrize(
    "edit,message",
    [
        (lambda rows: [[("Lead bodies" if h == sheet.LEAD_BODIES else h) for h in rows[0]]] + rows[1:],
         "Missing column(s): “Lead sectoral bodies/organs/entities”"),
        (lambda rows: [r[:len(sheet.REQUIRED_COLUMNS) - 1] for r in rows], "Missing column(s)"),
        (lambda rows: [r[:-1] for r in rows], "The indicator columns go together: “Indicator targets” missing"),
        (lambda rows: [rows[0] + ["Budget"]] + [r + [""] for r in rows[1:]], "Unknown column(s): “Budget”"),
    ],
)
def test_missing_renamed_or_unknown_columns_are_refused(real_plan, edit, message):
    before = snapshot()
    rows = edit(exported_rows())
    result = import_matrix(plan=bali(), dataset=read_dataset(content=as_xlsx(rows), filename="m.xlsx"), dry_run=False)
    assert result.has_errors
    assert any(message in error for error in result.error_messages())
    assert snapshot() == before


def row_error(rows_edit):
    rows = exported_rows()
    rows_edit(rows)
    before = snapshot()
    result = import_matrix(plan=bali(), dataset=read_dataset(content=as_xlsx(rows), filename="m.xlsx"), dry_run=False)
    assert snapshot() == before  # all or nothing: the good rows are not written either
    return result.error_messages()


def test_unknown_body_names_row_cell_and_closest_abbreviation(real_plan):
    def edit(rows):
        rows[5][rows[0].index(sheet.LEAD_BODIES)] = "SOMCT"
        rows[7][rows[0].index(sheet.ACTIVITY)] = "An edit that must not be written"

    assert row_error(edit) == ["Row 6, column “Lead sectoral bodies/organs/entities”: unknown body “SOMCT”; did you mean SOMTC?"]


def test_an_action_line_that_does_not_exist_is_refused(real_plan):
    def edit(rows):
        rows[3][rows[0].index(sheet.ACTION_LINE)] = "5.1. Strengthen something new"
        rows[3][rows[0].index(sheet.PRIORITY_AREA)] = "5. Something new"

    assert row_error(edit) == [
        "Row 4, column “PoA priority areas (action line)”: there is no action line 5.1 in the PoA PCRVE (1.1 to 4.4)"
    ]


def test_duplicate_rows_are_refused(real_plan):
    def edit(rows):
        rows.insert(3, list(rows[2]))

    messages = row_error(edit)
    assert any("already on row 3: a duplicate row" in message for message in messages)


def test_rows_of_one_action_line_must_agree_on_its_relevant_bodies(real_plan):
    def edit(rows):
        rows[2][rows[0].index(sheet.RELEVANT_BODIES)] = "SOMTC"

    messages = row_error(edit)
    assert messages and "each row must repeat them alike" in messages[0]


def test_an_activity_code_of_another_action_line_is_refused(real_plan):
    def edit(rows):
        rows[1][rows[0].index(sheet.CODE)] = "2.1.99"

    assert row_error(edit) == ["Row 2, column “Activity code”: activity 2.1.99 does not belong to action line 1.1"]


@pytest.mark.parametrize("code", ["1.1.٣", "1.1.10000", "1.1." + "9" * 30])
def test_an_activity_code_the_activity_pages_cannot_address_is_refused(real_plan, code):
    # Arabic-Indic digits, or more than 9999 activities: imported, they broke the matrix page (no URL
    # for them), and over 16 characters the import itself failed on PostgreSQL.
    def edit(rows):
        rows[1][rows[0].index(sheet.CODE)] = code

    assert row_error(edit) == [f"Row 2, column “Activity code”: “{code}” is not an activity code (e.g. 1.1.3)"]


def test_a_new_activity_past_the_last_code_of_its_action_line_is_refused(real_plan):
    def edit(rows):
        header = rows[0]
        rows[1][header.index(sheet.CODE)] = "1.1.9999"
        new_row = list(rows[1])
        new_row[header.index(sheet.CODE)], new_row[header.index(sheet.ACTIVITY)] = "", "One activity too many"
        rows.insert(2, new_row)

    assert row_error(edit) == [
        "Row 3, column “Activity code”: no activity code is left for a new activity of action line 1.1 after 1.1.9999; "
        "give the row a free code"
    ]


def test_a_priority_area_number_of_thousands_of_digits_is_a_row_error(real_plan):
    def edit(rows):
        rows[1][rows[0].index(sheet.PRIORITY_AREA)] = "9" * 5000  # int() refuses over 4300 digits

    assert row_error(edit) == [
        f"Row 2, column “PoA priority area”: action line 1.1 is in priority area 1, not {'9' * 5000}"
    ]


def test_a_cell_longer_than_a_spreadsheet_cell_holds_is_refused(real_plan):
    rows = exported_rows()
    rows[1][rows[0].index(sheet.ACTIVITY)] = "x" * 40000  # a CSV can carry it; the exported workbook could not
    out = io.StringIO()
    csv.writer(out).writerows(rows)
    before = snapshot()
    result = import_matrix(plan=bali(), dataset=read_dataset(content=out.getvalue().encode(), filename="m.csv"), dry_run=False)
    assert result.error_messages() == [
        "Row 2, column “Indicative activities”: 40,000 characters; a spreadsheet cell holds at most 32,767"
    ]
    assert snapshot() == before


def test_a_workbook_with_a_damaged_part_is_refused(real_plan):
    parts = zipfile.ZipFile(io.BytesIO(export(matrix_dataset(bali()), ".xlsx")))
    damaged = io.BytesIO()
    with zipfile.ZipFile(damaged, "w") as archive:
        for name in parts.namelist():
            content = parts.read(name)
            archive.writestr(name, content[:-10] if name == "[Content_Types].xml" else content)  # cut XML
    with pytest.raises(SpreadsheetError, match="is a damaged Excel workbook"):
        read_dataset(content=damaged.getvalue(), filename="m.xlsx")


def test_import_command_reports_and_refuses(real_plan, tmp_path, capsys):
    good = tmp_path / "matrix.xlsx"
    good.write_bytes(SHIPPED.read_bytes())
    call_command("import_matrix", "--plan", "bali-work-plan", str(good))
    assert "0 new, 0 updated, 114 unchanged" in capsys.readouterr().out
    bad = tmp_path / "matrix.csv"
    bad.write_bytes(b"PoA priority area,Budget\n1,2\n")
    with pytest.raises(CommandError, match="Nothing was imported"):
        call_command("import_matrix", "--plan", "bali-work-plan", str(bad))
    assert "Missing column(s)" in capsys.readouterr().err


def test_admin_import_previews_then_writes_on_confirmation(admin_client, real_plan):
    rows = exported_rows()
    rows[1][rows[0].index(sheet.ACTIVITY)] = "Consider creating a regional network, as revised"
    upload = io.BytesIO(as_xlsx(rows))
    upload.name = "revised.xlsx"
    url = reverse("admin:workplan_activity_import")
    preview = admin_client.post(url, {"file": upload, "plan": "bali-work-plan"})
    content = preview.content.decode()
    assert "nothing has been written yet" in content
    assert 'class="import-updated"' in content and "1 updated, 113 unchanged" in content
    # Changes and errors first, old → new; the 113 unchanged rows folded away under one disclosure.
    shown, folded = content.split('<details class="import-unchanged-rows">')
    assert "Changes and errors (1 row)" in shown and shown.count('class="import-updated"') == 1
    assert "<del>Consider creating a regional network of religious" in shown
    assert "<ins>Consider creating a regional network, as revised</ins>" in shown
    assert "113 rows unchanged" in folded and folded.count('class="import-unchanged"') == 113
    assert Activity.objects.get(code="1.1.1").text.startswith("Consider creating a regional network of religious")
    confirm = preview.context["confirm_form"].initial
    done = admin_client.post(url, {"confirm": "1", **confirm}, follow=True)
    assert "1 updated, 113 unchanged rows" in done.content.decode()
    assert Activity.objects.get(code="1.1.1").text == "Consider creating a regional network, as revised"


def test_admin_import_of_a_bad_file_shows_the_reason(admin_client, real_plan):
    upload = io.BytesIO(b"%PDF-1.4")
    upload.name = "matrix.xlsx"
    response = admin_client.post(reverse("admin:workplan_activity_import"), {"file": upload, "plan": "bali-work-plan"})
    assert response.status_code == 200
    assert "is not an Excel workbook (.xlsx) inside" in response.content.decode()


def test_admin_and_public_exports_are_spreadsheets(admin_client, client, real_plan):
    response = admin_client.get(reverse("admin:workplan_activity_export", args=["bali-work-plan", "xlsx"]))
    book = openpyxl.load_workbook(io.BytesIO(response.content))
    assert book.active.max_row == 115
    public = client.get(reverse("workplan:matrix_export", args=["bali-work-plan", "csv"]))
    assert public["Content-Type"].startswith("text/csv")
    assert public.content.decode().splitlines()[0].startswith(sheet.CODE)


def test_a_file_with_an_error_marks_its_sound_rows_not_compared_rather_than_unchanged(real_plan):
    rows = exported_rows()
    content = broken(rows, 3, sheet.CODE, "not a code")
    result = import_matrix(plan=bali(), dataset=read_dataset(content=content, filename="matrix.xlsx"), dry_run=True)
    assert result.has_errors
    assert result.totals["error"] >= 1 and result.totals["unchanged"] == 0
    assert result.totals["unchecked"] == len(result.rows) - result.totals["error"]
