from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from backups.services import BackupError, restore_backup


class Command(BaseCommand):
    help = (
        "Restore an archive written by `backup` into an empty, migrated database and MEDIA_ROOT, "
        "after checking every checksum; all or nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument("archive", type=Path)
        parser.add_argument(
            "--flush", action="store_true",
            help="first delete everything the database holds, and overwrite files of the same name",
        )

    def handle(self, *args, archive, flush, **options):
        if not archive.is_file():
            raise CommandError(f"No such file: {archive}.")
        try:
            manifest = restore_backup(archive=archive, flush=flush)
        except BackupError as error:
            raise CommandError(f"Nothing was restored. {error}")
        files = sum(1 for member in manifest["files"] if member.startswith("media/"))
        self.stdout.write(self.style.SUCCESS(
            f"Restored {sum(manifest['counts'].values())} rows and {files} files from the backup of "
            f"{manifest['created_at']}."
        ))
