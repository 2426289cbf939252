"""What the national reports' workflow tells people by email: the chair (the Chair of the WG on CT, for
the ACPoA the Lead Shepherd) and the ASEAN Secretariat hear of submissions; a state's focal points hear
of their own reports' steps and comments, never another state's. Emails say what happened and link
to the report, never what was written: a comment, a reason, an answer are restricted or confidential
(reporting.sensitivity), and an email, once sent, leaves the tracker's checks behind."""

from django.contrib.auth import get_user_model
from django.dispatch import receiver

from notifications.models import Event
from notifications.registry import register_audience
from notifications.services import name_of, notify
from reporting.signals import comment_posted, step_taken

from . import roles
from .models import FocalPoint, NationalReport, NationalReportComment


def focal_points_of(member_state):
    """The active focal points, national and agency, of a Member State."""
    return list(get_user_model().objects.filter(
        is_active=True, pk__in=FocalPoint.objects.filter(agency__member_state=member_state).values("user")).order_by("pk"))


def chair_and_secretariat():
    """Those the Member States report to: the WG on CT chair (Lead Shepherd) and the ASEAN Secretariat."""
    return list(get_user_model().objects.filter(is_active=True, groups__name__in=[roles.WG_CHAIR, roles.SECRETARIAT])
                .distinct().order_by("pk"))


# Who may be told of what (their email settings offer these): a state's focal points of their reports'
# steps, comments and reminders; the chair and the Secretariat of submissions and comments.
FOCAL_POINT_EVENTS = {Event.REPORT_RETURNED, Event.REPORT_ACCEPTED, Event.REPORT_REOPENED, Event.COMMENT, Event.REMINDER}
CHAIR_EVENTS = {Event.REPORT_SUBMITTED, Event.COMMENT}


def is_focal_point(user):
    return FocalPoint.objects.filter(user=user).exists()


def receives_submissions(user):
    return user.groups.filter(name__in=[roles.WG_CHAIR, roles.SECRETARIAT]).exists()


def register_audiences():
    register_audience("national.focal_points", events=FOCAL_POINT_EVENTS, includes=is_focal_point)
    register_audience("national.chair_and_secretariat", events=CHAIR_EVENTS, includes=receives_submissions)


def _title(report):
    return f"{report.member_state}'s {report.cycle.year} national report on the {report.cycle.plan.short_name}"


def report_submitted(report, *, user, comment=""):
    notify(
        users=chair_and_secretariat(), exclude=user, event=Event.REPORT_SUBMITTED, url=report.get_absolute_url(),
        subject=f"Submitted: {_title(report)}",
        lines=[f"{name_of(user)} submitted {_title(report)}.",
               "It waits among the national reports to be acknowledged or returned with a comment."],
    )


def report_returned(report, *, user, comment):
    notify(
        users=focal_points_of(report.member_state), exclude=user, event=Event.REPORT_RETURNED,
        url=report.get_absolute_url(), subject=f"Returned for revision: {_title(report)}",
        lines=[f"{name_of(user)} returned {_title(report)} with a comment.",
               "Read the comment at the top of the report, revise it and submit it again."],
    )


def report_acknowledged(report, *, user, comment=""):
    notify(
        users=focal_points_of(report.member_state), exclude=user, event=Event.REPORT_ACCEPTED,
        url=report.get_absolute_url(), subject=f"Acknowledged: {_title(report)}",
        lines=[f"{name_of(user)} acknowledged {_title(report)}.",
               *(["Their comment is on the report's page."] if comment else [])],
    )


def report_reopened(report, *, user, comment):
    notify(
        users=focal_points_of(report.member_state), exclude=user, event=Event.REPORT_REOPENED,
        url=report.get_absolute_url(), subject=f"Reopened for revision: {_title(report)}",
        lines=[f"{name_of(user)} reopened the acknowledged {_title(report)}.",
               "Read the reason at the top of the report, revise it and submit it again."],
    )


def sharing_changed(report, *, user, comment=""):
    shared = "now shared with" if report.shared_with_member_states else "no longer shared with"
    notify(
        users=focal_points_of(report.member_state), exclude=user, event=Event.COMMENT,
        url=report.get_absolute_url(), subject=f"Sharing changed: {_title(report)}",
        lines=[f"{name_of(user)} changed the sharing of {_title(report)}: it is {shared} the other Member States."],
    )


STEPS = {"submit": report_submitted, "return": report_returned, "accept": report_acknowledged,
         "reopen": report_reopened, "share": sharing_changed}


@receiver(step_taken, sender=NationalReport, dispatch_uid="national_step_notices")
def _step_taken(sender, report, step, user, comment, **kwargs):
    STEPS[step](report, user=user, comment=comment)


@receiver(comment_posted, sender=NationalReportComment, dispatch_uid="national_comment_notices")
def _comment_posted(sender, comment, **kwargs):
    report = comment.report
    notify(
        users=[*focal_points_of(report.member_state), *chair_and_secretariat()], exclude=comment.author,
        event=Event.COMMENT, url=f"{report.get_absolute_url()}#comment-{comment.pk}",
        subject=f"New comment: {_title(report)}",
        lines=[f"{name_of(comment.author)} wrote a comment on the report. Read it and answer on the report's page."],
    )
