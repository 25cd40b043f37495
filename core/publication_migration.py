"""
Migration operations for a model that gains a publication state of its own.

Kept here, once, for every app's migration: the fields `core.publishing.Publishable`
adds (on the model and on its simple-history copy), and a data step that publishes the
rows that were already public before the model had a state (`publish_existing`).
"""

import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models

STATES = [("draft", "Draft"), ("in_review", "In review"), ("published", "Published")]


def publication_fields(model_name):
    historical = f"historical{model_name}"
    return [
        migrations.AddField(
            model_name=model_name,
            name="created_at",
            field=models.DateTimeField(
                auto_now_add=True, default=django.utils.timezone.now, verbose_name="created"
            ),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name=model_name,
            name="updated_at",
            field=models.DateTimeField(auto_now=True, db_index=True, verbose_name="updated"),
        ),
        migrations.AddField(
            model_name=model_name,
            name="publication_state",
            field=models.CharField(
                choices=STATES,
                db_index=True,
                default="draft",
                max_length=16,
                verbose_name="publication state",
            ),
        ),
        migrations.AddField(
            model_name=model_name,
            name="published_at",
            field=models.DateTimeField(blank=True, null=True, verbose_name="published at"),
        ),
        migrations.AddField(
            model_name=model_name,
            name="published_by",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="+",
                to=settings.AUTH_USER_MODEL,
                verbose_name="published by",
            ),
        ),
        migrations.AddField(
            model_name=historical,
            name="created_at",
            field=models.DateTimeField(
                blank=True,
                editable=False,
                default=django.utils.timezone.now,
                verbose_name="created",
            ),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name=historical,
            name="updated_at",
            field=models.DateTimeField(
                blank=True,
                db_index=True,
                editable=False,
                default=django.utils.timezone.now,
                verbose_name="updated",
            ),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name=historical,
            name="publication_state",
            field=models.CharField(
                choices=STATES,
                db_index=True,
                default="draft",
                max_length=16,
                verbose_name="publication state",
            ),
        ),
        migrations.AddField(
            model_name=historical,
            name="published_at",
            field=models.DateTimeField(blank=True, null=True, verbose_name="published at"),
        ),
        migrations.AddField(
            model_name=historical,
            name="published_by",
            field=models.ForeignKey(
                blank=True,
                db_constraint=False,
                null=True,
                on_delete=django.db.models.deletion.DO_NOTHING,
                related_name="+",
                to=settings.AUTH_USER_MODEL,
                verbose_name="published by",
            ),
        ),
    ]


def publish_existing(app_label, model_name):
    """A RunPython step: rows that visitors saw before stay visible (published)."""

    def forwards(apps, schema_editor):
        model = apps.get_model(app_label, model_name)
        model.objects.update(
            publication_state="published", published_at=django.utils.timezone.now()
        )

    return migrations.RunPython(forwards, migrations.RunPython.noop)
