"""The settings a server runs with, checked by Django itself and by a real gunicorn."""

import os
import secrets
import subprocess
import sys
import time
from pathlib import Path

import pytest

from bench.http_session import fetch, free_port
from tests.servers import output, start

ROOT = Path(__file__).resolve().parents[2]


def production_env(tmp_path, **extra):
    # A clean environment, as a server has: not the test run's (HTTPS=false, DJANGO_ALLOW_ASYNC_UNSAFE…).
    env = {key: os.environ[key] for key in ("PATH", "HOME", "LANG", "TMPDIR") if key in os.environ}
    env.update(
        DEBUG="0",
        SECRET_KEY=secrets.token_urlsafe(50),
        ALLOWED_HOSTS="example.org",
        HTTPS="1",
        DATABASE_URL=f"sqlite:///{tmp_path / 'db.sqlite3'}",
        MEDIA_ROOT=str(tmp_path / "media"),
        STATIC_ROOT=str(tmp_path / "static"),
    )
    env.update(extra)
    return env


def manage(*args, env):
    return subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120
    )


def test_deploy_check_passes_without_a_warning_in_production(tmp_path):
    result = manage("check", "--deploy", "--fail-level", "WARNING", env=production_env(tmp_path))
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout
    assert "WARNING" not in result.stderr + result.stdout


def test_without_debug_nothing_starts_without_a_secret_key(tmp_path):
    env = production_env(tmp_path)
    del env["SECRET_KEY"]
    result = manage("check", env=env)
    assert result.returncode != 0 and "SECRET_KEY is not set and DEBUG is off" in result.stderr
    assert manage("check", env={**env, "SECRET_KEY": ""}).returncode != 0
    # A laptop (DEBUG on) still runs on the local key, and the deploy check calls that key insecure.
    result = manage("check", "--deploy", "--fail-level", "WARNING", env={**env, "DEBUG": "1"})
    assert result.returncode != 0 and "security.W009" in result.stderr


def settings_in(env, *names):
    code = (
        "import django, json; django.setup(); from django.conf import settings; "
        f"print(json.dumps([getattr(settings, name) for name in {list(names)!r}], default=str))"
    )
    env = {**env, "DJANGO_SETTINGS_MODULE": "config.settings"}
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    import json

    return json.loads(result.stdout)


def test_https_is_on_unless_debug_or_said_otherwise(tmp_path):
    env = production_env(tmp_path)
    del env["HTTPS"]
    names = ("SECURE_SSL_REDIRECT", "SESSION_COOKIE_SECURE", "CSRF_COOKIE_SECURE", "SECURE_HSTS_SECONDS")
    assert settings_in(env, *names) == [True, True, True, 365 * 24 * 3600]
    assert settings_in({**env, "DEBUG": "1"}, *names) == [False, False, False, 0]
    assert settings_in({**env, "HTTPS": "false"}, *names) == [False, False, False, 0]
    assert settings_in({**env, "BEHIND_PROXY": "true"}, "SECURE_PROXY_SSL_HEADER") == [["HTTP_X_FORWARDED_PROTO", "https"]]
    assert settings_in(env, "SECURE_PROXY_SSL_HEADER") == [None]


@pytest.mark.timeout(240)
def test_serve_production_refuses_to_start_without_its_settings(tmp_path):
    env = production_env(tmp_path)
    del env["SECRET_KEY"], env["ALLOWED_HOSTS"]
    result = subprocess.run(["bash", "bin/serve-production"], cwd=ROOT, env=env, capture_output=True, text=True, timeout=60)
    assert result.returncode == 2 and "set SECRET_KEY ALLOWED_HOSTS" in result.stderr
    result = subprocess.run(
        ["bash", "bin/serve-production"], cwd=ROOT, env={**env, "SECRET_KEY": "short", "ALLOWED_HOSTS": "example.org"},
        capture_output=True, text=True, timeout=60,
    )
    assert result.returncode == 2 and "at least 50 random characters" in result.stderr


@pytest.mark.timeout(240)
def test_serve_production_serves_pages_and_hashed_static_files_but_never_media(tmp_path):
    port = free_port()
    env = production_env(tmp_path, BIND=f"127.0.0.1:{port}", WORKERS="2", ALLOWED_HOSTS="127.0.0.1", BEHIND_PROXY="1")
    secret = tmp_path / "media" / "reports" / "2025" / "1" / "minutes.pdf"
    secret.parent.mkdir(parents=True)
    secret.write_bytes(b"%PDF-1.4 confidential")
    # An app server never migrates: on a database that is not migrated to its code it refuses to start.
    result = subprocess.run(["bash", "bin/serve-production"], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120)
    assert result.returncode == 3 and "run bin/release first" in result.stderr
    result = subprocess.run(["bash", "bin/release"], cwd=ROOT, env=env, capture_output=True, text=True, timeout=180)
    assert result.returncode == 0 and "Released" in result.stdout, result.stdout + result.stderr
    server = start(["bash", "bin/serve-production"], cwd=ROOT, env=env)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 180
        while True:
            try:
                status, headers, body = fetch(f"{base}/", **{"X-Forwarded-Proto": "https"})
                break
            except OSError:
                if server.poll() is not None or time.monotonic() > deadline:
                    raise AssertionError(output(server))
                time.sleep(0.5)
        assert status == 200
        assert "max-age=31536000; includeSubDomains; preload" in headers["Strict-Transport-Security"]
        assert "default-src 'self'" in headers["Content-Security-Policy"]
        # The stylesheet is linked under its hashed name, and WhiteNoise serves it for a year.
        stylesheet = body.decode().split('rel="stylesheet" href="')[1].split('"')[0]
        assert stylesheet.startswith("/static/css/app.") and stylesheet != "/static/css/app.css"
        status, headers, _ = fetch(base + stylesheet, **{"X-Forwarded-Proto": "https"})
        assert status == 200 and "max-age=315360000" in headers["Cache-Control"]
        # Plain http is sent to https.
        status, headers, _ = fetch(f"{base}/")
        assert status == 301 and headers["Location"] == f"https://127.0.0.1:{port}/"
        # But a load balancer's health probe over plain http gets its answer.
        assert fetch(f"{base}/healthz")[:3:2] == (200, b"ok\n")
        # An uploaded file has no public URL.
        status, _, body = fetch(f"{base}/media/reports/2025/1/minutes.pdf", **{"X-Forwarded-Proto": "https"})
        assert status == 404 and b"confidential" not in body
    finally:
        if server.poll() is None:
            os.killpg(server.pid, 15)
        server.wait(timeout=30)


def test_shared_state_is_used_when_configured_and_the_embedded_defaults_otherwise(tmp_path):
    env = production_env(tmp_path)
    cache, storage, eager = settings_in(env, "CACHES", "STORAGES", "CELERY_TASK_ALWAYS_EAGER")
    assert cache["default"]["BACKEND"].endswith("LocMemCache")
    assert storage["default"]["BACKEND"] == "django.core.files.storage.FileSystemStorage"
    assert eager, "without a broker, tasks run where they are asked for"
    shared = {**env, "REDIS_URL": "redis://cache.internal:6379/1", "AWS_STORAGE_BUCKET_NAME": "docs",
              "AWS_S3_ENDPOINT_URL": "https://s3.example.org", "DATABASE_URL": "postgres://u:p@db.internal/tracker",
              "DATABASE_POOL": "true"}
    cache, storage, eager, broker, databases = settings_in(
        shared, "CACHES", "STORAGES", "CELERY_TASK_ALWAYS_EAGER", "CELERY_BROKER_URL", "DATABASES")
    assert cache["default"] == {"BACKEND": "django.core.cache.backends.redis.RedisCache",
                                "LOCATION": "redis://cache.internal:6379/1", "KEY_PREFIX": "tracker"}
    assert storage["default"]["BACKEND"] == "storages.backends.s3.S3Storage"
    assert storage["default"]["OPTIONS"]["bucket_name"] == "docs" and storage["default"]["OPTIONS"]["default_acl"] is None
    assert not eager and broker == "redis://cache.internal:6379/1"
    assert databases["default"]["OPTIONS"]["pool"] == {"min_size": 2, "max_size": 10}
    assert databases["default"]["CONN_MAX_AGE"] == 0, "Django refuses persistent connections beside a pool"
    # Only one of the two bucket settings: still the disk, rather than half a configuration.
    assert settings_in({**env, "AWS_STORAGE_BUCKET_NAME": "docs"}, "STORAGES")[0]["default"]["BACKEND"].endswith("FileSystemStorage")
