import os

from django.core.management.base import BaseCommand

from demo.synthetic import GenerationRefused, generate, generate_in_apps
from monitoring.models import ActivityReport


class Command(BaseCommand):
    help = (
        "Fill a database holding the Bali Work Plan and its cycles with invented reports (the synthetic data at "
        "scale 1), and the plans of action with national reports, so the dashboards and the annual reports have "
        "something to show; a database with reports is left alone."
    )

    def handle(self, *args, **options):
        if ActivityReport.objects.exists():
            self.stdout.write("The database already holds reports: no demo reports added.")
            return
        password = os.environ.get("DEMO_PASSWORD", "bali-workplan-demo")
        try:
            result = generate(scale=1, password=password)
        except GenerationRefused as refusal:
            self.stderr.write(f"No demo reports: {refusal}")
            return
        self.stdout.write(
            f"Demo data: {result.reports} invented reports and {result.users} invented users "
            "(e.g. somtc-staff-1, mtf-cochair-1, same password); pages say it is demo data while DEMO_DATA is on."
        )
        for line in generate_in_apps(scale=1, password=password):
            self.stdout.write(f"Demo data: {line}")
