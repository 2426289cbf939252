"""The dashboard's figures, computed once per state of the data and kept in Django's cache.

Co-chairs read the dashboard far more often than bodies change their reports, and at a hundred times
the real plan the aggregates take the database about half a second. The figures are stored under a
key made of the scope and a fingerprint of the data they are counted from, taken in one cheap query:
any saved, submitted, reviewed, added or deleted report, any moved activity or changed lead body,
gives a new fingerprint and so fresh figures. Nothing needs to be invalidated by hand.
"""

import hashlib

from django.core.cache import cache
from django.db import connection
from django.utils import timezone

from monitoring.models import ActivityReport
from workplan.models import Activity

FIGURES_TIMEOUT = 60 * 60  # an hour; a new fingerprint makes them stale long before


def data_fingerprint():
    reports = ActivityReport._meta.db_table
    activities = Activity._meta.db_table
    leads = Activity.lead_bodies.through._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT (SELECT COUNT(*) FROM {reports}), (SELECT MAX(updated_at) FROM {reports}), "
            f"(SELECT COUNT(*) FROM {activities}), (SELECT SUM(id * 31 + focus_area_id) FROM {activities}), "
            f"(SELECT COUNT(*) FROM {leads}), (SELECT SUM(activity_id * 31 + sectoralbody_id) FROM {leads})"
        )
        return cursor.fetchone()


def cached_figures(scope, cycles, compute):
    """`compute()` for this scope, unless figures of the same data are already in the cache."""
    cycles_state = [(cycle.pk, cycle.state, cycle.deadline) for cycle in cycles]
    # Today's date too: which cycles are past their deadline, and so who is late, depends on it.
    fingerprint = repr((data_fingerprint(), cycles_state, timezone.localdate(), scope.cycle.pk,
                        getattr(scope.priority_area, "pk", None), getattr(scope.body, "pk", None)))
    key = "dashboard-figures:" + hashlib.sha256(fingerprint.encode()).hexdigest()
    return cache.get_or_set(key, compute, FIGURES_TIMEOUT)
