"""
PostgreSQL-only search support: the pg_trgm extension, GIN indexes on the stored
`swedish` search vectors, and trigram indexes for "similar name" warnings.

On SQLite this migration does nothing (search falls back to whole-word matching).
"""

from django.db import migrations

GIN_VECTOR_INDEXES = [
    ("initiatives_initiative", "initiative_search_gin"),
    ("initiatives_actor", "actor_search_gin"),
    ("articles_article", "article_search_gin"),
]
TRIGRAM_INDEXES = [
    ("initiatives_initiative", "title", "initiative_title_trgm"),
    ("initiatives_actor", "name", "actor_name_trgm"),
    ("municipalities_school", "name", "school_name_trgm"),
]


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    for table, name in GIN_VECTOR_INDEXES:
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS {name} ON {table} USING gin (search_vector)"
        )
    for table, column, name in TRIGRAM_INDEXES:
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS {name} ON {table} USING gin ({column} gin_trgm_ops)"
        )


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for _table, name in GIN_VECTOR_INDEXES:
        schema_editor.execute(f"DROP INDEX IF EXISTS {name}")
    for _table, _column, name in TRIGRAM_INDEXES:
        schema_editor.execute(f"DROP INDEX IF EXISTS {name}")


class Migration(migrations.Migration):
    dependencies = [
        ("initiatives", "0001_initial"),
        ("articles", "0002_initial"),
        ("municipalities", "0001_initial"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
