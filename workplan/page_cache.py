"""The whole-plan matrix as drawn, kept in Django's cache until the matrix changes.

Drawing a work plan's whole matrix (every action line, focus area, activity, output and lead body,
with the action lines named in their text turned into links) costs about half a second of CPU at ten
times the real plan, and it changes only when the matrix does. The page of the whole plan (no filter)
is therefore drawn once and kept, under a version that `bump` replaces when anything it shows may
have changed: a row of the matrix or of a body saved or deleted (the admin, an amendment, carrying
an activity over), an import (which writes in bulk, sending no save signal), an amendment recorded
or applied, an indicator set or adjusted, and what the apps above send through `bump` (a meeting's
decision saved). The key also holds the day, as an activity dropped from a later day leaves the
matrix that morning with no save at all.

Only the matrix itself is kept: the page around it (the navigation, the panels of other apps, which
differ by person) is drawn for every request. Filtered pages are drawn afresh: they are smaller, and
keeping any query string would let anyone fill the cache.

As with the dashboard's counts (dashboard/cache.py), the version must be seen by every process: behind
several gunicorn workers the cache must be a shared one (Redis, or the directory of CACHE_DIR).
"""

import time

from django.core.cache import cache
from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.utils import timezone

from bodies.models import SectoralBody

from .models import ActionLine, Activity, FocusArea, Indicator, IndicatorTarget, Output, Plan, PriorityArea
from .signals import indicator_changed, matrix_amended, matrix_imported

VERSION = "workplan:matrix-page:version"
# A page under an old version is never read again; the timeout only gives its room back.
TIMEOUT = 24 * 60 * 60


def _bump_now():
    try:
        cache.incr(VERSION)
    except ValueError:  # evicted: start again from a number no earlier version had
        cache.add(VERSION, time.time_ns(), timeout=None)


def bump(**kwargs):
    """Drop every kept matrix page once the current transaction commits (at once outside one): a
    rolled-back change drops nothing, and a page drawn after the drop reads the committed rows.
    Takes any signal's arguments, so that it can be connected as a receiver."""
    if kwargs.get("action", "post_").startswith("post_"):  # m2m_changed's "pre_" actions come before the change
        transaction.on_commit(_bump_now)


def key(plan):
    version = cache.get(VERSION)
    if version is None:
        cache.add(VERSION, time.time_ns(), timeout=None)
        version = cache.get(VERSION)
    return f"workplan:matrix-page:{plan.pk}:{timezone.localdate().isoformat()}:{version}"


def kept(plan, draw):
    """The whole matrix of `plan` as HTML: the kept one, or `draw()`'s, kept for the next request."""
    page_key = key(plan)
    html = cache.get(page_key)
    if html is None:
        html = draw()
        cache.set(page_key, html, TIMEOUT)
    return html


MODELS = [Plan, PriorityArea, ActionLine, FocusArea, Activity, Output, Indicator, IndicatorTarget, SectoralBody]


def connect():
    for model in MODELS:
        post_save.connect(bump, sender=model, dispatch_uid=f"workplan_matrix_page_saved_{model.__name__}")
        post_delete.connect(bump, sender=model, dispatch_uid=f"workplan_matrix_page_deleted_{model.__name__}")
    for through in (Activity.lead_bodies.through, ActionLine.relevant_bodies.through):
        m2m_changed.connect(bump, sender=through, dispatch_uid=f"workplan_matrix_page_{through.__name__}")
    matrix_amended.connect(bump, dispatch_uid="workplan_matrix_page_amended")
    matrix_imported.connect(bump, dispatch_uid="workplan_matrix_page_imported")
    indicator_changed.connect(bump, dispatch_uid="workplan_matrix_page_indicator")
