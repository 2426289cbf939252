"""The site as it runs on several servers: two gunicorn app servers and a task worker behind HAProxy,
sharing one PostgreSQL, one Redis and one S3-compatible store, all real and on 127.0.0.1.

A stream of saves goes through the balancer while one app server is killed and later started again:
no confirmed save is lost and only the requests in flight at the kill fail. A login, an uploaded
document and an import preview made on one server are used on the other; a document being built when
the worker is killed is finished by the restarted worker.

It starts its own PostgreSQL, so it runs once per CI run, in the SQLite pass.
"""

import io
import json
import os
import re
import secrets
import shutil
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import openpyxl
import pytest

from bench.http_session import Session, fetch, form_fields, free_port, replace
from tests.servers import PGBIN, Cluster, output, redis_server, s3_server, start, stop, wait_until

ROOT = Path(__file__).resolve().parents[2]
PASSWORD = "bali-workplan-demo"
BUCKET = "tracker-documents"

pytestmark = [
    pytest.mark.skipif(not PGBIN or os.geteuid() != 0, reason="needs PostgreSQL's binaries and root to run them as postgres"),
    pytest.mark.skipif(not (shutil.which("haproxy") or Path("/usr/sbin/haproxy").exists()) or not shutil.which("redis-server"),
                       reason="needs haproxy and redis-server (Debian packages, installed by .ci/run)"),
    pytest.mark.skipif(os.environ.get("DATABASE_URL", "").startswith("postgres"),
                       reason="runs once per CI run, in the SQLite pass: it starts its own PostgreSQL"),
    pytest.mark.timeout(900),
]

HAPROXY = """
global
    maxconn 256
defaults
    mode http
    timeout connect 2s
    timeout client 60s
    timeout server 60s
    # A busy server answers its health check late; only a refused or failed check marks it down.
    timeout check 5s
    # A request that cannot reach a server (refused: it is down) goes to the other one; an idempotent one
    # whose server closed without answering is sent again.
    retries 3
    option redispatch 1
    retry-on conn-failure empty-response
frontend web
    bind 127.0.0.1:{port}
    option forwardfor
    unique-id-format %{{+X}}o%ci%cp%Ts%rt%pid
    unique-id-header X-Request-ID
    default_backend app
backend app
    balance roundrobin
    option httpchk
    http-check send meth GET uri /healthz ver HTTP/1.1 hdr Host 127.0.0.1
    server a 127.0.0.1:{a} check inter 500 fall 2 rise 2
    server b 127.0.0.1:{b} check inter 500 fall 2 rise 2
"""


class Site:
    """Everything the site needs, started once for the whole module."""

    def __init__(self, tmp):
        self.cluster = Cluster()
        self.cluster.start()
        self.cluster.as_postgres(f"{self.cluster.bin}/createdb -h {self.cluster.dir} -p {self.cluster.port} -U postgres site")
        self.redis, redis_url = redis_server()
        self.s3, s3_url = s3_server(BUCKET)
        self.env = {key: os.environ[key] for key in ("PATH", "HOME", "LANG") if key in os.environ}
        self.env.update(
            DEBUG="0", HTTPS="0", STATICFILES_COLLECTED="0", SECRET_KEY=secrets.token_urlsafe(50), ALLOWED_HOSTS="127.0.0.1",
            DATABASE_URL=self.cluster.url("site"), REDIS_URL=redis_url, BEHIND_PROXY="1",
            AWS_STORAGE_BUCKET_NAME=BUCKET, AWS_S3_ENDPOINT_URL=s3_url, AWS_ACCESS_KEY_ID="test",
            AWS_SECRET_ACCESS_KEY="test", AWS_S3_REGION_NAME="us-east-1",
            # A task taken by a worker that died is handed out again after this long.
            CELERY_VISIBILITY_TIMEOUT="4", MEDIA_ROOT=str(tmp / "no-media-on-disk"), AXES_FAILURE_LIMIT="1000",
            # The demo's people sign in with their password alone here: the second factor is tested on its own.
            TWO_FACTOR_REQUIRED="false",
        )
        # The synthetic reports of scale 1 give the annual report enough entries to take a while to build.
        for command in (["migrate", "-v0"], ["load_plans"], ["load_cycles"], ["create_demo_users"], ["generate_scale_data", "--scale", "1"]):
            subprocess.run([sys.executable, "manage.py", *command], cwd=ROOT, env=self.env, check=True, capture_output=True, timeout=300)
        self.ports = {"a": free_port(), "b": free_port()}
        self.app = {name: self.start_app(name) for name in self.ports}
        self.worker = self.start_worker()
        self.port = free_port()
        config = tmp / "haproxy.cfg"
        config.write_text(HAPROXY.format(port=self.port, **self.ports))
        self.haproxy = start(["haproxy", "-f", str(config), "-db"])
        wait_until(lambda: fetch(f"{self.url}/healthz")[0] == 200, what="haproxy", process=self.haproxy)

    @property
    def url(self):
        return f"http://127.0.0.1:{self.port}"

    def server(self, name):
        return f"http://127.0.0.1:{self.ports[name]}"

    def start_app(self, name):
        gunicorn = Path(sys.executable).with_name("gunicorn")
        process = start([str(gunicorn), "config.wsgi", "--bind", f"127.0.0.1:{self.ports[name]}", "--workers", "2",
                         "--timeout", "60"], env=self.env, cwd=ROOT)
        wait_until(lambda: fetch(f"{self.server(name)}/healthz")[0] == 200, what=f"app server {name}", process=process)
        return process

    def start_worker(self):
        celery = Path(sys.executable).with_name("celery")
        process = start([str(celery), "--app", "config", "worker", "--concurrency", "1", "--loglevel", "INFO"], env=self.env, cwd=ROOT)
        wait_until(lambda: "ready" in output(process), what="worker", process=process, timeout=60)
        return process

    def query(self, code):
        """Run `code` (which prints JSON) in a Django shell against the site's database."""
        result = subprocess.run([sys.executable, "-c", f"import django, json; django.setup(); {code}"], cwd=ROOT,
                                env={**self.env, "DJANGO_SETTINGS_MODULE": "config.settings"},
                                capture_output=True, text=True, timeout=60)
        assert result.returncode == 0, result.stderr[-3000:]
        return json.loads(result.stdout.strip().splitlines()[-1])

    def sql(self, query, *params):
        """One row from the site's database, straight from PostgreSQL (quick enough to poll)."""
        import psycopg

        with psycopg.connect(host=str(self.cluster.dir), port=self.cluster.port, dbname="site", user="postgres") as connection:
            return connection.execute(query, params).fetchone()

    def close(self):
        for process in [self.haproxy, self.worker, *self.app.values(), self.s3, self.redis]:
            stop(process, signal.SIGKILL)
        self.cluster.destroy()


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    site = Site(tmp_path_factory.mktemp("site"))
    yield site
    site.close()


def staff_session(base):
    session = Session(base)
    session.log_in("somtc", PASSWORD)
    return session


def unreported_codes(site, n):
    """Codes of `n` activities SOMTC leads and has no 2025 report on yet (the synthetic data holds others)."""
    return site.query(
        "from workplan.models import Activity; from monitoring.models import ActivityReport; "
        "done = ActivityReport.objects.filter(cycle__year=2025, cycle__plan__slug='bali-work-plan', "
        "implementing_body__abbreviation='SOMTC').values('activity'); "
        "print(json.dumps(list(Activity.objects.filter(plan__slug='bali-work-plan', lead_bodies__abbreviation='SOMTC')"
        f".exclude(pk__in=done).order_by('code').values_list('code', flat=True)[:{n}])))"
    )


def start_report(session, code):
    status, _, location, _ = session.post(f"/plans/bali-work-plan/cycles/2025/activities/{code}/SOMTC/start/", [])
    assert status == 302 and location.endswith("/edit/"), (status, location)
    return location


def save(session, edit_url, number):
    status, page, _, _ = session.get(edit_url)
    if status != 200:
        return status, page
    fields = replace(form_fields(page, "report-form"), {"assessment": f"Save number {number}"})
    return session.post(edit_url, [*fields, ("save", "")])[:2]


def test_a_login_made_on_one_server_holds_on_the_other(site):
    session = staff_session(site.server("a"))
    session.base = site.server("b")
    status, page, _, _ = session.get("/plans/bali-work-plan/my-activities/")
    assert status == 200 and "somtc" in page.lower()


def test_a_document_uploaded_through_one_server_downloads_through_the_other(site):
    session = staff_session(site.server("a"))
    edit_url = start_report(session, unreported_codes(site, 1)[0])
    _, page, _, _ = session.get(edit_url)
    pdf = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n" + secrets.token_bytes(2048)
    status, page, location = session.post_files(edit_url, [*form_fields(page, "report-form"), ("save", "")],
                                                {"document": ("minutes.pdf", pdf)})
    assert status == 302, re.findall(r'class="error[^"]*"[^>]*>([^<]*)', page)
    session.base = site.server("b")
    _, page, _, _ = session.get(edit_url)
    link = re.search(r'href="(/monitoring/documents/\d+/)"', page).group(1)
    status, content, headers = session.download(link)
    assert status == 200 and content == pdf and headers["Content-Type"] == "application/pdf"
    stored = site.query("from monitoring.models import ReportDocument as D; print(json.dumps(D.objects.get().file.name))")
    assert not (Path(site.env["MEDIA_ROOT"]) / stored).exists(), "the document is in the bucket, not on a server's disk"


def test_an_import_previewed_on_one_server_is_confirmed_on_the_other(site):
    book = openpyxl.load_workbook(ROOT / "fixtures" / "bali-work-plan.xlsx")
    sheet = book.active
    column = [cell.value for cell in sheet[1]].index("Indicative activities") + 1
    sheet.cell(row=2, column=column).value += " (revised in the multi-server test)"
    content = io.BytesIO()
    book.save(content)
    session = Session(site.server("a"))
    session.log_in("admin", PASSWORD)
    session.get("/admin/workplan/activity/import/")
    status, page, _ = session.post_files("/admin/workplan/activity/import/", [("plan", "bali-work-plan")],
                                         {"file": ("matrix.xlsx", content.getvalue())})
    assert status == 200 and "nothing has been written yet" in page, page[-2000:]
    # The confirm form carries the preview's token only: the plan, file and rows are read from the preview.
    confirm = [("token", re.search(r'name="token" value="([^"]*)"', page).group(1))]
    session.base = site.server("b")
    status, page, location, _ = session.post("/admin/workplan/activity/import/", [*confirm, ("confirm", "Confirm the import")])
    assert status == 302 and location.endswith("/admin/workplan/activity/"), page[-2000:]
    description = site.query("from workplan.models import Activity as A; "
                             "print(json.dumps(A.objects.get(plan__slug='bali-work-plan', code='1.1.1').text))")
    assert description.endswith("(revised in the multi-server test)")


def test_a_document_being_built_when_the_worker_dies_is_finished_by_the_restarted_worker(site):
    session = Session(site.url)
    session.log_in("cochair", PASSWORD)
    session.get("/plans/bali-work-plan/dashboard/annual-report/?cycle=2024")

    def state(build_id):
        return site.sql("SELECT state, attempts FROM builds_documentbuild WHERE id = %s", build_id)

    # The worker is killed the moment it is seen building; each try asks for another cycle's report, in
    # case a build was over before it could be seen.
    for year in (2024, 2023, 2022):
        status, _, location, _ = session.post("/plans/bali-work-plan/documents/", [
            ("kind", "annual-report-xlsx"), ("cycle", str(year)), ("priority_area", ""), ("body", "")])
        assert status == 302, status
        build_id = int(re.search(r"/documents/(\d+)/", location).group(1))
        deadline = time.monotonic() + 60
        while state(build_id)[0] == "queued" and time.monotonic() < deadline:
            time.sleep(0.005)
        if state(build_id)[0] == "running":
            stop(site.worker, signal.SIGKILL)
            if state(build_id) == ("running", 1):
                break
            site.worker = site.start_worker()  # it finished just before the kill: try again
    else:
        pytest.fail("no build could be caught running")
    site.worker = site.start_worker()
    wait_until(lambda: state(build_id)[0] == "done", what="the build to finish", timeout=120)
    assert state(build_id) == ("done", 2), "delivered again after the worker died, and built once more"
    status, content, headers = session.download(f"/documents/{build_id}/download/")
    assert status == 200 and openpyxl.load_workbook(io.BytesIO(content)).sheetnames[0] == "Summary"


def test_saves_through_the_balancer_survive_an_app_server_dying(site):
    sessions = [staff_session(site.url) for _ in range(4)]
    codes = unreported_codes(site, 6)[1:5]  # the first is the document test's
    assert len(codes) == 4
    edit_urls = [start_report(session, code) for session, code in zip(sessions, codes)]
    outcomes = {n: [] for n in range(len(sessions))}  # thread → [(number, status, started, ended)]
    stop_saving = threading.Event()
    pages = {}

    def keep_saving(n):
        number = 0
        while not stop_saving.is_set():
            number += 1
            started = time.monotonic()
            try:
                status, page = save(sessions[n], edit_urls[n], number)
            except OSError as error:
                status, page = "no answer", str(error)
            outcomes[n].append((number, status, started, time.monotonic()))
            if status != 302:
                pages[number, n] = page[-1500:]

    threads = [threading.Thread(target=keep_saving, args=(n,)) for n in outcomes]
    for thread in threads:
        thread.start()
    time.sleep(3)
    killed_at = time.monotonic()
    stop(site.app["a"], signal.SIGKILL)
    dead_at = time.monotonic()  # from here on, connections to it are refused and go to the other server
    time.sleep(4)
    restarted_at = time.monotonic()
    site.app["a"] = site.start_app("a")
    time.sleep(4)
    stop_saving.set()
    for thread in threads:
        thread.join(timeout=120)

    for n, results in outcomes.items():
        assert len(results) > 5, "saves kept going"
        failures = [(number, status, started, ended) for number, status, started, ended in results if status != 302]
        for number, status, started, ended in failures:
            assert started <= dead_at and ended >= killed_at, f"save {number} failed ({status}) without being in flight at the kill: {pages[number, n]}"
        confirmed = max(number for number, status, *_ in results if status == 302)
        report_id = int(re.search(r"/reports/(\d+)/", edit_urls[n]).group(1))
        stored = site.query(f"from monitoring.models import ActivityReport as R; print(json.dumps(R.objects.get(pk={report_id}).assessment))")
        stored_number = int(stored.removeprefix("Save number "))
        # The last confirmed save is there, or a later one whose answer was lost with the server.
        assert stored_number == confirmed or (stored_number > confirmed and stored_number in {f[0] for f in failures})
    saved_meanwhile = [1 for results in outcomes.values() for _, status, started, _ in results if status == 302 and dead_at < started < restarted_at]
    assert len(saved_meanwhile) > 4, "the other server took every save while one was down"
    assert fetch(f"{site.server('a')}/healthz")[0] == 200, "the restarted server serves again"
