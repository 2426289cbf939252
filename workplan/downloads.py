"""A plan as a downloaded spreadsheet: for its public page and for the admin."""

from django.http import HttpResponse
from django.utils import timezone

from .spreadsheets import export, plan_dataset

CONTENT_TYPES = {
    ".xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    ".csv": "text/csv; charset=utf-8",
}


def matrix_download(plan, extension):
    response = HttpResponse(export(plan_dataset(plan), extension), content_type=CONTENT_TYPES[extension])
    stamp = timezone.localdate().isoformat()
    kind = "matrix" if plan.is_work_plan else "provisions"
    response["Content-Disposition"] = f'attachment; filename="{plan.slug}-{kind}-{stamp}{extension}"'
    return response
