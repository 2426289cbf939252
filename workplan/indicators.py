"""The writes of the performance indicators: the MTF sets an indicator and its targets, and adjusts them.

Every earlier value is kept (django-simple-history on Indicator and IndicatorTarget), with who changed
it, when and why: a change without a reason is refused. `decision` is where a change may cite what a
meeting decided; until meetings can be pointed at, it is kept as the reference's text.
"""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from .models import Indicator, IndicatorTarget
from .signals import indicator_changed

INDICATOR_FIELDS = ("text", "kind", "unit", "baseline", "baseline_year", "direction", "means_of_verification")


def _require_reason(reason):
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Say why: the reason is kept with the change.")})
    return reason


def _save_with_history(instance, *, user, reason, decision):
    instance.decision_reference = str(decision or "")[:200]
    instance.full_clean()
    instance._history_user = user
    instance._change_reason = reason
    instance.save()


@transaction.atomic
def set_indicator(*, user, reason, output=None, activity=None, decision=None, **fields) -> Indicator:
    """Set (or adjust) the indicator of an expected output or of an activity itself: `fields` are some of
    INDICATOR_FIELDS. A measured kind keeps its direction; a yes/no or a milestone drops it and the baseline.
    A change of kind withdraws the indicator's targets (they stay in the history)."""
    reason = _require_reason(reason)
    if (output is None) == (activity is None):
        raise ValueError("An indicator measures an expected output or an activity, one of the two.")
    unknown = set(fields) - set(INDICATOR_FIELDS)
    if unknown:
        raise TypeError(f"Not fields of an indicator: {', '.join(sorted(unknown))}")
    lookup = {"output": output} if output is not None else {"activity": activity}
    indicator = Indicator.objects.select_for_update().filter(**lookup).first() or Indicator(**lookup)
    created = indicator.pk is None
    earlier_kind = indicator.kind
    for name, value in fields.items():
        setattr(indicator, name, "" if value is None and name not in ("baseline", "baseline_year") else value)
    if indicator.kind not in (Indicator.Kind.NUMBER, Indicator.Kind.PERCENTAGE):
        indicator.direction, indicator.baseline = "", None
    _save_with_history(indicator, user=user, reason=reason, decision=decision)
    if not created and indicator.kind != earlier_kind:
        # A target of another kind (a number where a milestone is now measured) means nothing: withdrawn,
        # its values kept in the history with the same reason.
        for target in indicator.targets.all():
            target._history_user, target._change_reason = user, reason
            target.delete()
    indicator_changed.send(sender=Indicator, instance=indicator, user=user, reason=reason,
                           what=_("indicator set") if created else _("indicator adjusted"))
    return indicator


@transaction.atomic
def set_target(*, indicator, year, user, reason, value=None, milestone="", decision=None) -> IndicatorTarget:
    """Set (or adjust) the indicator's target for `year`, or for the plan's whole period with `year=None`."""
    reason = _require_reason(reason)
    target = (IndicatorTarget.objects.select_for_update().filter(indicator=indicator, year=year).first()
              or IndicatorTarget(indicator=indicator, year=year))
    created = target.pk is None
    target.value = value if indicator.is_measured else None
    target.milestone = (milestone or "").strip() if indicator.kind == Indicator.Kind.MILESTONE else ""
    _save_with_history(target, user=user, reason=reason, decision=decision)
    indicator_changed.send(sender=IndicatorTarget, instance=target, user=user, reason=reason,
                           what=_("target set") if created else _("target adjusted"))
    return target


@transaction.atomic
def remove_target(*, target, user, reason, decision=None):
    """Withdraw a target; its values stay in the history, with the reason."""
    reason = _require_reason(reason)
    target.decision_reference = str(decision or "")[:200]
    target._history_user, target._change_reason = user, reason
    indicator_changed.send(sender=IndicatorTarget, instance=target, user=user, reason=reason, what=_("target withdrawn"))
    target.delete()
