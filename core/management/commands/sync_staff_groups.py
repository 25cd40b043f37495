from django.core.management.base import BaseCommand

from core.staff_groups import sync_staff_groups


class Command(BaseCommand):
    help = "Create the Editors, Viewers and Publishers groups and set their permissions."

    def handle(self, *args, **options):
        sync_staff_groups()
        self.stdout.write("Staff groups are up to date.")
