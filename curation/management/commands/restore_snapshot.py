from django.core.management.base import BaseCommand

from curation.snapshot import restore_snapshot


class Command(BaseCommand):
    help = (
        "Restore a snapshot written by `snapshot` into an empty, migrated database, "
        "then rebuild the search vectors and start each record's history."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", help="a file written by `manage.py snapshot`")

    def handle(self, *args, path, **options):
        count = restore_snapshot(path)
        self.stdout.write(f"Snapshot restored from {path}: {count} records.")
