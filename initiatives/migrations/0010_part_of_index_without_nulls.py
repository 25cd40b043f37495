"""
An index of the initiatives that are part of another, without the NULLs of the rest.

On SQLite, dropping the plain foreign-key index rebuilds the table, which loses indexes
created outside the model state (0008's `initiative_latest_published_idx`) and the
table's planner statistics: both made again.
"""

from importlib import import_module

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


def recreate_list_order_indexes(apps, schema_editor):
    """0008's indexes, where the table rebuild dropped them (IF NOT EXISTS elsewhere)."""
    list_orders = import_module("initiatives.migrations.0008_indexes_for_list_orderings")
    list_orders.forwards(apps, schema_editor)
    if schema_editor.connection.vendor == "sqlite":
        # The rebuilt table has no planner statistics left; without them SQLite read the
        # start page's five latest initiatives by sorting every published one (85 ms).
        schema_editor.execute("ANALYZE")


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0007_article_article_title_swedish"),
        ("initiatives", "0009_postgres_title_search"),
        ("municipalities", "0002_schools_get_a_publication_state"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AlterField(
            model_name="initiative",
            name="part_of",
            field=models.ForeignKey(
                blank=True,
                db_index=False,
                help_text="The larger initiative or programme this one is carried out within.",
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="parts",
                to="initiatives.initiative",
                verbose_name="part of",
            ),
        ),
        migrations.AddIndex(
            model_name="initiative",
            index=models.Index(
                condition=models.Q(("part_of__isnull", False)),
                fields=["part_of"],
                name="initiative_part_of_idx",
            ),
        ),
        migrations.RunPython(recreate_list_order_indexes, migrations.RunPython.noop),
    ]
