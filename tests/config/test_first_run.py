"""The first run (`bash bin/serve`): pip only when the lock file changed, the rest in one process."""

import io
import os
import subprocess

import pytest
from django.contrib.auth.models import User
from django.core.management import call_command

from tests.config.test_serve import serve
from workplan.models import Plan


def again(tmp_path, *args, **env):
    """bin/serve run again in the folder `serve` set up, with its fake Python."""
    clean = {key: os.environ[key] for key in ("HOME", "LANG", "PATH") if key in os.environ}
    subprocess.run(["bash", str(tmp_path / "bin" / "serve"), *args], env={**clean, **env}, check=True,
                   capture_output=True, timeout=60)


def test_pip_runs_only_when_the_lock_file_or_the_project_changed(tmp_path):
    (tmp_path / "requirements").mkdir()
    (tmp_path / "requirements" / "base.txt").write_text("django==5.2\n")
    (tmp_path / "pyproject.toml").write_text("[project]\nname = 'x'\n")
    calls = tmp_path / "calls.log"

    def pip_calls():
        return [line for line in calls.read_text().splitlines() if "-m pip" in line]

    serve(tmp_path, "127.0.0.1:8131")
    assert len(pip_calls()) == 2  # the lock file, then the project itself
    calls.unlink()
    again(tmp_path, "127.0.0.1:8131")
    assert pip_calls() == []
    (tmp_path / "requirements" / "base.txt").write_text("django==5.2.1\n")
    calls.unlink()
    again(tmp_path, "127.0.0.1:8131")
    assert len(pip_calls()) == 2 and calls.read_text().splitlines()[-1].endswith("ARGS=manage.py runserver 127.0.0.1:8131")


def test_the_site_is_prepared_in_one_process(tmp_path):
    calls = tmp_path / "calls.log"
    serve(tmp_path, "127.0.0.1:8132")
    assert [line.split("ARGS=")[1] for line in calls.read_text().splitlines() if "manage.py" in line] == [
        "manage.py prepare_local_site", "manage.py runserver 127.0.0.1:8132"]
    calls.unlink()
    again(tmp_path, "127.0.0.1:8132", DEMO_DATA="0")
    assert "ARGS=manage.py prepare_local_site --no-demo-reports" in calls.read_text()


@pytest.mark.django_db
def test_prepare_local_site_loads_the_plans_and_the_demo_accounts_with_one_hash():
    call_command("prepare_local_site", "--no-demo-reports", stdout=io.StringIO(), verbosity=0)
    assert Plan.objects.filter(slug__in=["bali-work-plan", "acpoa-ct"]).count() == 2
    demo = User.objects.filter(username__in=["admin", "cochair", "somtc", "id-focal", "wgct-chair"])
    assert demo.count() == 5 and len({user.password for user in demo}) == 1
    assert demo.get(username="wgct-chair").check_password("bali-workplan-demo")
