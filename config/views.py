"""Pages of the site as a whole: its health for a load balancer, and the page of an unexpected error."""

import logging
import uuid

from django.core.cache import cache
from django.core.files.storage import default_storage
from django.db import connection
from django.http import HttpResponse, HttpResponseServerError
from django.shortcuts import render
from django.template import loader
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from audit.requests import request_id
from meetings.selectors import attention_for as meetings_attention_for
from monitoring.selectors import attention_for
from national.selectors import attention_for as national_attention_for
from workplan.models import Plan

logger = logging.getLogger(__name__)


def check_database():
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        return cursor.fetchone() == (1,)


def check_cache():
    key, value = f"healthz-{uuid.uuid4().hex}", uuid.uuid4().hex
    cache.set(key, value, 10)
    try:
        return cache.get(key) == value
    finally:
        cache.delete(key)


def check_storage():
    # A lookup, not a write: it reaches the disk or the bucket (and fails on a missing bucket or a
    # refused key) without leaving anything behind.
    default_storage.exists("healthz-probe")
    return True


CHECKS = {"database": check_database, "cache": check_cache, "storage": check_storage}


@never_cache
@require_safe
def healthz(request):
    """200 "ok" when the database, the cache and the storage all answer, else 503; which one failed goes
    to the log only, as the page is public."""
    failed = []
    for name, check in CHECKS.items():
        try:
            if not check():
                failed.append(name)
        except Exception:  # noqa: BLE001 - any failure of a part is the answer, not an error of this page
            logger.exception("Health check of the %s failed", name)
            failed.append(name)
    if failed:
        logger.error("Unhealthy: %s", ", ".join(failed))
        return HttpResponse("unavailable\n", status=503, content_type="text/plain")
    return HttpResponse("ok\n", content_type="text/plain")


def server_error(request):
    """The 500 page, with the request id under which the traceback was logged, so a report can name it.

    Rendered without context processors, as they may be what failed.
    """
    template = loader.get_template("500.html")
    return HttpResponseServerError(template.render({"request_id": request_id(request)}))


def home(request):
    """The home page: what waits for the person logged in, then every plan the tracker holds."""
    signed_in = request.user.is_authenticated
    return render(request, "home.html", {
        "plans": Plan.objects.with_sizes(),
        "attention": attention_for(request.user) if signed_in else None,
        "national_attention": national_attention_for(request.user) if signed_in else None,
        "meetings_attention": meetings_attention_for(request.user) if signed_in else None,
    })
