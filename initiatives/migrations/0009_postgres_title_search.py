"""
PostgreSQL-only: GIN indexes on the titles' own `swedish` vectors, in the expression
core.text_search builds (`to_tsvector('swedish', COALESCE(title, ''))`), so search's
first stage (title matches) finds titles without reading every matching row's whole
stored vector to check its weight A. On SQLite this does nothing (FTS5 column filters).
"""

from django.db import migrations

TITLES = [
    ("initiatives_initiative", "title", "initiative_title_tsv_gin"),
    ("initiatives_actor", "name", "actor_name_tsv_gin"),
    ("articles_article", "title", "article_title_tsv_gin"),
]


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for table, column, name in TITLES:
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS {name} ON {table} USING gin "
            f"(to_tsvector('swedish'::regconfig, COALESCE({column}, '')))"
        )


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for _table, _column, name in TITLES:
        schema_editor.execute(f"DROP INDEX IF EXISTS {name}")


class Migration(migrations.Migration):
    dependencies = [("initiatives", "0008_indexes_for_list_orderings")]

    operations = [migrations.RunPython(forwards, backwards)]
