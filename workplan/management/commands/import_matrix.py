from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from workplan.models import Plan
from workplan.services import create_plan, import_plan
from workplan.spreadsheets import SpreadsheetError, read_dataset


class Rollback(Exception):
    """Undo the plan made for a dry run or for a file in error."""


class Command(BaseCommand):
    help = (
        "Import a plan from an .xlsx or .csv file (all or nothing): a work plan's matrix or a plan of action's "
        "provisions. A plan not yet in the database is created from --title, --short-name and the years, "
        "e.g. the successor of the Bali Work Plan. --dry-run only reports what would change."
    )

    def add_arguments(self, parser):
        parser.add_argument("--plan", required=True, metavar="SLUG", help="e.g. bali-work-plan, acpoa-ct")
        parser.add_argument("file", type=Path)
        parser.add_argument("--dry-run", action="store_true", help="check and report, write nothing")
        new = parser.add_argument_group("a new plan")
        new.add_argument("--title")
        new.add_argument("--short-name")
        new.add_argument("--kind", choices=Plan.Kind.values, default=Plan.Kind.WORK_PLAN)
        new.add_argument("--start-year", type=int)
        new.add_argument("--end-year", type=int)
        new.add_argument("--implements", metavar="SLUG", help="the plan of action a new work plan implements")
        new.add_argument("--succeeds", metavar="SLUG", help="the plan the new one succeeds")

    def handle(self, *args, plan, file, dry_run, **options):
        try:
            content = file.read_bytes()
            dataset = read_dataset(content=content, filename=file.name)
        except OSError as error:
            raise CommandError(f"Cannot read {file}: {error.strerror}.")
        except SpreadsheetError as error:
            raise CommandError(str(error))
        try:
            with transaction.atomic():
                target = Plan.objects.filter(slug=plan).first() or self.new_plan(plan, options)
                result = import_plan(plan=target, dataset=dataset, dry_run=dry_run, source=str(file), content=content)
                if dry_run or result.has_errors:
                    raise Rollback
        except Rollback:
            pass
        if result.has_errors:
            for message in result.error_messages():
                self.stderr.write(message)
            raise CommandError("Nothing was imported: correct the file and import it again.")
        totals = result.totals
        for row in result.rows:
            if row.status != "unchanged" and options["verbosity"] > 1:
                self.stdout.write(f"row {row.number}: {row.status} {row.code or row.action_line} {row.summary}")
        verb = "Would import" if dry_run else "Imported"
        untouched = f"; {result.untouched_activities} activities not in the file left as they are" if target.is_work_plan else ""
        self.stdout.write(
            self.style.SUCCESS(
                f"{verb} {len(result.rows)} rows into the {target}: {totals['new']} new, {totals['updated']} updated, "
                f"{totals['unchanged']} unchanged{untouched}."
            )
        )

    def new_plan(self, slug, options):
        missing = [f"--{name.replace('_', '-')}" for name in ("title", "short_name", "start_year") if not options[name]]
        if missing:
            known = ", ".join(Plan.objects.values_list("slug", flat=True)) or "none"
            raise CommandError(f"No plan “{slug}” (the plans are: {known}); to create it, give {', '.join(missing)}.")
        related = {}
        for name in ("implements", "succeeds"):
            if options[name]:
                related[name] = Plan.objects.filter(slug=options[name]).first()
                if related[name] is None:
                    raise CommandError(f"No plan “{options[name]}” for --{name}.")
        try:
            return create_plan(
                kind=options["kind"], slug=slug, title=options["title"], short_name=options["short_name"],
                start_year=options["start_year"], end_year=options["end_year"], **related,
            )
        except ValidationError as error:
            raise CommandError("; ".join(f"{field}: {' '.join(messages)}" for field, messages in error.message_dict.items()))
