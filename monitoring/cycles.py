"""The reporting cycle's calendar: who is expected to report, the opening, the reminders and the closing.

Run by the worker's scheduler once a day (monitoring.tasks.run_cycle_calendar) and by
`python manage.py send_reminders` for cron or by hand; every step is safe to run twice on a day.
"""

from collections import defaultdict

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from notifications.models import Event
from notifications.services import notify
from workplan.models import ActionLine, Activity

from .models import ExpectationReason, ExpectedReport, ReminderSent, ReportingAssignment, ReportingCycle
from .roles import staff_of


def expected_pairs(plan):
    """{(activity id, body id): reason} of the reports a cycle of `plan` expects: each lead body on its
    activities; on an activity without a lead, the bodies the MTF assigned, or else every relevant body
    of its action line. Three queries, whatever the size of the matrix."""
    pairs = {}
    leads = Activity.lead_bodies.through.objects.filter(activity__plan=plan).values_list("activity_id", "sectoralbody_id")
    for activity, body in leads:
        pairs[activity, body] = ExpectationReason.LEAD
    led = {activity for activity, _ in pairs}
    assigned = ReportingAssignment.objects.filter(activity__plan=plan).exclude(activity__in=led).values_list("activity_id", "body_id")
    for activity, body in assigned:
        pairs[activity, body] = ExpectationReason.ASSIGNED
    covered = led | {activity for activity, _ in assigned}
    relevant = (ActionLine.relevant_bodies.through.objects.filter(actionline__plan=plan)
                .values_list("actionline_id", "sectoralbody_id"))
    bodies_of_line = defaultdict(list)
    for line, body in relevant:
        bodies_of_line[line].append(body)
    for activity, line in Activity.objects.filter(plan=plan).exclude(pk__in=covered).values_list("pk", "focus_area__action_line"):
        for body in bodies_of_line[line]:
            pairs[activity, body] = ExpectationReason.RELEVANT
    return pairs


@transaction.atomic
def expect_reports(cycle):
    """Bring the cycle's expected reports in step with the matrix: add the missing, drop those no longer
    expected (unless a report exists: what was reported stays counted). Returns (added, removed)."""
    wanted = expected_pairs(cycle.plan_id)
    existing = {(row.activity_id, row.body_id): row for row in ExpectedReport.objects.filter(cycle=cycle)}
    reported = set(cycle.reports.values_list("activity_id", "implementing_body_id"))
    added = ExpectedReport.objects.bulk_create([
        ExpectedReport(cycle=cycle, activity_id=activity, body_id=body, reason=reason)
        for (activity, body), reason in wanted.items() if (activity, body) not in existing
    ])
    stale = [row.pk for pair, row in existing.items() if pair not in wanted and pair not in reported]
    ExpectedReport.objects.filter(pk__in=stale).delete()
    return len(added), len(stale)


def outstanding_by_body(cycle):
    """{body: [activity codes]} of the cycle's expected reports not yet received."""
    by_body = defaultdict(list)
    rows = cycle.expected_reports.outstanding().select_related("body", "activity").order_by("body__position", "activity__code")
    for row in rows:
        by_body[row.body].append(row.activity.code)
    return by_body


@transaction.atomic
def open_cycle(cycle, *, user=None):
    """Open a cycle (if it was not) and tell each body's staff what they are expected to report, once."""
    cycle = ReportingCycle.objects.select_for_update().select_related("plan").get(pk=cycle.pk)
    cycle.state = ReportingCycle.State.OPEN
    expect_reports(cycle)
    if cycle.announced_at is None:
        url = reverse("monitoring:my_activities", args=[cycle.plan.slug]) + f"?cycle={cycle.year}"
        expected = defaultdict(list)
        for row in cycle.expected_reports.select_related("body", "activity").order_by("body__position", "activity__code"):
            expected[row.body].append(row.activity.code)
        for body, codes in expected.items():
            notify(
                users=staff_of(body), exclude=user, event=Event.CYCLE_OPENED, url=url,
                subject=f"The {cycle.year} reporting cycle of the {cycle.plan.short_name} is open",
                lines=[f"{body.abbreviation} is expected to report on {len(codes)} activit{'y' if len(codes) == 1 else 'ies'}: "
                       f"{', '.join(codes)}.", f"The deadline is {cycle.deadline:%-d %B %Y}."],
            )
        cycle.announced_at = timezone.now()
    cycle.save()
    return cycle


@transaction.atomic
def close_cycle(cycle):
    """Close a cycle: its reports can no longer be started or edited by staff. Returns what was outstanding."""
    outstanding = outstanding_by_body(cycle)
    ReportingCycle.objects.filter(pk=cycle.pk).update(state=ReportingCycle.State.CLOSED)
    cycle.state = ReportingCycle.State.CLOSED
    return outstanding


def close_due_cycles(today=None):
    """Close the open cycles whose closing day has passed; returns them."""
    due = [cycle for cycle in ReportingCycle.objects.filter(state=ReportingCycle.State.OPEN, closes_on__isnull=False)
           if cycle.is_due_to_close(today)]
    for cycle in due:
        close_cycle(cycle)
    return due


def reminder_due(cycle, today):
    """Whether `today` is one of the reminder days of `cycle`: REMINDER_DAYS_BEFORE days before its
    deadline, or REMINDER_DAYS_AFTER days after it."""
    offset = (today - cycle.deadline).days
    return -offset in settings.REMINDER_DAYS_BEFORE or offset in settings.REMINDER_DAYS_AFTER


def send_reminders(today=None):
    """Remind the staff of each body with outstanding reports in each open cycle on one of its reminder
    days. A body is reminded at most once a day, however often this runs. Returns the bodies reminded."""
    today = today or timezone.localdate()
    reminded = []
    for cycle in ReportingCycle.objects.filter(state=ReportingCycle.State.OPEN).select_related("plan"):
        if not reminder_due(cycle, today):
            continue
        days = (cycle.deadline - today).days
        when = (f"is due in {days} day{'s' if days != 1 else ''}, on {cycle.deadline:%-d %B %Y}" if days >= 0
                else f"was due on {cycle.deadline:%-d %B %Y}, {-days} day{'s' if days != -1 else ''} ago")
        url = reverse("monitoring:my_activities", args=[cycle.plan.slug]) + f"?cycle={cycle.year}"
        for body, codes in outstanding_by_body(cycle).items():
            with transaction.atomic():
                _, created = ReminderSent.objects.get_or_create(cycle=cycle, body=body, on=today)
                if not created:
                    continue
                notify(
                    users=staff_of(body), event=Event.REMINDER, url=url,
                    subject=f"Reminder: {len(codes)} {cycle.year} report{'s' if len(codes) != 1 else ''} of {body.abbreviation} "
                            f"{'are' if len(codes) != 1 else 'is'} outstanding",
                    lines=[f"The {cycle.year} reporting of the {cycle.plan.short_name} {when}.",
                           f"Not yet submitted by {body.abbreviation}: {', '.join(codes)}."],
                )
            reminded.append((cycle, body))
    return reminded


def run_calendar(today=None):
    """The day's work: expected reports in step with the matrix, reminders, then the cycles due to close."""
    for cycle in ReportingCycle.objects.filter(state=ReportingCycle.State.OPEN):
        expect_reports(cycle)
    reminded = send_reminders(today)
    closed = close_due_cycles(today)
    return reminded, closed

