import datetime

import pytest
from django.core.management import call_command

from demo.national_synthetic import generate
from national.models import NationalReport, ProvisionEntry
from workplan.models import ActionLine

pytestmark = pytest.mark.django_db


def test_synthetic_national_reports_grow_with_the_scale_and_repeat_with_the_seed(nat):
    made = generate(scale=3, seed=7, password_hash="!", today=datetime.date(2026, 1, 15))
    assert made.provisions == 8 and ActionLine.objects.filter(plan=nat.plan).count() == 12
    assert sorted(ActionLine.objects.filter(plan=nat.plan, priority_area__number=1).values_list("number", flat=True)) == [
        "1.1", "1.2", "1.3", "1.4", "1.5", "1.6"]
    assert made.reports == NationalReport.objects.count() > 0
    assert made.entries == ProvisionEntry.objects.count() == made.reports * 12
    first = list(ProvisionEntry.objects.order_by("pk").values_list("status", "assistance_theme"))
    assert generate(scale=3, seed=7, password_hash="!").reports == 0  # a database with national reports is left alone
    NationalReport.objects.all().delete()
    ActionLine.objects.filter(text__startswith="[synthetic]").delete()
    generate(scale=3, seed=7, password_hash="!", today=datetime.date(2026, 1, 15))
    assert list(ProvisionEntry.objects.order_by("pk").values_list("status", "assistance_theme")) == first


def test_generate_scale_data_fills_national_reports_too(db, capsys):
    call_command("load_plans", verbosity=0)
    call_command("load_cycles", verbosity=0)
    call_command("load_national_cycles", verbosity=0)
    call_command("generate_scale_data", "--scale", "1")
    out = capsys.readouterr().out
    assert "national reports" in out
    assert NationalReport.objects.filter(cycle__plan__slug="poa-pcrve").exists()
    assert NationalReport.objects.filter(cycle__plan__slug="acpoa-ct").exists()
