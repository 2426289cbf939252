"""Carrying an ended plan's open item into one line of its successor."""

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from audit import services as audit
from audit.models import AuditAction
from workplan.models import Activity, ActionLine, FocusArea, Output

from .models import ITEM_FIELDS, CarryOver, CarryOverKind
from .selectors import has_ended, open_items


def next_activity_code(line):
    """The next code in the successor's own numbering of the line's activities: "<line>.<n>"."""
    numbers = [int(code.rsplit(".", 1)[1]) for code in Activity.objects.filter(focus_area__action_line=line)
               .values_list("code", flat=True) if code.rsplit(".", 1)[1].isascii() and code.rsplit(".", 1)[1].isdigit()]
    return f"{line.number}.{max(numbers, default=0) + 1}"


def copy_activity(activity, *, focus_area):
    """The activity as the successor's own, under `focus_area`: its text, lead bodies and expected
    outputs, so that its bodies report on it there."""
    position = (focus_area.activities.aggregate(last=Max("position"))["last"] or 0) + 1
    copy = Activity(focus_area=focus_area, plan_id=focus_area.action_line.plan_id, position=position,
                    code=next_activity_code(focus_area.action_line), text=activity.text,
                    lead_bodies_note=activity.lead_bodies_note)
    copy.full_clean()
    copy.save()
    copy.lead_bodies.set(activity.lead_bodies.all())
    Output.objects.bulk_create(Output(activity=copy, position=output.position, text=output.text)
                               for output in activity.outputs.all())
    return copy


@transaction.atomic
def carry_over(*, plan, kind: str, item, to: ActionLine | FocusArea, user, note: str = "") -> CarryOver:
    """Carry `item` (open in the ended `plan`) into `to`, a line or a focus area of the plan's successor.

    Refused (ValidationError) when the plan has not ended, the item is not open in it or was carried
    already, or `to` is not in its successor; an ongoing activity goes into a focus area only, where
    its copy is made; a request for assistance into a provision only, which the successor follows up."""
    if kind not in ITEM_FIELDS:
        raise ValidationError(_("Only recommendations, ongoing activities, open decisions and assistance not yet "
                                "delivered are carried over."))
    if not has_ended(plan):
        raise ValidationError(_("The %(plan)s has not ended: its open items stay where they are.") % {"plan": plan})
    successor = plan.succeeded_by
    focus_area = to if isinstance(to, FocusArea) else None
    line = focus_area.action_line if focus_area else to
    if successor is None:
        raise ValidationError(_("The %(plan)s has no successor yet.") % {"plan": plan})
    if line.plan_id != successor.pk:
        raise ValidationError(
            _("%(line)s belongs to the %(other)s: the open items of the %(plan)s go into its successor, the %(successor)s.")
            % {"line": line.number, "other": line.plan, "plan": plan, "successor": successor})
    if not open_items(plan, kind).filter(pk=item.pk).exists():
        raise ValidationError(_("This item is not open in the %(plan)s.") % {"plan": plan})
    earlier = CarryOver.objects.filter(**{ITEM_FIELDS[kind]: item}).select_related("to_line__plan", "carried_by").first()
    if earlier:
        raise ValidationError(
            _("Already carried into the %(plan)s, %(line)s, by %(who)s on %(when)s.")
            % {"plan": earlier.to_line.plan, "line": earlier.to_line.number,
               "who": earlier.carried_by or _("someone no longer registered"), "when": f"{earlier.carried_at:%d %b %Y}"})
    carry = CarryOver(kind=kind, from_plan=plan, to_line=line, to_focus_area=focus_area, carried_by=user, note=note,
                      **{ITEM_FIELDS[kind]: item})
    if kind == CarryOverKind.ACTIVITY and focus_area is None:
        raise ValidationError(_("An activity goes into a focus area of activities, where its copy is made."))
    if kind == CarryOverKind.ASSISTANCE and focus_area is not None:
        raise ValidationError(_("A request for assistance goes into a %(provision)s of the %(successor)s, not a focus area.")
                              % {"provision": successor.provision_label, "successor": successor})
    try:
        # Two people carrying the same item (or two activities into one line) at once: the second is refused.
        with transaction.atomic():
            if kind == CarryOverKind.ACTIVITY:
                carry.new_activity = copy_activity(item, focus_area=focus_area)
            carry.full_clean(validate_unique=False, validate_constraints=False)  # the database checks those
            carry.save()
    except IntegrityError:
        raise ValidationError(_("This item has just been carried over by someone else.")) from None
    target = f"{successor}, {focus_area or line.number}"
    audit.record(action=AuditAction.CARRIED_OVER, user=user, obj=carry, label=f"{carry.get_kind_display()}: {item}"[:300],
                 url=(carry.new_activity or line).get_absolute_url(), detail=f"From the {plan} into the {target}. {note}".strip())
    return carry
