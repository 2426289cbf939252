"""Emails carry no restricted or confidential text: a unique marker is planted in a restricted answer, a
confidential answer, the narrative, a confidential document, an activity report's text and every comment and
reason, then every event that sends an email is run, immediate and digest, and no email holds any marker."""

import io

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command

from monitoring import services as monitoring
from monitoring.models import ActivityReport
from national import services as national
from national.models import NationalReport
from notifications import services as notifications
from notifications.models import Delivery, Event, Notification, Preference
from reporting import calendar
from reporting import services as workflow
from reporting.sensitivity import Sensitivity
from tests.monitoring.conftest import complete
from tests.national.conftest import answer_all

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
MARK = "QX7-SECRET"


def marker(name):
    return f"{MARK}-{name}"


def fresh(model, report):
    return model.objects.get(pk=report.pk)


@pytest.fixture
def everyone(roles_world):
    for user in (roles_world.focal, roles_world.agency_focal, roles_world.other_focal, roles_world.chair,
                 roles_world.secretariat, roles_world.cochair, roles_world.staff, roles_world.admin):
        user.email = f"{user.username}@asean.example"
        user.save()
    return roles_world


def run_national_events(world, draft, capture):
    report = answer_all(draft, national_measures=marker("restricted-answer"))
    first, second = list(report.entries.all()[:2])
    first.national_measures, first.sensitivity = marker("confidential-answer"), Sensitivity.CONFIDENTIAL
    first.save()
    second.challenges = marker("restricted-challenge")
    second.save()
    national.update_report(report=report, user=world.focal, expected_version=report.version,
                           fields={"narrative": marker("narrative"), "narrative_sensitivity": Sensitivity.CONFIDENTIAL},
                           documents=[(SimpleUploadedFile(f"{marker('document')}.pdf", PDF, "application/pdf"),
                                       marker("document-description"), Sensitivity.CONFIDENTIAL)])
    with capture(execute=True):
        national.submit_national_report(report=fresh(NationalReport, report), user=world.focal)
        national.return_national_report(report=fresh(NationalReport, report), user=world.chair, comment=marker("return"))
        national.submit_national_report(report=fresh(NationalReport, report), user=world.focal)
        national.acknowledge_national_report(report=fresh(NationalReport, report), user=world.chair,
                                             comment=marker("acknowledge"))
        workflow.reopen(report=fresh(NationalReport, report), user=world.chair, reason=marker("reopen"))
        workflow.share(report=fresh(NationalReport, report), user=world.focal, shared=True)
        workflow.post_comment(report=fresh(NationalReport, report), user=world.chair, text=marker("national-comment"))


def run_monitoring_events(world, capture):
    with capture(execute=True):
        calendar.open_cycle(world.work_cycle, user=world.admin)  # the cycle's announcement to the bodies
    report = monitoring.start_report(activity=world.activity, cycle=world.work_cycle, body=world.body, user=world.staff)
    report = complete(report, assessment=marker("assessment"), recommendations=marker("recommendations"))
    workflow.add_document(report=report, user=world.staff, uploaded=SimpleUploadedFile(
        f"{marker('activity-document')}.pdf", PDF, "application/pdf"), sensitivity=Sensitivity.CONFIDENTIAL)
    with capture(execute=True):
        monitoring.submit_report(report=fresh(ActivityReport, report), user=world.staff)
        monitoring.return_report(report=fresh(ActivityReport, report), user=world.cochair, comment=marker("m-return"))
        monitoring.submit_report(report=fresh(ActivityReport, report), user=world.staff)
        monitoring.accept_report(report=fresh(ActivityReport, report), user=world.cochair, comment=marker("m-accept"))
        monitoring.reopen_report(report=fresh(ActivityReport, report), user=world.cochair, reason=marker("m-reopen"))
        monitoring.add_comment(report=fresh(ActivityReport, report), user=world.staff, text=marker("m-comment"))


def test_no_email_of_any_event_quotes_a_restricted_or_confidential_text(everyone, draft, settings, tmp_path,
                                                                         django_capture_on_commit_callbacks):
    settings.MEDIA_ROOT = tmp_path
    settings.REMINDER_DAYS_BEFORE, settings.REMINDER_DAYS_AFTER = [14, 3], [1, 7]
    # The co-chair takes comments in the daily digest: the digest's text is searched too.
    Preference.objects.create(user=everyone.cochair, event=Event.COMMENT, delivery=Delivery.DIGEST)
    run_national_events(everyone, draft, django_capture_on_commit_callbacks)
    run_monitoring_events(everyone, django_capture_on_commit_callbacks)
    with django_capture_on_commit_callbacks(execute=True):  # the day after the 2025 deadline
        call_command("send_reminders", "--today", "2026-04-01", stdout=io.StringIO())
    assert notifications.send_digests() >= 1

    told = set(Notification.objects.values_list("event", flat=True))
    assert told >= {Event.CYCLE_OPENED, Event.REPORT_SUBMITTED, Event.REPORT_RETURNED, Event.REPORT_ACCEPTED,
                    Event.REPORT_REOPENED, Event.COMMENT, Event.REMINDER}
    assert len(mail.outbox) >= 15
    for message in mail.outbox:
        texts = [message.subject, message.body, *(content for content, _ in message.alternatives)]
        for text in texts:
            assert MARK not in text, f"“{message.subject}” quotes a restricted or confidential text"
    # The events' emails still say what happened and where to read it.
    bodies = "\n".join(message.body for message in mail.outbox)
    assert "with a comment" in bodies and "wrote a comment on the report" in bodies


def test_the_marker_search_would_see_a_quoted_comment(everyone, draft, django_capture_on_commit_callbacks):
    """The search above reads the whole of each email: a line of text put in an email is found."""
    with django_capture_on_commit_callbacks(execute=True):
        notifications.notify(users=[everyone.focal], event=Event.COMMENT, subject="s", url="/",
                             lines=[marker("quoted")])
    assert any(MARK in message.body for message in mail.outbox)
