import io

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from national import services
from national.spreadsheets import COLUMNS

pytestmark = pytest.mark.django_db


def workbook(rows, headers=COLUMNS):
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(headers)
    for row in rows:
        sheet.append(row)
    content = io.BytesIO()
    book.save(content)
    return SimpleUploadedFile("indonesia-2025.xlsx", content.getvalue())


def row(number, status="In progress", measures="National action plan", needed="", theme=""):
    return [number, "", status, measures, "", "", needed, theme, ""]


@pytest.fixture
def url(nat, draft, client, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    client.force_login(nat.focal)
    return reverse("national:import_report", args=[draft.pk])


def test_the_downloaded_spreadsheet_imports_back_after_filling_with_preview_then_confirm(client, draft, url):
    download = client.get(url + "?download=xlsx")
    sheet = openpyxl.load_workbook(io.BytesIO(download.content)).active
    rows = [list(cells) for cells in sheet.iter_rows(values_only=True)]
    assert rows[0] == COLUMNS and [r[0] for r in rows[1:]] == ["1.1", "1.2", "2.1", "2.2"]
    filled = [row(r[0], needed="Forensic training" if r[0] == "2.1" else "",
                  theme="Training and capacity building" if r[0] == "2.1" else "") for r in rows[1:]]
    filled[1][3] = "'=1+1 task forces"  # a formula-like answer, as the export writes it: kept as text
    preview = client.post(url, {"version": draft.version, "file": workbook(filled)})
    assert preview.context["result"].totals["updated"] == 4
    assert not draft.entries.exclude(status="").exists()  # nothing written by the preview
    confirm = preview.context["confirm_form"].initial
    response = client.post(url, {**confirm, "confirm": "1"})
    assert response.status_code == 302
    entries = {e.provision.number: e for e in draft.entries.select_related("provision")}
    assert entries["2.1"].assistance_theme == "training" and entries["1.1"].status == "in_progress"
    assert entries["1.2"].national_measures == "=1+1 task forces"
    again = client.post(url, {**confirm, "confirm": "1"}, follow=True)  # a confirmation is used once
    assert "upload it again" in again.content.decode()


@pytest.mark.parametrize("rows,message", [
    ([row("9.9")], "is not a measure"),
    ([row("1.1"), row("1.1")], "duplicate row"),
    ([row("1.1", status="Done")], "is not one of"),
    ([row("1.1", needed="Equipment")], "Choose the kind of assistance"),
    ([row("1.1", theme="Funding")], "Say what assistance is needed"),
    ([], "no measures"),
])
def test_a_wrong_row_stops_the_whole_import_with_the_reason(client, draft, url, rows, message):
    response = client.post(url, {"version": draft.version, "file": workbook([*rows, row("2.2")])} if rows else
                           {"version": draft.version, "file": workbook([])})
    assert response.status_code == 200 and message in response.content.decode()
    assert "confirm_form" not in response.context
    assert not draft.entries.exclude(status="").exists()


@pytest.mark.parametrize("upload,message", [
    (SimpleUploadedFile("r.xlsx", b"not a workbook"), "not an Excel workbook"),
    (SimpleUploadedFile("r.pdf", b"%PDF-1.4"), "not an .xlsx or .csv"),
    (SimpleUploadedFile("r.csv", b"Number,Colour\n1.1,red\n"), "The columns of a national report"),
])
def test_a_file_that_is_not_the_spreadsheet_gets_a_clear_error(client, draft, url, upload, message):
    response = client.post(url, {"version": draft.version, "file": upload})
    assert response.status_code == 200 and message in response.content.decode()


def test_a_stale_confirmation_imports_nothing(client, nat, draft, url):
    preview = client.post(url, {"version": draft.version, "file": workbook([row("1.1")])})
    services.update_report(report=draft, user=nat.focal, expected_version=draft.version, fields={"narrative": "meanwhile"})
    response = client.post(url, {**preview.context["confirm_form"].initial, "confirm": "1"}, follow=True)
    assert "Someone else saved this report" in response.content.decode()
    assert not draft.entries.exclude(status="").exists()


def test_only_those_who_may_edit_the_report_import_into_it(client, nat, draft, url):
    for role in ("other_focal", "chair", "staff"):
        client.force_login(getattr(nat, role))
        assert client.get(url).status_code == 403
        assert client.post(url, {"version": draft.version, "file": workbook([row("1.1")])}).status_code == 403


def test_a_csv_with_control_characters_imports_without_them(client, draft, url):
    # A CSV can carry control characters that a workbook cannot, so the report would no longer export.
    lines = [",".join(COLUMNS), '1.1,,In progress,"Task\x01 force\x0b set up",,,,,']
    upload = SimpleUploadedFile("indonesia-2025.csv", "\n".join(lines).encode())
    preview = client.post(url, {"version": draft.version, "file": upload})
    assert preview.context["result"].totals["updated"] == 1
    client.post(url, {**preview.context["confirm_form"].initial, "confirm": "1"})
    assert draft.entries.get(provision__number="1.1").national_measures == "Task force set up"


@pytest.mark.parametrize("upload,message", [
    (SimpleUploadedFile("r.csv", ",".join(COLUMNS).encode() + b"\n1.1,,In progress,Proc\xe9dure,,,,,\n"), "CSV UTF-8"),
    (SimpleUploadedFile("r.csv", b""), "is empty"),
    (SimpleUploadedFile("r.xlsx", b"PK\x03\x04 truncated"), "not an Excel workbook"),
    (SimpleUploadedFile("r.csv", ",".join(COLUMNS).encode() + b"\n"), "no measures"),
    (SimpleUploadedFile("r.csv", b'Number,"unclosed\n'), "The columns of a national report"),
])
def test_a_broken_file_is_refused_with_the_reason_and_writes_nothing(client, draft, url, upload, message):
    response = client.post(url, {"version": draft.version, "file": upload})
    assert response.status_code == 200 and message in response.content.decode()
    assert not draft.entries.exclude(status="").exists()


def test_a_preview_confirmed_by_someone_else_than_its_maker_imports_nothing(client, nat, draft, url):
    preview = client.post(url, {"version": draft.version, "file": workbook([row("1.1", measures="Task force set up")])})
    confirm = preview.context["confirm_form"].initial
    assert set(confirm) == {"token", "version"}
    client.force_login(nat.agency_focal)
    response = client.post(url, {**confirm, "confirm": "1"}, follow=True)
    assert "not found or has expired" in response.content.decode()
    assert draft.entries.get(provision__number="1.1").national_measures != "Task force set up"
