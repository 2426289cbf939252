from django import template

from published.selectors import public_parts as parts_of

register = template.Library()


@register.filter
def public_parts(report):
    """The parts of an accepted report its co-chairs marked public, as (label, text)."""
    return parts_of(report)
