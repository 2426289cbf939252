"""The database stops in the middle of saves and comes back: a real gunicorn on a real PostgreSQL.

A person keeps saving a report (its assessment and the evidence of every expected output carry the
number of the save) while the database is killed and restarted. Every save either happens whole or
not at all, the person sees a plain page saying so instead of a trace, and the same server, never
restarted, saves again once the database is back.
"""

import os
import re
import secrets
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from bench.http_session import Session, form_fields, free_port, replace
from tests.servers import PGBIN, Cluster, output, start

ROOT = Path(__file__).resolve().parents[2]
PASSWORD = "bali-workplan-demo"

pytestmark = [
    pytest.mark.skipif(not PGBIN or os.geteuid() != 0, reason="needs PostgreSQL's binaries and root to run them as postgres"),
    pytest.mark.timeout(600),
]


@pytest.fixture
def cluster():
    cluster = Cluster()
    cluster.start()
    subprocess.run(["su", "postgres", "-s", "/bin/bash", "-c",
                    f"{cluster.bin}/createdb -h {cluster.dir} -p {cluster.port} -U postgres faults"], check=True, timeout=60)
    yield cluster
    cluster.destroy()


@pytest.fixture
def server(cluster, tmp_path):
    env = {key: os.environ[key] for key in ("PATH", "HOME", "LANG") if key in os.environ}
    env.update(
        DEBUG="0", HTTPS="0", STATICFILES_COLLECTED="0", SECRET_KEY=secrets.token_urlsafe(50),
        ALLOWED_HOSTS="127.0.0.1", DATABASE_URL=cluster.url(), MEDIA_ROOT=str(tmp_path / "media"), CONN_MAX_AGE="60",
        TWO_FACTOR_REQUIRED="false",  # the second factor is tested on its own
    )
    for command in (["migrate", "-v0"], ["load_plans"], ["load_cycles"], ["create_demo_users"]):
        subprocess.run([sys.executable, "manage.py", *command], cwd=ROOT, env=env, check=True, capture_output=True, timeout=300)
    port = free_port()
    gunicorn = Path(sys.executable).with_name("gunicorn")
    process = start([str(gunicorn), "config.wsgi", "--bind", f"127.0.0.1:{port}", "--workers", "2", "--timeout", "60"],
                    cwd=ROOT, env=env)
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while True:
        try:
            if Session(base).get("/plans/bali-work-plan/")[0] == 200:
                break
        except OSError:
            pass
        if process.poll() is not None or time.monotonic() > deadline:
            raise AssertionError(output(process))
        time.sleep(0.3)
    yield base, env
    os.killpg(process.pid, 15)
    process.wait(timeout=30)


def save(session, edit_url, number):
    """Open the report form and save it with `number` in the assessment and in every output's evidence."""
    status, page, _, _ = session.get(edit_url)
    if status != 200:
        return status, page
    fields = replace(form_fields(page, "report-form"), {"assessment": f"Save number {number}", "-evidence": f"Save number {number}"})
    status, page, _, _ = session.post(edit_url, [*fields, ("save", "")])
    return status, page


def report_state(env, report_id):
    code = (
        "import django, json; django.setup(); from monitoring.models import ActivityReport; "
        f"r = ActivityReport.objects.get(pk={report_id}); "
        "print(json.dumps([r.version, r.assessment, sorted(a.evidence for a in r.achievements.all()), "
        "r.history.count(), sorted(set(r.history.values_list('assessment', flat=True)))]))"
    )
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env={**env, "DJANGO_SETTINGS_MODULE": "config.settings"},
                            capture_output=True, text=True, check=True, timeout=60)
    import json

    return json.loads(result.stdout)


def test_saves_survive_the_database_stopping_and_coming_back(cluster, server):
    base, env = server
    session = Session(base)
    session.log_in("somtc", PASSWORD)
    status, _, location, _ = session.post("/plans/bali-work-plan/cycles/2025/activities/1.9.1/SOMTC/start/", [])
    assert status == 302 and location.endswith("/edit/"), (status, location)
    edit_url = location
    report_id = int(re.search(r"/reports/(\d+)/", edit_url).group(1))

    for number in (1, 2, 3):
        status, page = save(session, edit_url, number)
        assert status == 302, re.findall(r'class="error[^"]*"[^>]*>([^<]*)', page) or page[-3000:]

    # Saves go on, one after another, while the database is killed and started again under them.
    outcomes, stop = [], threading.Event()

    def keep_saving():
        number = 100
        while not stop.is_set():
            number += 1
            try:
                status, page = save(session, edit_url, number)
            except OSError as error:  # the server itself must stay up: count it as a failure
                status, page = "no answer", str(error)
            outcomes.append((number, status, page))

    saver = threading.Thread(target=keep_saving)
    saver.start()
    time.sleep(1.0)
    cluster.kill()
    time.sleep(2.0)
    cluster.start()
    time.sleep(2.0)
    stop.set()
    saver.join(timeout=120)

    failures = [(n, status, page) for n, status, page in outcomes if status != 302]
    assert failures, "the database was down for two seconds: some saves must have failed"
    for number, status, page in failures:
        assert status in (500, 503), (number, status)
        assert "Traceback" not in page and "Exception" not in page
        assert "try again" in page
    assert any(status == 503 and "has not been saved" in page for _, status, page in failures)

    # The same server, never restarted, saves again.
    assert save(session, edit_url, 999)[0] == 302
    version, assessment, evidence, history, assessments = report_state(env, report_id)
    assert assessment == "Save number 999"
    assert evidence == ["Save number 999"] * len(evidence) and evidence, "the outputs were saved with the report"
    assert history == version, "one history record per version: no save went half-way"
    # Every version ever written holds one save's values throughout; no save was left half-way.
    saved = {f"Save number {n}" for n, status, _ in outcomes} | {f"Save number {n}" for n in (1, 2, 3, 999)}
    assert set(assessments) - {""} <= saved
