"""The Member States' reporting in "Needs your attention" on the home page."""

import pytest
from django.contrib.auth.models import User
from django.urls import reverse

from national import services
from national.models import Agency, FocalPoint
from national.selectors import attention_for
from tests.factories import MemberStateFactory
from tests.national.conftest import answer_all, focal_point

pytestmark = pytest.mark.django_db


def test_focal_points_see_their_states_reports_not_yet_sent_returned_first(client, nat, draft):
    assert [(i.member_state, i.report) for i in attention_for(nat.focal).to_do] == [(nat.indonesia, draft)]
    # Malaysia's focal point sees Malaysia's, not started, and never Indonesia's.
    assert [(i.member_state, i.report, i.cycle) for i in attention_for(nat.other_focal).to_do] == [(nat.malaysia, None, nat.cycle)]
    client.force_login(nat.other_focal)
    page = client.get(reverse("home")).content.decode()
    assert "National reports to send" in page and f"{reverse('national:reports', args=[nat.plan.slug])}?cycle=2025" in page
    assert "Indonesia" not in page

    services.submit_national_report(report=answer_all(draft), user=nat.focal)
    assert attention_for(nat.focal).to_do == []  # sent: nothing to do until the chair returns it
    services.return_national_report(report=draft, user=nat.chair, comment="Name the law.")
    item = attention_for(nat.focal).to_do[0]
    assert (item.report, item.report.state) == (draft, "returned")


def test_the_chair_sees_the_reports_awaiting_acknowledgement(client, nat, draft):
    assert not attention_for(nat.chair)
    services.submit_national_report(report=answer_all(draft), user=nat.focal)
    client.force_login(nat.chair)
    page = client.get(reverse("home")).content.decode()
    assert f"national report on the {nat.plan.short_name} awaits acknowledgement" in page
    services.acknowledge_national_report(report=draft, user=nat.chair)
    assert not attention_for(nat.chair)
    assert attention_for(nat.staff).to_do == [] and not attention_for(nat.cochair)  # not theirs


@pytest.mark.parametrize("states", [1, 8])
@pytest.mark.parametrize("who", ["focal", "chair"])
def test_the_national_attention_runs_a_fixed_number_of_queries(nat, states, who, django_assert_num_queries):
    """The focal point reports for `states` more states, whose reports are all sent (the chair's to acknowledge)."""
    for index in range(states):
        state = MemberStateFactory(name=f"State {index}", code=f"S{index:02d}")
        writer = focal_point(state, "Police")
        services.submit_national_report(report=answer_all(services.start_national_report(
            member_state=state, cycle=nat.cycle, user=writer)), user=writer)
        FocalPoint.objects.create(user=nat.focal, agency=Agency.objects.get(member_state=state), role=FocalPoint.Role.NATIONAL)
    user = User.objects.get(pk=getattr(nat, who).pk)  # permissions not yet cached, as on a new request
    # Their states, open cycles and reports (the focal point); the submitted counts and the late states
    # (the chair); the permissions and groups that say who reviews.
    with django_assert_num_queries(6 if who == "focal" else 5):
        attention = attention_for(user)
    if who == "focal":
        assert [item.member_state for item in attention.to_do] == [nat.indonesia]  # the others are sent
    else:
        assert attention.to_acknowledge == [(nat.plan.slug, nat.plan.short_name, states)]


def test_a_focal_point_is_offered_the_national_reports_not_the_activity_reports(client, nat):
    from tests.factories import WorkPlanFactory

    WorkPlanFactory()  # the home page's plan is a work plan, as the Bali Work Plan is
    client.force_login(nat.focal)
    page = client.get(reverse("home")).content.decode()
    nav = page[page.index('<nav aria-label="Main">'):page.index("</nav>")]
    assert f'href="{reverse("national:home")}"' in nav
    assert "/reports/" not in nav and "Dashboard" not in nav
    client.force_login(nat.staff)
    nav = client.get(reverse("home")).content.decode().split('<nav aria-label="Main">')[1].split("</nav>")[0]
    assert "National reports" not in nav and ">Reports<" in nav
