"""What monitoring adds to a work plan's pages (workplan.panels): the way to the Member States'
participation in its activities, for those who read its reports."""

from django.template.loader import render_to_string

from . import roles


def participation_link(context, plan):
    user = context["request"].user
    if not plan.is_work_plan or not user.is_authenticated:
        return ""
    if not (user.has_perm("monitoring.view_activityreport") or roles.is_administrator(user)):
        return ""
    return render_to_string("monitoring/includes/_participation_panel.html", {"plan": plan})
