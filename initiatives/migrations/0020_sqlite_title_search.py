"""
SQLite-only: an FTS5 table per searchable model holding its title's words alone (an
actor's name), stemmed as in 0007's tables (core/search.py), filled from the rows already
there. The search's first stage finds and ranks titles in it, as PostgreSQL's does by
`title_vector` (0019): through 0007's tables a column filter read every row holding the
word ("segregation": 58 000 articles' texts for 2 titles) to count the title matches.

On PostgreSQL this migration does nothing.
"""

from django.db import migrations

from core.search import create_fts_table, drop_fts_table, title_fts_table

# The tables and title fields as the models' `search_weights` name them when this was written.
TITLES = [
    ("initiatives_initiative", "title"),
    ("initiatives_actor", "name"),
    ("articles_article", "title"),
]


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor != "sqlite":
        return
    with schema_editor.connection.cursor() as cursor:
        for table, field in TITLES:
            create_fts_table(cursor, table, [field], table=title_fts_table(table))


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor != "sqlite":
        return
    with schema_editor.connection.cursor() as cursor:
        for table, _field in TITLES:
            drop_fts_table(cursor, table, table=title_fts_table(table))


class Migration(migrations.Migration):
    dependencies = [("initiatives", "0019_title_vector")]

    operations = [migrations.RunPython(forwards, backwards, elidable=False)]
