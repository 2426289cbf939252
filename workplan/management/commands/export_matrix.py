from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from workplan.models import Plan
from workplan.spreadsheets import FORMATS, export, plan_dataset


class Command(BaseCommand):
    help = (
        "Write a plan to an .xlsx or .csv file: a work plan's matrix, one row per indicative activity, "
        "or a plan of action's provisions, one row each."
    )

    def add_arguments(self, parser):
        parser.add_argument("--plan", required=True, metavar="SLUG", help="e.g. bali-work-plan, acpoa-ct")
        parser.add_argument("file", type=Path)

    def handle(self, *args, plan, file, **options):
        if file.suffix.lower() not in FORMATS:
            raise CommandError("Name the file .xlsx or .csv.")
        try:
            plan = Plan.objects.get(slug=plan)
        except Plan.DoesNotExist:
            known = ", ".join(Plan.objects.values_list("slug", flat=True)) or "none"
            raise CommandError(f"No plan “{plan}”; the plans are: {known}.")
        dataset = plan_dataset(plan)
        file.write_bytes(export(dataset, file.suffix.lower()))
        self.stdout.write(self.style.SUCCESS(f"Wrote {len(dataset)} rows of the {plan} to {file}."))
