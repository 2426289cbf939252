"""Real servers started by the tests that run the site as on a server: PostgreSQL, Redis, an S3 store."""

import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench.http_session import free_port

PGBIN = sorted(Path("/usr/lib/postgresql").glob("*/bin"), key=lambda p: int(p.parent.name))


class Cluster:
    """A throwaway PostgreSQL cluster owned by the postgres user, listening on a socket in its directory."""

    def __init__(self):
        self.dir = Path(tempfile.mkdtemp(prefix="tracker-pg-"))
        shutil.chown(self.dir, "postgres", "postgres")
        self.port = free_port()
        self.bin = PGBIN[-1]
        self.as_postgres(f"{self.bin}/initdb -D {self.dir}/data -A trust -U postgres")

    def as_postgres(self, command):
        subprocess.run(["su", "postgres", "-s", "/bin/bash", "-c", command], check=True, capture_output=True, timeout=120)

    def start(self):
        options = f"-k {self.dir} -p {self.port} -c listen_addresses=''"
        self.as_postgres(f"{self.bin}/pg_ctl -D {self.dir}/data -l {self.dir}/log -w -o \"{options}\" start")

    def kill(self):
        # Immediate: like a crash, transactions in flight are cut, not finished.
        self.as_postgres(f"{self.bin}/pg_ctl -D {self.dir}/data -m immediate -w stop")

    def url(self, name="faults"):
        return f"postgres://postgres@/{name}?host={self.dir}&port={self.port}"

    def destroy(self):
        try:
            self.as_postgres(f"{self.bin}/pg_ctl -D {self.dir}/data -m immediate stop")
        except subprocess.CalledProcessError:
            pass
        shutil.rmtree(self.dir, ignore_errors=True)



def wait_until(ready, *, what, process=None, timeout=60):
    """Poll `ready()` until it is true; fail with the process's output if it dies or time runs out."""
    deadline = time.monotonic() + timeout
    while True:
        try:
            if ready():
                return
        except OSError:
            pass
        if process is not None and process.poll() is not None:
            raise AssertionError(f"{what} exited: {output(process)[-4000:]}")
        if time.monotonic() > deadline:
            raise AssertionError(f"{what} not ready after {timeout} s" + (f": {output(process)[-4000:]}" if process else ""))
        time.sleep(0.2)


def start(command, *, env=None, cwd=None):
    """A server process in its own process group (so that it and its children can be killed at once).

    Its output goes to a file, never to a pipe: a server that logs more than a pipe holds while nobody
    reads it would block in the middle of a request."""
    log = tempfile.NamedTemporaryFile(prefix="server-", suffix=".log", delete=False)
    process = subprocess.Popen(command, cwd=cwd, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
    process.log_path = Path(log.name)
    log.close()
    return process


def output(process):
    """What a process started by `start` has written so far."""
    return process.log_path.read_text(errors="replace")


def stop(process, signal=15, timeout=30):
    if process.poll() is None:
        try:
            os.killpg(process.pid, signal)
        except ProcessLookupError:
            pass
        process.wait(timeout=timeout)


def redis_server():
    port = free_port()
    process = start(["redis-server", "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"])
    wait_until(lambda: _answers(port), what="redis-server", process=process)
    return process, f"redis://127.0.0.1:{port}/0"


def s3_server(bucket):
    """moto in server mode: an S3-compatible store on 127.0.0.1, with `bucket` created."""
    import boto3

    port = free_port()
    process = start([str(Path(sys.executable).with_name("moto_server")), "-H", "127.0.0.1", "-p", str(port)])
    url = f"http://127.0.0.1:{port}"
    wait_until(lambda: _answers(port), what="moto_server", process=process)
    boto3.client("s3", endpoint_url=url, region_name="us-east-1", aws_access_key_id="test",
                 aws_secret_access_key="test").create_bucket(Bucket=bucket)
    return process, url


def _answers(port):
    import socket

    with socket.create_connection(("127.0.0.1", port), timeout=1):
        return True
