import datetime

from django.core.management.base import BaseCommand
from django.db import transaction

from reporting import calendar
from reporting.models import ReportingCycle
from workplan.models import Plan

FIRST, LAST = 2019, 2025


class Command(BaseCommand):
    help = (
        f"Create the annual reporting cycles {FIRST}–{LAST} of each plan of action that has none, for the Member "
        "States' national reports (the work plans' cycles come from load_cycles)."
    )

    @transaction.atomic
    def handle(self, *args, **options):
        for plan in Plan.objects.plans_of_action():
            if plan.cycles.exists():
                self.stdout.write(f"The {plan} already has reporting cycles; left as they are.")
                continue
            # As the Work Plan's (fixtures/cycles.json): a year's reports are due by the end of March after
            # it, and late ones taken until the end of June, when the cycle closes by itself; the last year is open.
            ReportingCycle.objects.bulk_create(
                ReportingCycle(
                    plan=plan, year=year, opens_on=datetime.date(year, 10, 1), deadline=datetime.date(year + 1, 3, 31),
                    closes_on=datetime.date(year + 1, 6, 30),
                    state=ReportingCycle.State.OPEN if year == LAST else ReportingCycle.State.CLOSED,
                )
                for year in range(max(FIRST, plan.start_year), LAST + 1)
            )
            self.stdout.write(self.style.SUCCESS(f"Created the reporting cycles {FIRST}–{LAST} of the {plan}."))
        # Every cycle, closed ones too, expects the reports of the states that were members that year.
        calendar.expect_every_cycle()
