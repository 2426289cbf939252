"""What the workflow's steps tell people by email: who hears of each step, and in what words.

An email says what happened and links to the report, never what was written: a comment, a reason or a
report's text is restricted or confidential (reporting.sensitivity), and an email, once sent, leaves
the tracker's checks behind (forwarded, kept in a mailbox of any provider). The activity's code and
text are the plan's own, which is public."""

from django.dispatch import receiver
from django.urls import reverse

from notifications.models import Event
from notifications.registry import register_audience
from notifications.services import name_of, notify
from reporting.signals import comment_posted, step_taken

from .models import ActivityReport, ReportComment
from .roles import cochairs, is_cochair, is_staff_of_a_body, staff_of

# Who may be told of what (their email settings offer these): a body's staff of their reports'
# steps, comments and reminders; the co-chairs of submissions and comments.
STAFF_EVENTS = {Event.CYCLE_OPENED, Event.REPORT_RETURNED, Event.REPORT_ACCEPTED, Event.REPORT_REOPENED,
                Event.COMMENT, Event.REMINDER}
COCHAIR_EVENTS = {Event.REPORT_SUBMITTED, Event.COMMENT}


def register_audiences():
    register_audience("monitoring.staff", events=STAFF_EVENTS, includes=is_staff_of_a_body)
    register_audience("monitoring.cochairs", events=COCHAIR_EVENTS, includes=is_cochair)


def _title(report):
    return f"{report.activity.code} ({report.implementing_body.abbreviation}), {report.cycle.plan.short_name} {report.cycle.year}"


def report_submitted(report, *, user):
    notify(
        users=cochairs(), exclude=user, event=Event.REPORT_SUBMITTED, url=report.get_absolute_url(),
        subject=f"Submitted for review: {_title(report)}",
        lines=[f"{name_of(user)} of {report.implementing_body.abbreviation} submitted the {report.cycle.year} report on "
               f"activity {report.activity.code}: {report.activity.text[:300]}",
               "It waits in the review queue, to be accepted or returned with a comment."],
    )


def report_returned(report, *, user, comment):
    notify(
        users=staff_of(report.implementing_body), exclude=user, event=Event.REPORT_RETURNED,
        url=reverse("monitoring:edit_report", args=[report.pk]),
        subject=f"Returned for revision: {_title(report)}",
        lines=[f"{name_of(user)} returned the {report.cycle.year} report on activity {report.activity.code} with a comment.",
               "Read the comment at the top of the form, revise the report and submit it again."],
    )


def report_accepted(report, *, user, comment=""):
    notify(
        users=staff_of(report.implementing_body), exclude=user, event=Event.REPORT_ACCEPTED, url=report.get_absolute_url(),
        subject=f"Accepted: {_title(report)}",
        lines=[f"{name_of(user)} accepted the {report.cycle.year} report on activity {report.activity.code}.",
               *(["Their comment is on the report's page."] if comment else [])],
    )


def report_reopened(report, *, user, reason):
    notify(
        users=staff_of(report.implementing_body), exclude=user, event=Event.REPORT_REOPENED,
        url=reverse("monitoring:edit_report", args=[report.pk]),
        subject=f"Reopened for revision: {_title(report)}",
        lines=[f"{name_of(user)} reopened the accepted {report.cycle.year} report on activity {report.activity.code}.",
               "Read the reason at the top of the form, revise the report and submit it again."],
    )


def comment_added(comment):
    report = comment.report
    notify(
        users=[*staff_of(report.implementing_body), *cochairs()], exclude=comment.author, event=Event.COMMENT,
        url=f"{report.get_absolute_url()}#comment-{comment.pk}",
        subject=f"New comment: {_title(report)}",
        lines=[f"{name_of(comment.author)} wrote a comment on the report. Read it and answer on the report's page."],
    )


STEPS = {
    "submit": lambda report, user, comment: report_submitted(report, user=user),
    "return": lambda report, user, comment: report_returned(report, user=user, comment=comment),
    "accept": lambda report, user, comment: report_accepted(report, user=user, comment=comment),
    "reopen": lambda report, user, comment: report_reopened(report, user=user, reason=comment),
}


@receiver(step_taken, sender=ActivityReport, dispatch_uid="monitoring_step_notices")
def _step_taken(sender, report, step, user, comment, **kwargs):
    STEPS[step](report, user, comment)


@receiver(comment_posted, sender=ReportComment, dispatch_uid="monitoring_comment_notices")
def _comment_posted(sender, comment, **kwargs):
    comment_added(comment)
