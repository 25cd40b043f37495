from django.core.management.base import BaseCommand
from django.db import transaction

from core.staff_groups import sync_staff_groups
from core.upsert import UpsertStats
from curation.seed import SeedLoader
from municipalities.reference_data import load_reference_data


class Command(BaseCommand):
    help = (
        "Load the 290 municipalities and the sourced seed records. "
        "Idempotent: running it again changes nothing."
    )

    @transaction.atomic
    def handle(self, *args, **options):
        stats = UpsertStats()
        load_reference_data(stats)
        SeedLoader(stats).load()
        sync_staff_groups()
        self.stdout.write(f"Seed data loaded: {stats}.")
