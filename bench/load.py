"""Load test: secretariat staff saving reports and MTF co-chairs reading the dashboard, at once.

    DATABASE_URL=postgres://…/bwp_load python bench/load.py [--scale 10] [--users 20] [--duration 60]

Fills the database named by DATABASE_URL (it must exist; an empty one is migrated and filled with
the Work Plan and synthetic reports at --scale, a filled one is reused), starts gunicorn on
127.0.0.1 only with the production worker count, and runs --users simulated people for --duration
seconds (at most --max-requests requests). Seven in ten are staff: open "My activities", open one of
their body's draft reports, change the assessment and save. The others are co-chairs: open the
dashboard for a random cycle and priority area, now and then the review queue. They arrive one by
one over the first two think times, at a server just started with an empty cache, and each waits
--think seconds (±50 %) between pages, as people do. Prints requests per second, the median and
95th percentile latency of each kind of request, the slowest requests and when they came, and every
error (5xx, refused saves, no answer).
"""

import argparse
import os
import random
import secrets
import signal
import statistics
import tempfile
import subprocess
import sys
import threading
import time
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.http_session import Session, form_fields, replace  # noqa: E402
from reporting.models import ReportingCycle

PASSWORD = "bali-workplan-demo"


def manage(*args, env):
    return subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT, env=env, check=True, capture_output=True, text=True)


def django_query(code, env):
    """Run `code` in a Django shell against the load database and return what it prints."""
    return subprocess.run(
        [sys.executable, "-c", "import django; django.setup()\n" + code], cwd=ROOT, text=True, check=True,
        capture_output=True, env={**env, "DJANGO_SETTINGS_MODULE": "config.settings"},
    ).stdout


def prepare(env, scale):
    manage("migrate", "-v0", env=env)
    reports = int(django_query("from monitoring.models import ActivityReport; print(ActivityReport.objects.count())", env))
    if reports:
        print(f"Reusing the database: {reports} reports.")
        return
    manage("load_plans", env=env)
    manage("load_cycles", env=env)
    started = time.perf_counter()
    print(manage("generate_scale_data", "--scale", str(scale), env=env).stdout.strip(),
          f"({time.perf_counter() - started:.0f} s)")


def staff_assignments(env, people):
    """(username, edit URL) for staff, each on a draft report of one of their bodies, no two on the same."""
    code = """
from monitoring.models import ActivityReport
from bodies.models import Membership
cycle = ReportingCycle.objects.current()
users = {}
for m in Membership.objects.select_related("user", "body").filter(user__username__contains="-staff-"):
    users.setdefault(m.body_id, []).append(m.user.username)
for report in ActivityReport.objects.filter(cycle=cycle, state__in=["draft", "returned"]).order_by("pk"):
    if users.get(report.implementing_body_id):
        print(users[report.implementing_body_id].pop(), f"/monitoring/reports/{report.pk}/edit/")
"""
    pairs = [line.split() for line in django_query(code, env).splitlines()]
    if len(pairs) < people:
        raise SystemExit(f"only {len(pairs)} staff with a draft report; use a larger --scale")
    return pairs[:people]


class Results:
    def __init__(self):
        self.lock = threading.Lock()
        self.started = time.monotonic()
        self.times = defaultdict(list)
        self.slowest = []  # (seconds, kind, when it was asked for, in seconds since the start)
        self.errors = []

    def record(self, kind, status, seconds, expected=(200,), detail=""):
        with self.lock:
            self.times[kind].append(seconds)
            self.slowest = sorted([*self.slowest, (seconds, kind, time.monotonic() - seconds - self.started)])[-5:]
            if status not in expected:
                self.errors.append(f"{kind}: {status} {detail}"[:300])


def arrive(think):
    """People start one by one over the first two think times, not all in the same millisecond."""
    time.sleep(random.uniform(0, 2 * think))


def staff_person(session, username, edit_url, results, until, think, budget):
    arrive(think)
    n = 0
    while time.monotonic() < until and budget():
        status, _, _, seconds = session.get("/plans/bali-work-plan/my-activities/")
        results.record("my activities", status, seconds)
        time.sleep(think * random.uniform(0.5, 1.5))
        status, page, _, seconds = session.get(edit_url)
        results.record("report form", status, seconds)
        if status != 200:
            continue
        time.sleep(think * random.uniform(0.5, 1.5))
        n += 1
        fields = replace(form_fields(page, "report-form"), {"assessment": f"Load test save {n} by {username}"})
        status, page, _, seconds = session.post(edit_url, [*fields, ("save", "")])
        results.record("save report", status, seconds, expected=(302,), detail=page[-200:] if status == 200 else "")
        time.sleep(think * random.uniform(0.5, 1.5))


def cochair_person(session, results, until, think, budget):
    arrive(think)
    while time.monotonic() < until and budget():
        cycle = random.choice(range(2019, 2026))
        area = random.choice(["", "1", "2", "3", "4"])
        status, _, _, seconds = session.get(f"/plans/bali-work-plan/dashboard/?cycle={cycle}&priority_area={area}")
        results.record("dashboard", status, seconds)
        if random.random() < 0.3:
            status, _, _, seconds = session.get("/plans/bali-work-plan/review/")
            results.record("review queue", status, seconds)
        time.sleep(think * random.uniform(0.5, 1.5))


def percentile(values, fraction):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(fraction * len(ordered)))]


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--scale", type=int, default=10)
    parser.add_argument("--users", type=int, default=20)
    parser.add_argument("--duration", type=float, default=60)
    parser.add_argument("--max-requests", type=int, default=5000)
    parser.add_argument("--think", type=float, default=1.0, help="seconds between a person's pages, on average")
    parser.add_argument("--port", type=int, default=8765)
    args = parser.parse_args()
    if "DATABASE_URL" not in os.environ:
        raise SystemExit("set DATABASE_URL to the database to load (PostgreSQL for realistic figures)")
    env = {
        **os.environ, "DEBUG": "0", "HTTPS": "0", "STATICFILES_COLLECTED": "0", "ALLOWED_HOSTS": "127.0.0.1",
        "SECRET_KEY": os.environ.get("SECRET_KEY", secrets.token_urlsafe(50)), "AXES_FAILURE_LIMIT": "1000",
        "CACHE_DIR": tempfile.mkdtemp(prefix="bwp-load-cache-"),  # shared by the workers, as bin/serve-production does
    }
    prepare(env, args.scale)
    staff = staff_assignments(env, args.users * 7 // 10)
    cochairs = args.users - len(staff)
    workers = 2 * os.cpu_count() + 1
    gunicorn = Path(sys.executable).with_name("gunicorn")
    # The server's log goes to a file: a pipe nobody reads would fill and block the server mid-request.
    log = tempfile.NamedTemporaryFile(prefix="bwp-load-server-", suffix=".log", delete=False)
    server = subprocess.Popen(
        [str(gunicorn), "config.wsgi", "--bind", f"127.0.0.1:{args.port}", "--workers", str(workers), "--timeout", "60"],
        cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=log, start_new_session=True,
    )
    base = f"http://127.0.0.1:{args.port}"
    try:
        for _ in range(100):
            try:
                if Session(base).get("/plans/bali-work-plan/")[0] == 200:
                    break
            except OSError:
                time.sleep(0.3)
        # Everyone logs in before the clock starts: a login hashes the password on purpose slowly, and
        # twenty at the same second are a storm no real morning has; the figures are of the work after.
        sessions = {}
        for username in [user for user, _ in staff] + [f"mtf-cochair-{1 + n % 2}" for n in range(cochairs)]:
            if username not in sessions:
                sessions[username] = Session(base)
                sessions[username].log_in(username, PASSWORD)
        results = Results()
        budget = lambda: sum(len(t) for t in results.times.values()) < args.max_requests  # noqa: E731
        until = time.monotonic() + args.duration
        threads = [threading.Thread(target=staff_person, args=(sessions[user], user, url, results, until, args.think, budget))
                   for user, url in staff]
        threads += [threading.Thread(target=cochair_person, args=(sessions[f"mtf-cochair-{1 + n % 2}"], results, until, args.think, budget))
                    for n in range(cochairs)]
        started = results.started = time.monotonic()
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        elapsed = time.monotonic() - started
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=30)
    total = sum(len(t) for t in results.times.values())
    print(f"{len(staff)} staff and {cochairs} co-chairs for {elapsed:.0f} s against {workers} gunicorn workers "
          f"(think time {args.think} s): {total} requests, {total / elapsed:.1f} requests/s, {len(results.errors)} errors")
    for kind, times in sorted(results.times.items()):
        print(f"  {kind:14} {len(times):5} requests  median {1000 * statistics.median(times):7.1f} ms  "
              f"p95 {1000 * percentile(times, 0.95):7.1f} ms")
    print("  slowest:", "; ".join(f"{kind} {1000 * seconds:.0f} ms at {when:.1f} s" for seconds, kind, when in reversed(results.slowest)))
    for error in results.errors[:20]:
        print("  error:", error)


if __name__ == "__main__":
    main()
