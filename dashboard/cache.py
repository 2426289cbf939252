"""The dashboard's counts, kept in Django's cache under versions that change when what they count changes.

Every figure of the dashboard is a grouped count over the reports of the seven cycles; counting
them all again for every page costs what the SQL costs, about half a second at a hundred times the
real plan. Co-chairs read the dashboard far more often than bodies save reports, and a save changes
the reports of one cycle, so each cycle's counts are kept apart:

- the matrix's counts (activities per action line, who leads what), under the matrix version;
- each cycle's counts (coverage, status, achievements, reports per body), under the matrix version
  and that cycle's version: a saved 2025 report recounts 2025 only;
- each cycle's Member State participation in the scope's priority area (or the whole plan), under
  the matrix version and that cycle's participation version. It is the dearest count, and a body
  editing a report's text, status or achievements leaves it unchanged: only a change to a report's
  Member States, state, activity, body or cycle (or its deletion) bumps it.

The receivers in receivers.py bump a version once the transaction that changed a counted row has
committed. Only numbers keyed by primary keys are kept: the names of priority areas, action lines,
bodies and Member States are read with every page, so a rename shows at once and a link never
carries an old abbreviation.

The versions must be seen by every process that serves the site: behind several gunicorn workers
the cache must be a shared one (Redis, or the file cache in the directory of CACHE_DIR). With a
per-process cache (LocMemCache, the default) one worker would never see another worker's bump and
would serve counts from before a save.
"""

import hashlib
import time
from dataclasses import replace

from django.core.cache import cache
from django.db import transaction
from django.utils import timezone

from .selectors import Counts, MatrixCounts, cycle_counts, matrix_names, matrix_numbers, participation_counts

# Counts under an old version are never read again; the timeout only gives their room back.
TIMEOUT = 24 * 60 * 60
MATRIX = "dashboard:version:matrix"
# What the drawn page shows besides the counts: names (of areas, lines, bodies, Member States, cycles),
# deadlines, expected reports, open recommendations, indicators and their targets.
PAGE = "dashboard:version:page"


def cycle_version_key(cycle_pk):
    return f"dashboard:version:cycle:{cycle_pk}"


def participation_version_key(cycle_pk):
    return f"dashboard:version:participation:{cycle_pk}"


def _first_version():
    # A version that was evicted starts again from a number no earlier version had, so counts
    # stored under the evicted one can never be read as current.
    return time.time_ns()


def bump(key):
    try:
        cache.incr(key)
    except ValueError:  # not in the cache: nothing can have been stored under it since it went
        cache.add(key, _first_version(), timeout=None)


def bump_on_commit(key):
    """Bump `key` once the current transaction commits (at once outside one): a rolled-back save
    bumps nothing, and a page counting after the bump sees the committed rows."""
    transaction.on_commit(lambda: bump(key))


def _versions(keys):
    found = cache.get_many(keys)
    missing = [key for key in keys if key not in found]
    if missing:
        for key in missing:
            cache.add(key, _first_version(), timeout=None)
        found.update(cache.get_many(missing))  # another process may have added its own first
    return found


def counts(scope, cycles):
    """The Counts of `scope`'s body (and, for the Member State participation, its priority area) over
    `cycles`: from the cache where their version is current, what is stale counted for all the stale
    cycles in one pass, and the names always from the database."""
    body = scope.body.pk if scope.body else None
    area = scope.priority_area.pk if scope.priority_area else None
    plan = scope.cycle.plan_id
    versions = _versions(
        [MATRIX, *(key(cycle.pk) for cycle in cycles for key in (cycle_version_key, participation_version_key))]
    )
    matrix = versions[MATRIX]
    matrix_key = f"dashboard:matrix:{plan}:{body}:{matrix}"
    cycle_keys, participation_keys = {}, {}
    for cycle in cycles:
        cycle_keys[cycle.pk] = f"dashboard:cycle:{cycle.pk}:{body}:{matrix}:{versions[cycle_version_key(cycle.pk)]}"
        participation_keys[cycle.pk] = (
            f"dashboard:participation:{cycle.pk}:{body}:{area}:{matrix}:{versions[participation_version_key(cycle.pk)]}"
        )
    found = cache.get_many([matrix_key, *cycle_keys.values(), *participation_keys.values()])
    fresh = {}
    if matrix_key not in found:
        fresh[matrix_key] = matrix_numbers(plan, scope.body)
    stale = [pk for pk, key in cycle_keys.items() if key not in found]
    for pk, counted in cycle_counts(stale, scope.body).items():
        fresh[cycle_keys[pk]] = counted
    stale = [pk for pk, key in participation_keys.items() if key not in found]
    for pk, counted in participation_counts(stale, scope.body, scope.priority_area).items():
        fresh[participation_keys[pk]] = counted
    if fresh:
        cache.set_many(fresh, TIMEOUT)
        found.update(fresh)
    return Counts(
        matrix=MatrixCounts(**matrix_names(plan, scope.body), **found[matrix_key]),
        by_cycle={
            pk: replace(found[key], member_states=found[participation_keys[pk]]) for pk, key in cycle_keys.items()
        },
    )


def page_key(scope, cycles, *, may_see_targets):
    """The key of the dashboard's figures as drawn for `scope`: they stay right while none of the
    versions they were drawn under changes, and for the day (deadlines pass, recommendations age)."""
    keys = [MATRIX, PAGE, *(key(cycle.pk) for cycle in cycles for key in (cycle_version_key, participation_version_key))]
    versions = _versions(keys)
    digest = hashlib.sha256(":".join(str(versions[key]) for key in keys).encode()).hexdigest()[:32]
    body = scope.body.pk if scope.body else None
    area = scope.priority_area.pk if scope.priority_area else None
    return (f"dashboard:page:{scope.cycle.plan_id}:{scope.cycle.pk}:{area}:{body}:{int(may_see_targets)}:"
            f"{timezone.localdate().isoformat()}:{digest}")


def kept_page(key, draw):
    """The figures drawn under `key`: kept ones, or `draw()`'s, kept for the next request.

    Co-chairs open the dashboard far more often than anything it shows changes (a body editing a
    report's assessment changes nothing on it), and drawing it (some thirty tables and charts) costs
    more than counting from the cache: so the figures are kept as drawn, not only as counted.
    """
    html = cache.get(key)
    if html is None:
        html = draw()
        cache.set(key, html, TIMEOUT)
    return html
