"""Pages that lead to the next step: the review queue opening on this year's work and keeping its filters
through every step, "Needs your attention" linking each item to its page, headings that name the report,
and an activity that did not start reported as "Not started" with why."""

import datetime

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from monitoring import cycles, services
from monitoring.models import ActivityReport
from tests.factories import ActivityFactory, OutputFactory
from tests.monitoring.conftest import complete
from tests.monitoring.test_views import form_data

pytestmark = pytest.mark.django_db


def submitted_report(world, cycle, *, days_ago, body=None):
    """A report of a new activity, submitted `days_ago` days ago in `cycle` (closed cycles included)."""
    body = body or world.somtc
    activity = ActivityFactory(focus_area=world.activity.focus_area, lead_bodies=[body])
    OutputFactory(activity=activity)
    report = services.start_report(activity=activity, cycle=world.cycle, body=body, user=world.staff)
    report = services.submit_report(report=complete(report), user=world.staff)
    ActivityReport.objects.filter(pk=report.pk).update(
        cycle=cycle, submitted_at=timezone.now() - datetime.timedelta(days=days_ago))
    return report


def queue_url(world, query=""):
    return reverse("monitoring:review", args=[world.cycle.plan.slug]) + query


def test_the_queue_opens_on_the_open_cycle_newest_submissions_first(client, world):
    old = submitted_report(world, world.closed, days_ago=400)
    older, newer = submitted_report(world, world.cycle, days_ago=9), submitted_report(world, world.cycle, days_ago=1)
    client.force_login(world.cochair)
    response = client.get(queue_url(world))
    assert [report.pk for report in response.context["reports"]] == [newer.pk, older.pk]
    assert response.context["filter"].form.cleaned_data["cycle"] == world.cycle
    assert "2 reports to review in the 2025 cycle" in response.content.decode().replace("<strong>", "").replace("</strong>", "")
    every_cycle = client.get(queue_url(world, "?cycle=")).context["reports"]
    assert [report.pk for report in every_cycle] == [newer.pk, older.pk, old.pk]


def test_the_queue_opens_on_a_closed_cycle_when_only_it_has_reports_waiting(world):
    assert world.cycle.plan.cycles.to_review_first(ActivityReport.objects.filter(state="submitted")) == world.cycle
    submitted_report(world, world.closed, days_ago=3)
    awaiting = ActivityReport.objects.filter(state="submitted")
    assert world.cycle.plan.cycles.to_review_first(awaiting) == world.closed
    submitted_report(world, world.cycle, days_ago=30)
    assert world.cycle.plan.cycles.to_review_first(awaiting) == world.cycle, "the open cycle's work comes first"


@pytest.mark.parametrize("extra", [1, 6])
def test_the_queue_runs_a_fixed_number_of_queries(client, world, django_assert_num_queries, extra):
    for n in range(extra):
        submitted_report(world, world.cycle, days_ago=n + 1)
    client.force_login(world.cochair)
    # Session, user, plan, permissions (2), the cycle to open on and the filter's check of it, the count,
    # the navigation's membership, the filter's choices (cycles, areas, bodies, Member States), the page
    # and its lead bodies: as many whatever the size.
    with django_assert_num_queries(15):
        response = client.get(queue_url(world))
    assert len(response.context["reports"]) == extra


def test_select_all_ticks_every_box_of_the_page_and_the_next_page_keeps_the_filters(client, world):
    reports = [submitted_report(world, world.cycle, days_ago=n + 1) for n in range(2)]
    client.force_login(world.cochair)
    page = client.get(queue_url(world, "?cycle=2025&body=SOMTC")).content.decode()
    assert 'href="/plans/bali-work-plan/review/?cycle=2025&amp;body=SOMTC&amp;select=page"' in page
    assert "checked" not in page.split("<tbody>")[1]
    page = client.get(queue_url(world, "?cycle=2025&body=SOMTC&select=page")).content.decode()
    assert all(f'name="reports" value="{report.pk}" id="select-{report.pk}" checked' in page for report in reports)
    assert '<input type="hidden" name="next" value="/plans/bali-work-plan/review/?cycle=2025&amp;body=SOMTC">' in page
    code = reports[0].activity.code
    assert f'<label for="select-{reports[0].pk}" class="select-label">Select report {code}, SOMTC</label>' in page
    assert '<label for="id_bulk_comment">' in page and page.index("bulk-actions") < page.index("<table")


def test_bulk_accept_lands_back_on_the_same_filtered_page(client, world):
    reports = [submitted_report(world, world.cycle, days_ago=n + 1) for n in range(3)]
    client.force_login(world.cochair)
    back = queue_url(world, "?cycle=2025&body=SOMTC&page=1")
    response = client.post(reverse("monitoring:accept_reports", args=[world.cycle.plan.slug]),
                           {"reports": [reports[0].pk], "next": back})
    assert response.status_code == 302 and response.url == back
    assert ActivityReport.objects.get(pk=reports[0].pk).state == "accepted"


@pytest.mark.parametrize("target", ["https://evil.example/", "//evil.example/review/", "/\\evil.example", "javascript:alert(1)"])
def test_next_refuses_a_url_outside_the_site(client, world, target):
    ticked, opened = submitted_report(world, world.cycle, days_ago=1), submitted_report(world, world.cycle, days_ago=2)
    client.force_login(world.cochair)
    response = client.post(reverse("monitoring:accept_reports", args=[world.cycle.plan.slug]),
                           {"reports": [ticked.pk], "next": target})
    assert response.status_code == 302 and response.url == queue_url(world)
    page = client.get(opened.get_absolute_url(), {"next": target}).content.decode()
    assert "Return with comment" in page and 'name="next"' not in page
    response = client.post(reverse("monitoring:accept_report", args=[opened.pk]), {"next": target})
    assert response.url == queue_url(world) and ActivityReport.objects.get(pk=opened.pk).state == "accepted"


def test_a_single_accept_or_return_from_the_report_page_lands_back_on_the_queue_it_came_from(client, world):
    first, second = submitted_report(world, world.cycle, days_ago=2), submitted_report(world, world.cycle, days_ago=1)
    client.force_login(world.cochair)
    back = queue_url(world, "?cycle=2025&body=SOMTC")
    queue = client.get(back).content.decode()
    link = f'{first.get_absolute_url()}?next=/plans/bali-work-plan/review/%3Fcycle%3D2025%26body%3DSOMTC'
    assert f'href="{link}"' in queue
    page = client.get(link).content.decode()
    assert '<input type="hidden" name="next" value="/plans/bali-work-plan/review/?cycle=2025&amp;body=SOMTC">' in page
    assert client.post(reverse("monitoring:accept_report", args=[first.pk]), {"next": back}).url == back
    # A return without its comment: the page again, still carrying where to go back to.
    refused = client.post(reverse("monitoring:return_report", args=[second.pk]), {"next": back}).content.decode()
    assert 'name="next" value="/plans/bali-work-plan/review/?cycle=2025&amp;body=SOMTC"' in refused
    response = client.post(reverse("monitoring:return_report", args=[second.pk]), {"next": back, "comment": "Dates?"})
    assert response.url == back and ActivityReport.objects.get(pk=second.pk).state == "returned"


def test_every_attention_item_of_staff_leads_to_its_page(client, world, draft):
    cycles.expect_reports(world.cycle)
    client.force_login(world.other_staff)  # AICHR: expected, not started
    page = client.get(reverse("home")).content.decode()
    start = reverse("monitoring:start_report", args=[world.cycle.plan.slug, 2025, world.other_activity.code, "AICHR"])
    assert f'action="{start}"' in page and ">Start</button>" in page
    assert client.post(start).url.endswith("/edit/")  # the button starts that very report
    client.force_login(world.staff)  # SOMTC: a draft to continue, and one returned to revise
    returned = submitted_report(world, world.cycle, days_ago=1)
    services.return_report(report=returned, user=world.cochair, comment="Dates?")
    page = client.get(reverse("home")).content.decode()
    assert f'<a href="{reverse("monitoring:edit_report", args=[draft.pk])}">Continue' in page
    assert f'<a href="{reverse("monitoring:edit_report", args=[returned.pk])}">Revise' in page


def test_every_attention_item_of_a_cochair_leads_to_its_page(client, world, draft):
    cycles.expect_reports(world.cycle)
    services.submit_report(report=complete(draft), user=world.staff)
    client.force_login(world.cochair)
    with time_machine.travel(datetime.datetime.combine(world.cycle.deadline + datetime.timedelta(days=2), datetime.time(9))):
        page = client.get(reverse("home")).content.decode()
    assert f'<a href="{queue_url(world)}">Review: <strong>1</strong>' in page
    late = reverse("monitoring:reports", args=[world.cycle.plan.slug]) + "?cycle=2025&amp;body=AICHR"
    assert f'<a href="{late}">AICHR: 1' in page


def test_report_headings_name_the_activity_body_and_year(client, world, draft):
    client.force_login(world.staff)
    for url in (draft.get_absolute_url(), reverse("monitoring:edit_report", args=[draft.pk])):
        heading = client.get(url).content.decode().split("<h1>")[1].split("</h1>")[0]
        assert world.activity.code in heading and "Conduct ASEAN Track 1.5 Dialogue" in heading
        assert "SOMTC" in heading and "2025" in heading


def test_a_new_report_has_no_status_and_cannot_be_submitted_without_one(world, draft):
    assert draft.implementation_status == ""
    assert "implementation_status" in complete(draft, implementation_status="").missing_fields_for_submission()


def test_not_started_is_refused_without_an_explanation_and_accepted_with_one(client, world, draft):
    client.force_login(world.staff)
    url = reverse("monitoring:edit_report", args=[draft.pk])
    data = form_data(draft, submit="1", implementation_status="not_started", start_date="", end_date="")
    content = client.post(url, data).content.decode()
    assert "Explain why the activity has not started and what is planned" in content
    assert ActivityReport.objects.get(pk=draft.pk).state == "draft"
    draft.refresh_from_db()
    data = form_data(draft, submit="1", implementation_status="not_started", start_date="", end_date="",
                     not_started_explanation="The host asked to postpone it to March 2026.")
    assert client.post(url, data).status_code == 302
    report = ActivityReport.objects.get(pk=draft.pk)
    assert (report.state, report.implementation_status) == ("submitted", "not_started")
    assert "postpone it to March 2026" in client.get(report.get_absolute_url()).content.decode()


def test_a_blank_explanation_does_not_count(world, draft):
    report = complete(draft, implementation_status="not_started", not_started_explanation="   ")
    assert "not_started_explanation" in report.missing_fields_for_submission()
    report = complete(draft, implementation_status="not_started", not_started_explanation="Postponed to 2026.")
    assert "not_started_explanation" not in report.missing_fields_for_submission()

