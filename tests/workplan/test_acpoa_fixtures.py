"""fixtures/source/acpoa.json against the published ASEAN Comprehensive Plan of Action on Counter
Terrorism (../shared/seeds/004_…txt), through fixtures/check_acpoa_coverage.py. No database."""

import copy
import importlib.util
import json
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SCRIPT = ROOT / "fixtures" / "check_acpoa_coverage.py"
FIXTURE = ROOT / "fixtures" / "source" / "acpoa.json"
SOURCE_NAME = "004_e0fabf03f48ff7c3.txt"

MEASURES_PER_AREA = {3: 3, 4: 7, 5: 17, 6: 3, 7: 3, 8: 4, 9: 9, 10: 8, 11: 1, 12: 2, 13: 3, 14: 3, 15: 2, 16: 2, 17: 5, 18: 2, 19: 3}


def load_script():
    spec = importlib.util.spec_from_file_location("check_acpoa_coverage", SCRIPT)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def checker():
    return load_script()


@pytest.fixture
def source(seeds):
    return seeds / SOURCE_NAME


@pytest.fixture
def data():
    return json.loads(FIXTURE.read_text(encoding="utf-8"))


def area(data, number):
    return next(a for a in data["areas"] if a["number"] == number)


def check_mutated(checker, source, tmp_path, data, mutate):
    """Run the check on a mutated copy of the fixture written to tmp_path."""
    mutated = copy.deepcopy(data)
    mutate(mutated)
    path = tmp_path / "acpoa.json"
    path.write_text(json.dumps(mutated, indent=1, ensure_ascii=False), encoding="utf-8")
    return checker.check(source, path)


def test_the_fixture_covers_the_source_and_invents_nothing(checker, source):
    problems = checker.check(source, FIXTURE)
    assert problems == []
    assert problems.figures["areas"] == 17
    assert problems.figures["measures"] == sum(MEASURES_PER_AREA.values()) == 77
    assert problems.figures["measures_per_area"] == MEASURES_PER_AREA
    assert problems.figures["source_lines"] > 100


def test_the_script_runs_standalone(source):
    result = subprocess.run([sys.executable, str(SCRIPT), str(source)], capture_output=True, text=True, cwd=ROOT)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "17 areas, 77 measures" in result.stdout
    assert "0 problems" in result.stdout


def test_plan_and_areas(data):
    plan = data["plan"]
    assert plan["title"] == "ASEAN Comprehensive Plan of Action on Counter Terrorism"
    assert (plan["short_name"], plan["slug"]) == ("ACPoA on CT", "acpoa-ct")
    assert plan["description"].startswith("I. General / Introduction\n\n1. Pursuant to the ASEAN Convention")
    assert "\n\nIII. Cooperation with Dialogue and Sectoral Partners" in plan["description"]
    assert "\n\n21. MONITORING\n\nASEAN Member States shall prepare an annual report" in plan["description"]
    assert "3.1. Introduce" not in plan["description"]
    assert [a["number"] for a in data["areas"]] == list(range(3, 20))
    assert {a["section"] for a in data["areas"] if a["number"] < 19} == {"II"}
    assert area(data, 19)["section"] == "III"


def test_spot_values(data):
    measures = {m["number"]: m["text"] for a in data["areas"] for m in a["measures"]}
    assert measures["7.2"].startswith("Promote harmonisation of the security features")
    assert "19.3" in measures
    assert len(area(data, 5)["measures"]) == 17
    # Wrapped lines joined with a space, and without one after the "/" at the end of line 104.
    assert "Security Council in fulfilment of their tasks" in measures["3.3"]
    assert "anti-money-laundering/counter-financing of terrorism" in measures["12.1"]
    assert measures["9.1"].endswith("as well as materials that may be used in terrorist acts.")
    assert measures["10.2"].endswith("and preventing recruitment.")
    assert measures["5.14"].endswith("violent extremism;")  # punctuation as printed
    # Headings printed over two lines are one title.
    assert area(data, 14)["title"].endswith("effectiveness. ASEAN Member States who have yet to establish such regulations are encouraged to do so.")
    assert "detonators, fire-arms and CBRN materials. ASEAN Member States who possess" in area(data, 15)["title"]


def test_dropping_a_measure_fails(checker, source, tmp_path, data):
    problems = check_mutated(checker, source, tmp_path, data, lambda d: area(d, 5)["measures"].pop(2))
    assert any("source line 41 not in the areas and measures" in p for p in problems)
    assert any("measures of area 5" in p for p in problems)


def test_dropping_the_last_measure_of_an_area_fails(checker, source, tmp_path, data):
    # The numbering of 19.1..19.2 is still without a gap: only the coverage check sees it.
    problems = check_mutated(checker, source, tmp_path, data, lambda d: area(d, 19)["measures"].pop())
    assert problems
    assert any("source line 146" in p for p in problems)


def test_an_invented_word_fails(checker, source, tmp_path, data):
    def invent(d):
        measure = area(d, 7)["measures"][1]
        measure["text"] = measure["text"].replace("travel documents", "travel passes", 1)

    problems = check_mutated(checker, source, tmp_path, data, invent)
    assert "word of the areas and measures not in the source: passes" in problems


def test_an_invented_word_in_the_description_fails(checker, source, tmp_path, data):
    def invent(d):
        d["plan"]["description"] = d["plan"]["description"].replace("22. REVIEW", "22. REVIEWS")

    problems = check_mutated(checker, source, tmp_path, data, invent)
    assert "word of the description not in the source: REVIEWS" in problems


def test_a_skipped_measure_number_fails(checker, source, tmp_path, data):
    problems = check_mutated(checker, source, tmp_path, data, lambda d: area(d, 7)["measures"][2].update(number="7.4"))
    assert any("measures of area 7 are numbered" in p for p in problems)


def test_a_skipped_area_number_fails(checker, source, tmp_path, data):
    problems = check_mutated(checker, source, tmp_path, data, lambda d: area(d, 19).update(number=20))
    assert any("areas are numbered" in p for p in problems)


def test_a_space_added_after_the_slash_at_a_line_end_fails(checker, source, tmp_path, data):
    def respace(d):
        measure = area(d, 12)["measures"][0]
        measure["text"] = measure["text"].replace("laundering/counter", "laundering/ counter")

    problems = check_mutated(checker, source, tmp_path, data, respace)
    assert any("source lines 104-105 not one paragraph" in p for p in problems)


def test_a_paragraph_missing_from_the_description_fails(checker, source, tmp_path, data):
    def drop(d):
        d["plan"]["description"] = d["plan"]["description"].replace("\n\n20.2. Line agencies", "\n\nLine agencies")

    problems = check_mutated(checker, source, tmp_path, data, drop)
    assert any("source line 151 not in the description" in p for p in problems)
