import re

import pytest
from django.db import connection
from django.urls import reverse

from tests.factories import ActionLineFactory, ActivityFactory, FocusAreaFactory, OutputFactory, SectoralBodyFactory, build_plan
from workplan.models import Activity, ActionLine, FocusArea

pytestmark = pytest.mark.django_db

# Queries of the matrix page whatever the size of the plan: the filter form's four choice lists,
# the three counts, and the prefetch of priority areas → action lines → relevant bodies → focus
# areas → activities → lead bodies → outputs; and one more per chosen value that the form looks up.
MATRIX_QUERIES = 15


@pytest.mark.parametrize("scale", [1, 10])
def test_matrix_page_runs_a_fixed_number_of_queries_at_any_size(client, django_assert_max_num_queries, scale):
    build_plan(scale=scale)
    with django_assert_max_num_queries(MATRIX_QUERIES):
        response = client.get(reverse("workplan:plan", args=["bali-work-plan"]))
    assert response.status_code == 200
    assert response.context["activity_count"] == Activity.objects.count() == 4 * 8 * scale * 4
    assert len(response.context["rows"]) == 4 * 8 * scale * 5  # 4 activity rows + 1 empty focus area per line


@pytest.mark.parametrize("scale", [1, 10])
def test_filtered_matrix_runs_a_fixed_number_of_queries(client, django_assert_max_num_queries, scale):
    bodies = build_plan(scale=scale)
    if connection.vendor == "postgresql":
        # Freshly bulk-written tables with no statistics: without them PostgreSQL picks nested loops
        # that take minutes over a few thousand rows (CI runs with autovacuum off).
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    with django_assert_max_num_queries(MATRIX_QUERIES + 1):
        response = client.get(reverse("workplan:plan", args=["bali-work-plan"]), {"lead_body": bodies[0].abbreviation, "q": "workshop"})
    assert response.status_code == 200
    assert response.context["activity_count"] == Activity.objects.filter(lead_bodies=bodies[0]).count()


def test_matrix_shows_rows_in_document_order_with_1_2_before_1_10(client):
    area_line_10 = ActionLineFactory(position=10)
    area_line_2 = ActionLineFactory(priority_area=area_line_10.priority_area, position=2)
    FocusAreaFactory(action_line=area_line_10, text="Tenth line's focus")
    FocusAreaFactory(action_line=area_line_2, text="Second line's focus")
    content = client.get(reverse("workplan:plan", args=["bali-work-plan"])).content.decode()
    assert content.index("Second line&#x27;s focus") < content.index("Tenth line&#x27;s focus")


def test_matrix_filters_by_each_criterion_and_says_how_many_matched(client):
    somtc, somed = SectoralBodyFactory(abbreviation="SOMTC"), SectoralBodyFactory(abbreviation="SOMED")
    policing = ActivityFactory(text="Community policing workshop", lead_bodies=[somtc])
    policing.focus_area.action_line.relevant_bodies.set([somtc])
    schools = ActivityFactory(text="Peace education curriculum", lead_bodies=[somed])
    OutputFactory(activity=schools, text="Modules on tolerance taught in schools")
    url = reverse("workplan:plan", args=["bali-work-plan"])

    def codes(params):
        response = client.get(url, params)
        assert response.status_code == 200
        return {row.activity.code for row in response.context["rows"] if row.activity}, response

    assert codes({"lead_body": "SOMTC"})[0] == {policing.code}
    assert codes({"relevant_body": "SOMTC"})[0] == {policing.code}
    assert codes({"action_line": schools.focus_area.action_line.number})[0] == {schools.code}
    assert codes({"priority_area": policing.focus_area.action_line.priority_area.number})[0] == {policing.code}
    matched, response = codes({"q": "tolerance schools"})  # every word, in any column (here: the output)
    assert matched == {schools.code}
    assert "<strong>1</strong> indicative activity" in response.content.decode()
    assert codes({"q": "no such words anywhere"})[0] == set()


def test_bad_filter_values_are_form_errors_not_500(client):
    ActivityFactory()
    response = client.get(reverse("workplan:plan", args=["bali-work-plan"]), {"action_line": "9.99", "lead_body": "NOPE", "priority_area": "x"})
    assert response.status_code == 200
    errors = response.context["filter"].form.errors
    assert set(errors) == {"action_line", "lead_body", "priority_area"}
    assert "Select a valid choice" in response.content.decode()


@pytest.mark.parametrize(
    "path",
    ["/plans/bali-work-plan/9.9/", "/plans/bali-work-plan/1.99/", "/plans/bali-work-plan/activities/1.1.9999/", "/bodies/NOBODY/", "/plans/bali-work-plan/abc/"],
)
def test_unknown_action_line_activity_or_body_is_a_404_page(client, path):
    ActivityFactory()
    response = client.get(path)
    assert response.status_code == 404
    assert b"Not found" in response.content


def test_an_action_line_with_over_999_activities_keeps_every_activity_addressable(client):
    # The benchmarks' hundredfold data gives the busiest line (1.2, 16 activities) codes up to 1.2.1600:
    # with three digits only, every page listing them failed to link them.
    activity = ActivityFactory(code="1.2.1009", focus_area__action_line__priority_area__number=1, focus_area__action_line__position=2)
    url = reverse("workplan:activity", kwargs={"plan": activity.plan.slug, "code": "1.2.1009"})
    assert url.endswith("/activities/1.2.1009/")
    assert client.get(url).status_code == 200


def test_cross_references_become_links_to_action_lines(client):
    target = ActionLineFactory(priority_area__number=1, position=8)
    other = ActionLineFactory(priority_area=target.priority_area, position=3)
    ActivityFactory(focus_area__action_line=other, text="Campaign online (in line with 1.8) and Track 1.5 Dialogue")
    FocusAreaFactory(action_line=other, text="Activities to counter narratives (in line with 3.4 and 3.5)")
    content = client.get(reverse("workplan:action_line", args=["bali-work-plan", other.number])).content.decode()
    assert f'(in line with <a href="{target.get_absolute_url()}" class="xref">1.8</a>)' in content
    assert '<a href="/plans/bali-work-plan/3.4/" class="xref">3.4</a> and <a href="/plans/bali-work-plan/3.5/" class="xref">3.5</a>' in content
    assert "Track 1.5 Dialogue" in content  # a number outside "in line with" stays text


def test_cross_reference_text_is_escaped(client):
    ActivityFactory(text="<script>alert(1)</script> (in line with 1.1)")
    content = client.get(reverse("workplan:plan", args=["bali-work-plan"])).content.decode()
    assert "<script>alert(1)</script>" not in content
    assert "&lt;script&gt;" in content


@pytest.mark.parametrize("scale", [1, 10])
def test_action_line_activity_and_body_pages_run_fixed_queries(client, django_assert_max_num_queries, scale):
    bodies = build_plan(scale=scale)
    line_url = ActionLine.objects.get(number="2.1").get_absolute_url()
    activity_url = Activity.objects.get(code="2.1.1").get_absolute_url()
    with django_assert_max_num_queries(11):  # the plan, the line, its matrix and the plans' lines it implements or that implement it
        assert client.get(line_url).status_code == 200
    with django_assert_max_num_queries(8):
        assert client.get(activity_url).status_code == 200
    with django_assert_max_num_queries(9):  # the body, the plans naming it, what it leads and where it is relevant
        response = client.get(bodies[1].get_absolute_url())
    assert response.status_code == 200
    led = [activity for plan in response.context["plans"] for activity in plan.led]
    assert len(led) == Activity.objects.filter(lead_bodies=bodies[1]).count()
    with django_assert_max_num_queries(2):
        assert client.get(reverse("bodies:list")).status_code == 200


def test_activity_page_shows_what_section_iv_reports_identify(client):
    body = SectoralBodyFactory(abbreviation="AICHR", name="ASEAN Inter-Governmental Commission on Human Rights")
    activity = ActivityFactory(text="AICHR Consultation on victims", lead_bodies=[body])
    activity.focus_area.action_line.relevant_bodies.set([body])
    OutputFactory(activity=activity, text="Recommendation on victims' protection")
    content = client.get(activity.get_absolute_url()).content.decode()
    for expected in [
        activity.focus_area.action_line.priority_area.title,
        activity.focus_area.action_line.text,
        activity.focus_area.text,
        "AICHR Consultation on victims",
        "Recommendation on victims&#x27; protection",
        'href="/bodies/AICHR/"',
    ]:
        assert expected in content


def test_the_real_matrix_page_shows_the_whole_plan(client, real_plan, django_assert_max_num_queries):
    with django_assert_max_num_queries(MATRIX_QUERIES):
        response = client.get(reverse("workplan:plan", args=["bali-work-plan"]))
    content = response.content.decode()
    assert response.context["activity_count"] == Activity.objects.count()
    assert response.context["action_line_count"] == 30
    for activity in Activity.objects.exclude(text=""):
        assert activity.code in content
    assert '(in line with <a href="/plans/bali-work-plan/1.8/" class="xref">1.8</a>)' in content
    # Every note on the transcription is folded under its own small disclosure, never an open box.
    notes = [a.note for a in FocusArea.objects.exclude(note="")] + [a.note for a in Activity.objects.exclude(note="")]
    assert notes and '<p class="note">' not in content
    assert content.count("<summary>Note on the transcription</summary>") >= len(notes)


def test_real_action_line_page_links_its_cross_references(client, real_plan):
    content = client.get("/plans/bali-work-plan/2.1/").content.decode()
    assert '<a href="/plans/bali-work-plan/1.6/" class="xref">1.6</a>' in content
    assert "Workshop to exchange promising practices" in content


@pytest.mark.parametrize(
    "text,linked",
    [
        ("media influencers (in line with 1.8), and researchers (1.9 and 1.10).", ["1.8", "1.9", "1.10"]),
        ("(in line with community resilience in 1.3)", ["1.3"]),
        ("public campaign (same as under 1.3)", ["1.3"]),
        ("Conduct ASEAN Track 1.5 Dialogue", []),
        ("Regional forum on 2.5 million people", []),
    ],
)
def test_which_numbers_become_links(text, linked):
    from workplan.templatetags.matrix import link_action_lines

    html = link_action_lines(text, "bali-work-plan")
    assert re.findall(r'class="xref">([0-9.]+)</a>', html) == linked
