"""How a page says a deadline: the day, then how far away or how overdue it is."""

import datetime

from django import template
from django.utils import formats, timezone
from django.utils.timesince import timesince, timeuntil

register = template.Library()


def how_far(day, today=None):
    """ "in 3 weeks", "today", "8 months ago": the largest unit only, as a person says it."""
    today = today or timezone.localdate()
    if day == today:
        return "today"
    if day > today:
        return f"in {timeuntil(day, today, depth=1)}"
    return f"{timesince(day, today, depth=1)} ago"


@register.filter
def deadline(day, date_format="j F Y"):
    """{{ cycle.deadline|deadline }} → "31 March 2026, 8 months ago"; {{ …|deadline:"j M Y" }} shorter."""
    if not isinstance(day, datetime.date):
        return ""
    if isinstance(day, datetime.datetime):
        day = timezone.localdate(day) if timezone.is_aware(day) else day.date()
    return f"{formats.date_format(day, date_format)}, {how_far(day)}"
