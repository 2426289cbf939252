"""Who sees which part of a plan's dashboard, and the cycle, area and body a page of it is narrowed to:
shared by the dashboard's pages and the annual report's."""

from dataclasses import replace

from django.core.exceptions import PermissionDenied
from django.http import Http404

from bodies.models import Membership, SectoralBody
from monitoring import roles
from reporting.models import ReportingCycle, current_of

from .selectors import Scope


def _own_bodies(user):
    """None for those who may read every body's reports (the whole dashboard); else the bodies whose own
    dashboard the user may see, their own, or PermissionDenied if none."""
    if roles.can_see_all_reports(user) or roles.is_administrator(user):
        return None
    bodies = list(SectoralBody.objects.filter(pk__in=Membership.objects.body_ids_of(user)))
    if not bodies:
        raise PermissionDenied
    return bodies


def scoped(request, plan, filter_class, queryset):
    """(cycles, filter, scope) of a plan's dashboard page, for one allowed to see it; the cycles oldest first.
    Staff see it narrowed to one of their bodies, the first of them unless they choose another."""
    own = _own_bodies(request.user)
    cycles = list(ReportingCycle.objects.filter(plan=plan).order_by("year"))
    if not cycles:
        raise Http404(f"No reporting cycle of the {plan} has been set up yet.")
    for cycle in cycles:
        cycle.plan = plan  # the scope reaches the plan through its cycle, without a query
    filterset = filter_class(request.GET or None, queryset=queryset.filter(plan=plan), plan=plan)
    if own is not None:
        # Staff choose among their own bodies only; another body's dashboard is refused, not swapped for theirs.
        if request.GET.get("body") and request.GET["body"] not in {body.abbreviation for body in own}:
            raise PermissionDenied
        body_field = filterset.form.fields["body"]
        body_field.queryset, body_field.empty_label = body_field.queryset.filter(pk__in=[body.pk for body in own]), None
    chosen = filterset.cleaned("cycle")
    scope = Scope(
        # The chosen cycle as listed in `cycles`, which carries its plan.
        cycle=next((cycle for cycle in cycles if chosen and cycle.pk == chosen.pk), None) or current_of(cycles),
        priority_area=filterset.cleaned("priority_area"),
        body=filterset.cleaned("body"),
    )
    if own is not None and scope.body is None:
        scope = replace(scope, body=own[0])
    return cycles, filterset, scope
