"""What national adds to a plan of action's pages (workplan.panels): the way to its requests for
assistance, for those who may read them."""

from django.template.loader import render_to_string

from . import roles
from .models import FocalPoint


def assistance_link(context, plan):
    user = context["request"].user
    if plan.is_work_plan or not user.is_authenticated:
        return ""
    if not (roles.follows_assistance(user) or FocalPoint.objects.held_by(user).exists()):
        return ""
    return render_to_string("national/includes/_assistance_panel.html", {"plan": plan})
