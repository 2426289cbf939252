"""Load test: secretariat staff saving reports, MTF co-chairs reading the dashboard and Member States'
focal points filling in their national report, at once; optionally against a second checkout side by side.

    DATABASE_URL=postgres://…/bwp_load python bench/load.py [--scale 10] [--users 20] [--duration 60]
        [--against REV]

Fills the database named by DATABASE_URL (it must exist; an empty one is migrated and filled with
the plans and synthetic reports at --scale, a filled one is reused), starts gunicorn on 127.0.0.1
only with the production worker count, and runs --users simulated people for --duration seconds (at
most --max-requests requests). Seven in ten are staff: open "My activities", open one of their
body's draft reports, change the assessment and save. One in ten is a Member State's focal point:
open an area of the state's draft national report and save it. The others are co-chairs: open the
dashboard for a random cycle and priority area, now and then the review queue. They arrive one by
one over the first two think times, at a server just started with an empty cache, and each waits
--think seconds (±50 %) between pages, as people do. Prints requests per second, the median and
95th percentile latency of each kind of request, the slowest requests and when they came, and every
error (5xx, refused saves, no answer).

With --against REV (a commit, a branch, a release), REV is checked out in a git worktree of its own
(under the system's temporary directory, kept for the next run), its own database (DATABASE_URL's
name + "_" + REV, created if missing) is migrated with REV's migrations and filled by REV's own
commands at the same --scale and seed, and it is served by its own gunicorn on --port + 1 with as
many workers. Every person then does each round of pages on one checkout, then the next round on
the other, so that both meet the same load on the same machine; the figures are printed per
checkout. Pages REV does not have (the national reports of an older release) are left out for it.
"""


import argparse
import os
import random
import secrets
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections import defaultdict
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.http_session import Session, form_fields, replace  # noqa: E402

PASSWORD = "bali-workplan-demo"
SEED = 2019


class Checkout:
    """One version of the site under load: its code, its database, its server."""

    def __init__(self, label, root, database_url, port):
        self.label, self.root, self.database_url, self.port = label, Path(root), database_url, port
        self.base = f"http://127.0.0.1:{port}"
        self.paths = {}  # kind of page → its address on this version (absent: the version has none)
        self.staff, self.focal_points = [], []

    def manage(self, *args, env):
        return subprocess.run([sys.executable, "manage.py", *args], cwd=self.root, env={**env, "DATABASE_URL": self.database_url},
                              check=True, capture_output=True, text=True)

    def query(self, code, env):
        """Run `code` with Django set up against this checkout's database and return what it prints."""
        return subprocess.run(
            [sys.executable, "-c", "import django; django.setup()\n" + code], cwd=self.root, text=True, check=True,
            capture_output=True, env={**env, "DJANGO_SETTINGS_MODULE": "config.settings", "DATABASE_URL": self.database_url},
        ).stdout

    def commands(self, env):
        return self.manage("help", "--commands", env=env).stdout.split()


def ensure_database(url):
    """Create the PostgreSQL database of `url` if it does not exist (its server must be up)."""
    import psycopg

    parts = urlsplit(url)
    name = parts.path.lstrip("/")
    with psycopg.connect(urlunsplit(parts._replace(path="/postgres")), autocommit=True) as connection:
        if not connection.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone():
            connection.execute(f'CREATE DATABASE "{name}"')


def prepare(checkout, env, scale):
    checkout.manage("migrate", "-v0", env=env)
    reports = int(checkout.query("from monitoring.models import ActivityReport; print(ActivityReport.objects.count())", env))
    if reports:
        print(f"[{checkout.label}] Reusing the database: {reports} reports.")
        return
    commands = checkout.commands(env)
    # Older versions load one plan ("load_workplan") and have no national reports.
    checkout.manage("load_plans" if "load_plans" in commands else "load_workplan", env=env)
    checkout.manage("load_cycles", env=env)
    if "load_national_cycles" in commands:
        checkout.manage("load_national_cycles", env=env)
    started = time.perf_counter()
    generated = checkout.manage("generate_scale_data", "--scale", str(scale), env=env).stdout.strip()
    print(f"[{checkout.label}]", generated.replace("\n", f"\n[{checkout.label}] "), f"({time.perf_counter() - started:.0f} s)")
    checkout.query("from django.db import connection\nwith connection.cursor() as c: c.execute('VACUUM ANALYZE')", env)


ASSIGNMENTS = """
from bodies.models import Membership
from monitoring.models import ActivityReport
try:
    from reporting.models import ReportingCycle
except ImportError:  # before the reporting engine
    from monitoring.models import ReportingCycle
cycles = ReportingCycle.objects.all()
if hasattr(cycles.model, "plan"):
    cycles = cycles.filter(plan__slug="bali-work-plan")
cycle = cycles.current()
users = {}
for m in Membership.objects.select_related("user", "body").filter(user__username__contains="-staff-"):
    users.setdefault(m.body_id, []).append(m.user.username)
for report in ActivityReport.objects.filter(cycle=cycle, state__in=["draft", "returned"]).order_by("pk"):
    if users.get(report.implementing_body_id):
        print("staff", users[report.implementing_body_id].pop(), f"/monitoring/reports/{report.pk}/edit/")
try:
    from national.models import NationalReport
except ImportError:
    NationalReport = None
if NationalReport is not None:
    seen = set()
    for report in (NationalReport.objects.filter(state__in=["draft", "returned"]).select_related("member_state", "cycle__plan")
                   .order_by("-cycle__year", "pk")):
        if report.member_state_id in seen:
            continue
        seen.add(report.member_state_id)
        area = report.cycle.plan.priority_areas.order_by("number").first()
        print("focal", f"focal-{report.member_state.code.lower()}", f"/national-reports/{report.pk}/areas/{area.number}/")
"""


def assign(checkout, env, staff, focal_points):
    """Give `staff` people a draft report each of one of their bodies (no two the same), and up to
    `focal_points` people a draft national report each of their own state."""
    rows = [line.split() for line in checkout.query(ASSIGNMENTS, env).splitlines()]
    checkout.staff = [(user, url) for kind, user, url in rows if kind == "staff"][:staff]
    checkout.focal_points = [(user, url) for kind, user, url in rows if kind == "focal"][:focal_points]
    if len(checkout.staff) < staff:
        raise SystemExit(f"[{checkout.label}] only {len(checkout.staff)} staff with a draft report; use a larger --scale")


def find_paths(checkout):
    """The address of each page on this version: today's, or the older ones of a release before the plans' pages."""
    # Any answer but "not found" (even an error of the page itself) means the plans' pages exist.
    if Session(checkout.base).get("/plans/bali-work-plan/")[0] != 404:
        plan = "/plans/bali-work-plan"
        checkout.paths = {"my activities": f"{plan}/my-activities/", "dashboard": f"{plan}/dashboard/",
                          "review queue": f"{plan}/review/"}
    else:
        checkout.paths = {"my activities": "/monitoring/activities/", "dashboard": "/dashboard/", "review queue": "/monitoring/review/"}


def start_server(checkout, env, workers):
    gunicorn = Path(sys.executable).with_name("gunicorn")
    # The server's log goes to a file: a pipe nobody reads would fill and block the server mid-request.
    log = tempfile.NamedTemporaryFile(prefix=f"bwp-load-server-{checkout.label}-", suffix=".log", delete=False)
    server = subprocess.Popen(
        [str(gunicorn), "config.wsgi", "--bind", f"127.0.0.1:{checkout.port}", "--workers", str(workers), "--timeout", "60"],
        cwd=checkout.root, env={**env, "DATABASE_URL": checkout.database_url,
                                "CACHE_DIR": tempfile.mkdtemp(prefix=f"bwp-load-cache-{checkout.label}-")},
        stdout=subprocess.DEVNULL, stderr=log, start_new_session=True,
    )
    for _ in range(200):
        try:
            Session(checkout.base).get("/healthz")
            break
        except OSError:
            time.sleep(0.3)
    return server


class Results:
    def __init__(self):
        self.lock = threading.Lock()
        self.started = time.monotonic()
        self.times = defaultdict(list)  # (checkout, kind) → seconds
        self.slowest = []  # (seconds, checkout, kind, when it was asked for, in seconds since the start)
        self.errors = []

    def record(self, checkout, kind, status, seconds, expected=(200,), detail=""):
        with self.lock:
            self.times[checkout.label, kind].append(seconds)
            self.slowest = sorted([*self.slowest, (seconds, checkout.label, kind, time.monotonic() - seconds - self.started)])[-5:]
            if status not in expected:
                self.errors.append(f"[{checkout.label}] {kind}: {status} {detail}"[:300])

    def total(self):
        return sum(len(t) for t in self.times.values())


def arrive(think):
    """People start one by one over the first two think times, not all in the same millisecond."""
    time.sleep(random.uniform(0, 2 * think))


def pause(think):
    time.sleep(think * random.uniform(0.5, 1.5))


def rounds(work, until, budget):
    """Each person's rounds of pages, one checkout after the other (half the people start with each)."""
    if random.random() < 0.5:
        work = work[::-1]
    n = 0
    while time.monotonic() < until and budget():
        for checkout, session, page in work:
            if time.monotonic() >= until or not budget():
                return
            n += 1
            yield n, checkout, session, page


def staff_person(work, username, results, until, think, budget):
    """`work`: (checkout, session, edit URL) for each checkout."""
    arrive(think)
    for n, checkout, session, edit_url in rounds(work, until, budget):
        status, _, _, seconds = session.get(checkout.paths["my activities"])
        results.record(checkout, "my activities", status, seconds)
        pause(think)
        status, page, _, seconds = session.get(edit_url)
        results.record(checkout, "report form", status, seconds)
        if status != 200:
            continue
        pause(think)
        fields = replace(form_fields(page, "report-form"), {"assessment": f"Load test save {n} by {username}"})
        status, page, _, seconds = session.post(edit_url, [*fields, ("save", "")])
        results.record(checkout, "save report", status, seconds, expected=(302,), detail=page[-200:] if status == 200 else "")
        pause(think)


def focal_point_person(work, results, until, think, budget):
    """`work`: (checkout, session, area URL) for each checkout that has national reports."""
    arrive(think)
    for _, checkout, session, area_url in rounds(work, until, budget):
        status, page, _, seconds = session.get(area_url)
        results.record(checkout, "national area", status, seconds)
        if status != 200:
            continue
        pause(think)
        status, page, _, seconds = session.post(area_url, form_fields(page, "report-form"))
        results.record(checkout, "save national", status, seconds, expected=(302,), detail=page[-200:] if status == 200 else "")
        pause(think)


def cochair_person(work, results, until, think, budget):
    """`work`: (checkout, session, None) for each checkout."""
    arrive(think)
    for _, checkout, session, _ in rounds(work, until, budget):
        cycle = random.choice(range(2019, 2026))
        area = random.choice(["", "1", "2", "3", "4"])
        status, _, _, seconds = session.get(f"{checkout.paths['dashboard']}?cycle={cycle}&priority_area={area}")
        results.record(checkout, "dashboard", status, seconds)
        if random.random() < 0.3:
            status, _, _, seconds = session.get(checkout.paths["review queue"])
            results.record(checkout, "review queue", status, seconds)
        pause(think)


def percentile(values, fraction):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(fraction * len(ordered)))]


def against_checkout(rev, database_url, port):
    """A git worktree of `rev` (made once, kept for the next run) with its own database beside DATABASE_URL's."""
    commit = subprocess.run(["git", "rev-parse", "--short", f"{rev}^{{commit}}"], cwd=ROOT, check=True,
                            capture_output=True, text=True).stdout.strip()
    where = Path(tempfile.gettempdir()) / f"bwp-load-{commit}"
    if not where.exists():
        subprocess.run(["git", "worktree", "add", "--detach", str(where), commit], cwd=ROOT, check=True, capture_output=True)
    parts = urlsplit(database_url)
    url = urlunsplit(parts._replace(path=f"{parts.path}_{commit}"))
    ensure_database(url)
    return Checkout(commit, where, url, port)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--scale", type=int, default=10)
    parser.add_argument("--users", type=int, default=20)
    parser.add_argument("--duration", type=float, default=60)
    parser.add_argument("--max-requests", type=int, default=5000)
    parser.add_argument("--think", type=float, default=1.0, help="seconds between a person's pages, on average")
    parser.add_argument("--port", type=int, default=8765)
    parser.add_argument("--workers", type=int, default=2 * os.cpu_count() + 1, help="gunicorn workers of each checkout")
    parser.add_argument("--against", metavar="REV", help="a second checkout (commit, branch) to load side by side")
    args = parser.parse_args()
    if "DATABASE_URL" not in os.environ:
        raise SystemExit("set DATABASE_URL to the database to load (PostgreSQL for realistic figures)")
    env = {
        **os.environ, "DEBUG": "0", "HTTPS": "0", "STATICFILES_COLLECTED": "0", "ALLOWED_HOSTS": "127.0.0.1",
        "SECRET_KEY": os.environ.get("SECRET_KEY", secrets.token_urlsafe(50)), "AXES_FAILURE_LIMIT": "1000",
    }
    head = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True).stdout.strip()
    checkouts = [Checkout(head or "this", ROOT, os.environ["DATABASE_URL"], args.port)]
    if args.against:
        checkouts.append(against_checkout(args.against, os.environ["DATABASE_URL"], args.port + 1))
    staff_count = args.users * 7 // 10
    focal_count = args.users // 10
    for checkout in checkouts:
        prepare(checkout, env, args.scale)
        assign(checkout, env, staff_count, focal_count)
    focal_count = max(len(checkout.focal_points) for checkout in checkouts)
    cochairs = args.users - staff_count - focal_count
    servers = []
    try:
        for checkout in checkouts:
            servers.append(start_server(checkout, env, args.workers))
        for checkout in checkouts:
            find_paths(checkout)
        # Everyone logs in before the clock starts: a login hashes the password on purpose slowly, and
        # twenty at the same second are a storm no real morning has; the figures are of the work after.
        sessions = {}

        def session(checkout, username):
            if (checkout.label, username) not in sessions:
                sessions[checkout.label, username] = Session(checkout.base)
                sessions[checkout.label, username].log_in(username, PASSWORD)
            return sessions[checkout.label, username]

        threads, results = [], Results()
        budget = lambda: results.total() < args.max_requests  # noqa: E731
        until = [0]
        for n in range(staff_count):
            work = [(c, session(c, c.staff[n][0]), c.staff[n][1]) for c in checkouts]
            threads.append(lambda work=work, name=checkouts[0].staff[n][0]: staff_person(work, name, results, until[0], args.think, budget))
        for n in range(focal_count):
            work = [(c, session(c, c.focal_points[n][0]), c.focal_points[n][1]) for c in checkouts if n < len(c.focal_points)]
            threads.append(lambda work=work: focal_point_person(work, results, until[0], args.think, budget))
        for n in range(cochairs):
            work = [(c, session(c, f"mtf-cochair-{1 + n % 2}"), None) for c in checkouts]
            threads.append(lambda work=work: cochair_person(work, results, until[0], args.think, budget))
        threads = [threading.Thread(target=target) for target in threads]
        until[0] = time.monotonic() + args.duration
        started = results.started = time.monotonic()
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        elapsed = time.monotonic() - started
    finally:
        for server in servers:
            os.killpg(server.pid, signal.SIGTERM)
        for server in servers:
            server.wait(timeout=30)
    total = results.total()
    print(f"{staff_count} staff, {focal_count} focal points and {cochairs} co-chairs for {elapsed:.0f} s against "
          f"{args.workers} gunicorn workers per checkout (think time {args.think} s, scale {args.scale}): "
          f"{total} requests, {total / elapsed:.1f} requests/s, {len(results.errors)} errors")
    for checkout in checkouts:
        print(f"  {checkout.label} ({checkout.root}):")
        for (label, kind), times in sorted(results.times.items()):
            if label == checkout.label:
                print(f"    {kind:14} {len(times):5} requests  median {1000 * statistics.median(times):7.1f} ms  "
                      f"p95 {1000 * percentile(times, 0.95):7.1f} ms")
    print("  slowest:", "; ".join(f"[{label}] {kind} {1000 * seconds:.0f} ms at {when:.1f} s"
                                  for seconds, label, kind, when in reversed(results.slowest)))
    for error in results.errors[:20]:
        print("  error:", error)


if __name__ == "__main__":
    main()
