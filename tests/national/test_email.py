"""The national reports' emails through a real SMTP server (aiosmtpd, the `mailbox` fixture): the chair
and the ASEAN Secretariat hear of submissions, a state's focal points of their own report's steps and
reminders, never another state's."""

import datetime
import io

import pytest
from django.core.management import call_command
from django.urls import reverse

from national import services
from national.models import FocalPoint
from notifications.models import Event
from reporting.models import ReminderSent

from .conftest import answer_all, focal_point

pytestmark = pytest.mark.django_db

# The 2025 cycle's deadline is 31 March 2026 (tests.factories.ReportingCycleFactory).
DAY_AFTER_DEADLINE = datetime.date(2026, 4, 1)


@pytest.fixture
def people(nat, settings):
    settings.REMINDER_DAYS_BEFORE, settings.REMINDER_DAYS_AFTER = [14, 3], [1, 7]
    nat.other_agency_focal = focal_point(nat.malaysia, "Anti-Money Laundering Unit", role=FocalPoint.Role.AGENCY,
                                         username="my-amlu")
    for user in (nat.focal, nat.agency_focal, nat.other_focal, nat.other_agency_focal, nat.chair, nat.secretariat,
                 nat.cochair, nat.staff):
        user.email = f"{user.username}@asean.example"
        user.save()
    nat.indonesians = sorted(["id-focal@asean.example", "id-ppatk@asean.example"])
    nat.malaysians = sorted(["my-focal@asean.example", "my-amlu@asean.example"])
    return nat


def recipients(mailbox):
    return sorted(address for addresses, _ in mailbox.messages for address in addresses)


def body(message):
    return message.get_body(preferencelist=("plain",)).get_content()


def send_reminders(today, capture):
    """`manage.py send_reminders --today …`, with the emails it writes sent; returns what it printed."""
    out = io.StringIO()
    with capture(execute=True):
        call_command("send_reminders", "--today", today.isoformat(), stdout=out)
    return out.getvalue()


def submitted(people, draft, capture):
    with capture(execute=True):
        return services.submit_national_report(report=answer_all(draft), user=people.focal)


def test_a_submission_is_told_once_to_the_chair_and_once_to_the_secretariat(people, draft, mailbox,
                                                                              django_capture_on_commit_callbacks):
    report = submitted(people, draft, django_capture_on_commit_callbacks)
    assert recipients(mailbox) == ["asean-sec@asean.example", "wgct-chair@asean.example"]
    [message] = mailbox.to("wgct-chair@asean.example")
    assert message["Subject"] == f"Submitted: Indonesia's 2025 national report on the {people.plan.short_name}"
    assert f"https://tracker.example.org{report.get_absolute_url()}" in body(message)
    assert len(mailbox.to("asean-sec@asean.example")) == 1


def test_a_return_is_told_to_the_states_focal_points_and_not_to_another_states(people, draft, mailbox,
                                                                               django_capture_on_commit_callbacks):
    report = submitted(people, draft, django_capture_on_commit_callbacks)
    mailbox.messages.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.return_national_report(report=report, user=people.chair, comment="Add the 2025 law on CT financing.")
    assert recipients(mailbox) == people.indonesians
    for address in people.indonesians:
        [message] = mailbox.to(address)
        assert message["Subject"].startswith("Returned for revision: Indonesia's 2025")
        assert "with a comment" in body(message) and "CT financing" not in body(message)
    assert all(mailbox.to(address) == [] for address in people.malaysians)


def test_a_resubmitted_then_acknowledged_report_is_told_to_the_states_focal_points(people, draft, mailbox,
                                                                                  django_capture_on_commit_callbacks):
    report = submitted(people, draft, django_capture_on_commit_callbacks)
    with django_capture_on_commit_callbacks(execute=True):
        services.return_national_report(report=report, user=people.chair, comment="Add the dates.")
    mailbox.messages.clear()
    with django_capture_on_commit_callbacks(execute=True):
        report = services.submit_national_report(report=report, user=people.focal)
    assert recipients(mailbox) == ["asean-sec@asean.example", "wgct-chair@asean.example"]
    mailbox.messages.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.acknowledge_national_report(report=report, user=people.chair, comment="Thank you.")
    assert recipients(mailbox) == people.indonesians
    [message] = mailbox.to("id-focal@asean.example")
    assert message["Subject"].startswith("Acknowledged: Indonesia's 2025") and "Thank you." not in body(message)


def test_after_the_deadline_only_the_states_that_have_not_submitted_are_reminded_once_a_day(
        people, draft, mailbox, django_capture_on_commit_callbacks):
    report = submitted(people, draft, django_capture_on_commit_callbacks)
    with django_capture_on_commit_callbacks(execute=True):
        services.acknowledge_national_report(report=report, user=people.chair)
    mailbox.messages.clear()
    printed = send_reminders(DAY_AFTER_DEADLINE, django_capture_on_commit_callbacks)
    assert "Reminded Malaysia" in printed and "Indonesia" not in printed
    assert recipients(mailbox) == people.malaysians
    [message] = mailbox.to("my-focal@asean.example")
    assert message["Subject"] == (f"Reminder: Malaysia's 2025 national report on the {people.plan.short_name} "
                                  "is outstanding")
    assert "was due on 31 March 2026, 1 day ago" in body(message)
    assert "Nothing due today." in send_reminders(DAY_AFTER_DEADLINE, django_capture_on_commit_callbacks)
    assert recipients(mailbox) == people.malaysians
    assert list(ReminderSent.objects.values_list("member_state__name", "on")) == [("Malaysia", DAY_AFTER_DEADLINE)]


def test_no_reminder_on_a_day_that_is_not_a_reminder_day(people, mailbox, django_capture_on_commit_callbacks):
    send_reminders(datetime.date(2026, 4, 2), django_capture_on_commit_callbacks)
    assert mailbox.messages == []


def test_the_email_settings_offer_focal_points_and_the_chair_their_events(people, client):
    offered = {}
    for user in (people.focal, people.agency_focal, people.chair, people.secretariat):
        client.force_login(user)
        page = client.get(reverse("notifications:preferences"))
        assert "concerns you" not in page.content.decode()
        offered[user.username] = set(page.context["form"].fields)
    focal_point_events = {Event.REPORT_RETURNED, Event.REPORT_ACCEPTED, Event.REPORT_REOPENED, Event.COMMENT, Event.REMINDER}
    assert offered["id-focal"] == offered["id-ppatk"] == focal_point_events
    assert offered["wgct-chair"] == offered["asean-sec"] == {Event.REPORT_SUBMITTED, Event.COMMENT}
