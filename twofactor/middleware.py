"""The gate between a password and the rest of the site, for a session that still owes a second factor.

Pages (a GET of an HTML page) redirect to the code, or to setting two-factor sign-in up for one who has no
app yet; everything else (a POST, a file, a download) is refused with 403, so that no form is acted on and
no document leaves before the second factor. Only signing in and out and the two-factor pages themselves
are open. The admin site is behind the same gate.
"""

import re

from django.core.exceptions import PermissionDenied
from django.core.handlers.exception import response_for_exception
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.cache import add_never_cache_headers
from django.utils.http import urlencode

from . import policy

OPEN = {"login", "logout", "healthz", "admin:logout", "twofactor:setup", "twofactor:verify"}
# The views that send files: a document of a report or a meeting, a built document, an amendment's file.
FILE_VIEWS = {"document", "download", "amendment_file", "version"}
FILE_PATH = re.compile(r"\.[A-Za-z0-9]{2,5}$")  # matrix.xlsx, export/<slug>.csv


def sends_a_file(request, view_name):
    name = view_name.rsplit(":", 1)[-1]
    return (
        name in FILE_VIEWS or name.endswith("_export") or "download" in request.GET
        or bool(FILE_PATH.search(request.path_info))
    )


class SecondFactorMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        if not policy.is_enforced():  # first: no query at all where it is waived
            return None
        view_name = request.resolver_match.view_name if request.resolver_match else ""
        if view_name in OPEN or not policy.owes_second_factor(request.user):
            return None
        if request.method in ("GET", "HEAD") and not sends_a_file(request, view_name):
            target = "twofactor:verify" if policy.has_device(request.user) else "twofactor:setup"
            response = redirect(f"{reverse(target)}?{urlencode({'next': request.get_full_path()})}")
        else:
            response = response_for_exception(request, PermissionDenied("A second factor is needed first."))
        add_never_cache_headers(response)
        return response

