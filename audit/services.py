"""Writing the audit log: one function, so that every event is recorded the same way."""

from .models import AuditEvent
from .requests import client_ip, current_request


def record(*, action, user=None, username="", obj=None, label="", url="", detail="", request=None) -> AuditEvent:
    """Record one event. `obj` is the model instance concerned (named, not linked); `request`
    defaults to the one being served, which gives the address and, failing `user`, the person."""
    request = request or current_request()
    if user is None and request is not None and getattr(request, "user", None) is not None:
        if request.user.is_authenticated:
            user = request.user
    if user is not None and not username:
        username = user.get_username()
    event = AuditEvent(action=action, user=user, username=username[:150], detail=detail, ip_address=client_ip(request))
    if obj is not None:
        event.object_type = obj._meta.label_lower
        event.object_id = str(obj.pk)
        label = label or str(obj)
        if not url and hasattr(obj, "get_absolute_url"):
            url = obj.get_absolute_url()
    event.object_label = label[:300]
    event.object_url = url[:300]
    event.save()
    return event
