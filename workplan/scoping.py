"""Which plan a page is about. Plan-scoped URLs carry the plan's slug (`/plans/<plan>/…`); a view
decorated with `plan_view` receives the Plan itself, and the page's navigation follows it."""

from functools import wraps

from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils.functional import SimpleLazyObject

from .models import Plan


def plan_view(*, work_plan_only=False, plan_of_action_only=False):
    """Turn the `plan` slug of the URL into the Plan (404 if there is none), kept on `request.plan`.

    `work_plan_only`: the page is about activities and their reports, which only a work plan has.
    `plan_of_action_only`: the page is about Member States' reports on provisions, which only a plan
    of action has.
    """

    def decorator(view):
        @wraps(view)
        def wrapper(request, *args, plan, **kwargs):
            plan = get_object_or_404(Plan.objects.select_related("implements"), slug=plan)
            if work_plan_only and not plan.is_work_plan:
                raise Http404(
                    f"The {plan} is a plan of action: it has {plan.provision_label}s, not indicative activities, "
                    "and no activity reports."
                )
            if plan_of_action_only and plan.is_work_plan:
                raise Http404(
                    f"The {plan} is a work plan: Member States report on the provisions of the plan of action "
                    "it implements, not on the work plan."
                )
            request.plan = plan
            return view(request, *args, plan=plan, **kwargs)

        return wrapper

    return decorator


def current_plan(request):
    """Template context: the plan the page is about, or the work plan that the navigation offers when
    the page is about none (looked up only if the page shows it)."""
    plan = getattr(request, "plan", None)
    if plan is not None:
        return {"current_plan": plan}
    return {"current_plan": SimpleLazyObject(Plan.objects.default_work_plan)}
