"""Every school link cites a source now (0005 filled them)."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("initiatives", "0005_copy_quote_links_and_school_sources"),
    ]

    operations = [
        migrations.AlterField(
            model_name="initiativeschool",
            name="source",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.PROTECT,
                related_name="school_links",
                to="articles.article",
                verbose_name="source",
            ),
        ),
    ]
