from django import template

from national.models import Decision

register = template.Library()


@register.inclusion_tag("national/includes/_decisions.html", takes_context=True)
def decisions_about(context, plan, limit=20):
    """The latest decisions of meetings about the plan, for people logged in (meetings are not public)."""
    user = context["request"].user
    if not user.is_authenticated:
        return {"decisions": None}
    return {"plan": plan, "decisions": list(Decision.objects.about(plan)[:limit])}
