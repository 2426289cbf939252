"""What the successor's pages show of what was carried into them, with its origin and history."""

from national.models import AssistanceRequest

from .models import CarryOver
from .roles import may_read_handover
from .selectors import has_ended


def carried_into(context, line):
    """On a line's page: the items of an ended plan carried into the line or one of its focus areas."""
    if not context["request"].user.is_authenticated:
        return ""
    user = context["request"].user
    carried = list(CarryOver.objects.filter(to_line=line).with_origin())
    requests = [carry.assistance_request_id for carry in carried if carry.assistance_request_id]
    if requests:
        # A state's request for assistance is read by those who follow assistance and the state itself
        # (the national app's rule), here as on its own page.
        visible = set(AssistanceRequest.objects.visible_to(user).filter(pk__in=requests).values_list("pk", flat=True))
        carried = [carry for carry in carried if not carry.assistance_request_id or carry.assistance_request_id in visible]
    if not carried:
        return ""
    template = context.template.engine.get_template("handover/includes/_carried_into.html")
    return template.render(context.new({"line": line, "carried": carried, "reads_requests": True}))


def carried_from(context, activity):
    """On an activity's page: the activity of the ended plan it continues, and who carried it when."""
    if not context["request"].user.is_authenticated:
        return ""
    carry = CarryOver.objects.filter(new_activity=activity).with_origin().first()
    if carry is None:
        return ""
    template = context.template.engine.get_template("handover/includes/_carried_from.html")
    return template.render(context.new({"carry": carry}))


def handover_link(context, plan):
    """On an ended plan's pages, for those who read the hand-over: the way to it."""
    user = context["request"].user
    if not user.is_authenticated or not has_ended(plan) or not may_read_handover(user):
        return ""
    template = context.template.engine.get_template("handover/includes/_handover_link.html")
    return template.render(context.new({"plan": plan}))
