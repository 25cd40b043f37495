"""
Create the PostgreSQL database that DATABASE_URL names, if it does not exist yet, so
`DATABASE_URL=postgres://… make run` works on an empty server. SQLite creates its file
by itself; there is nothing to do.
"""

from django.core.management.base import BaseCommand, CommandError
from django.db import DEFAULT_DB_ALIAS, DatabaseError, connections


class Command(BaseCommand):
    help = "Create the configured PostgreSQL database when it does not exist yet."

    def add_arguments(self, parser):
        parser.add_argument("--database", default=DEFAULT_DB_ALIAS, help="database alias")

    def handle(self, *args, database, **options):
        connection = connections[database]
        name = connection.settings_dict["NAME"]
        if connection.vendor != "postgresql":
            self.stdout.write(f"{connection.display_name}: nothing to create.")
            return
        try:
            created = create_if_missing(connection, name)
        except DatabaseError as error:
            raise CommandError(f"Could not create the database {name!r}: {error}") from error
        self.stdout.write(f"Created database {name}." if created else f"Database {name} exists.")


def create_if_missing(connection, name):
    # Django's own test-database creation connects like this: to the server's "postgres"
    # maintenance database, with the configured host, user and password.
    with connection._nodb_cursor() as cursor:
        if database_exists(cursor, name):
            return False
        try:
            cursor.execute(f"CREATE DATABASE {connection.ops.quote_name(name)}")
        except DatabaseError:
            if database_exists(cursor, name):  # another process was quicker
                return False
            raise
    return True


def database_exists(cursor, name):
    cursor.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name])
    return cursor.fetchone() is not None
