"""The national report as a task list: each area's counts and whether it is done, the one-step
confirmation of an area's carried-forward answers, and the submit refusal's list of what is missing."""

import pytest
from django.urls import reverse

from national import services
from national.models import NationalReport, ProvisionEntry
from national.selectors import area_tasks
from tests.national.conftest import answer_all
from tests.national.test_permissions import ROLES, login

pytestmark = pytest.mark.django_db


@pytest.fixture
def carried(nat):
    """This year's draft of Indonesia, started from last year's answers: every entry carried forward."""
    last = services.start_national_report(member_state=nat.indonesia, cycle=nat.closed, user=nat.admin)
    answer_all(last, status="implemented")
    return services.start_national_report(member_state=nat.indonesia, cycle=nat.cycle, user=nat.focal)


def confirm(client, report, number=1, version=None):
    url = reverse("national:confirm_area", args=[report.pk, number])
    return client.post(url, {"version": report.version if version is None else version})


def test_the_task_list_counts_each_area_as_its_entries_do(nat, carried):
    entries = list(carried.entries.in_plan_order())
    # Area 1: one answer confirmed, one left carried forward; area 2: one unanswered, one confirmed.
    ProvisionEntry.objects.filter(pk=entries[0].pk).update(carried_forward=False)
    ProvisionEntry.objects.filter(pk=entries[2].pk).update(carried_forward=False, status="")
    ProvisionEntry.objects.filter(pk=entries[3].pk).update(carried_forward=False)
    tasks = area_tasks(carried)
    expected = {}
    for entry in ProvisionEntry.objects.filter(report=carried).select_related("provision__priority_area"):
        counts = expected.setdefault(entry.provision.priority_area.number, [0, 0, 0, 0])
        counts[0] += 1
        counts[1] += bool(entry.status) and not entry.carried_forward
        counts[2] += entry.carried_forward
        counts[3] += not entry.status
    assert {task.area.number: [task.provisions, task.answered, task.to_confirm, task.unanswered] for task in tasks} == expected
    assert expected == {1: [2, 1, 1, 0], 2: [2, 1, 0, 1]}
    assert [task.done for task in tasks] == [False, False]
    answer_all(carried)
    assert [task.done for task in area_tasks(carried)] == [True, True]


def test_the_report_page_shows_one_area_open_and_every_area_with_its_counts(client, nat, carried):
    client.force_login(nat.focal)
    url = reverse("national:report", args=[carried.pk])
    folded = client.get(url).content.decode()
    assert folded.count('class="task"') == 2 and "0 of 2 answered · <span class=\"carried\">2 to confirm" in folded
    assert "Measure on matter 1" not in folded and "Measure on matter 2" not in folded
    opened = client.get(url + "?area=2").content.decode()
    assert 'class="task open" id="area-2"' in opened
    assert "Measure on matter 2" in opened and "Measure on matter 1" not in opened
    assert client.get(url + "?area=99999999999999999999").status_code == 200


def test_a_focal_point_confirms_an_areas_carried_forward_answers_in_one_step(client, nat, carried):
    client.force_login(nat.agency_focal)
    version = carried.version
    history_before = ProvisionEntry.history.count()
    response = confirm(client, carried, 1)
    assert response.status_code == 302 and response["Location"].endswith("?area=1#area-1")
    report = NationalReport.objects.get(pk=carried.pk)
    assert report.version == version + 1
    assert not report.entries.filter(provision__priority_area__number=1, carried_forward=True).exists()
    assert report.entries.filter(provision__priority_area__number=2, carried_forward=True).count() == 2
    assert set(report.entries.values_list("status", flat=True)) == {"implemented"}  # the answers themselves unchanged
    assert ProvisionEntry.history.count() == history_before + 2
    page = client.get(response["Location"]).content.decode()
    assert "answers carried forward from last year are confirmed" in page
    assert '2 of 2 answered</span>\n      <strong class="task-tag done">Done' in page


def test_confirming_a_stale_page_changes_nothing_and_says_why(client, nat, carried):
    client.force_login(nat.focal)
    response = confirm(client, carried, 1, version=carried.version - 1)
    assert response.status_code == 302
    assert carried.entries.filter(carried_forward=True).count() == 4
    assert NationalReport.objects.get(pk=carried.pk).version == carried.version
    assert "someone else saved this report" in client.get(response["Location"]).content.decode()
    assert confirm(client, carried, 1, version="").status_code == 302  # no version: refused, not a 500
    assert carried.entries.filter(carried_forward=True).count() == 4


def test_confirming_is_refused_once_the_report_is_not_editable(client, nat, carried):
    # Submitted as it stands (the state set directly: a report with answers to confirm cannot be submitted).
    NationalReport.objects.filter(pk=carried.pk).update(state=NationalReport.State.SUBMITTED)
    client.force_login(nat.focal)
    assert confirm(client, carried, 1).status_code == 403
    assert carried.entries.filter(carried_forward=True).count() == 4


def test_confirming_an_area_of_another_plan_or_none_is_not_found(client, nat, carried):
    client.force_login(nat.focal)
    assert confirm(client, carried, 3).status_code == 404
    assert client.get(reverse("national:confirm_area", args=[carried.pk, 1])).status_code == 405


@pytest.mark.parametrize("role", ROLES)
def test_only_the_states_focal_points_and_administrators_may_confirm_an_area(client, nat, carried, role):
    login(client, nat, role)
    response = confirm(client, carried, 1)
    allowed = role in ("focal", "admin")
    if role == "anonymous":
        assert response.status_code == 302 and response["Location"].startswith(reverse("login"))
    else:
        assert response.status_code == (302 if allowed else 403)
    assert carried.entries.filter(carried_forward=True).count() == (2 if allowed else 4)


def test_the_submit_refusal_lists_the_unfinished_areas_with_links(client, nat, carried):
    ProvisionEntry.objects.filter(report=carried, provision__priority_area__number=1).update(carried_forward=False)
    client.force_login(nat.focal)
    response = client.post(reverse("national:submit_report", args=[carried.pk]), follow=True)
    text = response.content.decode()
    assert "carried forward from last year" in text
    area_2 = reverse("national:edit_area", args=[carried.pk, 2])
    area_1 = reverse("national:edit_area", args=[carried.pk, 1])
    missing = text[text.index('id="missing"'):text.index("</div>", text.index('id="missing"'))]
    assert f'<a href="{area_2}">' in missing and "2 to confirm" in missing
    assert area_1 not in missing  # area 1 is done
    assert NationalReport.objects.get(pk=carried.pk).state == NationalReport.State.DRAFT
