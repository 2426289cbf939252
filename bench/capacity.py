"""Benchmark: CPU milliseconds per request of each page, for sizing the app servers and the database.

    DATABASE_URL=postgres://… python bench/capacity.py [--scale 10] [--requests 30]

A throwaway test database gets the plans, their cycles and the synthetic reports of
`generate_scale_data` at the given scale. Each page is then requested through Django's test client
(the whole stack: middleware, session, views, queries, templates) as the role that uses it, once to
warm the caches and then `--requests` times. Printed per page: the app process's CPU time per request
(what an app server core spends: requests/s per core = 1000 / that), and on PostgreSQL the CPU time of
the database backend serving the same connection (read from /proc, so the database must run on this
machine), with the median wall time and the number of queries.
"""

import argparse
import io
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
from bench.environment import prepare  # noqa: E402

prepare()

import django  # noqa: E402

django.setup()

from django.contrib.auth.models import User  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import setup_databases, setup_test_environment, teardown_databases  # noqa: E402

from bench.queries import count_queries  # noqa: E402
from monitoring.models import ActivityReport  # noqa: E402
from demo.synthetic import generate, generate_in_apps  # noqa: E402
from national.models import NationalReport  # noqa: E402
from reporting.models import ReportingCycle

TICKS = os.sysconf("SC_CLK_TCK")


def backend_cpu_seconds():
    """CPU time used so far by the PostgreSQL backend of this connection; 0 where it cannot be read."""
    if connection.vendor != "postgresql":
        return 0.0
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        pid = cursor.fetchone()[0]
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / TICKS  # utime + stime


def measure(client, url, requests):
    response = client.get(url)  # warm: caches filled, connection open
    assert response.status_code == 200, (url, response.status_code)
    queries = count_queries(lambda: client.get(url))
    walls = []
    cpu_before, db_before = time.process_time(), backend_cpu_seconds()
    for _ in range(requests):
        started = time.perf_counter()
        client.get(url)
        walls.append(time.perf_counter() - started)
    app = (time.process_time() - cpu_before) / requests * 1000
    database = (backend_cpu_seconds() - db_before) / requests * 1000
    return app, database, statistics.median(walls) * 1000, queries


def pages():
    """(label, username, url) of the pages people use most, each as the role that uses it."""
    cycle = ReportingCycle.objects.filter(plan__slug="bali-work-plan").current()
    draft = ActivityReport.objects.filter(cycle=cycle, implementing_body__abbreviation="SOMTC",
                                          state__in=[ActivityReport.State.DRAFT, ActivityReport.State.RETURNED]).first()
    national_draft = (NationalReport.objects.filter(cycle__plan__slug="acpoa-ct", state__in=["draft", "returned"])
                      .select_related("member_state").order_by("-cycle__year").first())
    focal_point = f"focal-{national_draft.member_state.code.lower()}"  # made by the national synthetic data
    first_area = national_draft.cycle.plan.priority_areas.order_by("number").first().number  # the ACPoA's start at 3
    plan = "/plans/bali-work-plan"
    return [
        ("matrix", None, f"{plan}/"),
        ("action line", None, f"{plan}/1.8/"),
        ("activity", None, f"{plan}/activities/1.8.3/"),
        ("My activities", "somtc-staff-1", f"{plan}/my-activities/"),
        ("report form", "somtc-staff-1", f"/monitoring/reports/{draft.pk}/edit/"),
        ("report page", "mtf-cochair-1", f"/monitoring/reports/{draft.pk}/"),
        ("report list", "mtf-cochair-1", f"{plan}/reports/"),
        ("review queue", "mtf-cochair-1", f"{plan}/review/"),
        ("dashboard", "mtf-cochair-1", f"{plan}/dashboard/"),
        ("annual report", "mtf-cochair-1", f"{plan}/dashboard/annual-report/?cycle={cycle.year}"),
        ("national report form", focal_point, f"/national-reports/{national_draft.pk}/areas/{first_area}/"),
        ("summary report", "wgct-chair", f"/plans/acpoa-ct/national-reports/summary/?cycle={cycle.year}"),
        ("WG chair dashboard", "wgct-chair", f"/plans/acpoa-ct/national-reports/dashboard/?cycle={cycle.year}"),
        ("health check", None, "/healthz"),
    ]


def run(scale, requests):
    call_command("load_plans", verbosity=0)
    call_command("load_cycles", verbosity=0)
    call_command("load_national_cycles", verbosity=0)
    call_command("create_demo_users", stdout=io.StringIO())  # wgct-chair, among others
    generated = generate(scale=scale)
    print(f"\n{connection.vendor} scale {scale}×: {generated.reports} reports, {generated.achievements} achievements")
    for line in generate_in_apps(scale=scale):
        print(f"  {line}")
    print(f"  {'page':16} {'app CPU ms':>10} {'req/s/core':>10} {'DB CPU ms':>10} {'wall ms':>8} {'queries':>7}")
    for label, username, url in pages():
        client = Client()
        if username:
            client.force_login(User.objects.get(username=username))
        app, database, wall, queries = measure(client, url, requests)
        db = f"{database:10.1f}" if connection.vendor == "postgresql" else f"{'(in app)':>10}"
        print(f"  {label:16} {app:10.1f} {1000 / app:10.0f} {db} {wall:8.1f} {queries:7}")


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--scale", type=int, default=10)
    parser.add_argument("--requests", type=int, default=30)
    args = parser.parse_args()
    setup_test_environment()
    old = setup_databases(verbosity=0, interactive=False)
    try:
        run(args.scale, args.requests)
    finally:
        teardown_databases(old, verbosity=0)


if __name__ == "__main__":
    main()
