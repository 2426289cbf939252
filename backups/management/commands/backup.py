from pathlib import Path

from django.core.management.base import BaseCommand
from django.utils import timezone

from backups.services import create_backup


class Command(BaseCommand):
    help = "Write the database and every uploaded document into one .tar.gz archive, with checksums."

    def add_arguments(self, parser):
        parser.add_argument(
            "destination", nargs="?", type=Path,
            help="archive file or directory (default: bali-work-plan-YYYYMMDD-HHMMSS.tar.gz here)",
        )

    def handle(self, *args, destination, **options):
        name = f"bali-work-plan-{timezone.localtime():%Y%m%d-%H%M%S}.tar.gz"
        if destination is None:
            destination = Path(name)
        elif destination.is_dir():
            destination = destination / name
        manifest = create_backup(destination=destination)
        files = sum(1 for member in manifest["files"] if member.startswith("media/"))
        self.stdout.write(self.style.SUCCESS(
            f"Backed up {sum(manifest['counts'].values())} rows and {files} files to {destination}."
        ))
