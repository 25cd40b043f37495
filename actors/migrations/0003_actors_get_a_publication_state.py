"""Actors get a publication state of their own; the actors visitors saw stay published."""

from django.db import migrations

from core.publication_migration import publication_fields, publish_existing


class Migration(migrations.Migration):
    dependencies = [
        ("actors", "0002_move_content_types"),
    ]

    operations = [
        migrations.AlterModelOptions(
            name="actor",
            options={
                "ordering": ["name"],
                "permissions": [("publish_actor", "Can publish actors")],
                "verbose_name": "actor",
                "verbose_name_plural": "actors",
            },
        ),
        *publication_fields("actor"),
        publish_existing("actors", "Actor"),
    ]
