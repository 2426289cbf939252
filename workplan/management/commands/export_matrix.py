from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from workplan.spreadsheets import FORMATS, export, matrix_dataset


class Command(BaseCommand):
    help = "Write the matrix to an .xlsx or .csv file, one row per indicative activity."

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)

    def handle(self, *args, file, **options):
        if file.suffix.lower() not in FORMATS:
            raise CommandError("Name the file .xlsx or .csv.")
        dataset = matrix_dataset()
        file.write_bytes(export(dataset, file.suffix.lower()))
        self.stdout.write(self.style.SUCCESS(f"Wrote {len(dataset)} rows to {file}."))
