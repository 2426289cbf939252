import io
import re
from pathlib import Path

import pytest
from django.contrib.auth.models import User
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
    # Their users receive the emails of their roles: the co-chairs, the focal points, the staff.
    assert User.objects.filter(username__in=["mtf-cochair-1", "mtf-cochair-2", "focal-idn"]).count() == 3
    assert not User.objects.filter(email="").exists()
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
    assert 'DEMO_DATA="${DEMO_DATA:-1}"' in script and "manage.py prepare_local_site ;;" in script
    assert "0|false|no|off) .venv/bin/python manage.py prepare_local_site --no-demo-reports ;;" in script
    # The one process bin/serve runs loads the invented reports, unless told not to.
    command = (Path(__file__).parents[2] / "demo" / "management" / "commands" / "prepare_local_site.py").read_text()
    assert 'if not no_demo_reports:\n            steps.append("load_demo_reports")' in command


def test_demo_accounts_cover_every_role_with_an_email_address_and_are_in_the_readme():
    printed = io.StringIO()
    call_command("create_demo_users", stdout=printed)
    accounts = set(re.findall(r"username: ([\w-]+)", printed.getvalue()))
    groups = {user.username: set(user.groups.values_list("name", flat=True)) for user in User.objects.all()}
    assert groups["asec"] == {"ASEAN Secretariat"}
    assert groups["cochair"] == groups["cochair-2"] == {"MTF co-chairs"}
    assert not User.objects.filter(email="").exists()
    readme = (Path(__file__).parents[2] / "README.md").read_text()
    table = set(re.findall(r"^\| `([\w-]+)` \|", readme, flags=re.MULTILINE))
    assert {"asec", "cochair", "cochair-2", "wgct-chair"} <= accounts <= table

