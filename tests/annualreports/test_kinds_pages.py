"""The summary's and the review's pages one area at a time (`?area=N`), their queries pinned at two
sizes, what changed grouped and sorted on the page; and who reads the three kinds' signed versions."""

import pytest
from django.urls import reverse

from national.models import NationalReport
from official import kinds, services
from official.models import Version
from tests.annualreports.test_kinds_official import _sign
from tests.national.conftest import focal_point, nat  # noqa: F401 (the national world)
from tests.national.test_review import history  # noqa: F401 (reports of 2019–2024 and two reviews)
from tests.national.test_summary import reported_cycle
from workplan.models import Plan

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


@pytest.mark.parametrize("provisions, areas, states", [(4, 2, 3), (12, 3, 7)])
def test_the_summary_page_shows_one_area_in_the_same_queries_at_two_sizes(client, nat, django_assert_num_queries,
                                                                          provisions, areas, states):
    cycle = reported_cycle(provisions=provisions, areas=areas, states=states, slug="poa-pcrve")
    client.force_login(nat.chair)
    url = reverse("national:summary", args=["poa-pcrve"]) + "?cycle=2024&area=2"
    with django_assert_num_queries(QUERIES["summary"]):
        response = client.get(url)
    text = response.content.decode()
    shown = {area.area.number for area in response.context["summary"].areas}
    assert shown == {2} and 'aria-current="page">2</a>' in text
    # The table still counts every area; the answers quoted are the second area's only.
    assert len(response.context["summary"].figures) == areas
    assert "on 1</" not in text and f"Measure of Member State A on {cycle.plan.action_lines.get(number='2.1').pk}" in text
    assert client.get(url.replace("area=2", "area=all")).context["summary"].areas[0].area.number == 1
    assert client.get(url.replace("area=2", "area=99")).status_code == 404


@pytest.mark.parametrize("extra_states", [0, 4])
def test_the_review_page_shows_one_area_in_the_same_queries_at_two_sizes(client, nat, history, django_assert_num_queries,
                                                                         extra_states):
    from tests.factories import MemberStateFactory

    for index in range(extra_states):
        MemberStateFactory(name=f"Other State {index}")
    client.force_login(nat.secretariat)
    with django_assert_num_queries(QUERIES["review"]):
        response = client.get(history[1].get_absolute_url() + "?area=1")
    assert [area.number for area, _ in response.context["compiled"].areas] == [1]
    assert response.context["sort"] == "order"


def test_what_changed_on_the_review_page_is_grouped_and_sorted(client, nat, history):
    client.force_login(nat.chair)
    url = history[1].get_absolute_url()
    page = client.get(url + "?area=all")
    titles = [title for title, _ in page.context["groupings"]]
    assert titles == ["By area of cooperation", "By Member State"]
    by_state = page.context["groupings"][1][1]
    assert [(g["label"], g["total"]) for g in by_state] == [("Indonesia", 7), ("Malaysia", 1)]
    assert page.content.decode().count('<details class="change-group">') == 4
    # Malaysia's one change is in area 1; Indonesia has more there too, but "count" orders by the total.
    first = client.get(url + "?area=1&sort=count").context["groupings"][0][1]
    assert [(g["label"], g["total"]) for g in first] == [("Indonesia", 3), ("Malaysia", 1)]
    assert client.get(url + "?area=1&sort=bogus").context["sort"] == "order"


ROLES = ("anonymous", "staff", "focal", "cochair", "chair", "secretariat", "admin")


def _status(client, nat, role, url):
    client.logout()
    if role != "anonymous":
        client.force_login(getattr(nat, role))
    return client.get(url).status_code


def test_who_reads_a_signed_summary_review_and_final_report(client, nat, history):
    """Every role on the version page and its files: the summary in full by the chair, the Secretariat,
    the co-chairs and administrators, narrowed for a focal point (no files: they are the whole
    version); the review and the final report by those who read every national report."""
    Plan.objects.filter(pk=nat.plan.pk).update(end_year=2024)
    nat.plan.refresh_from_db()
    NationalReport.objects.filter(member_state=nat.indonesia, cycle__year=2024).update(shared_with_member_states=True)
    summary = _sign(kinds.get("summary"), nat.plan, 2024, nat.chair, {"overview": "Seen."})
    review = _sign(kinds.get("review"), nat.plan, 2024, nat.secretariat, {"findings": "F", "recommendations": "R"})
    final = _sign(kinds.get("final-report"), nat.plan, 2024, nat.chair, {"assessment": "Done."})
    assert all(Version.objects.get(pk=v.pk).is_final for v in (summary, review, final))
    expected = {
        summary: {"anonymous": 302, "staff": 403, "focal": 200, "cochair": 200, "chair": 200, "secretariat": 200, "admin": 200},
        review: {"anonymous": 302, "staff": 403, "focal": 403, "cochair": 403, "chair": 200, "secretariat": 200, "admin": 200},
        final: {"anonymous": 302, "staff": 403, "focal": 403, "cochair": 200, "chair": 200, "secretariat": 200, "admin": 200},
    }
    for version, by_role in expected.items():
        version = Version.objects.select_related("document__plan").get(pk=version.pk)
        url = version.get_absolute_url()
        files = reverse("official:version_file", args=[nat.plan.slug, version.document.kind, 2024, version.number, "pdf"])
        for role, status in by_role.items():
            assert _status(client, nat, role, url) == status, (version.document.kind, role)
            whole = 403 if role == "focal" and status == 200 else status
            assert _status(client, nat, role, files) in ({whole} if whole != 200 else {200, 302}), (version.document.kind, role)


# One more than before the marks for each: which marks the reader may read (reporting.sensitivity).
QUERIES = {"summary": 15, "review": 11}
