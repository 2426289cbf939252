from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.db import connection
from django.db.backends.signals import connection_created


def _unsynced(sender, connection, **kwargs):
    # A fresh SQLite file on a laptop: no waiting for the disk after each of the hundreds of statements
    # of the migrations and the fixtures. Were the machine to crash meanwhile, the file is simply made again.
    if connection.vendor == "sqlite" and not connection.in_atomic_block:
        with connection.cursor() as cursor:
            cursor.execute("PRAGMA synchronous = OFF")


class Command(BaseCommand):
    help = (
        "What `bin/serve` prepares before it serves, in one process: the database migrated, the plans and their "
        "cycles loaded, the demo accounts and (unless --no-demo-reports) the invented reports. Each step is its own "
        "command, as before; run in one process they pay for starting Django once instead of six times."
    )

    def add_arguments(self, parser):
        parser.add_argument("--no-demo-reports", action="store_true", help="start with no reports (DEMO_DATA=0)")

    def handle(self, *args, no_demo_reports, **options):
        verbosity = options["verbosity"]
        connection_created.connect(_unsynced)
        if connection.connection is not None:
            _unsynced(None, connection)
        call_command("migrate", interactive=False, verbosity=verbosity, stdout=self.stdout, stderr=self.stderr)
        steps = ["load_plans", "load_cycles", "load_national_cycles", "create_demo_users"]
        if not no_demo_reports:
            steps.append("load_demo_reports")
        for step in steps:
            call_command(step, verbosity=verbosity, stdout=self.stdout, stderr=self.stderr)
