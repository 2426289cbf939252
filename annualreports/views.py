from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from dashboard import cache
from dashboard.filters import DashboardFilter
from dashboard.scoping import scoped
from monitoring import indicators, roles
from reporting.access import private_view
from reporting.models import ReportingCycle
from workplan.models import Activity
from workplan.pagination import paginate
from workplan.scoping import plan_view

from . import annual_report as annual
from . import documents, services
from .forms import AnnualReportTextForm, SignOffForm
from .models import AnnualReportText, AnnualReportVersion


def sign_off_context(cycle, user):
    """What the annual report's page shows of the co-chairs' part: their text, the versions signed or
    awaiting a signature, and what this user may do (three queries)."""
    versions = list(AnnualReportVersion.objects.filter(cycle=cycle).with_signatories())
    for version in versions:
        version.cycle = cycle  # which carries its plan: the links cost no query
    awaiting = next((version for version in versions if not version.is_signed), None)
    is_cochair = roles.is_cochair(user)
    return {
        "text": AnnualReportText.objects.filter(cycle=cycle).first(),
        "versions": versions,
        "awaiting": awaiting,
        "may_write": is_cochair,
        "may_start_version": is_cochair and awaiting is None,
        "needs_reason": any(version.is_signed for version in versions),
        "may_second": is_cochair and awaiting is not None and awaiting.first_signed_by_id != user.pk,
        "sign_off_form": SignOffForm(),
    }


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
         **sign_off_context(scope.cycle, request.user)},
    )


def _cycle(plan, year):
    cycle = get_object_or_404(ReportingCycle, plan=plan, year=year)
    cycle.plan = plan
    return cycle


def _annual_report_url(plan, cycle):
    return f"{reverse('annualreports:annual_report', args=[plan.slug])}?cycle={cycle.year}"


@private_view
@plan_view(work_plan_only=True)
def edit_text(request, plan, year):
    """The co-chairs write the executive summary, the challenges and their recommendations."""
    if not roles.is_cochair(request.user):
        raise PermissionDenied
    cycle = _cycle(plan, year)
    text = AnnualReportText.objects.filter(cycle=cycle).first() or AnnualReportText(cycle=cycle)
    form = AnnualReportTextForm(request.POST or None, instance=text)
    if request.method == "POST" and form.is_valid():
        services.save_text(cycle=cycle, user=request.user, **form.cleaned_data)
        messages.success(request, "The co-chairs' text is saved.")
        return redirect(_annual_report_url(plan, cycle))
    awaiting = AnnualReportVersion.objects.filter(cycle=cycle, state=AnnualReportVersion.State.AWAITING).exists()
    return render(request, "annualreports/text_form.html", {"plan": plan, "cycle": cycle, "form": form, "awaiting": awaiting})


@private_view
@require_POST
@plan_view(work_plan_only=True)
def sign_off(request, plan, year):
    if not roles.is_cochair(request.user):
        raise PermissionDenied
    cycle = _cycle(plan, year)
    form = SignOffForm(request.POST)
    if not form.is_valid():
        messages.error(request, "; ".join(e for errors in form.errors.values() for e in errors))
        return redirect(_annual_report_url(plan, cycle))
    try:
        version = services.sign_off(cycle=cycle, user=request.user, reason=form.cleaned_data["reason"])
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect(_annual_report_url(plan, cycle))
    if version.is_signed:
        messages.success(request, f"Version {version.number} is signed off by both co-chairs; its PDF and Word files are being built.")
    else:
        messages.success(request, f"You signed version {version.number}; it is final once the other co-chair signs it off too.")
    version.cycle = cycle
    return redirect(version)


@private_view
@plan_view(work_plan_only=True)
def version(request, plan, year, number):
    """A version as it was signed: the frozen text and figures, printable, with its files."""
    if not (roles.can_see_all_reports(request.user) or roles.is_administrator(request.user)):
        raise PermissionDenied
    version = get_object_or_404(AnnualReportVersion.objects.with_signatories().select_related("cycle__plan"),
                                cycle__plan=plan, cycle__year=year, number=number)
    return render(request, "annualreports/version_detail.html", {
        "plan": plan, "version": version, "document": documents.render_html(version.snapshot, version),
        "may_sign": version.state == version.State.AWAITING and roles.is_cochair(request.user)
                    and version.first_signed_by_id != request.user.pk,
    })
