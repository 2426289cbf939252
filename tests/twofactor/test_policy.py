"""Who must give a second factor, and where it is required at all."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.contrib.auth.models import AnonymousUser

from twofactor import policy

from .conftest import REQUIRED, ROLES, app_of

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize("role", ROLES)
def test_the_reviewers_the_secretariat_and_administrators_must_use_it(people, role):
    assert policy.must_use(getattr(people, role)) is (role in REQUIRED)


def test_nobody_anonymous_must(db):
    assert policy.must_use(AnonymousUser()) is False
    assert policy.owes_second_factor(AnonymousUser()) is False


@pytest.mark.parametrize("role", ROLES)
def test_a_password_alone_owes_the_second_factor_where_it_is_required(people, enforced, role):
    assert policy.owes_second_factor(getattr(people, role)) is (role in REQUIRED)


def test_one_who_chose_it_owes_it_too(people, enforced):
    app_of(people.focal)
    assert policy.owes_second_factor(people.focal) is True


def test_nobody_owes_it_where_it_is_waived(people, settings):
    settings.TWO_FACTOR_REQUIRED = False
    app_of(people.cochair)
    assert policy.owes_second_factor(people.cochair) is False


def required_with(**env):
    clean = {key: os.environ[key] for key in ("PATH", "HOME", "LANG") if key in os.environ}
    clean.setdefault("SECRET_KEY", "x" * 50)
    result = subprocess.run([sys.executable, "-c", "import config.settings as s; print(s.TWO_FACTOR_REQUIRED)"],
                            cwd=ROOT, env={**clean, **env}, capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    return result.stdout.strip()


@pytest.mark.parametrize("env, required", [
    ({"DEBUG": "false"}, "True"),
    ({"DEBUG": "false", "TWO_FACTOR_REQUIRED": "false"}, "False"),
    ({"DEBUG": "true"}, "False"),
    ({"DEBUG": "true", "TWO_FACTOR_REQUIRED": "true"}, "True"),
], ids=["server", "server-waived", "laptop", "laptop-asked"])
def test_required_whenever_debug_is_off_unless_the_environment_waives_it(env, required):
    assert required_with(**env) == required


def test_the_demo_waives_it_and_says_so(tmp_path):
    from tests.config.test_serve import serve

    out, _ = serve(tmp_path)
    assert "Two-factor sign-in is waived for this demo (TWO_FACTOR_REQUIRED=false)" in out


def test_the_demo_asks_for_it_when_told(tmp_path):
    from tests.config.test_serve import serve

    out, _ = serve(tmp_path, TWO_FACTOR_REQUIRED="true")
    assert "Two-factor sign-in is required (TWO_FACTOR_REQUIRED=true)." in out
