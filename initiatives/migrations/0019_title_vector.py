"""
The titles' own search vectors, stored (core.search's `title_vector`).

PostgreSQL: each searchable table's `title_vector` is filled from its title (an actor's
name) and GIN-indexed, and the expression indexes of 0009 on the same words, which the
search no longer asks for, are dropped. The search's first stage ranked up to 500
candidates by making each one's vector again from its title. On SQLite the column stays
empty (FTS5 column filters find titles there).
"""

import django.contrib.postgres.search
from django.db import migrations

# (table, title column, the new index, 0009's expression index)
TITLES = [
    ("initiatives_initiative", "title", "initiative_title_vector_gin", "initiative_title_tsv_gin"),
    ("initiatives_actor", "name", "actor_title_vector_gin", "actor_name_tsv_gin"),
    ("articles_article", "title", "article_title_vector_gin", "article_title_tsv_gin"),
]


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for table, column, index, old_index in TITLES:
        schema_editor.execute(
            f"UPDATE {table} SET title_vector = "
            f"to_tsvector('swedish'::regconfig, COALESCE({column}, ''))"
        )
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS {index} ON {table} USING gin (title_vector)"
        )
        schema_editor.execute(f"DROP INDEX IF EXISTS {old_index}")


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for table, column, index, old_index in TITLES:
        schema_editor.execute(f"DROP INDEX IF EXISTS {index}")
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS {old_index} ON {table} USING gin "
            f"(to_tsvector('swedish'::regconfig, COALESCE({column}, '')))"
        )


class Migration(migrations.Migration):
    dependencies = [
        ("actors", "0006_title_vector"),
        ("articles", "0009_title_vector"),
        ("initiatives", "0018_sqlite_export_covering_indexes"),
    ]

    operations = [
        migrations.AddField(
            model_name="initiative",
            name="title_vector",
            field=django.contrib.postgres.search.SearchVectorField(editable=False, null=True),
        ),
        migrations.RunPython(forwards, backwards, elidable=False),
    ]
