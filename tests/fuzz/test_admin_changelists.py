"""Every registered ModelAdmin's changelist, as an administrator, with absurd dates in its date
hierarchy and junk in every parameter of its list filters: never a 500.

The filters' parameter names are read off each changelist (`expected_parameters()`), so a filter
added later is fuzzed without being listed here.
"""

import pytest
from django.contrib import admin
from django.test import Client, RequestFactory
from django.urls import reverse

from tests.fuzz.examples import rolled_back

pytestmark = pytest.mark.django_db

ABSURD_YEARS = ["2147483648", "0", "1", "-1", "99999", "9999", str(10**20), "x", ""]
ABSURD_MONTHS = ["13", "0", str(2**63)]
ABSURD_DAYS = ["40", "0", "30", str(2**63)]
JUNK = ["x", str(2**63), "\x00", "2025-13-45"]


def changelists():
    for model, model_admin in admin.site._registry.items():
        yield pytest.param(model, model_admin, id=f"{model._meta.app_label}.{model._meta.model_name}")


@pytest.fixture
def administrator(world):
    client = Client(raise_request_exception=True)
    client.force_login(world.admin)
    return client


def answer(client, url, params):
    """The status GET `url` answers, or the error it raised (a 500 in production)."""
    with rolled_back():
        try:
            return client.get(url, params).status_code
        except Exception as error:  # noqa: BLE001 (the failure is what the test reports)
            return f"{type(error).__name__}: {error}"


def filter_parameters(model_admin, user):
    request = RequestFactory().get("/")
    request.user = user
    changelist = model_admin.get_changelist_instance(request)
    return [name for spec in changelist.filter_specs for name in spec.expected_parameters()]


@pytest.mark.parametrize("model, model_admin", list(changelists()))
def test_changelist_with_absurd_dates_and_junk_filters_is_never_a_500(world, administrator, model, model_admin):
    url = reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist")
    tries = []
    if model_admin.date_hierarchy:
        field = model_admin.date_hierarchy
        tries += [{f"{field}__year": year} for year in ABSURD_YEARS]
        tries += [{f"{field}__year": "2025", f"{field}__month": month} for month in ABSURD_MONTHS]
        tries += [{f"{field}__year": "9999", f"{field}__month": "12"}, {f"{field}__year": "9999", f"{field}__month": "12", f"{field}__day": "31"}]
        tries += [{f"{field}__year": "2025", f"{field}__month": "2", f"{field}__day": day} for day in ABSURD_DAYS]
    for name in filter_parameters(model_admin, world.admin):
        tries += [{name: value} for value in JUNK]
    answers = {str(params): answer(administrator, url, params) for params in tries}
    assert {params: status for params, status in answers.items() if not isinstance(status, int) or status >= 500} == {}


def test_absurd_year_in_the_audit_log_says_the_filter_is_wrong(world, administrator):
    response = administrator.get(reverse("admin:audit_auditevent_changelist"), {"at__year": "2147483648"})
    assert response.status_code == 302
    assert response.url.endswith("?e=1")
