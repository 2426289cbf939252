from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render

from national import roles as national_roles
from reporting.access import private_view
from workplan.scoping import plan_view

from . import roles, selectors
from .forms import CarryOverForm, target_options
from .models import ITEM_FIELDS, CarryOver, CarryOverKind
from .services import carry_over


def _ended(plan):
    if not selectors.has_ended(plan):
        raise Http404(f"The {plan} is in force until {plan.end_year or 'further notice'}: it has nothing to hand over yet.")
    return plan


@private_view
@plan_view()
def handover(request, plan):
    """What the ended plan leaves open, per area, what was carried where, and the way to carry the rest."""
    if not roles.may_read_handover(request.user):
        raise PermissionDenied
    _ended(plan)
    context = {
        "plan": plan,
        "successor": plan.succeeded_by,
        "open": selectors.open_items_of(plan),
        "carried": selectors.carried_out_of(plan),
        "may_carry": roles.may_carry_over(request.user),
        # Co-chairs read the hand-over, not the requests for assistance themselves: no link for them.
        "reads_requests": national_roles.follows_assistance(request.user),
        "kinds": CarryOverKind,
    }
    return render(request, "handover/handover.html", context)


@private_view
@plan_view()
def carry(request, plan, kind, pk):
    """Carry one open item into a line of the successor."""
    if not roles.may_carry_over(request.user):
        raise PermissionDenied
    _ended(plan)
    if kind not in ITEM_FIELDS:
        raise Http404("Recommendations, ongoing activities, open decisions and assistance not delivered are carried over.")
    item = get_object_or_404(selectors.open_items(plan, kind), pk=pk)
    successor = plan.succeeded_by
    earlier = CarryOver.objects.filter(**{ITEM_FIELDS[kind]: item}).with_origin().first()
    form = None
    if successor is not None:
        form = CarryOverForm(request.POST or None, successor=successor, kind=kind)
        if request.method == "POST" and form.is_valid():
            try:
                carried = carry_over(plan=plan, kind=kind, item=item, to=form.cleaned_data["to"], user=request.user,
                                     note=form.cleaned_data["note"])
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(request, f"Carried into the {successor}, {carried.target}.")
                return redirect("handover:handover", plan=plan.slug)
    # A request for assistance goes into a provision only: the picker offers no focus areas for it.
    options = target_options(successor, lines_only=kind == CarryOverKind.ASSISTANCE) if successor else []
    context = {"plan": plan, "successor": successor, "kind": CarryOverKind(kind), "item": item, "form": form,
               "earlier": earlier, "options": options}
    return render(request, "handover/carry_form.html", context)
