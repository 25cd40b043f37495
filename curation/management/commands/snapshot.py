from django.core.management.base import BaseCommand

from curation.snapshot import write_snapshot


class Command(BaseCommand):
    help = (
        "Write the whole knowledge base to a portable JSON file keyed by natural keys "
        "(no database ids). A name ending in .gz is compressed."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", help="where to write, e.g. knowledge-base.json.gz")

    def handle(self, *args, path, **options):
        count = write_snapshot(path)
        self.stdout.write(f"Snapshot written to {path}: {count} records.")
