from django import template
from django.utils.html import conditional_escape
from django.utils.safestring import mark_safe

from workplan.panels import panels_of

register = template.Library()


@register.simple_tag(takes_context=True)
def plan_panels(context, plan):
    """The panels other apps add to a plan's pages (workplan.panels), one after the other."""
    return mark_safe("".join(conditional_escape(html) for html in panels_of(context, plan)))
