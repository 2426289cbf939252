"""Open data: a plan's matrix (or a plan of action's provisions) and its published results, as CSV and
JSON. The results are what the public pages show and nothing more: accepted reports' dates, status,
outputs' achievements and indicator values, the text their co-chairs marked public and their public
documents; for a plan of action, the answers states published in acknowledged reports."""

import csv
import io
import json

from django.core.serializers.json import DjangoJSONEncoder
from django.http import HttpResponse
from django.urls import reverse
from django.utils import timezone

from workplan.spreadsheets import neutralise, plan_dataset

from .selectors import published_entries, published_reports

FORMATS = {"csv": "text/csv; charset=utf-8", "json": "application/json"}
DATASETS = ("matrix", "results")

REPORT_COLUMNS = (
    "year", "priority_area", "action_line", "activity", "activity_text", "implementing_body",
    "implementation_status", "start_date", "end_date", "actual", "public_text", "documents", "updated_at",
)
ACHIEVEMENT_COLUMNS = ("output", "achievement", "figure", "reached")
ENTRY_COLUMNS = ("year", "priority_area", "provision", "provision_text", "member_state", "status",
                 "national_measures", "laws_and_policies", "challenges", "assistance_needed", "good_practice")


def _actual(report):
    if report.indicator_figure is not None:
        return report.indicator_figure
    return report.indicator_reached


def report_record(report):
    """One accepted report as open data: its public facts and public parts only."""
    line = report.activity.focus_area.action_line
    return {
        "year": report.cycle.year,
        "priority_area": str(line.priority_area),
        "action_line": line.number,
        "activity": report.activity.code,
        "activity_text": report.activity.text,
        "implementing_body": report.implementing_body.abbreviation,
        "implementation_status": report.implementation_status,
        "start_date": report.start_date,
        "end_date": report.end_date,
        "actual": _actual(report),
        "public_text": report.public_text(),
        "documents": [reverse("published:document", kwargs={"pk": document.pk}) for document in report.public_documents],
        "updated_at": report.updated_at,
        "achievements": [
            {"output": achievement.output.text, "achievement": achievement.level, "figure": achievement.figure,
             "reached": achievement.reached}
            for achievement in report.achievements.all()
        ],
    }


def entry_record(entry):
    """One published answer of a national report as open data: the whole answer, which its state marked public."""
    return {
        "year": entry.report.cycle.year,
        "priority_area": str(entry.provision.priority_area),
        "provision": entry.provision.number,
        "provision_text": entry.provision.text,
        "member_state": entry.report.member_state.name,
        "status": entry.status,
        **{field: getattr(entry, field) for field in ENTRY_COLUMNS[6:]},
    }


def results_records(plan):
    if plan.is_work_plan:
        return [report_record(report) for report in published_reports(plan)]
    return [entry_record(entry) for entry in published_entries(plan)]


def matrix_records(plan):
    dataset = plan_dataset(plan)
    return dataset.headers, [list(row) for row in dataset]


def _csv(headers, rows):
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(headers)
    for row in rows:
        writer.writerow([neutralise(cell) for cell in row])
    return out.getvalue().encode("utf-8")


def results_rows(plan, records):
    """The results as flat rows: a report with several expected outputs takes one row per output."""
    if not plan.is_work_plan:
        return ENTRY_COLUMNS, [[record[column] for column in ENTRY_COLUMNS] for record in records]
    rows = []
    for record in records:
        base = [record[column] for column in REPORT_COLUMNS]
        base[REPORT_COLUMNS.index("public_text")] = "\n\n".join(f"{part}: {text}" for part, text in record["public_text"].items())
        base[REPORT_COLUMNS.index("documents")] = " ".join(record["documents"])
        for achievement in record["achievements"] or [dict.fromkeys(ACHIEVEMENT_COLUMNS)]:
            rows.append(base + [achievement[column] for column in ACHIEVEMENT_COLUMNS])
    return REPORT_COLUMNS + ACHIEVEMENT_COLUMNS, rows


def content(plan, dataset, extension):
    if dataset == "matrix":
        headers, rows = matrix_records(plan)
        if extension == "csv":
            return _csv(headers, rows)
        data = [dict(zip(headers, row)) for row in rows]
    else:
        records = results_records(plan)
        if extension == "csv":
            return _csv(*results_rows(plan, records))
        data = records
    body = {"plan": plan.slug, "title": plan.title, "dataset": dataset, "generated_at": timezone.now(), "rows": data}
    return json.dumps(body, cls=DjangoJSONEncoder, ensure_ascii=False, indent=1).encode("utf-8")


def download(plan, dataset, extension):
    response = HttpResponse(content(plan, dataset, extension), content_type=FORMATS[extension])
    response["Content-Disposition"] = f'attachment; filename="{plan.slug}-{dataset}-{timezone.localdate().isoformat()}.{extension}"'
    return response
