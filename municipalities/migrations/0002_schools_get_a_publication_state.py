"""Schools get a publication state of their own; the schools visitors saw stay published."""

from django.db import migrations

from core.publication_migration import publication_fields, publish_existing


class Migration(migrations.Migration):
    dependencies = [
        ("municipalities", "0001_initial"),
    ]

    operations = [
        migrations.AlterModelOptions(
            name="school",
            options={
                "ordering": ["name"],
                "permissions": [("publish_school", "Can publish schools")],
                "verbose_name": "school",
                "verbose_name_plural": "schools",
            },
        ),
        *publication_fields("school"),
        publish_existing("municipalities", "School"),
    ]
