"""The national reports' part in the reporting cycle's calendar (reporting.calendar): which Member
States a cycle of a plan of action expects, what they still owe, and the words of their reminders.

A state is expected for a year when it was a member of ASEAN on 31 December of that year
(`MemberState.joined_on`): Timor-Leste, a member since October 2025, from 2025 on."""

from django.db import transaction
from django.urls import reverse

from bodies.models import MemberState
from notifications.models import Event
from notifications.services import notify
from reporting import calendar
from reporting.models import ExpectationReason, ExpectedReport
from reporting.signals import expected_reports_changed

from .models import NationalReport
from .notices import focal_points_of


@transaction.atomic
def expect_national_reports(cycle):
    """Bring the cycle's expected national reports in step with the membership: add the missing, drop
    those no longer expected (unless a report exists). Returns (added, removed)."""
    wanted = set(MemberState.objects.members_in(cycle.year).values_list("pk", flat=True))
    existing = dict(ExpectedReport.objects.filter(cycle=cycle, member_state__isnull=False).values_list("member_state", "pk"))
    reported = set(cycle.national_reports.values_list("member_state", flat=True))
    added = ExpectedReport.objects.bulk_create([
        ExpectedReport(cycle=cycle, member_state_id=state, reason=ExpectationReason.MEMBER)
        for state in sorted(wanted - set(existing))
    ])
    stale = [pk for state, pk in existing.items() if state not in wanted and state not in reported]
    ExpectedReport.objects.filter(pk__in=stale).delete()
    if added or stale:
        expected_reports_changed.send(sender=NationalReport, cycle=cycle)
    return len(added), len(stale)


def outstanding_states(cycle):
    """{state: [its report, as a label]} of the states whose report the cycle expects and has not received."""
    rows = cycle.expected_reports.outstanding(NationalReport).select_related("member_state").order_by("member_state__name")
    return {row.member_state: [f"{row.member_state}'s {cycle.year} national report"] for row in rows}


class NationalReports(calendar.Stream):
    """The Member States' national reports on a plan of action, in the cycle's calendar."""

    def handles(self, plan):
        return not plan.is_work_plan

    def expect(self, cycle):
        return expect_national_reports(cycle)

    def outstanding(self, cycle):
        return outstanding_states(cycle)

    def reminder_key(self, member_state):
        return {"member_state": member_state}

    def remind(self, cycle, member_state, owed, when):
        notify(
            users=focal_points_of(member_state), event=Event.REMINDER,
            url=reverse("national:reports", args=[cycle.plan.slug]) + f"?cycle={cycle.year}",
            subject=f"Reminder: {member_state}'s {cycle.year} national report on the {cycle.plan.short_name} is outstanding",
            lines=[f"The {cycle.year} national reports on the {cycle.plan.short_name} {when}.",
                   f"{member_state}'s report has not been submitted yet."],
        )
