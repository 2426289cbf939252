from .models import Decision


def decisions_about(context, plan, limit=20):
    """The latest decisions of meetings about the plan, for people logged in (meetings are not public)."""
    if not context["request"].user.is_authenticated:
        return ""
    template = context.template.engine.get_template("meetings/includes/_decisions.html")
    return template.render(context.new({"plan": plan, "decisions": list(Decision.objects.about(plan)[:limit])}))


def decisions_on(context, provision_or_activity):
    """The decisions that concern one provision or one activity, with their owner and status, for people
    logged in."""
    if not context["request"].user.is_authenticated:
        return ""
    decisions = list(provision_or_activity.decisions.select_related("meeting", "owner_body", "owner_state"))
    template = context.template.engine.get_template("meetings/includes/_decisions_on.html")
    return template.render(context.new({"decisions": decisions}))
