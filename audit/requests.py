"""The request being served, for records made far from any view, and the address of its client."""

import contextvars

from django.conf import settings

_current_request = contextvars.ContextVar("current_request", default=None)


def current_request():
    """The request this thread is serving, or None (management commands, the shell, tests without a client)."""
    return _current_request.get()


def client_ip(request):
    """The client's address: REMOTE_ADDR, or behind a trusted proxy the address that proxy saw.

    The proxy appends the address it received the request from to X-Forwarded-For, so the last entry
    is the only one a client cannot forge; earlier entries are whatever the client sent.
    """
    if request is None:
        return None
    if settings.BEHIND_PROXY:
        forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if part.strip()]
        if forwarded:
            return forwarded[-1]
    return request.META.get("REMOTE_ADDR") or None


class RequestContextMiddleware:
    """Makes the request available to the audit receivers for the time it is served."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        token = _current_request.set(request)
        try:
            return self.get_response(request)
        finally:
            _current_request.reset(token)
