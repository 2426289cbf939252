"""Why the matrix changed, written on each of its historical rows (Activity, Output, FocusArea, ActionLine).

A write to the matrix (an amendment applied by steering, a spreadsheet imported) happens inside
`matrix_change(reason=…, user=…)`; every historical row created meanwhile, one by one or in bulk, carries
that reason and person. The matrix's models know nothing of amendments: the reason is the text they are given.
"""

import datetime
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass

from django.apps import apps
from django.dispatch import receiver
from django.utils import timezone
from simple_history.signals import pre_create_historical_record

AS_ADOPTED = "The matrix as loaded, taken to be the plan as adopted"


@dataclass(frozen=True)
class MatrixChange:
    reason: str
    user: object = None


def LEAD_BODIES_HISTORY():
    """The lead bodies an activity had at each of its historical rows (simple_history's m2m history)."""
    return apps.get_model("workplan", "HistoricalActivity_lead_bodies")


_current = ContextVar("matrix_change", default=None)


@contextmanager
def matrix_change(*, reason, user=None):
    token = _current.set(MatrixChange(reason, user if getattr(user, "is_authenticated", False) else None))
    try:
        yield
    finally:
        _current.reset(token)


def current_change():
    """The change under way, or None (a change in the admin: its row says who, without a reason)."""
    return _current.get()


def bulk_history(model, instances):
    """The historical rows of instances written in bulk (which simple_history's signals never see)."""
    change = current_change()
    return model.history.bulk_history_create(
        instances, default_user=change.user if change else None, default_change_reason=change.reason if change else "",
    )


def keep_as_adopted(plan):
    """Give the rows of the plan's matrix that have no history yet (loaded in bulk, or before the history
    was kept) a first historical row, dated the day the plan was adopted: called before a change to the
    matrix, so that its state before the change can still be read (steering's comparison). Nine queries
    at most, whatever the size of the plan; nothing written once every row has a history."""
    from .models import Activity, ActionLine, FocusArea, Output

    day = plan.adopted_on or datetime.date(plan.start_year, 1, 1)
    when = timezone.make_aware(datetime.datetime.combine(day, datetime.time(12)))
    rows = (
        (ActionLine, ActionLine.objects.filter(plan=plan)),
        (FocusArea, FocusArea.objects.filter(action_line__plan=plan)),
        (Activity, Activity.objects.filter(plan=plan)),
        (Output, Output.objects.filter(activity__plan=plan)),
    )
    for model, queryset in rows:
        unseen = list(queryset.exclude(pk__in=model.history.values("id")))
        if not unseen:
            continue
        history = model.history.bulk_history_create(unseen, default_date=when, default_change_reason=AS_ADOPTED)
        if model is Activity:
            by_activity = {row.id: row for row in history}
            leads = Activity.lead_bodies.through.objects.filter(activity__in=[activity.pk for activity in unseen])
            LEAD_BODIES_HISTORY().objects.bulk_create(
                LEAD_BODIES_HISTORY()(history=by_activity[lead.activity_id], id=lead.pk, activity_id=lead.activity_id,
                                      sectoralbody_id=lead.sectoralbody_id)
                for lead in leads
            )


@receiver(pre_create_historical_record, dispatch_uid="workplan_matrix_change_reason")
def _give_reason(sender, history_instance, **kwargs):
    change = current_change()
    if change is None or sender._meta.app_label != "workplan":
        return
    if not history_instance.history_change_reason:
        history_instance.history_change_reason = change.reason
    if history_instance.history_user_id is None and change.user is not None:
        history_instance.history_user = change.user
