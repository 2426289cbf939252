"""What monitoring adds to a work plan's pages (workplan.panels): the way to the Member States'
participation in its activities, for those who read its reports; on an activity's page, the way to its
performance indicators, for those who set or read them."""

from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.html import format_html, format_html_join

from . import roles


def participation_link(context, plan):
    user = context["request"].user
    if not plan.is_work_plan or not user.is_authenticated:
        return ""
    if not (user.has_perm("monitoring.view_activityreport") or roles.is_administrator(user)):
        return ""
    return render_to_string("monitoring/includes/_participation_panel.html", {"plan": plan})


def indicator_links(context, activity):
    """On an activity's page: where its performance indicators are set and their table, for those who may."""
    user = context["request"].user
    if not user.is_authenticated:
        return ""
    plan = activity.plan
    links = []
    if roles.may_set_indicators(user):
        links.append((reverse("monitoring:activity_indicators", kwargs={"plan": plan.slug, "code": activity.code}),
                      "Set or adjust its performance indicators and targets"))
    if roles.may_read_indicators(user):
        links.append((reverse("monitoring:indicators", kwargs={"plan": plan.slug}) + f"?activity={activity.code}",
                      "Its indicators' targets against actuals"))
    if not links:
        return ""
    return format_html('<section class="panel"><h2>Performance indicators</h2><ul>{}</ul></section>',
                       format_html_join("", '<li><a href="{}">{}</a></li>', links))
