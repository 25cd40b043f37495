"""
SQLite-only search support: an FTS5 table per searchable model holding its fields' words
stemmed for Swedish (core/search.py), filled from the rows already there.

On PostgreSQL this migration does nothing (the GIN-indexed search vectors of 0002 serve).
"""

from django.db import migrations

from core.search import create_fts_table, drop_fts_table

# The tables and fields as the models' `search_weights` name them when this was written.
INDEXED = [
    ("initiatives_initiative", ["title", "summary"]),
    ("initiatives_actor", ["name", "aliases"]),
    ("articles_article", ["title", "body"]),
]


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor != "sqlite":
        return
    with schema_editor.connection.cursor() as cursor:
        for table, fields in INDEXED:
            create_fts_table(cursor, table, fields)


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor != "sqlite":
        return
    with schema_editor.connection.cursor() as cursor:
        for table, _fields in INDEXED:
            drop_fts_table(cursor, table)


class Migration(migrations.Migration):
    dependencies = [
        ("initiatives", "0006_school_links_need_a_source"),
        ("actors", "0004_positions_replace_titles"),
        ("articles", "0006_quote_links_move_to_initiatives"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
