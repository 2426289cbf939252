from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse

from dashboard import cache
from dashboard.filters import DashboardFilter
from dashboard.scoping import scoped
from monitoring import indicators
from reporting.access import private_view
from reporting.models import ReportingCycle
from workplan.models import Activity
from workplan.pagination import paginate
from workplan.scoping import plan_view

from . import annual_report as annual


@private_view
@plan_view(work_plan_only=True)
def annual_report(request, plan):
    """The summary and the entries fifty at a time; the whole report as .xlsx is built by the worker (builds)."""
    cycles, filterset, scope = scoped(request, plan, DashboardFilter, Activity.objects.all())
    report = annual.AnnualReport.for_scope(scope, cycles, cache.counts(scope, cycles))
    if request.GET.get("download"):
        # The workbook can take seconds at scale: it is built by the worker ("Download as Excel").
        raise Http404("The annual report's workbook is built in the background: use “Download as Excel” on the page.")
    page = paginate(request, report.entries)
    return render(
        request,
        "annualreports/annual_report.html",
        {"plan": plan, "filter": filterset, "scope": scope, "report": report, "page": page, "entries": page.object_list,
         "indicator_rule": indicators.ON_TRACK_RULE, "indicator_counted": indicators.COUNTED_REPORTS,
         # The co-chairs' text and sign-off are the official document's page (official documents engine).
         "official_url": reverse("official:document", args=[plan.slug, "annual-report", scope.cycle.year])},
    )


def _cycle(plan, year):
    return get_object_or_404(ReportingCycle, plan=plan, year=year)


def _official(plan, year, *rest):
    return reverse("official:" + ("document" if not rest else "version"), args=[plan.slug, "annual-report", year, *rest])


# The co-chairs' text, the sign-off and the signed versions moved to the official documents engine: the
# addresses people saved, or that emails sent before carry, lead there.

@private_view
@plan_view(work_plan_only=True)
def edit_text(request, plan, year):
    _cycle(plan, year)
    return redirect(reverse("official:text", args=[plan.slug, "annual-report", year]))


@private_view
@plan_view(work_plan_only=True)
def sign_off(request, plan, year):
    """Signing is the engine's, tied to what was read: an old form's post carries no digest, so it is
    sent to the page to read and sign, never signed from here."""
    _cycle(plan, year)
    return redirect(_official(plan, year))


@private_view
@plan_view(work_plan_only=True)
def version(request, plan, year, number):
    _cycle(plan, year)
    return redirect(_official(plan, year, number))
