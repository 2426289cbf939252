"""Every form of the document build pages, for every kind of document registered, with junk in each
of its fields: refused (404) or queued, never a 500, and nothing queued from a refused request."""

import pytest
from django.test import Client
from django.urls import reverse

from builds.forms import BuildRequestForm
from builds.models import DocumentBuild
from builds.registry import choices
from tests.fuzz.examples import rolled_back

pytestmark = pytest.mark.django_db

JUNK = [
    "x", "1.5", "-1", "0", str(2**15), str(2**31), str(2**63), str(10**20), "\x00", "1\x00", "٢", "²", " ", "None",
    "x" * 300, "1e3", "NaN",
]


@pytest.fixture
def cochair(world):
    client = Client(raise_request_exception=True)
    client.force_login(world.cochair)
    return client


def test_every_build_form_field_with_junk_is_refused_never_a_500(world, cochair):
    url = reverse("builds:request", args=[world.cycle.plan.slug])
    sensible = {"cycle": str(world.cycle.year), "priority_area": "", "body": "", "version": ""}
    failures = []
    for kind, _label in choices():
        for field in BuildRequestForm.base_fields:
            for value in JUNK:
                data = {"kind": kind, **sensible, field: value}
                with rolled_back():
                    try:
                        status = cochair.post(url, data).status_code
                    except Exception as error:  # noqa: BLE001 (a view that raises is a 500 in production)
                        failures.append((kind, field, value, f"{type(error).__name__}: {error}"))
                        continue
                    if status >= 500 or (status != 302 and DocumentBuild.objects.exists()):
                        failures.append((kind, field, value, status))
    assert failures == []


def test_a_priority_area_that_is_no_number_is_a_form_error(world):
    form = BuildRequestForm({"kind": "annual-report-xlsx", "cycle": str(world.cycle.year), "priority_area": "x"}, plan=world.cycle.plan)
    assert not form.is_valid() and "priority_area" in form.errors
