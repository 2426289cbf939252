import datetime

from django.core.management.base import BaseCommand

from reporting import calendar


class Command(BaseCommand):
    help = ("Do the reporting cycles' daily work once, as the worker's scheduler does: keep expected reports in "
            "step with the matrix and the membership, remind bodies and Member States with outstanding reports on "
            "the reminder days, close the cycles past their closing day. Safe to run more than once a day.")

    def add_arguments(self, parser):
        parser.add_argument("--today", type=datetime.date.fromisoformat, help="the day to act as (YYYY-MM-DD)")

    def handle(self, *args, today=None, **options):
        reminded, closed = calendar.run_calendar(today)
        for cycle, who in reminded:
            self.stdout.write(f"Reminded {getattr(who, 'abbreviation', who)} of its outstanding {cycle.year} "
                              f"reports on the {cycle.plan.short_name}.")
        for cycle in closed:
            self.stdout.write(f"Closed the {cycle} of the {cycle.plan}.")
        if not reminded and not closed:
            self.stdout.write("Nothing due today.")
