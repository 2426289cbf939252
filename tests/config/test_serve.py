"""`bin/serve ADDRESS:PORT`: the links in emails follow the address served, and a local mail server
is spoken to as it expects (plain SMTP), while production keeps STARTTLS on."""

import os
import shutil
import subprocess
from pathlib import Path

import pytest

from tests.config.test_production import manage, production_env

ROOT = Path(__file__).resolve().parents[2]

# Stands in for the virtualenv's Python: records what each step was run with, installs and runs nothing.
FAKE_PYTHON = """#!/usr/bin/env bash
echo "SITE_URL=$SITE_URL EMAIL_USE_TLS=$EMAIL_USE_TLS EMAIL_PORT=$EMAIL_PORT ARGS=$*" >> "$(dirname "$0")/../../calls.log"
"""


def serve(tmp_path, *args, **env):
    (tmp_path / "bin").mkdir()
    shutil.copy(ROOT / "bin" / "serve", tmp_path / "bin" / "serve")
    for name, text in [(".venv/bin/python", FAKE_PYTHON), ("fakebin/apt-get", "#!/bin/sh\n")]:
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)
        path.chmod(0o755)
    clean = {key: os.environ[key] for key in ("HOME", "LANG") if key in os.environ}
    clean["PATH"] = f"{tmp_path / 'fakebin'}:{os.environ['PATH']}"
    result = subprocess.run(["bash", str(tmp_path / "bin" / "serve"), *args], env={**clean, **env},
                            capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    calls = (tmp_path / "calls.log").read_text().splitlines()
    return result.stdout, calls[-1]


@pytest.mark.parametrize("argument, site_url, served", [
    ("127.0.0.1:8123", "http://127.0.0.1:8123", "127.0.0.1:8123"),
    ("8124", "http://127.0.0.1:8124", "127.0.0.1:8124"),
    ("", "http://127.0.0.1:8000", "127.0.0.1:8000"),
])
def test_the_links_in_emails_follow_the_address_served(tmp_path, argument, site_url, served):
    out, runserver = serve(tmp_path, *([argument] if argument else []))
    assert runserver.startswith(f"SITE_URL={site_url} ") and runserver.endswith(f"ARGS=manage.py runserver {served}")
    assert f"Open {site_url}/" in out


def test_a_local_mail_server_gets_plain_smtp_unless_told_otherwise(tmp_path):
    _, runserver = serve(tmp_path, "127.0.0.1:8125", EMAIL_HOST="127.0.0.1")
    assert "EMAIL_USE_TLS=false EMAIL_PORT=1025" in runserver


def test_a_site_address_or_tls_given_by_the_environment_is_kept(tmp_path):
    _, runserver = serve(tmp_path, "0.0.0.0:8126", SITE_URL="https://tracker.example.org", EMAIL_USE_TLS="true", EMAIL_PORT="587")
    assert runserver.startswith("SITE_URL=https://tracker.example.org EMAIL_USE_TLS=true EMAIL_PORT=587 ")


def test_production_speaks_starttls_to_its_mail_server_by_default(tmp_path):
    env = production_env(tmp_path, EMAIL_HOST="smtp.example.org")
    result = manage("shell", "-c", "from django.conf import settings; print(settings.EMAIL_USE_TLS, settings.EMAIL_PORT)", env=env)
    assert result.stdout.splitlines()[-1].split() == ["True", "587"], result.stderr
