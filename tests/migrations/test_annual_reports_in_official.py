"""The annual reports written and signed before the official documents engine are copied into it
(official 0002) before annualreports drops its tables (0003): every text, version, signature and file
is kept, the snapshot turned into the engine's, and the frozen text read from it."""

import datetime

import pytest

from tests.migrations.test_several_plans import migrate

BEFORE = [("official", "0001_initial"), ("annualreports", "0002_cycle_in_reporting")]
AFTER = [("annualreports", "0003_annual_report_in_official")]


@pytest.fixture(autouse=True)
def _latest_schema_afterwards():
    yield
    from django.db import connection
    from django.db.migrations.executor import MigrationExecutor

    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(executor.loader.graph.leaf_nodes())


@pytest.mark.django_db(transaction=True)
def test_texts_versions_and_signatures_are_copied_into_the_official_documents():
    apps = migrate(BEFORE)
    plan = apps.get_model("workplan", "Plan").objects.create(
        kind="work_plan", title="Bali Work Plan", short_name="Bali Work Plan", slug="bali-work-plan",
        start_year=2019, end_year=2025)
    cycle = apps.get_model("reporting", "ReportingCycle").objects.create(
        plan=plan, year=2024, opens_on=datetime.date(2024, 10, 1), deadline=datetime.date(2025, 3, 31))
    User = apps.get_model("auth", "User")
    first = User.objects.create(username="cochair-1", first_name="Ana", last_name="First")
    second = User.objects.create(username="cochair-2")
    apps.get_model("annualreports", "AnnualReportText").objects.create(
        cycle=cycle, executive_summary="Now.", challenges="Visas.", recommendations="Fund it.", updated_by=first)
    Old = apps.get_model("annualreports", "AnnualReportVersion")
    signed_at = datetime.datetime(2025, 4, 2, 9, tzinfo=datetime.timezone.utc)
    old_snapshot = {"plan": {"slug": "bali-work-plan"}, "cycle": {"year": 2024, "deadline": "2025-03-31"},
                    "text": {"executive_summary": "Then.", "challenges": "", "recommendations": ""},
                    "summary": "Of 10 activities…", "entries": [{"code": "1.1.1"}], "drawn_at": "2025-04-02T09:00:00"}
    Old.objects.create(cycle=cycle, number=1, state="signed", snapshot=old_snapshot, first_signed_by=first,
                       first_signed_at=signed_at, second_signed_by=second, second_signed_at=signed_at,
                       pdf="annual-reports/1/v1/report-v1.pdf")
    Old.objects.create(cycle=cycle, number=2, state="awaiting", reason="A late report.", snapshot=old_snapshot,
                       first_signed_by=second, first_signed_at=signed_at)

    apps = migrate(AFTER)
    document = apps.get_model("official", "Document").objects.get()
    assert (document.kind, document.plan_id, document.year, document.updated_by_id) == ("annual-report", plan.pk, 2024, first.pk)
    assert document.text == {"executive_summary": "Now.", "challenges": "Visas.", "recommendations": "Fund it."}
    one, two = apps.get_model("official", "Version").objects.order_by("number")
    assert [(v.number, v.state, v.reason) for v in (one, two)] == [(1, "signed", ""), (2, "awaiting", "A late report.")]
    assert one.snapshot["text"]["executive_summary"] == "Then."
    assert one.snapshot["compiled"]["entries"] == [{"code": "1.1.1"}] and "drawn_at" not in one.snapshot["compiled"]
    assert [s["name"] for s in one.snapshot["signatories"]] == ["Ana First", "cochair-2"]
    assert one.pdf.name == "annual-reports/1/v1/report-v1.pdf" and len(one.digest) == 64
    Signature = apps.get_model("official", "Signature")
    assert list(Signature.objects.filter(version=one).order_by("pk").values_list("user_id", "name", "role")) == [
        (first.pk, "Ana First", "MTF co-chair"), (second.pk, "cochair-2", "MTF co-chair")]
    assert Signature.objects.filter(version=two).count() == 1
    from django.db import connection

    tables = connection.introspection.table_names()
    assert "annualreports_annualreportversion" not in tables and "annualreports_annualreporttext" not in tables
