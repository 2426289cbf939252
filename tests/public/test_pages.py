"""The public progress pages: open to every role, kept by shared caches for anonymous visitors only, linked
from the matrix, filterable, in a fixed number of queries whatever the number of reports."""

import pytest
from django.urls import reverse

from monitoring.models import ActivityReport
from tests.public.conftest import SHOWN, sized_plan

pytestmark = pytest.mark.django_db

ROLES = ["anonymous", "staff", "focal", "cochair", "chair", "secretariat", "admin"]


def as_role(client, world, role):
    client.logout()
    if role != "anonymous":
        client.force_login(getattr(world, role))
    return client


def page_urls(world):
    work, action = world.plan.slug, world.cycle.plan.slug
    area = world.activity.focus_area.action_line.priority_area.number
    return [reverse("published:plan", args=[work]), reverse("published:plan", args=[action]),
            reverse("published:area", args=[work, area]), reverse("published:body", args=[work, world.body.abbreviation]),
            reverse("published:activity", args=[work, world.activity.code])]


def test_every_public_page_opens_for_every_role_and_is_shared_by_caches_only_when_anonymous(client, published):
    files = [reverse("published:open_data", args=[published.plan.slug, "results", "csv"]),
             reverse("published:document", args=[published.public_document.pk])]
    for role in ROLES:
        as_role(client, published, role)
        for url in page_urls(published):
            response = client.get(url)
            assert response.status_code == 200, (role, url)
            cache_control = response["Cache-Control"]
            if role == "anonymous":
                assert "public" in cache_control and "max-age=300" in cache_control, url
            else:
                assert "private" in cache_control and "public" not in cache_control, (role, url)
            assert "Cookie" in response["Vary"]
        for url in files:
            response = client.get(url)
            assert response.status_code == 200 and "public" in response["Cache-Control"], (role, url)


def test_the_pages_show_the_published_facts_and_parts(client, published):
    page = client.get(reverse("published:activity", args=[published.plan.slug, published.activity.code])).content.decode()
    assert f"{SHOWN} assessment" in page and "Assessment" in page  # the part, under its own label
    assert "4 Apr 2025" in page and "Completed" in page and "42" in page
    assert reverse("published:document", args=[published.public_document.pk]) in page
    assert "Last updated" in page


def test_a_plan_of_action_shows_the_status_in_the_states_that_published_only(client, published):
    page = client.get(reverse("published:plan", args=[published.cycle.plan.slug])).content.decode()
    assert "Indonesia" in page and "Implemented" in page
    assert "Malaysia" not in page and "Planned" not in page
    for junk in ("²", "٢٠٢٥", "2024", "x"):  # a year with nothing published opens the latest one
        assert client.get(reverse("published:plan", args=[published.cycle.plan.slug]), {"year": junk}).context["year"] == 2025


def test_the_matrix_and_the_activity_page_link_their_results(client, published):
    plan_page = client.get(reverse("workplan:plan", args=[published.plan.slug])).content.decode()
    assert reverse("published:plan", args=[published.plan.slug]) in plan_page
    activity_page = client.get(reverse("workplan:activity", args=[published.plan.slug, published.activity.code]))
    assert reverse("published:activity", args=[published.plan.slug, published.activity.code]) in activity_page.content.decode()


def test_filters_narrow_the_list_and_bad_values_are_a_form_error(client, published):
    url = reverse("published:plan", args=[published.plan.slug])
    assert client.get(url, {"status": "completed"}).context["page"].paginator.count == 1
    assert client.get(url, {"status": "planned"}).context["page"].paginator.count == 0
    response = client.get(url, {"cycle": "not-a-year", "body": "NOBODY"})
    assert response.status_code == 200 and response.context["filter"].form.errors
    assert client.get(reverse("published:body", args=[published.plan.slug, "NOBODY"])).status_code == 404
    assert client.get(reverse("published:area", args=[published.plan.slug, 99])).status_code == 404
    assert client.get(reverse("published:open_data", args=[published.plan.slug, "secrets", "csv"])).status_code == 404
    assert client.get(reverse("published:open_data", args=[published.plan.slug, "results", "xml"])).status_code == 404
    assert client.get(reverse("published:activity", args=[published.cycle.plan.slug, "1.1.1"])).status_code == 404


def test_open_data_csv_has_a_row_per_expected_output_with_formulas_neutralised(client, published):
    published.activity.__class__.objects.filter(pk=published.activity.pk).update(text="=HYPERLINK(1)")
    content = client.get(reverse("published:open_data", args=[published.plan.slug, "results", "csv"])).content
    lines = content.decode().splitlines()
    assert lines[0].startswith("year,priority_area,action_line,activity")
    assert len(lines) == 2  # one accepted report with one expected output
    assert "'=HYPERLINK(1)" in lines[1]


@pytest.mark.parametrize("count", [3, 12])
def test_the_public_pages_take_the_same_queries_whatever_the_number_of_reports(client, django_assert_num_queries, count):
    plan = sized_plan(count)
    first = ActivityReport.objects.filter(cycle__plan=plan).select_related("activity", "implementing_body").first()
    body, activity = first.implementing_body.abbreviation, first.activity.code
    # The plan; the filter's choices; the count, the page, its achievements and public documents; the last
    # update; on the plan's page also the areas and the bodies with their counts.
    pages = {reverse("published:plan", args=[plan.slug]): 11, reverse("published:area", args=[plan.slug, 1]): 10,
             reverse("published:body", args=[plan.slug, body]): 10,
             reverse("published:activity", args=[plan.slug, activity]): 9}
    for url, queries in pages.items():
        with django_assert_num_queries(queries):
            assert client.get(url).status_code == 200
