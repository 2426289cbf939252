"""Emails of the reporting cycle through a real SMTP server: who gets which, with what link, and that
none is lost or sent twice when the mail server is down."""

import pytest
from django.contrib.auth.models import User
from django.core import mail
from django.db import transaction
from django.urls import reverse

from monitoring import services
from notifications import services as notifications
from notifications.models import Delivery, Event, Notification, Preference
from tests.monitoring.conftest import complete

pytestmark = pytest.mark.django_db


@pytest.fixture
def people(world):
    for user, address in [(world.staff, "somtc@asean.example"), (world.other_staff, "aichr@asean.example"),
                          (world.cochair, "cochair@asean.example"), (world.admin, "admin@asean.example")]:
        user.email = address
        user.save()
    return world


def parts(message):
    text = message.get_body(preferencelist=("plain",)).get_content()
    html = message.get_body(preferencelist=("html",)).get_content()
    return text, html


def test_a_submitted_report_is_told_to_the_cochairs_with_a_link_to_it(people, draft, mailbox, django_capture_on_commit_callbacks):
    report = complete(draft)
    with django_capture_on_commit_callbacks(execute=True):
        services.submit_report(report=report, user=people.staff)
    assert [recipients for recipients, _ in mailbox.messages] == [["cochair@asean.example"]]
    message = mailbox.to("cochair@asean.example")[0]
    assert message["Subject"] == f"Submitted for review: {report.activity.code} (SOMTC), {report.cycle.plan.short_name} 2025"
    text, html = parts(message)
    link = f"https://tracker.example.org{report.get_absolute_url()}"
    assert link in text and f'href="{link}"' in html
    assert f"{people.staff.get_full_name()} of SOMTC submitted the 2025 report" in text
    assert message["Message-ID"] == f"<notification-{Notification.objects.get().pk}@tracker.example.org>"


def test_a_returned_report_is_told_to_its_bodys_staff_with_the_form_not_the_comment(people, draft, mailbox, django_capture_on_commit_callbacks):
    report = complete(draft)
    services.submit_report(report=report, user=people.staff)
    with django_capture_on_commit_callbacks(execute=True):
        services.return_report(report=report, user=people.cochair, comment="Add the participants' list.")
    assert mailbox.to("aichr@asean.example") == [] and mailbox.to("cochair@asean.example") == []
    text, html = parts(mailbox.to("somtc@asean.example")[0])
    assert "with a comment" in text and "participants" not in text and "participants" not in html
    assert f"https://tracker.example.org{reverse('monitoring:edit_report', args=[report.pk])}" in text


def test_an_accepted_report_is_told_to_its_bodys_staff(people, draft, mailbox, django_capture_on_commit_callbacks):
    report = complete(draft)
    services.submit_report(report=report, user=people.staff)
    with django_capture_on_commit_callbacks(execute=True):
        services.accept_report(report=report, user=people.cochair, comment="Thank you.")
    [message] = mailbox.to("somtc@asean.example")
    text = parts(message)[0]
    assert message["Subject"].startswith("Accepted: ") and "comment is on the report" in text and "Thank you." not in text


def test_a_step_that_is_rolled_back_tells_nobody(people, draft, mailbox):
    report = complete(draft)
    with pytest.raises(RuntimeError), transaction.atomic():
        services.submit_report(report=report, user=people.staff)
        raise RuntimeError("the request failed after the step")
    assert not Notification.objects.exists() and mailbox.messages == []


def test_while_the_mail_server_is_down_nothing_is_lost_and_nothing_is_sent_twice(people, draft, mailbox, django_capture_on_commit_callbacks):
    mailbox.stop()
    report = complete(draft)
    with django_capture_on_commit_callbacks(execute=True):
        services.submit_report(report=report, user=people.staff)
    notification = Notification.objects.get()
    assert notification.sent_at is None and notification.attempts == 1 and "Connection refused" in notification.last_error
    assert notifications.send_pending(older_than_seconds=0) == 0  # still down: kept for the next run
    mailbox.start()
    assert notifications.send_pending(older_than_seconds=0) == 1
    assert notifications.send_pending(older_than_seconds=0) == 0
    notifications.send(notification.pk)  # a late delivery of the task
    assert len(mailbox.to("cochair@asean.example")) == 1
    notification.refresh_from_db()
    assert notification.sent_at and notification.attempts == 3


def test_a_digest_collects_the_days_emails_into_one(people, draft, mailbox, django_capture_on_commit_callbacks):
    Preference.objects.create(user=people.staff, event=Event.REPORT_RETURNED, delivery=Delivery.DIGEST)
    Preference.objects.create(user=people.staff, event=Event.REPORT_ACCEPTED, delivery=Delivery.DIGEST)
    report = complete(draft)
    with django_capture_on_commit_callbacks(execute=True):
        services.submit_report(report=report, user=people.staff)
        services.return_report(report=report, user=people.cochair, comment="Add the dates.")
        services.submit_report(report=report, user=people.staff)
        services.accept_report(report=report, user=people.cochair)
    assert mailbox.to("somtc@asean.example") == []
    assert notifications.send_digests() == 1
    [digest] = mailbox.to("somtc@asean.example")
    text, html = parts(digest)
    assert digest["Subject"] == "Reporting cycle digest: 2 updates"
    assert text.index("Returned for revision") < text.index("Accepted:") and "with a comment" in html
    assert "Add the dates." not in text + html
    assert notifications.send_digests() == 0


def test_reminders_can_be_turned_off_but_nothing_else_can(people, client):
    Preference.objects.create(user=people.staff, event=Event.REMINDER, delivery=Delivery.OFF)
    created = notifications.notify(users=[people.staff, people.other_staff], event=Event.REMINDER,
                                   subject="Reports due", lines=["Due in 7 days."], url="/")
    assert [n.recipient for n in created] == [people.other_staff]
    client.force_login(people.staff)
    page = client.get(reverse("notifications:preferences")).content.decode()
    assert page.count('value="off"') == 1
    response = client.post(reverse("notifications:preferences"), {event: "off" for event in Event.values})
    assert response.status_code == 200 and "Select a valid choice" in response.content.decode()
    response = client.post(reverse("notifications:preferences"), {**{e: "digest" for e in Event.values}, Event.REMINDER: "off"})
    assert response.status_code == 302
    assert Preference.objects.deliveries_for([people.staff], Event.COMMENT) == {people.staff.pk: "digest"}


def test_each_person_is_offered_the_emails_that_can_reach_them(people, client):
    offered = {}
    for role in ("staff", "cochair"):
        client.force_login(getattr(people, role))
        offered[role] = set(client.get(reverse("notifications:preferences")).context["form"].fields)
    assert offered["staff"] == {"cycle_opened", "report_returned", "report_accepted", "report_reopened", "comment", "reminder"}
    assert offered["cochair"] == {"report_submitted", "comment", "annual_report_signed"}
    outsider = User.objects.create_user("wg-guest", "guest@example.org")
    client.force_login(outsider)
    page = client.get(reverse("notifications:preferences"))
    assert not page.context["form"].fields and "No email of the activity reports' cycle concerns you" in page.content.decode()
    assert client.post(reverse("notifications:preferences"), {"comment": "digest"}).status_code == 302  # nothing of theirs is saved
    assert not Preference.objects.filter(user=outsider).exists()


def test_people_without_an_address_are_skipped(world):
    assert notifications.notify(users=[world.staff], event=Event.COMMENT, subject="s", lines=[], url="/") == []
    assert mail.outbox == []


def test_someone_both_staff_of_the_body_and_a_cochair_gets_each_comment_once(people, draft, mailbox, django_capture_on_commit_callbacks):
    from django.contrib.auth.models import Group

    from monitoring import roles

    people.staff.groups.add(Group.objects.get(name=roles.COCHAIRS))
    with django_capture_on_commit_callbacks(execute=True):
        services.add_comment(report=draft, user=people.cochair, text="Please add the venue.")
    assert len(mailbox.to("somtc@asean.example")) == 1
    assert Notification.objects.filter(recipient=people.staff, event=Event.COMMENT).count() == 1


def test_a_plan_name_stored_with_a_line_break_before_names_were_checked_still_sends_on_one_line(people, draft, mailbox, django_capture_on_commit_callbacks):
    from workplan.models import Plan

    Plan.objects.filter(pk=draft.cycle.plan_id).update(short_name="Bali\r\nWork  Plan\u2028")
    draft.refresh_from_db()
    with django_capture_on_commit_callbacks(execute=True):
        services.submit_report(report=complete(draft), user=people.staff)
    [message] = mailbox.to("cochair@asean.example")
    assert message["Subject"] == f"Submitted for review: {draft.activity.code} (SOMTC), Bali Work Plan 2025"


def test_a_subject_left_with_a_line_break_in_an_old_row_is_sent_on_one_line(people, mailbox):
    [notification] = notifications.notify(users=[people.staff], event=Event.COMMENT, subject="s", lines=[], url="/")
    Notification.objects.filter(pk=notification.pk).update(subject="New comment:\nBali Work Plan")
    notifications.send(notification.pk)
    assert mailbox.to("somtc@asean.example")[0]["Subject"] == "New comment: Bali Work Plan"
