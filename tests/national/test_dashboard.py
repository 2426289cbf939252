import re

import pytest
from django.urls import reverse

from bodies.models import MemberState
from national.models import ProvisionEntry
from reporting import calendar
from tests.national.test_summary import reported_cycle

pytestmark = pytest.mark.django_db


def test_dashboard_figures_agree_with_the_entries_they_link_to(client, nat):
    cycle = reported_cycle(provisions=9, areas=3, slug="poa-dash")
    calendar.expect(cycle)
    plan = cycle.plan
    client.force_login(nat.chair)
    response = client.get(reverse("national:dashboard", args=[plan.slug]) + "?cycle=2024")
    assert response.status_code == 200
    context = response.context
    # Coverage: four reports sent in 2024 of five started; every state that was a member is expected.
    figures = dict(context["figures_per_cycle"])[cycle]
    assert (figures.received, figures.expected) == (4, MemberState.objects.members_in(2024).count())
    sent = ProvisionEntry.objects.filter(report__cycle=cycle, report__state__in=["submitted", "acknowledged"])
    for state, cells in context["heat_rows"]:
        for area, cell in cells:
            mine = sent.filter(report__member_state=state, provision__priority_area=area)
            assert cell.implemented == mine.filter(status="implemented").count()
            assert cell.answered == mine.exclude(status="not_applicable").count()
            if cell.answered:
                url = (f"{reverse('national:entries', args=[plan.slug])}?cycle=2024&member_state={state.code}"
                       f"&area={area.number}")
                listed = client.get(url)
                assert listed.context["page"].paginator.count == mine.count()
    ranking = context["assistance"]
    assert [count for _, _, count in ranking] == sorted((count for _, _, count in ranking), reverse=True)
    for theme, _, count in ranking:
        listed = client.get(f"{reverse('national:entries', args=[plan.slug])}?cycle=2024&theme={theme}")
        assert listed.context["page"].paginator.count == count == sent.filter(assistance_theme=theme).exclude(assistance_needed="").count()


def test_dashboard_and_entries_are_for_the_chair_the_secretariat_and_administrators(client, nat):
    urls = [reverse("national:dashboard", args=[nat.plan.slug]), reverse("national:entries", args=[nat.plan.slug])]
    for role, status in {"focal": 403, "other_focal": 403, "staff": 403, "cochair": 403, "chair": 200,
                         "secretariat": 200, "admin": 200}.items():
        client.force_login(getattr(nat, role))
        assert [client.get(url).status_code for url in urls] == [status, status], role


@pytest.mark.parametrize("query", ["cycle=abc", "cycle=1999", "member_state=XX&area=99", "status=done&page=-4"])
def test_bad_filters_get_a_clear_answer_never_a_500(client, nat, query):
    client.force_login(nat.chair)
    entries = client.get(reverse("national:entries", args=[nat.plan.slug]) + "?" + query)
    assert entries.status_code == 200
    dashboard = client.get(reverse("national:dashboard", args=[nat.plan.slug]) + "?" + query)
    assert dashboard.status_code in (200, 404)


def test_a_nul_in_a_filter_is_a_bad_request(client, nat):
    client.force_login(nat.chair)
    for name in ("national:entries", "national:dashboard"):
        assert client.get(reverse(name, args=[nat.plan.slug]) + "?theme=%00").status_code == 400


@pytest.mark.parametrize("size", [(30, 4), (77, 17)], ids=["poa-30", "acpoa-77"])
def test_dashboard_queries_do_not_grow_with_the_plan(client, nat, size, django_assert_max_num_queries):
    cycle = reported_cycle(provisions=size[0], areas=size[1], slug=f"plan-{size[0]}")
    calendar.expect(cycle)
    client.force_login(nat.chair)
    # 14 for the coverage, the heat map and the assistance; 6 for the reporting rates (three for the
    # cycles' figures, two for the states' rates, one for the late states).
    with django_assert_max_num_queries(20):
        response = client.get(reverse("national:dashboard", args=[cycle.plan.slug]) + "?cycle=2024")
    assert response.status_code == 200 and re.search(r"heat-\d", response.content.decode())
