import datetime

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from national import services
from national.models import NationalReport, ProvisionEntry, Review
from reporting.models import ReportingCycle
from tests.factories import ReportingCycleFactory
from tests.national.conftest import answer_all

pytestmark = pytest.mark.django_db


def sent(nat, state, year, statuses, measures=""):
    """A report of `state` in `year` sent to the chair, with these statuses in the plan's order."""
    cycle = ReportingCycleFactory(plan=nat.plan, year=year, state=ReportingCycle.State.CLOSED)
    report = services.start_national_report(member_state=state, cycle=cycle, user=nat.admin, carry_forward=False)
    answer_all(report)
    for entry, status in zip(report.entries.in_plan_order(), statuses):
        ProvisionEntry.objects.filter(pk=entry.pk).update(status=status, national_measures=measures)
    NationalReport.objects.filter(pk=report.pk).update(state=NationalReport.State.ACKNOWLEDGED)
    return report


@pytest.fixture
def history(nat):
    """Indonesia reports each year 2019–2024; Malaysia only in 2019 and 2023."""
    ns, p, ip, i = "not_started", "planned", "in_progress", "implemented"
    sent(nat, nat.indonesia, 2019, [ns, p, p, ip], "Old law")
    sent(nat, nat.indonesia, 2020, [p, p, p, ip], "Old law")
    sent(nat, nat.indonesia, 2021, [ip, p, p, i], "Old law")
    sent(nat, nat.indonesia, 2022, [ip, p, ns, i], "Old law")
    sent(nat, nat.indonesia, 2024, [i, p, ns, ip], "Law No. 5 of 2024 on prevention")
    sent(nat, nat.malaysia, 2019, [ns, ns, ns, ns])
    sent(nat, nat.malaysia, 2023, [ip, ns, ns, ns])
    first = services.start_review(plan=nat.plan, first_year=2019, last_year=2021, user=nat.secretariat)
    second = services.start_review(plan=nat.plan, first_year=2022, last_year=2024, user=nat.secretariat)
    return first, second


def test_progress_matrix_and_changes_of_the_first_review(client, nat, history):
    first, _ = history
    client.force_login(nat.chair)
    response = client.get(first.get_absolute_url() + "?area=all")
    compiled = response.context["compiled"]
    area, provisions = compiled.areas[0]
    provision, cells = provisions[0]  # 1.1
    indonesia = [state.name for state in compiled.states].index("Indonesia")
    assert provision.number == "1.1" and cells[indonesia].statuses == ["not_started", "planned", "in_progress"]
    assert cells[indonesia].movement == "rose"
    # Since 2019 (no earlier review): Indonesia's 1.1 rose, 2.2 (fourth) rose to implemented; no new measure text.
    assert {(c.member_state.name, c.provision.number) for c in compiled.rose} == {("Indonesia", "1.1"), ("Indonesia", "2.2")}
    assert compiled.fell == [] and compiled.new_measures == []


def test_what_changed_since_the_last_review(client, nat, history):
    _, second = history
    client.force_login(nat.secretariat)
    compiled = client.get(second.get_absolute_url() + "?area=all").context["compiled"]
    assert compiled.previous == history[0] and compiled.baseline_year == 2021
    rose = {(c.member_state.name, c.provision.number, c.before, c.after) for c in compiled.rose}
    fell = {(c.member_state.name, c.provision.number, c.before, c.after) for c in compiled.fell}
    # 2021 → 2024 for Indonesia; Malaysia 2019 → 2023.
    assert rose == {("Indonesia", "1.1", "in_progress", "implemented"), ("Malaysia", "1.1", "not_started", "in_progress")}
    assert fell == {("Indonesia", "2.1", "planned", "not_started"), ("Indonesia", "2.2", "implemented", "in_progress")}
    assert {(m.member_state.name, m.year) for m in compiled.new_measures} == {("Indonesia", 2024)}
    download = client.get(second.get_absolute_url() + "?download=xlsx")
    assert download.status_code == 200 and "review-2022-2024.xlsx" in download["Content-Disposition"]


def test_review_moves_draft_submitted_endorsed_with_dates(client, nat, history):
    review, _ = history
    with pytest.raises(PermissionDenied):
        services.update_review(review=review, user=nat.chair, expected_version=1, fields={"findings": "x"})
    client.force_login(nat.secretariat)
    submit = reverse("national:submit_review", args=[review.pk])
    client.post(submit, {"on": "2022-06-01"})
    assert Review.objects.get(pk=review.pk).state == "draft"  # no findings yet
    client.post(reverse("national:edit_review", args=[review.pk]),
                {"version": 1, "findings": "Steady progress on prevention.", "recommendations": "Share good practice."})
    client.post(submit, {"on": "not a date"})
    client.post(submit, {"on": "2022-06-01"})
    review.refresh_from_db()
    assert (review.state, review.submitted_on) == ("submitted", datetime.date(2022, 6, 1))
    endorse = reverse("national:endorse_review", args=[review.pk])
    response = client.post(endorse, {"on": "2022-01-01"}, follow=True)
    assert "before it went to SOMTC" in response.content.decode()
    client.post(endorse, {"on": "2022-11-28"})
    review.refresh_from_db()
    assert (review.state, review.endorsed_on) == ("endorsed", datetime.date(2022, 11, 28))
    assert not review.is_editable_by(nat.secretariat)


def test_reviews_are_for_the_chair_the_secretariat_and_administrators(client, nat, history):
    review, _ = history
    urls = [reverse("national:reviews", args=[nat.plan.slug]), review.get_absolute_url(),
            review.get_absolute_url() + "?download=xlsx"]
    for role in ["focal", "other_focal", "staff", "cochair"]:
        client.force_login(getattr(nat, role))
        assert all(client.get(url).status_code == 403 for url in urls), role
        assert client.get(reverse("national:edit_review", args=[review.pk])).status_code == 403
    for role in ["chair", "secretariat", "admin"]:
        client.force_login(getattr(nat, role))
        assert all(client.get(url).status_code == 200 for url in urls), role
    client.force_login(nat.chair)
    assert client.get(reverse("national:edit_review", args=[review.pk])).status_code == 403
    assert client.post(reverse("national:reviews", args=[nat.plan.slug]), {"first_year": 2025, "last_year": 2027}).status_code == 403
    client.logout()
    assert client.get(urls[0]).status_code == 302


def test_a_period_overlapping_another_review_is_refused(client, nat, history):
    client.force_login(nat.secretariat)
    response = client.post(reverse("national:reviews", args=[nat.plan.slug]), {"first_year": 2021, "last_year": 2023})
    assert response.status_code == 200 and "covers some of these years" in response.content.decode()
    response = client.post(reverse("national:reviews", args=[nat.plan.slug]), {"first_year": 2027, "last_year": 2025})
    assert "cannot end before it starts" in response.content.decode()
    assert Review.objects.count() == 2
