"""The shipped fixtures against the published Work Plan (../shared/seeds/001_…txt and 002_…txt)."""

import re
import subprocess
import sys
from pathlib import Path

import pytest

from bodies.models import MemberState, SectoralBody
from workplan.models import Activity, ActionLine, FocusArea, Output, Plan, PriorityArea

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parents[2]

# The relevant-bodies cell of every action line, as the matrix prints it.
RELEVANT_AS_PRINTED = {
    "1.1": "SOMED, SOMY, ASEAN-IPR, SOMCA, AUN, ACW, ACWC, SOMS, SOMRI, AF",
    "1.2": "ASLOM, ACWC, ACW, ACWC, AICHR, SOMSWD, SOMRDPE, ACCSM, ASEAN IPR, AF, DGICM",
    "1.3": "SOMY, SOMED, ACWC, ACW, SOMRDPE, SOMCA, ASEAN IPR, SOMSWD",
    "1.4": "SOMY, SOMED, SOMCA, SOMS, ACWC, ASEAN-IPR",
    "1.5": "ACWC, ACW, SOMED, SOMCA, ASEAN IPR.",
    "1.6": "SOMED, SOMCA, AF, ASEAN-IPR",
    "1.7": "SOMED, SOMY, AUN, ASEAN-IPR, SOMCA, SOMSWD, ASEAN-IPR",
    "1.8": "SOMRI, SOMED, SOMY, AUN, ASEANIPR",
    "1.9": "SOMRI, SOMTC, AUN, ASEAN-IPR",
    "1.10": "AUN, SOMTC, SOMED, ASEAN-IPR",
    "1.11": "SOMTC, AICHR, ASEAN-IPR",
    "2.1": "SOMRI, SOMY, SOMED, SOMSWD, ACWC, AICHR, AUN, SOMCA",
    "2.2": "SOMTC, SOMSWD",
    "2.3": "AICHR, SOMTC",
    "2.4": "SOMRI, AICHR, ACWC, ACW, SOMY, SOMSWD, AF",
    "2.5": "SOMRDPE, SOMTC, AICHR, ACW, SOMSWD",
    "3.1": "SOMTC, AIPA",
    "3.2": "SOMTC",
    "3.3": "SOMTC, ASLOM, DGICM, SOMSWD, SOM-MLAT",
    "3.4": "SOMTC, ASLOM, AICHR",
    "3.5": "SOMTC, AICHR",
    "3.6": "SOMTC, AICHR",
    "3.7": "SOMTC, AICHR",
    "3.8": "SOMTC, DGICM, ADSOM, AICHR",
    "3.9": "ASLOM, SOMTC, AICHR, SOM-MLAT",
    "3.10": "SOMTC, AICHR",
    "4.1": "All sectoral bodies pertaining to [this April 4-5 meeting]",
    "4.2": "SOMTC, All sectoral bodies pertaining to [this April 4-5 meeting]",
    "4.3": "All sectoral bodies",
    "4.4": "All relevant ASEAN Sectoral Bodies/Organs/Entities",
}


def read_cell(printed, listed):
    """The reading decisions of fixtures/README.md, applied to a printed body cell."""
    spellings = {"ASEAN IPR": "ASEAN-IPR", "ASEANIPR": "ASEAN-IPR", "AUN-HRE": "AUN"}
    bodies = set()
    for item in (part.strip().rstrip(".") for part in printed.split(",")):
        if item.startswith("All "):
            bodies |= set(listed)
        elif item != "SOMS":  # not one of the Work Plan's 20 bodies: kept in a note
            bodies.add(spellings.get(item, item))
    return bodies


def test_counts_of_the_plan(real_plan):
    bali = Plan.objects.get(slug="bali-work-plan")
    assert PriorityArea.objects.filter(plan=bali).count() == 4
    assert ActionLine.objects.filter(plan=bali).count() == 30
    assert FocusArea.objects.count() == 72
    assert Activity.objects.filter(plan=bali).count() == 113
    assert Output.objects.count() == 99
    assert MemberState.objects.count() == 11


def test_the_shipped_plans_and_how_they_relate(real_plan):
    plans = {plan.slug: plan for plan in Plan.objects.select_related("implements")}
    assert set(plans) == {"poa-pcrve", "bali-work-plan", "acpoa-ct"}
    assert plans["bali-work-plan"].implements == plans["poa-pcrve"]
    assert plans["poa-pcrve"].kind == plans["acpoa-ct"].kind == Plan.Kind.PLAN_OF_ACTION
    assert ActionLine.objects.filter(plan=plans["poa-pcrve"]).count() == 30
    assert ActionLine.objects.filter(plan=plans["acpoa-ct"]).count() == 77
    # Every line of the Bali matrix restates the PoA's action line of the same number, in the same words.
    for line in ActionLine.objects.filter(plan=plans["bali-work-plan"]).select_related("implements__plan"):
        assert (line.implements.plan.slug, line.implements.number, line.implements.text) == ("poa-pcrve", line.number, line.text)


def test_action_lines_per_priority_area_in_document_order(real_plan):
    numbers = list(ActionLine.objects.filter(plan__slug="bali-work-plan").values_list("number", flat=True))
    expected = [f"1.{n}" for n in range(1, 12)] + [f"2.{n}" for n in range(1, 6)]
    expected += [f"3.{n}" for n in range(1, 11)] + [f"4.{n}" for n in range(1, 5)]
    assert numbers == expected  # 1.2 before 1.10, 3.9 before 3.10


def test_action_line_text_is_the_plan_of_actions_own(real_plan, seeds):
    poa = (seeds / "002_ef5d65e06af84b01.txt").read_text(encoding="utf-8")
    for line in ActionLine.objects.filter(plan__slug="bali-work-plan"):
        assert f"{line.number}. {line.text}" in poa
    assert ActionLine.objects.get(plan__slug="bali-work-plan", number="4.2").matrix_text.startswith("Strengthen collaboration and cooperation")


def test_relevant_bodies_of_every_action_line(real_plan):
    listed = list(SectoralBody.objects.values_list("abbreviation", flat=True))
    for line in ActionLine.objects.filter(plan__slug="bali-work-plan").prefetch_related("relevant_bodies"):
        actual = {body.abbreviation for body in line.relevant_bodies.all()}
        assert actual == read_cell(RELEVANT_AS_PRINTED[line.number], listed), line.number
    assert "SOMS" in ActionLine.objects.get(plan__slug="bali-work-plan", number="1.1").relevant_bodies_note


def test_the_twenty_bodies_with_full_names_as_the_work_plan_lists_them(real_plan, seeds):
    text = (seeds / "001_d16f8e36819f1764.txt").read_text(encoding="utf-8")
    listing = text[text.index("ASEAN Sectoral Bodies/Organs/Entities Involved in") :]
    printed = re.findall(r"^(\d+) ([A-Z][A-Za-z-]+)\**\n\n(.+?)\n\n", listing, re.M | re.S)
    assert len(printed) == 20
    bodies = {body.abbreviation: body for body in SectoralBody.objects.all()}
    assert len(bodies) == 20
    for position, abbreviation, name in printed:
        body = bodies[abbreviation]
        assert body.position == int(position)
        assert body.name == " ".join(name.split())
    assert "proposed by ASLOM" in bodies["SOM-MLAT"].involvement_note
    assert {abbreviation for abbreviation, body in bodies.items() if not body.is_mtf_member} == {"ACCSM", "AIPA"}


def test_every_body_used_in_the_matrix_is_one_of_the_listed_bodies(real_plan):
    listed = set(SectoralBody.objects.values_list("pk", flat=True))
    used = set(Activity.lead_bodies.through.objects.values_list("sectoralbody_id", flat=True))
    used |= set(ActionLine.relevant_bodies.through.objects.values_list("sectoralbody_id", flat=True))
    assert used <= listed
    led = set(SectoralBody.objects.filter(led_activities__isnull=False).values_list("abbreviation", flat=True))
    assert {"SOMTC", "AICHR", "SOMED", "ACWC", "ACW", "SOMY", "SOMRDPE", "SOMSWD", "ACCSM", "AF", "AUN"} <= led


@pytest.mark.parametrize(
    "code,starts_with,output_starts_with,leads",
    [
        ("1.2.1", "Workshop to develop guidelines on protection of [Migrant Workers] [Workers]",
         "Recommendations to encourage activities that creates fair working conditions", {"AICHR"}),
        ("1.5.2", "Invest in gender sensitive research and data collection",
         "A research and data collection on gender sensitive", {"ACW"}),
        ("1.9.1", "Commissioning on a voluntary basis social media companies",
         "Involvement of social media companies in national media literacy efforts.", {"SOMTC"}),
        ("2.1.1", "Workshop to exchange promising practices on counter radicalisation programmes",
         "Guidance and promising practices on counter radicalisation", {"SOMTC", "AICHR", "SOMSWD"}),
        ("2.4.2", "Collaborative workshop between media especially social media businesses",
         "Recommendations on developing media content for public campaign (same as under 1.3)", {"SOMTC", "SOMRI"}),
        ("3.4.1", "Hold regional and country-specific trainings for judges, prosecutors, and police",
         "Member states consider and pursue alternatives to prosecution", {"SOMTC", "ASLOM"}),
        ("4.1.1", "Increase the engagement of members of civil society, and non-governmental actors",
         "ASEAN PCRVE consultations to involve relevant civil society and non-governmental leaders.", {"SOMTC"}),
        ("4.4.1", "Series of AICHR-ASEAN-IPR dialogues",
         "Establish platform of dialogue and learning for human rights and peace", set()),
    ],
)
def test_spot_checks_of_verbatim_text_and_lead_bodies(real_plan, code, starts_with, output_starts_with, leads):
    activity = Activity.objects.get(code=code)
    assert activity.text.startswith(starts_with)
    assert activity.outputs.first().text.startswith(output_starts_with)
    assert {body.abbreviation for body in activity.lead_bodies.all()} == leads


def test_empty_cells_stay_empty(real_plan):
    assert FocusArea.objects.filter(activities__isnull=True).exists()  # 4.4's first focus area
    assert Activity.objects.filter(lead_bodies__isnull=True).exists()
    empty_activity = Activity.objects.get(text="")
    assert empty_activity.outputs.exists() and empty_activity.note


def test_the_activity_printed_twice_is_kept_twice_with_a_note(real_plan):
    twice = Activity.objects.filter(text__startswith="Conduct regional workshop involving regional organisations")
    assert twice.count() == 2
    assert all("printed twice" in activity.note for activity in twice)
    assert [list(a.outputs.values_list("text", flat=True)) for a in twice][0] != [
        list(a.outputs.values_list("text", flat=True)) for a in twice
    ][1]


def test_every_line_of_the_matrix_is_in_the_fixtures_and_nothing_is_invented(seeds):
    result = subprocess.run(
        [sys.executable, str(ROOT / "fixtures" / "check_coverage.py"), str(seeds / "001_d16f8e36819f1764.txt")],
        capture_output=True, text=True,
    )
    assert result.returncode == 0, result.stdout
    assert "0 missing; 0 words not in the source" in result.stdout


def test_fixtures_are_built_from_the_sources():
    result = subprocess.run([sys.executable, str(ROOT / "fixtures" / "build_fixtures.py"), "--check"], capture_output=True, text=True)
    assert result.returncode == 0, result.stdout


def test_load_plans_refuses_a_second_load_quietly(real_plan, capsys):
    from django.core.management import call_command

    call_command("load_plans")
    assert "already loaded" in capsys.readouterr().out
    assert ActionLine.objects.count() == 30 + 30 + 77


def test_load_plans_adds_the_plans_of_action_to_a_database_holding_the_work_plan_alone(db, capsys):
    """As after migrating a database of the single-plan tracker: the Work Plan is there, the PoA and
    the ACPoA are not; loading adds them and ties the Work Plan's lines to the PoA's."""
    from django.core.management import call_command

    call_command("loaddata", "bodies", "poa-pcrve", "bali-work-plan", verbosity=0)
    bali = Plan.objects.get(slug="bali-work-plan")
    ActionLine.objects.filter(plan=bali).update(implements=None)
    Plan.objects.filter(pk=bali.pk).update(implements=None)
    ActionLine.objects.filter(plan__slug="poa-pcrve").delete()
    PriorityArea.objects.filter(plan__slug="poa-pcrve").delete()
    Plan.objects.filter(slug="poa-pcrve").delete()
    call_command("load_plans")
    assert "Loaded PoA PCRVE" in capsys.readouterr().out
    bali.refresh_from_db()
    assert bali.implements.slug == "poa-pcrve"
    assert not ActionLine.objects.filter(plan=bali, implements=None).exists()
    assert ActionLine.objects.filter(plan__slug="acpoa-ct").count() == 77
