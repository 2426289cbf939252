"""The import contracts in .importlinter (DESIGN.md, Architecture): the apps' imports point down, and
no production app imports demo. The suite fails, as `lint-imports` in .ci/run does, on an import that
breaks them."""

import configparser
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
CONTRACTS = ROOT / ".importlinter"

# Its own process, in the directory whose packages it reads: the packages this process has imported
# would otherwise be found where they were imported from, not in a copy.
LINT = "import sys; from importlinter.cli import lint_imports; sys.exit(lint_imports(config_filename='.importlinter', no_cache=True))"


def lint(directory):
    return subprocess.run([sys.executable, "-c", LINT], cwd=directory, capture_output=True, text=True, timeout=120)


def root_packages():
    config = configparser.ConfigParser()
    config.read(CONTRACTS)
    return config["importlinter"]["root_packages"].split()


def copy_of_the_apps(destination):
    for package in root_packages():
        shutil.copytree(ROOT / package, destination / package, ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
    shutil.copy(CONTRACTS, destination / ".importlinter")
    return destination


def test_the_import_contracts_are_kept():
    result = lint(ROOT)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "0 broken" in result.stdout


@pytest.mark.parametrize(
    "module, line, broken, route",
    [
        ("bodies/models.py", "def _up():\n    from dashboard import selectors", "Apps depend downwards only", "bodies.models -> dashboard.selectors"),
        ("workplan/views.py", "import demo.synthetic", "No production app imports demo", "workplan.views -> demo.synthetic"),
    ],
    ids=["import-upwards-inside-a-function", "production-imports-demo"],
)
def test_a_forbidden_import_breaks_the_contracts(tmp_path, module, line, broken, route):
    apps = copy_of_the_apps(tmp_path)
    with open(apps / module, "a") as source:
        source.write(f"\n\n{line}  # noqa\n")
    result = lint(apps)
    assert result.returncode == 1
    assert f"{broken} BROKEN" in result.stdout
    assert route in result.stdout
