"""How every view reaches a report, of any kind: one function fetches it, optionally locks it and checks
that the person may see it (or change it), or refuses; one decorator keeps what such a page shows out
of shared caches and the browser's history.

A report kind takes part by giving its model two methods, `is_visible_to(user)` and
`is_editable_by(user)`: this module imports no report kind. Zulip's `access_message(user_profile,
message_id, lock_message=True)` is the model: a view never fetches a report by its number any other way.
"""

from functools import wraps

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.handlers.exception import response_for_exception
from django.db.models import Model, QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.views.decorators.cache import never_cache

from .sensitivity import may_read


def _user_of(request_or_user):
    return getattr(request_or_user, "user", request_or_user)


def _queryset(model_or_queryset):
    if isinstance(model_or_queryset, QuerySet):
        return model_or_queryset
    if isinstance(model_or_queryset, type) and issubclass(model_or_queryset, Model):
        return model_or_queryset._default_manager.all()
    return model_or_queryset.all()  # a manager


def access_report(request_or_user, model_or_queryset, pk, *, lock=False, for_change=False):
    """The report `pk` of `model_or_queryset` (a model, a manager or a queryset carrying the
    `select_related` the page needs), for the user of `request_or_user`.

    Http404 when there is no such report; PermissionDenied when the person may not see it, or, with
    `for_change`, may not change it. With `lock`, the row is held (`select_for_update`) until the
    transaction ends: call it inside `transaction.atomic` and decide under the lock."""
    user = _user_of(request_or_user)
    queryset = _queryset(model_or_queryset)
    if lock:
        queryset = queryset.select_for_update(of=("self",))
    report = get_object_or_404(queryset, pk=pk)
    if not report.is_visible_to(user):
        raise PermissionDenied
    if for_change and not report.is_editable_by(user):
        raise PermissionDenied
    return report


def access_document(request_or_user, model_or_queryset, pk, *, for_change=False):
    """A report's document `pk`, for one who may see its report and read the document's mark
    (reporting.sensitivity), or change the report, with `for_change`: the same checks as the report's
    own, so a document is never easier to reach than its report."""
    queryset = _queryset(model_or_queryset).select_related("report")
    document = get_object_or_404(queryset, pk=pk)
    user = _user_of(request_or_user)
    if not document.report.is_visible_to(user) or not may_read(user, document.sensitivity, document.report):
        raise PermissionDenied
    if for_change and not document.report.is_editable_by(user):
        raise PermissionDenied
    return document


def private_view(view):
    """For a view that shows a report, a document, a contact, a dashboard, a summary or a review: only for
    those logged in, and every response (the login redirect and the refusals too) sent with
    `Cache-Control: no-store`, as `never_cache` sets it, so no shared cache or browser history keeps it."""

    @never_cache
    @login_required
    @wraps(view)
    def wrapped(request, *args, **kwargs):
        try:
            return view(request, *args, **kwargs)
        except (PermissionDenied, Http404) as refusal:
            # Turned into its page here, inside `never_cache`: raised past it, it would be sent without no-store.
            return response_for_exception(request, refusal)

    return wrapped
