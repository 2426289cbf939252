from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.db import transaction

from bodies.models import MemberState, SectoralBody
from workplan.models import WorkPlan


class Command(BaseCommand):
    help = "Load the Bali Work Plan (bodies, Member States and the whole matrix) into an empty database."

    def handle(self, *args, **options):
        if WorkPlan.objects.exists():
            self.stdout.write("The Work Plan is already loaded; nothing to do.")
            return
        if SectoralBody.objects.exists() or MemberState.objects.exists():
            # Loading over hand-made bodies would overwrite them by primary key: refuse instead.
            self.stderr.write("The database already holds sectoral bodies or Member States; load into an empty database.")
            raise SystemExit(1)
        with transaction.atomic():
            call_command("loaddata", "bodies", "workplan", verbosity=0)
        plan = WorkPlan.objects.get()
        self.stdout.write(
            self.style.SUCCESS(
                f"Loaded {plan}: {SectoralBody.objects.count()} sectoral bodies, "
                f"{plan.priority_areas.count()} priority areas, "
                f"{plan.priority_areas.values('action_lines').count()} action lines."
            )
        )
