"""The public progress pages of a plan: what was done, as the accepted reports' public parts say, by
area, by body and by activity; for a plan of action, the status of each provision in the states that
published their answers. Anyone may read them; nothing unaccepted, restricted or confidential is read
here (published.selectors)."""

from django.http import Http404
from django.shortcuts import get_object_or_404, render

from bodies.models import SectoralBody
from monitoring.models import ReportDocument
from national.models import NationalReportDocument
from reporting.views import send_document
from workplan.models import Activity, PriorityArea
from workplan.pagination import paginate
from workplan.scoping import plan_view

from . import opendata
from .caching import public_file, public_page
from .filters import PublishedReportFilter
from .selectors import (
    areas_with_results, bodies_with_results, last_updated, provision_status_table, published_entries,
    published_document, published_reports,
)


def _report_list(request, plan, reports, template, **context):
    filterset = PublishedReportFilter(request.GET or None, queryset=reports, plan=plan)
    reports = filterset.qs
    page = paginate(request, reports)
    context.update(plan=plan, filter=filterset, page=page, reports=page.object_list,
                   last_updated=last_updated(reports))
    return render(request, template, context)


@public_page
@plan_view()
def plan_results(request, plan):
    """A work plan's published results, filterable; a plan of action's published answers."""
    if not plan.is_work_plan:
        return _plan_of_action_results(request, plan)
    reports = published_reports(plan)
    return _report_list(request, plan, reports, "published/plan_results.html",
                        areas=areas_with_results(plan), bodies=bodies_with_results(reports))


def _plan_of_action_results(request, plan):
    entries = published_entries(plan)
    years = sorted(set(entries.values_list("report__cycle__year", flat=True)), reverse=True)
    # A year none of the published reports is of (or no year, or junk) opens the latest one.
    asked = request.GET.get("year")
    year = next((known for known in years if str(known) == asked), years[0] if years else None)
    entries = entries.filter(report__cycle__year=year)
    states, table = provision_status_table(plan, entries)
    return render(request, "published/plan_of_action_results.html", {
        "plan": plan, "years": years, "year": year, "states": states, "table": table,
        "last_updated": last_updated(entries, field="report__updated_at"),
    })


@public_page
@plan_view(work_plan_only=True)
def area_results(request, plan, number):
    area = get_object_or_404(PriorityArea, plan=plan, number=number)
    reports = published_reports(plan).filter(activity__focus_area__action_line__priority_area=area)
    return _report_list(request, plan, reports, "published/area_results.html", area=area)


@public_page
@plan_view(work_plan_only=True)
def body_results(request, plan, abbreviation):
    body = get_object_or_404(SectoralBody, abbreviation=abbreviation)
    reports = published_reports(plan).filter(implementing_body=body)
    return _report_list(request, plan, reports, "published/body_results.html", body=body)


@public_page
@plan_view(work_plan_only=True)
def activity_results(request, plan, code):
    activity = get_object_or_404(Activity.objects.with_matrix(), plan=plan, code=code)
    reports = published_reports(plan).filter(activity=activity)
    return render(request, "published/activity_results.html", {
        "plan": plan, "activity": activity, "reports": reports, "last_updated": last_updated(reports),
    })


@public_file
@plan_view()
def open_data(request, plan, dataset, extension):
    """The plan's matrix or its published results as CSV or JSON: the same for everyone, so kept by any cache."""
    if extension not in opendata.FORMATS or dataset not in opendata.DATASETS:
        raise Http404("Open data comes as matrix or results, in .csv or .json.")
    return opendata.download(plan, dataset, extension)


@public_file
def document(request, pk):
    """A document of an accepted activity report that its co-chairs marked public: anyone may download it."""
    return _send_published(ReportDocument, pk)


@public_file
def national_document(request, pk):
    """A document of an acknowledged national report that its state marked public."""
    return _send_published(NationalReportDocument, pk)


def _send_published(model, pk):
    document = published_document(model, pk)
    if document is None:
        raise Http404("No such public document.")
    return send_document(document)
