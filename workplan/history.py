"""Why the matrix changed, written on each of its historical rows (Activity, Output, FocusArea, ActionLine).

A write to the matrix (an amendment applied by steering, a spreadsheet imported) happens inside
`matrix_change(reason=…, user=…)`; every historical row created meanwhile, one by one or in bulk, carries
that reason and person. The matrix's models know nothing of amendments: the reason is the text they are given.
"""

from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass

from django.apps import apps
from django.dispatch import receiver
from simple_history.signals import pre_create_historical_record


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


@receiver(pre_create_historical_record, dispatch_uid="workplan_matrix_change_reason")
def _give_reason(sender, history_instance, **kwargs):
    change = current_change()
    if change is None or sender._meta.app_label != "workplan":
        return
    if not history_instance.history_change_reason:
        history_instance.history_change_reason = change.reason
    if history_instance.history_user_id is None and change.user is not None:
        history_instance.history_user = change.user
