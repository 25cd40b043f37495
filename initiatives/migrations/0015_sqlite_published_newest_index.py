"""
On SQLite, the browser's default order (newest first) read off an index for the
published initiatives alone: `publication_state, start_year DESC, title, id`.

0008 counted on `initiative_newest_idx` (`start_year DESC, title`) for this order on
SQLite, where NULLs come last on DESC anyway. At scale the planner takes the published
initiatives through `initiative_pub_years_type_idx` instead (the state is its first
column) and sorts each year's rows by title with a temporary B-tree: 2.5 ms of the
browser's page of 25, and more for the API, whose list has the same order. With this
index the page is read in order and stops at 25 (0.1 ms). PostgreSQL reads that order
from 0008's `initiative_newest_nulls_last_idx` and gets nothing here: a plain DESC
index there puts NULLs first and could not serve `NULLS LAST`.

Created outside the model state, as 0008's are, so a migration that rebuilds the table
on SQLite must create it again (tests/test_links_and_plans.py checks it is there). The
new index gets its statistics at once where the table has them
(core/index_statistics.py).
"""

from django.db import migrations

from core.index_statistics import refresh_statistics

NAME = "initiative_published_newest_idx"
TABLE = "initiatives_initiative"


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor != "sqlite":
        return
    schema_editor.execute(
        f"CREATE INDEX IF NOT EXISTS {NAME} ON {TABLE} "
        "(publication_state, start_year DESC, title, id)"
    )
    refresh_statistics(schema_editor.connection, TABLE)


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor == "sqlite":
        schema_editor.execute(f"DROP INDEX IF EXISTS {NAME}")


class Migration(migrations.Migration):
    dependencies = [("initiatives", "0014_initiative_title_swedish_index")]

    operations = [migrations.RunPython(forwards, backwards, elidable=False)]
