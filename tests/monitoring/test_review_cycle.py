"""Review as the co-chairs run it: several reports accepted at once, a thread of comments, an accepted
report reopened with a reason, and accepted meaning locked in the admin too."""

import pytest
from django.urls import reverse

from audit.models import AuditEvent
from monitoring import services
from monitoring.models import ActivityReport, ReportComment
from notifications.models import Event, Notification
from tests.factories import ActivityFactory, OutputFactory
from tests.monitoring.conftest import complete

pytestmark = pytest.mark.django_db


@pytest.fixture
def submitted(world):
    """Three submitted reports of SOMTC in the 2025 cycle."""
    reports = []
    for n in range(3):
        activity = world.activity if n == 0 else ActivityFactory(text=f"Activity {n}", lead_bodies=[world.somtc])
        if n:
            OutputFactory(activity=activity, text=f"Output {n}")
        report = services.start_report(activity=activity, cycle=world.cycle, body=world.somtc, user=world.staff)
        reports.append(services.submit_report(report=complete(report), user=world.staff))
    for user in (world.staff, world.cochair):
        user.email = f"{user.username}@asean.example"
        user.save()
    return reports


def test_a_cochair_accepts_several_reports_in_one_go_each_as_its_own_step(client, world, submitted):
    client.force_login(world.cochair)
    queue = client.get(reverse("monitoring:review", args=[world.cycle.plan.slug])).content.decode()
    assert all(f'name="reports" value="{report.pk}"' in queue for report in submitted)
    response = client.post(reverse("monitoring:accept_reports", args=[world.cycle.plan.slug]),
                           {"reports": [submitted[0].pk, submitted[2].pk], "comment": "Well reported."}, follow=True)
    assert "2 reports accepted" in response.content.decode()
    states = {report.pk: ActivityReport.objects.get(pk=report.pk).state for report in submitted}
    assert states == {submitted[0].pk: "accepted", submitted[1].pk: "submitted", submitted[2].pk: "accepted"}
    for report in (submitted[0], submitted[2]):
        step = report.transitions.get(to_state="accepted")
        assert (step.by, step.comment) == (world.cochair, "Well reported.")
        assert AuditEvent.objects.filter(action=AuditEvent.Action.REPORT_ACCEPTED, object_id=str(report.pk)).count() == 1
    assert Notification.objects.filter(event=Event.REPORT_ACCEPTED, recipient=world.staff).count() == 2


def test_bulk_accept_refuses_a_report_no_longer_waiting_and_accepts_nothing(client, world, submitted):
    services.accept_report(report=submitted[1], user=world.cochair)
    client.force_login(world.cochair)
    response = client.post(reverse("monitoring:accept_reports", args=[world.cycle.plan.slug]),
                           {"reports": [submitted[0].pk, submitted[1].pk]}, follow=True)
    assert "no longer waiting for review; nothing was done" in response.content.decode()
    assert ActivityReport.objects.get(pk=submitted[0].pk).state == "submitted"
    response = client.post(reverse("monitoring:accept_reports", args=[world.cycle.plan.slug]), {}, follow=True)
    assert "Tick at least one report" in response.content.decode()


def test_only_reviewers_may_accept_in_bulk(client, world, submitted):
    client.force_login(world.staff)
    response = client.post(reverse("monitoring:accept_reports", args=[world.cycle.plan.slug]), {"reports": [submitted[0].pk]})
    assert response.status_code == 403 and ActivityReport.objects.get(pk=submitted[0].pk).state == "submitted"


def test_the_return_comment_is_at_the_top_of_the_form_being_revised(client, world, submitted):
    services.return_report(report=submitted[0], user=world.cochair, comment="Add the list of participants.")
    client.force_login(world.staff)
    page = client.get(reverse("monitoring:edit_report", args=[submitted[0].pk])).content.decode()
    assert page.index("Add the list of participants.") < page.index('class="stacked report-form"')
    assert "Returned by" in page


def test_an_accepted_report_is_reopened_only_with_a_reason_and_the_step_is_kept(client, world, submitted):
    report = services.accept_report(report=submitted[0], user=world.cochair)
    client.force_login(world.staff)
    assert client.post(reverse("monitoring:reopen_report", args=[report.pk]), {"comment": "typo"}).status_code == 403
    assert ActivityReport.objects.get(pk=report.pk).state == "accepted", "staff cannot reopen"
    client.force_login(world.cochair)
    page = client.post(reverse("monitoring:reopen_report", args=[report.pk]), {"comment": "  "}, follow=True).content.decode()
    assert "Say why the report is reopened" in page and ActivityReport.objects.get(pk=report.pk).state == "accepted"
    client.post(reverse("monitoring:reopen_report", args=[report.pk]), {"comment": "The dates are of 2024."})
    report.refresh_from_db()
    assert report.state == "draft"
    step = report.transitions.latest("at")
    assert (step.from_state, step.to_state, step.comment) == ("accepted", "draft", "The dates are of 2024.")
    assert AuditEvent.objects.filter(action=AuditEvent.Action.REPORT_REOPENED, object_id=str(report.pk)).exists()
    assert Notification.objects.get(event=Event.REPORT_REOPENED).recipient == world.staff
    client.force_login(world.staff)
    page = client.get(reverse("monitoring:edit_report", args=[report.pk])).content.decode()
    assert "Reopened by" in page and "The dates are of 2024." in page
    assert services.submit_report(report=report, user=world.staff).state == "submitted"


def test_comments_are_a_thread_for_the_body_and_the_cochairs(client, world, submitted):
    report = submitted[0]
    client.force_login(world.staff)
    response = client.post(reverse("monitoring:comment_report", args=[report.pk]), {"text": "Annex follows next week."})
    comment = ReportComment.objects.get()
    assert response["Location"].endswith(f"#comment-{comment.pk}")
    assert Notification.objects.get(event=Event.COMMENT).recipient == world.cochair
    client.force_login(world.cochair)
    client.post(reverse("monitoring:comment_report", args=[report.pk]), {"text": "Noted."})
    page = client.get(report.get_absolute_url()).content.decode()
    assert page.index("Annex follows next week.") < page.index("Noted.")
    page = client.post(reverse("monitoring:comment_report", args=[report.pk]), {"text": " "}, follow=True).content.decode()
    assert "Write something before posting" in page and ReportComment.objects.count() == 2
    client.force_login(world.other_staff)
    assert client.post(reverse("monitoring:comment_report", args=[report.pk]), {"text": "x"}).status_code == 403


def test_an_accepted_report_is_read_only_in_the_admin(client, world, submitted):
    report = services.accept_report(report=submitted[0], user=world.cochair)
    client.force_login(world.admin)
    url = reverse("admin:monitoring_activityreport_change", args=[report.pk])
    page = client.get(url).content.decode()
    assert '<textarea name="assessment"' not in page, "shown, not editable"
    assert 'name="_save"' not in page
    assert client.post(url, {"assessment": "changed behind the workflow"}).status_code == 403
    assert ActivityReport.objects.get(pk=report.pk).assessment != "changed behind the workflow"


def test_every_save_bumps_the_version_and_the_admin_refuses_a_stale_save(client, world, draft):
    version = draft.version
    draft.save()
    assert ActivityReport.objects.get(pk=draft.pk).version == version + 1
    draft.save(update_fields=["assessment"])
    assert ActivityReport.objects.get(pk=draft.pk).version == version + 2
    client.force_login(world.admin)
    url = reverse("admin:monitoring_activityreport_change", args=[draft.pk])
    page = client.get(url).content.decode()
    assert f'name="opened_version" value="{version + 2}"' in page
    services.update_report(report=draft, user=world.staff, expected_version=version + 2, fields={"venue": "Jakarta"},
                           member_states=[], achievements={})
    data = {"opened_version": version + 2, "activity": draft.activity_id, "cycle": draft.cycle_id,
            "implementing_body": draft.implementing_body_id, "created_by": draft.created_by_id, "venue": "Bangkok"}
    page = client.post(url, data).content.decode()
    assert "changed by someone else since you opened it" in page
    assert ActivityReport.objects.get(pk=draft.pk).venue == "Jakarta"


@pytest.mark.parametrize("junk_id", [str(2**63), str(-(2**63) - 1), "1" + "0" * 30])
def test_bulk_accept_refuses_an_id_beyond_any_database_integer_with_a_form_error(client, world, submitted, junk_id):
    client.force_login(world.cochair)
    response = client.post(reverse("monitoring:accept_reports", args=[world.cycle.plan.slug]),
                           {"reports": [submitted[0].pk, junk_id]}, follow=True)
    assert response.status_code == 200
    assert "no longer waiting for review; nothing was done" in response.content.decode()
    assert ActivityReport.objects.get(pk=submitted[0].pk).state == "submitted"
