"""Benchmark: the MTF dashboard, the annual report and the report list at scale 1×, 10× and 100×.

    DATABASE_URL=… python bench/dashboard.py [--scales 1 10 100] [--requests 7]

For each scale, a throwaway test database gets the Work Plan, its cycles and the synthetic reports of
`generate_scale_data`; then each page is requested through Django's test client as an MTF co-chair
(the whole stack: middleware, session, views, queries, templates) and the median server time and the
number of SQL queries are printed. The dashboard is timed three ways: computed from an empty cache,
just after a report of the current cycle was saved (that cycle recounted, the others' counts from
the cache), and straight from the cache. In the same run, the dashboard's main figures are computed by
hand-written SQL (below) and timed the same way; the ratio page / raw SQL is what Django adds.
"""

import argparse
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
from bench.environment import at_each_scale, prepare  # noqa: E402

prepare()

import django  # noqa: E402

django.setup()

from django.contrib.auth.models import User  # noqa: E402
from django.core.cache import cache  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402

try:
    from annualreports.annual_report import write_xlsx  # noqa: E402
except ImportError:  # a version from before the workbook was built apart from the page
    write_xlsx = None
from bench.queries import count_queries  # noqa: E402
from monitoring.models import ActivityReport  # noqa: E402
from demo.synthetic import generate  # noqa: E402
from reporting.models import ReportingCycle

# The dashboard's figures for one cycle (%(cycle)s) in plain SQL: activities per action line, coverage,
# status and achievement per action line, leads and reports per body and area, Member State
# participation and the trend per cycle. The same numbers the page shows, without the ORM or templates.
REPORTED = "('submitted', 'accepted')"
RAW_SQL = [
    """SELECT fa.action_line_id, COUNT(*) FROM workplan_activity a
       JOIN workplan_focusarea fa ON fa.id = a.focus_area_id GROUP BY fa.action_line_id""",
    f"""SELECT fa.action_line_id,
         COUNT(DISTINCT r.activity_id) FILTER (WHERE r.state = 'accepted'),
         COUNT(DISTINCT r.activity_id) FILTER (WHERE r.state IN {REPORTED}),
         COUNT(DISTINCT r.activity_id) FILTER (WHERE r.state IN ('submitted', 'accepted', 'returned')),
         COUNT(DISTINCT r.activity_id),
         COUNT(*) FILTER (WHERE r.state IN {REPORTED} AND r.implementation_status = 'not_started'),
         COUNT(*) FILTER (WHERE r.state IN {REPORTED} AND r.implementation_status = 'planned'),
         COUNT(*) FILTER (WHERE r.state IN {REPORTED} AND r.implementation_status = 'ongoing'),
         COUNT(*) FILTER (WHERE r.state IN {REPORTED} AND r.implementation_status = 'completed'),
         COUNT(*) FILTER (WHERE r.state IN {REPORTED} AND r.implementation_status = 'cancelled')
       FROM monitoring_activityreport r JOIN workplan_activity a ON a.id = r.activity_id
       JOIN workplan_focusarea fa ON fa.id = a.focus_area_id
       WHERE r.cycle_id = %(cycle)s GROUP BY fa.action_line_id""",
    f"""SELECT fa.action_line_id, o.level, COUNT(*) FROM monitoring_outputachievement o
       JOIN monitoring_activityreport r ON r.id = o.report_id JOIN workplan_activity a ON a.id = r.activity_id
       JOIN workplan_focusarea fa ON fa.id = a.focus_area_id
       WHERE r.cycle_id = %(cycle)s AND r.state IN {REPORTED} GROUP BY fa.action_line_id, o.level""",
    """SELECT lb.sectoralbody_id, al.priority_area_id, COUNT(*) FROM workplan_activity_lead_bodies lb
       JOIN workplan_activity a ON a.id = lb.activity_id JOIN workplan_focusarea fa ON fa.id = a.focus_area_id
       JOIN workplan_actionline al ON al.id = fa.action_line_id GROUP BY lb.sectoralbody_id, al.priority_area_id""",
    f"""SELECT r.implementing_body_id, r.cycle_id, al.priority_area_id, COUNT(*)
       FROM monitoring_activityreport r JOIN workplan_activity a ON a.id = r.activity_id
       JOIN workplan_focusarea fa ON fa.id = a.focus_area_id JOIN workplan_actionline al ON al.id = fa.action_line_id
       WHERE r.state IN {REPORTED} GROUP BY r.implementing_body_id, r.cycle_id, al.priority_area_id""",
    f"""SELECT lb.sectoralbody_id, r.cycle_id, al.priority_area_id, COUNT(*)
       FROM workplan_activity_lead_bodies lb JOIN monitoring_activityreport r
         ON r.activity_id = lb.activity_id AND r.implementing_body_id = lb.sectoralbody_id
       JOIN workplan_activity a ON a.id = lb.activity_id JOIN workplan_focusarea fa ON fa.id = a.focus_area_id
       JOIN workplan_actionline al ON al.id = fa.action_line_id
       WHERE r.state IN {REPORTED} GROUP BY lb.sectoralbody_id, r.cycle_id, al.priority_area_id""",
    f"""SELECT ms.memberstate_id, r.cycle_id, COUNT(*) FROM monitoring_participation ms
       JOIN monitoring_activityreport r ON r.id = ms.activityreport_id
       WHERE r.state IN {REPORTED} GROUP BY ms.memberstate_id, r.cycle_id""",
    f"""SELECT r.cycle_id,
         COUNT(DISTINCT r.activity_id) FILTER (WHERE r.state = 'accepted'),
         COUNT(DISTINCT r.activity_id) FILTER (WHERE r.state IN {REPORTED}),
         COUNT(DISTINCT r.activity_id) FILTER (WHERE r.state IN ('submitted', 'accepted', 'returned')),
         COUNT(DISTINCT r.activity_id),
         COUNT(*) FILTER (WHERE r.state IN {REPORTED} AND r.implementation_status = 'completed')
       FROM monitoring_activityreport r GROUP BY r.cycle_id""",
    f"""SELECT r.cycle_id, o.level, COUNT(*) FROM monitoring_outputachievement o
       JOIN monitoring_activityreport r ON r.id = o.report_id WHERE r.state IN {REPORTED} GROUP BY r.cycle_id, o.level""",
]


def median_ms(action, repeat, before=lambda: None):
    """Median time of `action`, after one untimed run; `before` runs ahead of each, untimed."""
    before()
    action()  # warm: connection, template and statement caches
    times = []
    for _ in range(repeat):
        before()
        started = time.perf_counter()
        action()
        times.append(time.perf_counter() - started)
    return 1000 * statistics.median(times)


def timed(action):
    started = time.perf_counter()
    action()
    return 1000 * (time.perf_counter() - started)


def raw_figures(cycle_id):
    with connection.cursor() as cursor:
        for sql in RAW_SQL:
            cursor.execute(sql.replace("%(cycle)s", "%s"), [cycle_id] if "%(cycle)s" in sql else [])
            cursor.fetchall()


def page(client, url):
    def get():
        response = client.get(url)
        assert response.status_code == 200, (url, response.status_code)
        return response
    return get


def run(scale, repeat):
    started = time.perf_counter()
    call_command("load_plans", verbosity=0)
    call_command("load_cycles", verbosity=0)
    generated = generate(scale=scale)
    if connection.vendor == "postgresql":
        # What autovacuum does within a minute of a bulk load: without it the first requests would
        # measure the planner's guesses about tables it has no statistics on.
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE")
    setup = time.perf_counter() - started
    client = Client()
    client.force_login(User.objects.get(username="mtf-cochair-1"))
    cycle = ReportingCycle.objects.current()
    print(f"\n{connection.vendor} scale {scale}×: {generated.reports} reports, {generated.achievements} achievements, "
          f"{ActivityReport.objects.values('activity').distinct().count()} activities reported, generated in {setup:.0f} s")
    results = {}
    dashboard = page(client, "/plans/bali-work-plan/dashboard/")

    cache.clear()
    queries = count_queries(dashboard)
    # Counted afresh and the raw SQL of the same figures, request by request in turn, so that both
    # meet the same load on the machine.
    afresh, raw = [], []
    raw_figures(cycle.pk)
    for _ in range(repeat + 1):
        cache.clear()
        afresh.append(timed(dashboard))
        raw.append(timed(lambda: raw_figures(cycle.pk)))
    results["dashboard"], raw = statistics.median(afresh[1:]), statistics.median(raw[1:])
    print(f"  {'dashboard (afresh)':20} median {results['dashboard']:8.1f} ms  {queries:3} queries")
    print(f"  {'raw SQL figures':20} median {raw:8.1f} ms  {len(RAW_SQL):3} queries")
    report = ActivityReport.objects.filter(cycle=cycle).first()
    submitted = list(ActivityReport.objects.filter(cycle=cycle, state="draft")[: repeat + 3])
    statuses = list(ActivityReport.Status.values)

    def save():  # a body has just saved a report of the current cycle with a new implementation status
        report.implementation_status = statuses[(statuses.index(report.implementation_status) + 1) % len(statuses)]
        report.save()

    def edit():  # a body has just edited a report's assessment: nothing counted changes
        report.assessment = f"Reviewed {time.perf_counter()}"
        report.save()

    def submit():  # a report's state changes: it now counts in the Member State participation too
        draft = submitted.pop()
        draft.state = "submitted"
        draft.save(update_fields=["state", "updated_at"])

    for label, change in [("after a save", save), ("after a submit", submit), ("after an edit", edit)]:
        change()
        queries = count_queries(dashboard)
        results[label] = median_ms(dashboard, repeat, before=change)
        print(f"  {'dashboard ' + label:20} median {results[label]:8.1f} ms  {queries:3} queries")
    for label, url in [
        ("dashboard (cached)", "/plans/bali-work-plan/dashboard/"),
        ("annual report 2024", "/plans/bali-work-plan/dashboard/annual-report/?cycle=2024"),
        ("report list", "/plans/bali-work-plan/reports/"),
    ]:
        get = page(client, url)
        queries = count_queries(get)
        results[label] = median_ms(get, repeat)
        print(f"  {label:20} median {results[label]:8.1f} ms  {queries:3} queries")
    if write_xlsx:
        started = time.perf_counter()
        size = len(write_xlsx(ReportingCycle.objects.get(plan__slug="bali-work-plan", year=2024)))
        print(f"  {'annual report xlsx':20} once   {1000 * (time.perf_counter() - started):8.1f} ms  ({size // 1024} kB, all entries)")
    print(f"  dashboard afresh / raw SQL = {results['dashboard'] / raw:.2f}; "
          f"after a save / raw SQL = {results['after a save'] / raw:.2f}; "
          f"cached / raw SQL = {results['dashboard (cached)'] / raw:.2f}")


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--scales", type=int, nargs="+", default=[1, 10, 100])
    parser.add_argument("--requests", type=int, default=7)
    args = parser.parse_args()
    at_each_scale(args.scales, lambda scale: run(scale, args.requests))


if __name__ == "__main__":
    main()
