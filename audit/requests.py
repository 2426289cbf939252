"""The request being served, for records and log lines made far from any view: its id and its client."""

import contextvars
import logging
import re
import uuid

from django.conf import settings

_current_request = contextvars.ContextVar("current_request", default=None)

# An id a proxy in front may have given the request (HAProxy's unique-id, nginx's $request_id), so that
# its log and ours name the request alike; anything else is replaced by our own.
REQUEST_ID = re.compile(r"^[A-Za-z0-9._:-]{8,64}$")


def current_request():
    """The request this thread is serving, or None (management commands, the shell, tests without a client)."""
    return _current_request.get()


def client_ip(request):
    """The client's address: REMOTE_ADDR, or behind BEHIND_PROXY trusted proxies the address the first one saw.

    Each proxy appends the address it received the request from to X-Forwarded-For, so the last
    BEHIND_PROXY entries were written by our own proxies, and the first of them is the client as the
    outermost proxy saw it; earlier entries are whatever the client sent.
    """
    if request is None:
        return None
    if settings.BEHIND_PROXY:
        forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if part.strip()]
        if len(forwarded) >= settings.BEHIND_PROXY:
            return forwarded[-settings.BEHIND_PROXY]
    return request.META.get("REMOTE_ADDR") or None


def request_id(request):
    """The id of `request`, given to it the first time it is asked for."""
    if not hasattr(request, "request_id"):
        given = request.META.get("HTTP_X_REQUEST_ID", "") if settings.BEHIND_PROXY else ""
        request.request_id = given if REQUEST_ID.match(given) else uuid.uuid4().hex
    return request.request_id


class RequestContextMiddleware:
    """Gives the request its id and makes it available to the audit receivers and log lines while it is served."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        token = _current_request.set(request)
        try:
            response = self.get_response(request)
        finally:
            _current_request.reset(token)
        response["X-Request-ID"] = request_id(request)
        return response


def user_id(request):
    """The logged-in user's id, or "-"; never an error, even when the database that holds users is down."""
    user = getattr(request, "user", None)
    try:
        return str(user.pk) if user is not None and user.is_authenticated else "-"
    except Exception:  # noqa: BLE001 - a log line must be written whatever went wrong
        return "-"


class RequestLogFilter(logging.Filter):
    """Adds the request id, path and user id of the request being served (or "-") to every log record."""

    def filter(self, record):
        request = getattr(record, "request", None) or current_request()
        if request is None or not hasattr(request, "META"):
            record.request_id = record.path = record.user_id = "-"
        else:
            record.request_id, record.path, record.user_id = request_id(request), request.path, user_id(request)
        return True
