from django import template
from django.utils.html import conditional_escape
from django.utils.safestring import mark_safe

from workplan.panels import panels_of

register = template.Library()


@register.simple_tag(takes_context=True)
def plan_panels(context, plan):
    """The panels other apps add to a plan's pages (workplan.panels), one after the other."""
    return page_panels(context, "plan", plan)


@register.simple_tag(takes_context=True)
def page_panels(context, page, obj):
    """The panels other apps add to the pages of `page` ("action_line", "activity"), about `obj`."""
    return mark_safe("".join(conditional_escape(html) for html in panels_of(context, obj, page)))
