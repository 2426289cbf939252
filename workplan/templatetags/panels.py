from django import template
from django.utils.html import conditional_escape
from django.utils.safestring import mark_safe

from workplan.panels import panels_of

register = template.Library()


def _joined(context, obj, page):
    return mark_safe("".join(conditional_escape(html) for html in panels_of(context, obj, page)))


@register.simple_tag(takes_context=True)
def plan_panels(context, plan):
    """The panels other apps add to a plan's pages (workplan.panels), one after the other."""
    return _joined(context, plan, "plan")


@register.simple_tag(takes_context=True)
def provision_panels(context, action_line):
    """The panels other apps add to the page of one provision (action line, measure)."""
    return _joined(context, action_line, "provision")


@register.simple_tag(takes_context=True)
def activity_panels(context, activity):
    """The panels other apps add to the page of one indicative activity."""
    return _joined(context, activity, "activity")
