"""The reporting cycle's calendar, for every stream of reports: who is expected to report, the
reminders before and after the deadline, and the closing.

Each kind of report registers its stream (in its AppConfig.ready) with what only it knows: which
plans it reports on, whom a cycle expects, and the words of its reminders. The days, the once-a-day
rule and the closing are here, once. Run by the worker's scheduler once a day
(reporting.tasks.run_cycle_calendar) and by `python manage.py send_reminders` for cron or by hand;
every step is safe to run twice on a day.
"""

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from .models import ExpectedReport, ReminderSent, ReportingCycle

STREAMS = []


class Stream:
    """One kind of report's part in the calendar."""

    def handles(self, plan):
        raise NotImplementedError

    def expect(self, cycle):
        """Bring the cycle's expected reports in step; returns (added, removed)."""
        raise NotImplementedError

    def outstanding(self, cycle):
        """{who is reminded (a body, a state): [what they still owe, as short labels]}."""
        raise NotImplementedError

    def reminder_key(self, who):
        """The ReminderSent fields that name `who`: {"body": body} or {"member_state": state}."""
        raise NotImplementedError

    def remind(self, cycle, who, owed, when):
        """Write the reminder emails to `who`'s people; `when` says the deadline in words."""
        raise NotImplementedError

    def announce(self, cycle, user=None):
        """Tell those the cycle expects that it is open (once per cycle); nothing unless the kind says."""


def register(stream):
    if not any(type(existing) is type(stream) for existing in STREAMS):
        STREAMS.append(stream)
    return stream


def streams_of(plan):
    return [stream for stream in STREAMS if stream.handles(plan)]


def expect(cycle):
    for stream in streams_of(cycle.plan):
        stream.expect(cycle)


def expect_every_cycle():
    """Every open cycle kept in step, and every closed one that has no expected reports yet given them once
    (from the matrix or the membership as they are: what a closed cycle expected is never changed)."""
    with_expectations = set(ExpectedReport.objects.values_list("cycle", flat=True).distinct())
    for cycle in ReportingCycle.objects.select_related("plan"):
        if cycle.is_open or cycle.pk not in with_expectations:
            expect(cycle)


def reminder_due(cycle, today):
    """Whether `today` is one of the reminder days of `cycle`: REMINDER_DAYS_BEFORE days before its
    deadline, REMINDER_DAYS_AFTER days after it, then every week until the cycle closes."""
    offset = (today - cycle.deadline).days
    if -offset in settings.REMINDER_DAYS_BEFORE or offset in settings.REMINDER_DAYS_AFTER:
        return True
    last = max(settings.REMINDER_DAYS_AFTER, default=0)
    return offset > last and (offset - last) % 7 == 0


def due_in_words(cycle, today):
    days = (cycle.deadline - today).days
    if days >= 0:
        return f"is due in {days} day{'s' if days != 1 else ''}, on {cycle.deadline:%-d %B %Y}"
    return f"was due on {cycle.deadline:%-d %B %Y}, {-days} day{'s' if days != -1 else ''} ago"


def send_reminders(today=None):
    """Remind whoever still owes reports in each open cycle on one of its reminder days, at most once a day
    however often this runs. Returns [(cycle, who)] of those reminded."""
    today = today or timezone.localdate()
    reminded = []
    for cycle in ReportingCycle.objects.filter(state=ReportingCycle.State.OPEN).select_related("plan"):
        if not reminder_due(cycle, today):
            continue
        when = due_in_words(cycle, today)
        for stream in streams_of(cycle.plan):
            for who, owed in stream.outstanding(cycle).items():
                with transaction.atomic():
                    _, created = ReminderSent.objects.get_or_create(cycle=cycle, on=today, **stream.reminder_key(who))
                    if not created:
                        continue
                    stream.remind(cycle, who, owed, when)
                reminded.append((cycle, who))
    return reminded


@transaction.atomic
def open_cycle(cycle, *, user=None):
    """Open a cycle (if it was not), set its expected reports, and tell those it expects, once."""
    cycle = ReportingCycle.objects.select_for_update().select_related("plan").get(pk=cycle.pk)
    cycle.state = ReportingCycle.State.OPEN
    expect(cycle)
    if cycle.announced_at is None:
        for stream in streams_of(cycle.plan):
            stream.announce(cycle, user)
        cycle.announced_at = timezone.now()
    cycle.save()
    return cycle


def outstanding(cycle):
    """[(who, [what they owe])] of every stream of the cycle's plan: what closing it would leave unreported."""
    return [item for stream in streams_of(cycle.plan) for item in stream.outstanding(cycle).items()]


@transaction.atomic
def close_cycle(cycle):
    """Close a cycle: its reports can no longer be started or edited by their writers."""
    ReportingCycle.objects.filter(pk=cycle.pk).update(state=ReportingCycle.State.CLOSED)
    cycle.state = ReportingCycle.State.CLOSED
    return cycle


def close_due_cycles(today=None):
    """Close the open cycles whose closing day has passed; returns them."""
    due = [cycle for cycle in ReportingCycle.objects.filter(state=ReportingCycle.State.OPEN, closes_on__isnull=False)
           .select_related("plan") if cycle.is_due_to_close(today)]
    for cycle in due:
        close_cycle(cycle)
    return due


def run_calendar(today=None):
    """The day's work: expected reports in step, reminders, then the cycles due to close."""
    expect_every_cycle()
    reminded = send_reminders(today)
    closed = close_due_cycles(today)
    return reminded, closed
