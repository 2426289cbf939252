"""The dashboard's counts and its rendered figures, kept in Django's cache under fingerprints of the data.

Co-chairs read the dashboard far more often than bodies change their reports, and every figure of it
is a grouped count over all the reports. Three layers, each stored under a key made of what it is
counted from, so nothing is ever invalidated by hand and a changed report gives fresh figures at once:

- the matrix counts, under a fingerprint of the Work Plan's structure (activities, where they sit,
  who leads them, their outputs), taken in one cheap query;
- each cycle's counts, under that and the cycle's own fingerprint (how many reports it has and when
  one last changed, read with the list of cycles): a saved 2025 report recounts 2025 only;
- the rendered figures of a scope, under all of the above, the cycles' states and deadlines and
  today's date (which cycles are past their deadline, and so who is late, depends on it); and within
  them the tables of the chosen cycle alone, under that cycle's fingerprint only: after a 2025 save,
  the 2021 dashboard redraws its all-years tables but not its 2021 ones.
"""

import hashlib

from django.core.cache import cache
from django.db import connection
from django.utils import timezone

from workplan.models import ActionLine, Activity, FocusArea, Output

from .selectors import Counts, cycle_counts, matrix_counts

TIMEOUT = 60 * 60  # an hour; a new fingerprint makes an entry useless long before


def matrix_fingerprint():
    """Changes when an activity, output or lead body is added, removed or moved in the matrix."""
    activities, leads = Activity._meta.db_table, Activity.lead_bodies.through._meta.db_table
    focus_areas, lines, outputs = FocusArea._meta.db_table, ActionLine._meta.db_table, Output._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT (SELECT COUNT(*) FROM {activities}), (SELECT SUM(id * 31 + focus_area_id) FROM {activities}), "
            f"(SELECT COUNT(*) FROM {leads}), (SELECT SUM(activity_id * 31 + sectoralbody_id) FROM {leads}), "
            f"(SELECT SUM(id * 31 + action_line_id) FROM {focus_areas}), "
            f"(SELECT SUM(id * 31 + priority_area_id) FROM {lines}), "
            f"(SELECT COUNT(*) FROM {outputs}), (SELECT SUM(id * 31 + activity_id) FROM {outputs})"
        )
        return cursor.fetchone()


def _key(kind, *parts):
    return f"dashboard-{kind}:" + hashlib.sha256(repr(parts).encode()).hexdigest()


class DashboardCache:
    """The fingerprints of the data for one request, and the cached counts and pages made from them.

    `cycles` must come from ReportingCycle.objects.with_report_changes().
    """

    def __init__(self, cycles):
        self.cycles = cycles
        self.matrix = matrix_fingerprint()

    def _cycle_key(self, cycle, body):
        return _key("cycle", self.matrix, body, cycle.pk, cycle.report_count, cycle.reports_changed)

    def counts(self, scope):
        """The counts for `scope`'s body: from the cache where they are current, else from the database,
        the stale cycles all in one pass."""
        body = getattr(scope.body, "pk", None)
        matrix_key = _key("matrix", self.matrix, scope.cycle.plan_id, body)
        cycle_keys = {cycle.pk: self._cycle_key(cycle, body) for cycle in self.cycles}
        found = cache.get_many([matrix_key, *cycle_keys.values()])
        fresh = {}
        if matrix_key not in found:
            found[matrix_key] = fresh[matrix_key] = matrix_counts(scope.cycle.plan_id, scope.body)
        stale = [pk for pk, key in cycle_keys.items() if key not in found]
        for pk, counted in cycle_counts(stale, scope.body).items():
            found[cycle_keys[pk]] = fresh[cycle_keys[pk]] = counted
        cache.set_many(fresh, TIMEOUT)
        return Counts(matrix=found[matrix_key], by_cycle={pk: found[key] for pk, key in cycle_keys.items()})

    def _rendered(self, kind, scope, cycles, render):
        state = [(cycle.pk, cycle.state, cycle.deadline, cycle.report_count, cycle.reports_changed) for cycle in cycles]
        key = _key(
            kind, self.matrix, state, timezone.localdate(), getattr(scope.priority_area, "pk", None),
            getattr(scope.body, "pk", None), scope.cycle.pk,
        )
        return cache.get_or_set(key, render, TIMEOUT)

    def page(self, scope, render):
        """`render(counts)` for this scope, unless the same figures have been rendered already."""
        return self._rendered("page", scope, self.cycles, lambda: render(self.counts(scope)))

    def cycle_part(self, scope, render):
        """`render()`, the part of the page that shows the chosen cycle alone, unless already rendered
        from the same counts of that cycle."""
        cycle = next(cycle for cycle in self.cycles if cycle.pk == scope.cycle.pk)
        return self._rendered("cycle-part", scope, [cycle], render)
