"""The annual report: a summary and paginated entries on the page, every entry in the workbook."""

import io

import openpyxl
import pytest
from django.urls import reverse

from annualreports.annual_report import KEY_RECOMMENDATIONS_PER_AREA, AnnualReport, write_xlsx
from dashboard.figures import REPORTED_STATES
from monitoring.models import ActivityReport
from reporting.models import ReportingCycle

pytestmark = pytest.mark.django_db

URL = reverse("annualreports:annual_report", args=["bali-work-plan"])


def matrix_order(report):
    activity = report.activity
    line = activity.focus_area.action_line
    return (line.priority_area.number, line.position, activity.focus_area.position, activity.position,
            report.implementing_body.position, report.pk)


def reported(year):
    return sorted(
        ActivityReport.objects.filter(cycle__year=year, state__in=REPORTED_STATES).select_related(
            "implementing_body", "activity__focus_area__action_line__priority_area"
        ),
        key=matrix_order,
    )


def test_entries_come_fifty_a_page_in_matrix_order_and_page_links_keep_the_filters(cochair_client):
    expected = reported(2022)
    assert len(expected) > 50
    first = cochair_client.get(URL, {"cycle": "2022"})
    assert [entry.pk for entry in first.context["entries"]] == [report.pk for report in expected[:50]]
    html = first.content.decode()
    assert "cycle=2022&amp;page=2" in html
    second = cochair_client.get(URL, {"cycle": "2022", "page": "2"})
    assert [entry.pk for entry in second.context["entries"]] == [report.pk for report in expected[50:100]]
    assert second.context["report"].coverage == first.context["report"].coverage  # the summary is on every page
    assert "page=2&amp;download" not in second.content.decode()  # the download is the whole report


def test_key_recommendations_are_the_first_accepted_ones_of_each_area(cochair_client):
    blank = next(r for r in reported(2023) if r.state == "accepted" and r.recommendations)
    ActivityReport.objects.filter(pk=blank.pk).update(recommendations=" \n \n")  # says nothing: not quoted
    expected = {}
    for report in reported(2023):
        if report.state == "accepted" and report.recommendations.strip():
            quoted = expected.setdefault(report.activity.focus_area.action_line.priority_area.number, [])
            if len(quoted) < KEY_RECOMMENDATIONS_PER_AREA:
                quoted.append(report.pk)
    assert expected and blank.pk not in [pk for pks in expected.values() for pk in pks]
    report = cochair_client.get(URL, {"cycle": "2023"}).context["report"]
    assert {area.number: [r.pk for r in reports] for area, reports in report.key_recommendations()} == expected


def test_write_xlsx_builds_every_entry_into_bytes_or_a_file(reported_plan):
    cycle = ReportingCycle.objects.get(plan__slug="bali-work-plan", year=2022)
    content = write_xlsx(cycle)
    file = io.BytesIO()
    assert write_xlsx(cycle.pk, file) is None
    for data in (content, file.getvalue()):
        book = openpyxl.load_workbook(io.BytesIO(data))
        rows = list(book["Activities reported"].iter_rows(values_only=True))[1:]
        assert [(row[0], row[1]) for row in rows] == [
            (r.activity.code, r.implementing_body.abbreviation) for r in reported(2022)
        ]


def test_the_workbooks_columns_have_widths_to_read_them_by(reported_plan):
    book = openpyxl.load_workbook(io.BytesIO(write_xlsx(ReportingCycle.objects.get(plan__slug="bali-work-plan", year=2022))))
    entries = book["Activities reported"]
    widths = {cell.value: entries.column_dimensions[cell.column_letter].width for cell in entries[1]}
    assert widths["Assessment"] == 60 and widths["Indicative activity"] == 50
    assert widths["Activity code"] >= len("Activity code")
    assert book["Summary"].column_dimensions["A"].width == 40
    assert entries.freeze_panes == "A2"


def test_the_page_and_the_workbook_agree_on_the_summary(cochair_client, annual_workbook, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    page = cochair_client.get(URL, {"cycle": "2024", "priority_area": "3"})
    report: AnnualReport = page.context["report"]
    content = annual_workbook(cycle=2024, priority_area="3")
    summary = list(openpyxl.load_workbook(io.BytesIO(content))["Summary"].iter_rows(values_only=True))
    whole = next(row for row in summary if row[0] == "Whole Work Plan")
    assert whole[1] == report.coverage.activities
    assert page.context["page"].paginator.count == len(
        [r for r in reported(2024) if r.activity.focus_area.action_line.priority_area.number == 3]
    )



def test_the_summary_agrees_one_report_with_its_verb(cochair_client):
    from monitoring.models import ActivityReport

    drafts = ActivityReport.objects.filter(cycle__year=2022, state="draft")
    ActivityReport.objects.filter(pk__in=list(drafts.values_list("pk", flat=True)[1:])).update(state="accepted")
    content = cochair_client.get(URL, {"cycle": "2022"}).content.decode()
    assert "1 is in draft" in content and "are in draft" not in content
