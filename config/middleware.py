"""What a user sees when the database is away: a plain page that says nothing was saved, not a trace."""

import logging

from urllib.parse import unquote_plus

from django.db import DatabaseError, InterfaceError, OperationalError
from django.shortcuts import render

logger = logging.getLogger("django.request")


class DatabaseUnavailableMiddleware:
    """Turn a lost or refused database connection into a 503 page.

    Every save runs in one transaction, so a request cut off by the database never leaves half a
    report behind; the user only needs to know that and to try again. Django reconnects on the next
    request (CONN_HEALTH_CHECKS), so the site recovers by itself when the database is back.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if isinstance(exception, (OperationalError, InterfaceError)) or (
            isinstance(exception, DatabaseError) and "connection" in str(exception).lower()
        ):
            logger.error("Database unavailable: %s", exception, extra={"status_code": 503, "request": request})
            return render(request, "503.html", status=503)
        return None


class RejectNulBytesMiddleware:
    """Answer 400 to a URL whose path or query string holds a NUL character.

    No page has a use for one, and PostgreSQL refuses it in any text it is given: a lookup by such a
    path segment or filter value would fail in the database (a 500) instead of finding nothing.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if "\x00" in request.path or "\x00" in unquote_plus(request.META.get("QUERY_STRING", "")):
            return render(request, "400.html", {"reason": "The address holds a NUL character."}, status=400)
        return self.get_response(request)
