import pytest
from django.core.management import call_command
from django.urls import reverse

from monitoring.models import ActivityReport
from national.models import NationalReport

pytestmark = pytest.mark.django_db


def test_demo_reports_fill_an_empty_tracker_once(real_plan):
    call_command("load_cycles", verbosity=0)
    call_command("load_national_cycles", verbosity=0)
    call_command("load_demo_reports")
    reports, national = ActivityReport.objects.count(), NationalReport.objects.count()
    assert reports > 100
    assert {"accepted", "submitted", "returned", "draft"} <= set(ActivityReport.objects.values_list("state", flat=True))
    # The Member States' reports too, on both plans of action, so the WG chair's pages show something.
    assert set(NationalReport.objects.values_list("cycle__plan__slug", flat=True)) == {"poa-pcrve", "acpoa-ct"}
    assert NationalReport.objects.sent().exists()
    call_command("load_demo_reports")  # a database with reports is left alone
    assert (ActivityReport.objects.count(), NationalReport.objects.count()) == (reports, national)


def test_every_page_says_when_its_reports_are_demo_data(client, settings):
    settings.DEMO_DATA = True
    assert "Demo data:" in client.get(reverse("home")).content.decode()
    settings.DEMO_DATA = False
    assert "Demo data:" not in client.get(reverse("home")).content.decode()


def test_bin_serve_loads_demo_reports_unless_demo_data_is_off():
    from pathlib import Path

    script = (Path(__file__).parents[2] / "bin" / "serve").read_text()
    assert 'DEMO_DATA="${DEMO_DATA:-1}"' in script and "load_demo_reports" in script
    assert "0|false|no|off) ;;" in script
