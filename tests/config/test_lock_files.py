"""The lock files pin every dependency pyproject.toml names: a package added to one and not the other
would be missing on a fresh machine, which installs from the lock files only."""

import re
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def names(requirements):
    return {re.split(r"[\[<>=~! ;]", line, maxsplit=1)[0].lower().replace("_", "-") for line in requirements}


def pinned(path):
    return {line.split("==")[0].lower() for line in path.read_text().splitlines() if "==" in line and not line.startswith("#")}


def test_every_dependency_is_pinned_in_the_lock_files():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    base, test = names(project["dependencies"]), names(project["optional-dependencies"]["test"])
    assert base - pinned(ROOT / "requirements" / "base.txt") == set()
    assert (base | test) - pinned(ROOT / "requirements" / "test.txt") == set()
