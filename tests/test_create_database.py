"""`DATABASE_URL=postgres://… make run` creates its database when the server has none."""

import os
import secrets
import subprocess
import sys
from io import StringIO

import pytest
from django.conf import settings
from django.core.management import call_command
from django.db import connection

ON_POSTGRESQL = connection.vendor == "postgresql"


def manage(database_url, *args):
    env = {**os.environ, "DATABASE_URL": database_url, "DEBUG": "1"}
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def make_dry_run(**env):
    environment = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"} | env
    result = subprocess.run(
        ["make", "-n", "run"],
        cwd=settings.BASE_DIR,
        env=environment,
        capture_output=True,
        text=True,
    )
    return [line for line in result.stdout.splitlines() if "manage.py" in line]


@pytest.mark.django_db
def test_it_leaves_an_existing_or_embedded_database_alone():
    out = StringIO()
    call_command("create_database", stdout=out)

    assert out.getvalue().strip() in (
        "SQLite: nothing to create.",
        f"Database {connection.settings_dict['NAME']} exists.",
    )


def test_make_run_creates_the_database_before_migrating_only_with_database_url():
    with_url = make_dry_run(DATABASE_URL="postgres://postgres@127.0.0.1:5432/equity")
    on_sqlite = make_dry_run()

    assert "create_database" in with_url[0]
    assert "migrate" in with_url[1]
    assert not any("create_database" in line for line in on_sqlite)
    assert "migrate" in on_sqlite[0]


@pytest.mark.skipif(not ON_POSTGRESQL, reason="creates a database on the PostgreSQL server")
def test_it_creates_a_missing_postgresql_database_and_migrate_then_works(django_db_blocker):
    server = connection.settings_dict
    name = f"{server['NAME']}_created_{secrets.token_hex(4)}"
    host = f"{server['HOST'] or '127.0.0.1'}:{server['PORT'] or 5432}"
    url = f"postgres://{server['USER']}@{host}/{name}"
    try:
        created = manage(url, "create_database")
        again = manage(url, "create_database")
        migrated = manage(url, "migrate", "--noinput", "-v", "0")
    finally:
        with django_db_blocker.unblock(), connection._nodb_cursor() as cursor:
            cursor.execute(f'DROP DATABASE IF EXISTS "{name}"')

    assert (created.returncode, created.stdout.strip()) == (0, f"Created database {name}.")
    assert (again.returncode, again.stdout.strip()) == (0, f"Database {name} exists.")
    assert migrated.returncode == 0, migrated.stderr[-2000:]


def test_an_unreachable_server_is_a_clear_error_not_a_traceback():
    result = manage("postgres://postgres@127.0.0.1:1/equity", "create_database")

    assert result.returncode != 0
    assert "Could not create the database 'equity'" in result.stderr
    assert "Traceback" not in result.stderr
