"""Odd input from outside answers with a clear 4xx or a normal page, never a 500 (on SQLite and PostgreSQL)."""

import pytest
from django.test import Client
from django.urls import reverse

from tests.monitoring.conftest import draft, world  # noqa: F401  (fixtures: the monitoring world)

pytestmark = pytest.mark.django_db


def client_as(user=None):
    client = Client(raise_request_exception=True)  # a view that raises fails the test, as a 500 would
    if user is not None:
        client.force_login(user)
    return client


@pytest.mark.parametrize("year", ["٢٠٢٤", "２０２５", "²", "2" * 30, "2025\x00"])
def test_a_cycle_in_other_digits_is_not_found(world, year):
    response = client_as(world.staff).get(reverse("monitoring:my_activities", args=["bali-work-plan"]), {"cycle": year})
    assert response.status_code in (400, 404)


@pytest.mark.parametrize("page", ["²", "٢", "-1", "9" * 30])
def test_a_page_in_other_digits_is_a_normal_page(world, draft, page):
    response = client_as(world.staff).get(reverse("monitoring:reports", args=["bali-work-plan"]), {"page": page})
    assert response.status_code == 200


@pytest.mark.parametrize(
    "url",
    ["/bodies/SOM%00TC/", "/plans/bali-work-plan/reports/?q=%00", "/plans/bali-work-plan/?body=a%00b", "/admin/workplan/plan/1%00/change/"],
)
def test_a_nul_byte_in_the_address_is_a_bad_request(world, url):
    response = client_as(world.admin).get(url)
    assert response.status_code == 400
    assert "NUL character" in response.content.decode()


@pytest.mark.parametrize("url_name", ["login", "admin:login"])
def test_a_username_longer_than_the_column_is_a_form_error(client, world, url_name):
    response = client.post(reverse(url_name), {"username": "x" * 300, "password": "a-long-test-password"})
    assert response.status_code == 200
    assert "Ensure this value has at most 150 characters (it has 300)." in response.content.decode()


def test_an_unknown_export_format_in_the_admin_is_not_found(world):
    response = client_as(world.admin).get(reverse("admin:workplan_activity_export", args=["bali-work-plan", "pdf"]))
    assert response.status_code == 404


@pytest.mark.parametrize("query", ["at__year=99999", "at__year=0&at__month=13", "at__year=٢٠٢٤", "at__gte=99999-01-01"])
def test_an_out_of_range_year_in_the_admin_is_no_error(world, query):
    response = client_as(world.admin).get(f"{reverse('admin:audit_auditevent_changelist')}?{query}")
    assert response.status_code in (200, 302)


@pytest.mark.parametrize("object_id", ["[]", "1.5", "9" * 30])
def test_the_report_history_of_an_id_that_is_no_number_is_not_found(world, object_id):
    response = client_as(world.admin).get(reverse("admin:monitoring_activityreport_history", args=[object_id]))
    assert response.status_code in (302, 404)
