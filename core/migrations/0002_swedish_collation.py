"""
The "swedish" collation names are sorted with (see core/collation.py).

PostgreSQL: an ICU collation for sv-SE, created in every database (and so in every test
database). SQLite has no collations to create: each connection registers a Python one.
"""

from django.db import migrations


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            "CREATE COLLATION IF NOT EXISTS swedish (provider = icu, locale = 'sv-SE')"
        )


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("DROP COLLATION IF EXISTS swedish")


class Migration(migrations.Migration):
    dependencies = [("core", "0001_initial")]

    operations = [migrations.RunPython(forwards, backwards)]
