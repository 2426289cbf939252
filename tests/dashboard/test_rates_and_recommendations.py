"""Reporting rates and open recommendations on the dashboard and the annual report; counts in English."""

from dataclasses import replace

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse

from bodies.models import SectoralBody
from annualreports.annual_report import summary_text
from dashboard.figures import AchievementCounts, Coverage, StatusCounts
from monitoring import cycles
from monitoring.models import ActivityReport, FollowUp, ReportDocument
from reporting.models import ExpectedReport, ReportingCycle

pytestmark = pytest.mark.django_db

DASHBOARD = reverse("dashboard:dashboard", args=["bali-work-plan"])
ANNUAL = reverse("annualreports:annual_report", args=["bali-work-plan"])


@pytest.fixture
def cycle_2024(reported_plan):
    cycle = ReportingCycle.objects.get(plan__slug="bali-work-plan", year=2024)
    cycles.expect_reports(cycle)
    return cycle


def counted_by_hand(cycle, body=None):
    """Expected, received and on time, counted report by report in Python."""
    reports = {(r.activity_id, r.implementing_body_id): r for r in ActivityReport.objects.filter(cycle=cycle)}
    by_body = {}
    expected = ExpectedReport.objects.filter(cycle=cycle).select_related("body")
    for row in expected.filter(body=body) if body else expected:
        report = reports.get((row.activity_id, row.body_id))
        received = bool(report and report.first_submitted_at)
        on_time = received and report.first_submitted_at.date() <= cycle.deadline
        counts = by_body.setdefault(row.body.abbreviation, [0, 0, 0])
        counts[0], counts[1], counts[2] = counts[0] + 1, counts[1] + received, counts[2] + on_time
    return by_body


@pytest.mark.parametrize("page", [DASHBOARD, ANNUAL])
def test_reporting_rates_per_body_and_overall_agree_with_a_count_of_the_reports(cochair_client, cycle_2024, page):
    response = cochair_client.get(page, {"cycle": "2024"})
    if page == DASHBOARD:
        rates, total = response.context["rates"], response.context["rates_total"]
    else:
        rates, total = response.context["report"].rates
    by_hand = counted_by_hand(cycle_2024)
    assert {row.body["abbreviation"]: [row.expected, row.received, row.on_time] for row in rates} == by_hand
    assert [total.expected, total.received, total.on_time] == [sum(n[i] for n in by_hand.values()) for i in range(3)]
    assert total.expected > total.received > 0
    assert "All bodies" in response.content.decode()


def test_reporting_rates_narrowed_to_a_body_are_its_own(cochair_client, cycle_2024):
    response = cochair_client.get(DASHBOARD, {"cycle": "2024", "body": "SOMTC"})
    rates = response.context["rates"]
    assert [row.body["abbreviation"] for row in rates] == ["SOMTC"]
    somtc = SectoralBody.objects.get(abbreviation="SOMTC")
    assert [rates[0].expected, rates[0].received, rates[0].on_time] == counted_by_hand(cycle_2024, body=somtc)["SOMTC"]


def test_the_dashboard_lists_open_recommendations_oldest_first_with_their_age(cochair_client, cycle_2024):
    expected = [
        r.pk for r in ActivityReport.objects.filter(cycle__plan__slug="bali-work-plan", cycle__year__lte=2024,
                                                    state__in=["submitted", "accepted"]).exclude(recommendations="")
        .order_by("first_submitted_at", "pk")
    ]
    closed = ActivityReport.objects.get(pk=expected[0])
    later = ActivityReport.objects.filter(activity=closed.activity, implementing_body=closed.implementing_body,
                                          cycle__year__gt=closed.cycle.year, cycle__year__lte=2024).first()
    if later is None:  # give the oldest a follow-up in a later report
        later = ActivityReport.objects.filter(cycle__year=2024).exclude(pk=closed.pk).first()
    ActivityReport.objects.filter(pk=later.pk).update(follows_up=closed, follow_up_status=FollowUp.DONE, state="submitted")
    still_open = [pk for pk in expected if pk != closed.pk]
    response = cochair_client.get(DASHBOARD, {"cycle": "2024"})
    shown = response.context["open_recommendations"]
    assert response.context["open_recommendations_count"] == len(still_open)
    assert [r.pk for r in shown] == still_open[:50]
    assert shown[0].age_in_days() >= shown[-1].age_in_days() > 0
    html = response.content.decode()
    assert f"{shown[0].age_in_days()} days" in html and shown[0].get_absolute_url() in html
    annual = cochair_client.get(ANNUAL, {"cycle": "2024"})
    assert "Recommendations still open" in annual.content.decode()
    assert annual.context["report"].open_recommendations_count == len(still_open)


def test_the_summary_reads_as_english_for_one_and_for_several():
    one = summary_text(Coverage(accepted=1, submitted=0, returned=1, draft=1, none=1),
                       replace(StatusCounts.zero(), completed=1), replace(AchievementCounts.zero(), achieved=1))
    assert "Of the 4 indicative activities, 1 (25%) has a report submitted or accepted" in one
    assert "1 has been returned for revision, 1 is in draft, and 1 has no report." in one
    assert "Of 1 reported implementation, 1 is completed" in one and "Of 1 expected output reported on, 1 was achieved" in one
    two = summary_text(Coverage(accepted=2, submitted=0, returned=2, draft=2, none=2),
                       replace(StatusCounts.zero(), completed=2), replace(AchievementCounts.zero(), achieved=2))
    assert "2 have been returned for revision, 2 are in draft, and 2 have no report." in two


def test_entries_show_challenges_partners_dialogue_partner_support_and_documents(cochair_client, reported_plan, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    entry = ActivityReport.objects.filter(cycle__year=2024, state="accepted").first()
    ActivityReport.objects.filter(pk=entry.pk).update(
        challenges="Visas came late", partners="UNODC", dialogue_partner_support="Funded by a Dialogue Partner")
    document = ReportDocument(report=entry, original_name="summary-record.pdf", content_type="application/pdf",
                              size=4, uploaded_by=entry.created_by)
    document.file.save("summary-record.pdf", ContentFile(b"%PDF"), save=True)
    pages = [cochair_client.get(ANNUAL, {"cycle": "2024", "page": n}) for n in (1, 2, 3, 4, 5)]
    html = "".join(page.content.decode() for page in pages)
    for text in ("Visas came late", "UNODC", "Funded by a Dialogue Partner", "summary-record.pdf", document.get_absolute_url()):
        assert text in html
