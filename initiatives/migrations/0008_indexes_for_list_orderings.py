"""
Indexes in the exact orderings of the lists, so a page of a list is read off an index
instead of sorting every published initiative:

- the browser's default, newest first: `start_year DESC NULLS LAST, title, id`. On
  PostgreSQL a plain DESC index puts NULLs first and cannot serve NULLS LAST; SQLite puts
  NULLs last on DESC anyway, and its `initiative_newest_idx` serves it;
- the start page's latest additions: `published_at DESC, created_at DESC, id`.
"""

from django.db import migrations

POSTGRES_ONLY = [
    "CREATE INDEX IF NOT EXISTS initiative_newest_nulls_last_idx ON initiatives_initiative "
    "(start_year DESC NULLS LAST, title, id)",
]
BOTH = [
    "CREATE INDEX IF NOT EXISTS initiative_latest_published_idx ON initiatives_initiative "
    "(published_at DESC, created_at DESC, id)",
]
NAMES = ["initiative_newest_nulls_last_idx", "initiative_latest_published_idx"]


def forwards(apps, schema_editor):
    statements = BOTH + (POSTGRES_ONLY if schema_editor.connection.vendor == "postgresql" else [])
    for statement in statements:
        schema_editor.execute(statement)


def backwards(apps, schema_editor):
    for name in NAMES:
        schema_editor.execute(f"DROP INDEX IF EXISTS {name}")


class Migration(migrations.Migration):
    dependencies = [("initiatives", "0007_sqlite_full_text_search")]

    operations = [migrations.RunPython(forwards, backwards)]
