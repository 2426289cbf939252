"""The activity reports' part in the reporting cycle's calendar (reporting.calendar): which body is
expected to report on which activity, what they still owe, the opening that tells them, and the words
of their reminders."""

import datetime
from collections import defaultdict

from django.db import transaction
from django.urls import reverse

from notifications.models import Event
from notifications.services import notify
from reporting import calendar
from reporting.models import ExpectationReason, ExpectedReport
from reporting.signals import expected_reports_changed
from workplan.models import ActionLine, Activity

from .models import ActivityReport, ReportingAssignment
from .roles import staff_of


def expected_pairs(plan, year=None):
    """{(activity id, body id): reason} of the reports a cycle of `plan` expects: each lead body on its
    activities; on an activity without a lead, the bodies the MTF assigned, or else every relevant body
    of its action line. Three queries, whatever the size of the matrix.

    The cycle of `year` expects nothing on an activity the MTF dropped before that year began; one
    dropped during the year was in the plan for part of it, so its report on that year is still expected."""
    pairs = {}
    in_force = Activity.objects.filter(plan=plan).in_force(on=datetime.date(year, 1, 1) if year else None)
    leads = (Activity.lead_bodies.through.objects.filter(activity__in=in_force.values("pk"))
             .values_list("activity_id", "sectoralbody_id"))
    for activity, body in leads:
        pairs[activity, body] = ExpectationReason.LEAD
    led = {activity for activity, _ in pairs}
    assigned = ReportingAssignment.objects.filter(activity__in=in_force.values("pk")).exclude(activity__in=led).values_list("activity_id", "body_id")
    for activity, body in assigned:
        pairs[activity, body] = ExpectationReason.ASSIGNED
    covered = led | {activity for activity, _ in assigned}
    relevant = (ActionLine.relevant_bodies.through.objects.filter(actionline__plan=plan)
                .values_list("actionline_id", "sectoralbody_id"))
    bodies_of_line = defaultdict(list)
    for line, body in relevant:
        bodies_of_line[line].append(body)
    for activity, line in in_force.exclude(pk__in=covered).values_list("pk", "focus_area__action_line"):
        for body in bodies_of_line[line]:
            pairs[activity, body] = ExpectationReason.RELEVANT
    return pairs


@transaction.atomic
def expect_reports(cycle):
    """Bring the cycle's expected reports in step with the matrix: add the missing, drop those no longer
    expected (unless a report exists: what was reported stays counted). Returns (added, removed)."""
    wanted = expected_pairs(cycle.plan_id, cycle.year)
    existing = {(row.activity_id, row.body_id): row for row in ExpectedReport.objects.filter(cycle=cycle)}
    reported = set(cycle.reports.values_list("activity_id", "implementing_body_id"))
    added = ExpectedReport.objects.bulk_create([
        ExpectedReport(cycle=cycle, activity_id=activity, body_id=body, reason=reason)
        for (activity, body), reason in wanted.items() if (activity, body) not in existing
    ])
    stale = [row.pk for pair, row in existing.items() if pair not in wanted and pair not in reported]
    ExpectedReport.objects.filter(pk__in=stale).delete()
    if added or stale:
        expected_reports_changed.send(sender=ActivityReport, cycle=cycle)
    return len(added), len(stale)


def outstanding_by_body(cycle):
    """{body: [activity codes]} of the cycle's expected reports not yet received."""
    by_body = defaultdict(list)
    rows = cycle.expected_reports.outstanding(ActivityReport).select_related("body", "activity").order_by("body__position", "activity__code")
    for row in rows:
        by_body[row.body].append(row.activity.code)
    return by_body


class ActivityReports(calendar.Stream):
    """The sectoral bodies' activity reports on a work plan, in the cycle's calendar."""

    def handles(self, plan):
        return plan.is_work_plan

    def expect(self, cycle):
        return expect_reports(cycle)

    def outstanding(self, cycle):
        return outstanding_by_body(cycle)

    def reminder_key(self, body):
        return {"body": body}

    def announce(self, cycle, user=None):
        """Tell each body's staff what they are expected to report in the cycle that opens."""
        url = reverse("monitoring:my_activities", args=[cycle.plan.slug]) + f"?cycle={cycle.year}"
        expected = defaultdict(list)
        for row in (cycle.expected_reports.of_kind(ActivityReport).select_related("body", "activity")
                    .order_by("body__position", "activity__code")):
            expected[row.body].append(row.activity.code)
        for body, codes in expected.items():
            notify(
                users=staff_of(body), exclude=user, event=Event.CYCLE_OPENED, url=url,
                subject=f"The {cycle.year} reporting cycle of the {cycle.plan.short_name} is open",
                lines=[f"{body.abbreviation} is expected to report on {len(codes)} activit{'y' if len(codes) == 1 else 'ies'}: "
                       f"{', '.join(codes)}.", f"The deadline is {cycle.deadline:%-d %B %Y}."],
            )

    def remind(self, cycle, body, codes, when):
        notify(
            users=staff_of(body), event=Event.REMINDER,
            url=reverse("monitoring:my_activities", args=[cycle.plan.slug]) + f"?cycle={cycle.year}",
            subject=f"Reminder: {len(codes)} {cycle.year} report{'s' if len(codes) != 1 else ''} of {body.abbreviation} "
                    f"{'are' if len(codes) != 1 else 'is'} outstanding",
            lines=[f"The {cycle.year} reporting of the {cycle.plan.short_name} {when}.",
                   f"Not yet submitted by {body.abbreviation}: {', '.join(codes)}."],
        )
