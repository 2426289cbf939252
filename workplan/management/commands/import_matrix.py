from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from workplan.services import import_matrix
from workplan.spreadsheets import SpreadsheetError, read_dataset


class Command(BaseCommand):
    help = "Import the matrix from an .xlsx or .csv file (all or nothing); --dry-run only reports what would change."

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)
        parser.add_argument("--dry-run", action="store_true", help="check and report, write nothing")

    def handle(self, *args, file, dry_run, **options):
        try:
            dataset = read_dataset(content=file.read_bytes(), filename=file.name)
        except OSError as error:
            raise CommandError(f"Cannot read {file}: {error.strerror}.")
        except SpreadsheetError as error:
            raise CommandError(str(error))
        result = import_matrix(dataset=dataset, dry_run=dry_run, source=str(file))
        if result.has_errors:
            for message in result.error_messages():
                self.stderr.write(message)
            raise CommandError("Nothing was imported: correct the file and import it again.")
        totals = result.totals
        for row in result.rows:
            if row.status != "unchanged" and options["verbosity"] > 1:
                self.stdout.write(f"row {row.number}: {row.status} {row.code} {row.summary}")
        verb = "Would import" if dry_run else "Imported"
        self.stdout.write(
            self.style.SUCCESS(
                f"{verb} {len(result.rows)} rows: {totals['new']} new, {totals['updated']} updated, "
                f"{totals['unchanged']} unchanged; {result.untouched_activities} activities not in the file left as they are."
            )
        )
