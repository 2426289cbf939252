from .models import Decision


def decisions_about(context, plan, limit=20):
    """The latest decisions of meetings about the plan, for people logged in (meetings are not public)."""
    if not context["request"].user.is_authenticated:
        return ""
    template = context.template.engine.get_template("meetings/includes/_decisions.html")
    return template.render(context.new({"plan": plan, "decisions": list(Decision.objects.about(plan)[:limit])}))
