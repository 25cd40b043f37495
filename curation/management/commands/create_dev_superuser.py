from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

USERNAME = "admin"
PASSWORD = "admin"  # development only: the command refuses to run with DEBUG off


class Command(BaseCommand):
    help = "Create the development superuser admin/admin (only when DEBUG is on)."

    def handle(self, *args, **options):
        if not settings.DEBUG:
            raise CommandError("Refusing to create a well-known superuser with DEBUG off.")
        User = get_user_model()
        if not User.objects.filter(username=USERNAME).exists():
            User.objects.create_superuser(USERNAME, "admin@example.org", PASSWORD)
        self.stdout.write(
            f"Admin: http://127.0.0.1:8000/admin/  user {USERNAME!r}, password {PASSWORD!r}"
        )
