"""The cycle's features of the Member States' reporting, taken from the pages: reopening with a reason,
the comment thread, bulk acknowledgement, sharing after submission, membership by year, and the rates
and late states of a cycle whose deadline has passed."""

import datetime
import re

import pytest
from django.urls import reverse

from bodies.models import MemberState
from national import services
from national.models import NationalReport
from national.selectors import national_report_history
from reporting import calendar
from reporting.models import ExpectedReport
from tests.factories import MemberStateFactory, ReportingCycleFactory

from .conftest import answer_all, focal_point

pytestmark = pytest.mark.django_db

State = NationalReport.State
TIMOR_LESTE_JOINED = datetime.date(2025, 10, 26)


def messages_of(response):
    """The messages the redirected-to page shows (the response of a post with follow=True)."""
    return [str(message) for message in response.context["messages"]]


def submitted(nat, report, user=None):
    return services.submit_national_report(report=answer_all(report), user=user or nat.focal)


def acknowledged(nat, report):
    return services.acknowledge_national_report(report=submitted(nat, report), user=nat.chair)


def list_url(nat, year):
    return reverse("national:reports", args=[nat.plan.slug]) + f"?cycle={year}"


# --- reopening an acknowledged report ---------------------------------------------------------------

def test_only_the_chair_reopens_an_acknowledged_report_and_its_reason_is_shown_and_recorded(client, nat, draft):
    report = acknowledged(nat, draft)
    url = reverse("national:reopen_report", args=[report.pk])
    reason = "The 2025 law on CT financing is missing from area 2."

    client.force_login(nat.focal)
    assert client.post(url, {"comment": reason}).status_code == 403
    client.force_login(nat.chair)
    client.post(url, {"comment": "   "})
    report.refresh_from_db()
    assert report.state == State.ACKNOWLEDGED  # no reason, no reopening

    response = client.post(url, {"comment": reason})
    assert response.status_code == 302 and response["Location"] == report.get_absolute_url()
    report.refresh_from_db()
    assert report.state == State.DRAFT
    step = report.transitions.order_by("-pk").first()
    assert (step.from_state, step.to_state, step.by, step.comment) == (State.ACKNOWLEDGED, State.DRAFT, nat.chair, reason)

    client.force_login(nat.agency_focal)
    page = client.get(report.get_absolute_url())
    assert page.context["revision_request"] == step and reason in page.content.decode()
    assert page.context["can_edit"] and not page.context["can_reopen"]


# --- the comment thread -----------------------------------------------------------------------------

def test_the_states_focal_points_the_chair_and_the_secretariat_post_and_read_the_thread(client, nat, draft):
    report = submitted(nat, draft)
    authors = [nat.focal, nat.agency_focal, nat.chair, nat.secretariat]
    for author in authors:
        client.force_login(author)
        response = client.post(reverse("national:comment_report", args=[report.pk]), {"text": f"Note by {author.username}."})
        assert response.status_code == 302
    assert list(report.comments.order_by("pk").values_list("author", flat=True)) == [user.pk for user in authors]
    for reader in authors:
        client.force_login(reader)
        page = client.get(report.get_absolute_url()).content.decode()
        assert all(f"Note by {author.username}." in page for author in authors)


def test_another_state_reading_a_shared_report_sees_no_comment_and_cannot_post(client, nat, draft):
    services.share_national_report(report=draft, user=nat.focal, shared=True)
    report = submitted(nat, draft)
    services.add_comment(report=report, user=nat.chair, text="Confidential: the agency list is incomplete.")
    client.force_login(nat.other_focal)
    page = client.get(report.get_absolute_url())
    assert page.status_code == 200  # shared: Malaysia reads the answers
    assert not page.context["comments"] and "agency list is incomplete" not in page.content.decode()
    assert 'id="comments"' not in page.content.decode()
    response = client.post(reverse("national:comment_report", args=[report.pk]), {"text": "May we read it too?"})
    assert response.status_code == 403
    assert report.comments.count() == 1


# --- bulk acknowledgement ---------------------------------------------------------------------------

def test_the_chair_acknowledges_ticked_reports_and_nothing_when_a_draft_is_among_them(client, nat, draft):
    indonesia = submitted(nat, draft)
    malaysia = submitted(nat, services.start_national_report(member_state=nat.malaysia, cycle=nat.cycle, user=nat.other_focal),
                         nat.other_focal)
    thailand = MemberStateFactory(name="Thailand", code="THA")
    thai_draft = services.start_national_report(member_state=thailand, cycle=nat.cycle, user=nat.admin)
    url = reverse("national:acknowledge_reports", args=[nat.plan.slug]) + f"?cycle={nat.cycle.year}"
    client.force_login(nat.chair)

    response = client.post(url, {"reports": [indonesia.pk, malaysia.pk, thai_draft.pk], "comment": "Thank you."}, follow=True)
    assert response.redirect_chain == [(list_url(nat, nat.cycle.year), 302)]
    assert messages_of(response) == ["One of the ticked reports is no longer waiting for review; nothing was done."]
    assert set(NationalReport.objects.values_list("state", flat=True)) == {State.SUBMITTED, State.DRAFT}

    response = client.post(url, {"reports": [indonesia.pk, malaysia.pk], "comment": "Thank you."}, follow=True)
    assert messages_of(response) == [f"2 reports acknowledged: {indonesia}, {malaysia}."]
    assert dict(NationalReport.objects.values_list("member_state__name", "state")) == {
        "Indonesia": State.ACKNOWLEDGED, "Malaysia": State.ACKNOWLEDGED, "Thailand": State.DRAFT}
    steps = NationalReport.objects.get(pk=malaysia.pk).transitions.filter(to_state=State.ACKNOWLEDGED)
    assert [(step.by, step.comment) for step in steps] == [(nat.chair, "Thank you.")]


def test_a_focal_point_cannot_acknowledge_from_the_list(client, nat, draft):
    report = submitted(nat, draft)
    client.force_login(nat.focal)
    url = reverse("national:acknowledge_reports", args=[nat.plan.slug]) + f"?cycle={nat.cycle.year}"
    assert client.post(url, {"reports": [report.pk]}).status_code == 403
    report.refresh_from_db()
    assert report.state == State.SUBMITTED


# --- sharing ----------------------------------------------------------------------------------------

def sharing_changes(report):
    return [entry for entry in national_report_history(report)
            if any(label == "share with the other Member States" for label, _, _ in entry.changes)]


def test_the_national_focal_point_changes_sharing_after_submission_as_a_recorded_step(client, nat, draft):
    report = submitted(nat, draft)
    url = reverse("national:share_report", args=[report.pk])
    client.force_login(nat.agency_focal)
    assert client.post(url, {"shared": "yes"}).status_code == 403
    report.refresh_from_db()
    assert not report.shared_with_member_states

    client.force_login(nat.focal)
    assert client.get(report.get_absolute_url()).context["can_share"]
    assert client.post(url, {"shared": "yes"}).status_code == 302
    report.refresh_from_db()
    assert report.shared_with_member_states and report.state == State.SUBMITTED
    [change] = sharing_changes(report)
    assert change.who == nat.focal and change.changes == [("share with the other Member States", False, True)]

    client.post(url, {"shared": "no"})
    report.refresh_from_db()
    assert not report.shared_with_member_states
    assert [change.changes[0][1:] for change in sharing_changes(report)] == [(True, False), (False, True)]  # newest first
    client.force_login(nat.other_focal)
    assert client.get(report.get_absolute_url()).status_code == 403


def test_the_form_says_what_sharing_means_before_submission(client, nat, draft):
    client.force_login(nat.focal)
    page = client.get(reverse("national:edit_report", args=[draft.pk])).content.decode()
    assert "never its history" in page and "also after submitting" in page


# --- membership -------------------------------------------------------------------------------------

@pytest.fixture
def timor_leste(nat):
    state = MemberStateFactory(name="Timor-Leste", code="TLS", joined_on=TIMOR_LESTE_JOINED)
    nat.tl_focal = focal_point(state, "Polícia Nacional de Timor-Leste", username="tl-focal")
    nat.cycle_2019 = ReportingCycleFactory(plan=nat.plan, year=2019)
    return state


def test_a_state_that_joined_in_2025_is_not_listed_for_2019(client, nat, timor_leste):
    client.force_login(nat.chair)
    page = client.get(list_url(nat, 2019))
    assert [row.member_state.name for row in page.context["rows"]] == ["Indonesia", "Malaysia"]
    assert "Timor-Leste" not in page.content.decode()
    page = client.get(list_url(nat, 2025))
    assert [row.member_state.name for row in page.context["rows"]] == ["Indonesia", "Malaysia", "Timor-Leste"]


def test_a_state_cannot_start_a_report_for_a_year_before_it_joined(client, nat, timor_leste):
    client.force_login(nat.tl_focal)
    assert "Start the 2019 report" not in client.get(list_url(nat, 2019)).content.decode()
    response = client.post(reverse("national:start_report", args=[nat.plan.slug, 2019, "TLS"]), follow=True)
    assert response.redirect_chain == [(list_url(nat, 2019), 302)]
    assert messages_of(response) == ["Timor-Leste joined ASEAN on 26 October 2025: it reports from 2025 on."]
    assert not NationalReport.objects.exists()
    client.post(reverse("national:start_report", args=[nat.plan.slug, 2025, "TLS"]))
    assert NationalReport.objects.get().member_state == timor_leste


def test_a_state_is_expected_from_the_year_it_joined(nat, timor_leste):
    calendar.expect(nat.cycle_2019)
    calendar.expect(nat.cycle)
    expected = set(ExpectedReport.objects.filter(member_state__isnull=False).values_list("cycle__year", "member_state__name"))
    assert expected == {(2019, "Indonesia"), (2019, "Malaysia"),
                        (2025, "Indonesia"), (2025, "Malaysia"), (2025, "Timor-Leste")}


def coverage_row(page, state_name):
    """The cells of a state's row in the dashboard's coverage table, as text."""
    section = page.split('id="coverage"', 1)[1].split("</section>", 1)[0]
    row = re.search(rf'<tr><th scope="row">{state_name}</th>(.*?)</tr>', section).group(1)
    return [re.sub(r"<[^>]+>", "", cell).strip() for cell in re.findall(r"<td[^>]*>(.*?)</td>", row)]


def test_the_dashboard_shows_not_yet_a_member_before_a_state_joined(client, nat, timor_leste):
    calendar.expect_every_cycle()
    client.force_login(nat.chair)
    page = client.get(reverse("national:dashboard", args=[nat.plan.slug]) + "?cycle=2025").content.decode()
    # Cycles in order of year: 2019, 2024 and 2025.
    assert coverage_row(page, "Timor-Leste") == ["not yet a member", "not yet a member", "none"]
    assert coverage_row(page, "Indonesia") == ["none", "none", "none"]


# --- rates and late states of a cycle past its deadline ---------------------------------------------

@pytest.fixture
def past_cycle(nat, timor_leste):
    """The 2022 cycle, due on 31 March 2023: Indonesia reported on time, Malaysia late, Thailand has a
    draft, the Philippines nothing; Timor-Leste was not yet a member."""
    cycle = ReportingCycleFactory(plan=nat.plan, year=2022)
    thailand = MemberStateFactory(name="Thailand", code="THA")
    philippines = MemberStateFactory(name="Philippines", code="PHL")
    for state, first_sent in [(nat.indonesia, datetime.datetime(2023, 3, 30, 10, tzinfo=datetime.UTC)),
                              (nat.malaysia, datetime.datetime(2023, 5, 2, 10, tzinfo=datetime.UTC))]:
        report = submitted(nat, services.start_national_report(member_state=state, cycle=cycle, user=nat.admin), nat.admin)
        NationalReport.objects.filter(pk=report.pk).update(first_submitted_at=first_sent, submitted_at=first_sent)
    services.start_national_report(member_state=thailand, cycle=cycle, user=nat.admin)
    assert philippines.national_reports.count() == 0
    calendar.expect_every_cycle()
    return cycle


def counted_by_hand(cycle):
    """Expected, received, on time, late and awaiting review of the cycle, counted from the states and
    reports themselves."""
    members = [state for state in MemberState.objects.all() if state.joined_on.year <= cycle.year]
    reports = {report.member_state_id: report for report in NationalReport.objects.filter(cycle=cycle)}
    received = [state for state in members if state.pk in reports and reports[state.pk].first_submitted_at]
    on_time = [state for state in received if reports[state.pk].first_submitted_at.date() <= cycle.deadline]
    late = sorted(state.name for state in members if state not in received)
    awaiting = [report for report in reports.values() if report.state == State.SUBMITTED]
    return len(members), len(received), len(on_time), late, len(awaiting)


def test_the_dashboards_rates_of_a_past_cycle_agree_with_a_count_by_hand(client, nat, past_cycle):
    expected, received, on_time, late, awaiting = counted_by_hand(past_cycle)
    assert (expected, received, on_time, late, awaiting) == (4, 2, 1, ["Philippines", "Thailand"], 2)
    client.force_login(nat.chair)
    page = client.get(reverse("national:dashboard", args=[nat.plan.slug]) + "?cycle=2022")
    [figures] = [f for cycle, f in page.context["figures_per_cycle"] if cycle.pk == past_cycle.pk]
    assert ((figures.expected, figures.received, figures.on_time, figures.late, figures.awaiting_review)
            == (expected, received, on_time, len(late), awaiting))
    html = page.content.decode()
    row = re.search(r'\?cycle=2022">2022</a></th>(.*?)</tr>', html).group(1)
    cells = [re.sub(r"<[^>]+>", "", cell).strip() for cell in re.findall(r"<td[^>]*>(.*?)</td>", row)]
    assert cells == [str(expected), f"{received} (50%)", f"{on_time} (25%)", str(len(late)), str(awaiting)]
    listed = re.search(r'<ul id="late-states">(.*?)</ul>', html, re.S).group(1)
    assert re.findall(r"<li>(.*?)</li>", listed) == late


def test_the_chairs_home_page_lists_the_late_states(client, nat, past_cycle):
    client.force_login(nat.chair)
    page = client.get(reverse("home"))
    late_2022 = sorted(row["member_state__name"] for row in page.context["national_attention"].late
                       if row["cycle__year"] == 2022)
    assert late_2022 == counted_by_hand(past_cycle)[3]
    html = page.content.decode()
    assert f"Thailand ({nat.plan.short_name} 2022)" in html and f"Philippines ({nat.plan.short_name} 2022)" in html
    assert f"Indonesia ({nat.plan.short_name} 2022)" not in html and f"Malaysia ({nat.plan.short_name} 2022)" not in html


def test_the_summary_and_the_heat_map_of_2019_leave_out_a_state_that_joined_later(client, nat, timor_leste):
    client.force_login(nat.chair)
    summary = client.get(reverse("national:summary", args=[nat.plan.slug]) + "?cycle=2019")
    assert [state.name for state in summary.context["summary"].not_reported] == ["Indonesia", "Malaysia"]
    assert "Timor-Leste" not in summary.content.decode()
    dashboard = client.get(reverse("national:dashboard", args=[nat.plan.slug]) + "?cycle=2019")
    assert [state.name for state, _ in dashboard.context["heat_rows"]] == ["Indonesia", "Malaysia"]
    dashboard = client.get(reverse("national:dashboard", args=[nat.plan.slug]) + "?cycle=2025")
    assert [state.name for state, _ in dashboard.context["heat_rows"]] == ["Indonesia", "Malaysia", "Timor-Leste"]
