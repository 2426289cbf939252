from types import SimpleNamespace
from urllib.parse import urlencode

from django.shortcuts import render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.safestring import mark_safe

from reporting.access import private_view
from workplan.models import Activity
from workplan.pagination import paginate
from workplan.scoping import plan_view

from . import cache
from .figures import AchievementCounts, Coverage, StatusCounts
from .filters import CoverageFilter, DashboardFilter
from .scoping import scoped
from .selectors import (
    activities_by_coverage,
    best_state_label,
    bodies_by_area,
    figures_by_area,
    indicator_standing,
    late_bodies,
    late_in,
    member_state_participation,
    open_recommendations,
    reporting_rates,
    trend,
    OPEN_RECOMMENDATIONS_SHOWN,
)


def scope_query(scope, *, all_cycles=False):
    """The query string that narrows a linked list to the same scope as the figure."""
    params = {} if all_cycles else {"cycle": scope.cycle.year}
    if scope.priority_area:
        params["priority_area"] = scope.priority_area.number
    if scope.body:
        params["body"] = scope.body.abbreviation
    return urlencode(params)


def _attach_links(figures, *, activities, reports):
    """Give a row of figures the start of the links behind its numbers (the keys are appended in the page)."""
    figures.coverage_href = f"{activities}&coverage="
    figures.activities_href = activities
    figures.status_href = f"{reports}&state=reported&status="
    figures.reported_href = f"{reports}&state=reported"
    figures.achievement_href = f"{reports}&state=reported&achievement="
    return figures


def dashboard_context(scope, cycles, counts):
    """The figures of a scope with the links behind them."""
    areas, years = figures_by_area(scope, counts), trend(scope, cycles, counts)
    body_rows = bodies_by_area(scope, cycles, counts)
    priority_areas = [area.priority_area for area in areas]
    late_cycles, late = late_bodies(scope, cycles)
    plan = {"plan": scope.plan.slug}
    activities_url, reports_url = reverse("dashboard:activities", kwargs=plan), reverse("monitoring:reports", kwargs=plan)
    matrix_url = reverse("workplan:plan", kwargs=plan)
    query, query_all_cycles = scope_query(scope), scope_query(scope, all_cycles=True)
    rows = []  # the priority areas, each followed by its action lines: the rows of the two tables
    for area in areas:
        narrowed = f"{query}&priority_area={area.priority_area.number}"
        _attach_links(area, activities=f"{activities_url}?{narrowed}", reports=f"{reports_url}?{narrowed}")
        area.is_area, area.title = True, area.priority_area.title
        area.href = f"{matrix_url}?priority_area={area.priority_area.number}"
        rows.append(area)
        for line in area.lines:
            if scope.body and not line.coverage.activities:
                continue  # narrowed to a body: only the lines where it leads an activity
            narrowed = f"{query}&action_line={line.action_line.number}"
            _attach_links(line, activities=f"{activities_url}?{narrowed}", reports=f"{reports_url}?{narrowed}")
            line.is_area, line.title, line.href = False, line.action_line.number, line.action_line.get_absolute_url()
            rows.append(line)
    whole = _attach_links(
        SimpleNamespace(coverage=Coverage.sum(area.coverage for area in areas)),
        activities=f"{activities_url}?{query}",
        reports=f"{reports_url}?{query}",
    )
    for row in years:
        narrowed = f"{query_all_cycles}&cycle={row.cycle.year}".lstrip("&")
        _attach_links(row, activities=f"{activities_url}?{narrowed}", reports=f"{reports_url}?{narrowed}")
    rates, rates_total = reporting_rates(scope)
    recommendations = open_recommendations(scope)
    context = {
        "scope": scope,
        "rates": rates,
        "rates_total": rates_total,
        "open_recommendations": list(recommendations[:OPEN_RECOMMENDATIONS_SHOWN]),
        "open_recommendations_count": recommendations.count(),
        "cycles": cycles,
        "areas": areas,
        "rows": rows,
        "priority_areas": priority_areas,
        "coverage": whole.coverage,
        "whole": whole,
        "status": StatusCounts.sum(area.status for area in areas),
        "achievements": AchievementCounts.sum(area.achievements for area in areas),
        "body_rows": body_rows,
        "late_cycles": late_cycles,
        "late": late,
        "late_in_cycle": late_in(scope.cycle, late),
        "member_states": member_state_participation(scope, cycles, counts),
        "trend": years,
        "query": query,
        "query_all_cycles": query_all_cycles,
        "activities_url": activities_url,
        "reports_url": reports_url,
        "indicators": indicator_standing(scope),
        "indicators_url": reverse("monitoring:indicators", kwargs=plan),
    }
    return context


@private_view
@plan_view(work_plan_only=True)
def dashboard(request, plan):
    cycles, filterset, scope = scoped(request, plan, DashboardFilter, Activity.objects.all())
    may_see_targets = request.user.is_superuser or request.user.has_perm("workplan.view_indicator")

    def draw():
        context = dashboard_context(scope, cycles, cache.counts(scope, cycles))
        context.update(plan=plan, may_see_targets=may_see_targets)
        return render_to_string("dashboard/includes/_figures.html", context, request)

    # Drawn once per version of what it shows (cache.page_key), not for every co-chair's request.
    figures = cache.kept_page(cache.page_key(scope, cycles, may_see_targets=may_see_targets), draw)
    return render(request, "dashboard/dashboard.html", {
        "plan": plan, "filter": filterset, "scope": scope, "query": scope_query(scope), "figures": mark_safe(figures),
    })


@private_view
@plan_view(work_plan_only=True)
def activities(request, plan):
    """The activities behind a coverage figure of the dashboard, with the state of their best report."""
    _, filterset, scope = scoped(request, plan, CoverageFilter, Activity.objects.with_matrix().in_matrix_order())
    coverage = filterset.cleaned("coverage") or None
    matched = activities_by_coverage(scope, activities=filterset.qs, coverage=coverage)
    page = paginate(request, matched)
    for activity in page.object_list:
        activity.best_state = best_state_label(activity.best_rank)
    return render(
        request,
        "dashboard/activity_list.html",
        {"plan": plan, "filter": filterset, "scope": scope, "page": page, "activities": page.object_list, "query": scope_query(scope)},
    )
