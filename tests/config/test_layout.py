"""README's Layout section agrees with the tree: one line per app, and no line for an app that is gone."""

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_the_readme_layout_names_every_app_and_only_those():
    readme = (ROOT / "README.md").read_text()
    layout = readme.split("\n## Layout\n", 1)[1].split("\n## ", 1)[0]
    listed = set(re.findall(r"^- `([a-z_]+)/`", layout, flags=re.M))
    apps = {path.parent.name for path in ROOT.glob("*/apps.py")}
    assert apps - listed == set(), "apps missing from README's Layout"
    assert {name for name in listed if not (ROOT / name).is_dir()} == set(), "README's Layout names folders that are gone"
