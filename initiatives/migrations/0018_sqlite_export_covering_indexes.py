"""
On SQLite, the indexes a full export reads its rows from hold every column it reads, so
each chunk's roles, payments and citations, and the initiatives themselves, are read from
the index alone instead of from the table, row by row.

A role's row holds its passage and note and a payment's its passage, so on SQLite a row
lookup reads a page or more of the table for a few short columns. The export of every
published initiative at scale, in one process, each read on its own:

- the roles, `participation_export_idx` (initiative, role, basis, actor, source):
  0.32-0.39 -> 0.23-0.24 s;
- the payments, `funding_export_idx` (initiative, amount, lower bound, funder,
  recipient actor, source): 0.13 -> 0.08 s;
- the citations, `initiative_source_export_idx` (initiative, id, article), in the order
  the export lists them: 0.13 -> 0.10 s;
- the initiatives, newest first: 0015/0017's `initiative_published_newest_idx` with the
  columns the export reads after its order (slug, type, end year, status, part of):
  0.28 -> 0.18 s. The browser's pages read the same order from it, as before.

PostgreSQL gets none of them: there the export's time is the driver's reading of the
rows, not the server's finding them (its raw reads took 1.45 and 1.41 s without and
with the first three).

Created outside the model state, as 0015's index is, so a migration that rebuilds one
of these tables on SQLite must create its index again (tests/test_links_and_plans.py
checks they are there). Each table gets its statistics at once where it has them
(core/index_statistics.py).
"""

from django.db import migrations

from core.index_statistics import refresh_statistics

NEWEST = "initiative_published_newest_idx"
NEWEST_BEFORE = "(publication_state, start_year DESC, title COLLATE swedish, id)"
NEWEST_AFTER = (
    "(publication_state, start_year DESC, title COLLATE swedish, id,"
    " slug, type_id, end_year, status, part_of_id)"
)
COVERING = [
    (
        "participation_export_idx",
        "initiatives_participation",
        "(initiative_id, role, basis, actor_id, source_id)",
    ),
    (
        "funding_export_idx",
        "initiatives_funding",
        "(initiative_id, amount_sek, is_lower_bound, funder_id, recipient_actor_id, source_id)",
    ),
    (
        "initiative_source_export_idx",
        "initiatives_initiativesource",
        "(initiative_id, id, article_id)",
    ),
]


def rebuild_newest(schema_editor, columns):
    schema_editor.execute(f"DROP INDEX IF EXISTS {NEWEST}")
    schema_editor.execute(f"CREATE INDEX {NEWEST} ON initiatives_initiative {columns}")
    refresh_statistics(schema_editor.connection, "initiatives_initiative")


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor != "sqlite":
        return
    for name, table, columns in COVERING:
        schema_editor.execute(f"CREATE INDEX IF NOT EXISTS {name} ON {table} {columns}")
        refresh_statistics(schema_editor.connection, table)
    rebuild_newest(schema_editor, NEWEST_AFTER)


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor != "sqlite":
        return
    for name, _table, _columns in COVERING:
        schema_editor.execute(f"DROP INDEX IF EXISTS {name}")
    rebuild_newest(schema_editor, NEWEST_BEFORE)


class Migration(migrations.Migration):
    dependencies = [("initiatives", "0017_initiative_newest_in_swedish_order")]

    operations = [migrations.RunPython(forwards, backwards, elidable=False)]
