"""The import and export pages of the admin, for one plan at a time: upload, preview per row, confirm."""

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render

from . import previews
from .downloads import matrix_download
from .forms import MatrixImportConfirmForm, MatrixImportForm
from .models import MatrixImportJob, Plan
from .services import confirm_import, import_plan
from .spreadsheets import FORMATS, SpreadsheetError, read_upload


def import_view(model_admin, request):
    if not model_admin.has_change_permission(request) or not model_admin.has_add_permission(request):
        raise PermissionDenied
    context = {**model_admin.admin_site.each_context(request), "opts": model_admin.model._meta, "title": "Import a plan"}
    if request.method == "POST" and "confirm" in request.POST:
        confirm = MatrixImportConfirmForm(request.POST)
        if not confirm.is_valid():
            messages.error(request, "The import to confirm was not found; upload the file again.")
            return redirect("admin:workplan_activity_import")
        try:
            plan, name, result, job = confirm_import(token=confirm.cleaned_data["token"], user=request.user)
        except SpreadsheetError as error:
            messages.error(request, str(error))
            return redirect("admin:workplan_activity_import")
        if job is not None:
            messages.info(request, f"{job.filename} ({job.rows} rows) is being imported in the background.")
            return redirect("admin:workplan_activity_import_job", pk=job.pk)
        if result.has_errors:
            context.update(result=result, form=MatrixImportForm(initial={"plan": plan}), name=name, plan=plan)
            messages.error(request, "Nothing was imported: the file no longer matches the database. See the rows below.")
            return render(request, "admin/workplan/matrix_import.html", context)
        totals = result.totals
        messages.success(
            request,
            f"Imported {name} into the {plan}: {totals['new']} new, {totals['updated']} updated, "
            f"{totals['unchanged']} unchanged rows.",
        )
        return redirect("admin:workplan_activity_changelist")
    form = MatrixImportForm(request.POST or None, request.FILES or None, initial={"plan": Plan.objects.default_work_plan()})
    if request.method == "POST" and form.is_valid():
        upload, plan = form.cleaned_data["file"], form.cleaned_data["plan"]
        try:
            content, dataset = read_upload(upload)
        except SpreadsheetError as error:
            form.add_error("file", str(error))
        else:
            result = import_plan(plan=plan, dataset=dataset, dry_run=True)
            context.update(result=result, name=upload.name, plan=plan)
            if not result.has_errors:
                token = previews.keep(content, upload.name, user=request.user, plan=plan, rows=len(dataset))
                context["confirm_form"] = MatrixImportConfirmForm(initial={"token": token})
    context["form"] = form
    context["max_size"] = settings.MATRIX_IMPORT_MAX_BYTES
    return render(request, "admin/workplan/matrix_import.html", context)


def export_view(model_admin, request, slug, extension):
    if not model_admin.has_view_permission(request):
        raise PermissionDenied
    if f".{extension}" not in FORMATS:
        raise Http404("A plan can be exported as .xlsx or .csv.")
    return matrix_download(get_object_or_404(Plan, slug=slug), f".{extension}")


def import_job_view(model_admin, request, pk):
    """A confirmed import the worker writes: queued, being imported, then what it did or why it did not."""
    if not model_admin.has_change_permission(request):
        raise PermissionDenied
    job = get_object_or_404(MatrixImportJob.objects.select_related("plan"), pk=pk)
    context = {**model_admin.admin_site.each_context(request), "opts": model_admin.model._meta,
               "title": f"Import of {job.filename}", "job": job}
    return render(request, "admin/workplan/matrix_import_job.html", context)
