from django.core.management import call_command
from django.core.management.base import BaseCommand

from reporting import calendar
from reporting.models import ReportingCycle


class Command(BaseCommand):
    help = "Create the reporting cycles 2019–2025 of the Work Plan in a database that has none."

    def handle(self, *args, **options):
        if ReportingCycle.objects.exists():
            self.stdout.write("Reporting cycles already exist; nothing to do.")
            return
        call_command("loaddata", "cycles", verbosity=0)
        # Every cycle, closed ones too, expects its reports: the rates of 2019 onward are counted.
        calendar.expect_every_cycle()
        years = list(ReportingCycle.objects.order_by("year").values_list("year", flat=True))
        self.stdout.write(self.style.SUCCESS(f"Created the reporting cycles {years[0]}–{years[-1]}."))
