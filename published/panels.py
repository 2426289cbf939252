"""What the public pages add to a plan's pages (workplan.panels): the way to its published results and
open data, for everyone, signed in or not."""

from django.urls import reverse
from django.utils.html import format_html


def plan_results_link(context, plan):
    results = reverse("published:plan", kwargs={"plan": plan.slug})
    what = "what was done" if plan.is_work_plan else f"the status of each {plan.provision_label}"
    return format_html(
        '<section class="panel"><h2>Results</h2><p><a href="{}">Published results of the {}</a>: {}, as the '
        "reports accepted and made public say, with open data (CSV, JSON).</p></section>",
        results, plan.short_name, what,
    )


def activity_results_link(context, activity):
    url = reverse("published:activity", kwargs={"plan": activity.plan.slug, "code": activity.code})
    return format_html('<section class="panel"><h2>Results</h2><p><a href="{}">What was done on {}</a>, '
                       "as the accepted reports make public.</p></section>", url, activity.code)
