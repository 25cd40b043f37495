import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    initial = True

    dependencies = [
        ("contenttypes", "0002_remove_content_type_name"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name="PendingChange",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("object_id", models.CharField(blank=True, max_length=64, verbose_name="record")),
                ("object_repr", models.CharField(max_length=300, verbose_name="record")),
                ("kind", models.CharField(choices=[("change", "Change"), ("add", "Addition"), ("revert", "Revert to an earlier version")], max_length=16, verbose_name="kind of change")),
                ("history_id", models.PositiveBigIntegerField(blank=True, null=True)),
                ("data", models.JSONField(verbose_name="submitted form")),
                ("base_version", models.PositiveIntegerField(null=True, verbose_name="version it was based on")),
                ("proposed_at", models.DateTimeField(auto_now_add=True, verbose_name="proposed at")),
                ("status", models.CharField(choices=[("pending", "Waiting for review"), ("approved", "Approved"), ("rejected", "Rejected")], default="pending", max_length=16, verbose_name="status")),
                ("decided_at", models.DateTimeField(blank=True, null=True, verbose_name="decided at")),
                ("comment", models.TextField(blank=True, help_text="Why it was rejected, for the editor.", verbose_name="comment")),
                ("content_type", models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, to="contenttypes.contenttype", verbose_name="kind of record")),
                ("decided_by", models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name="+", to=settings.AUTH_USER_MODEL, verbose_name="decided by")),
                ("proposed_by", models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name="+", to=settings.AUTH_USER_MODEL, verbose_name="proposed by")),
            ],
            options={
                "verbose_name": "pending change",
                "verbose_name_plural": "pending changes",
                "ordering": ["-proposed_at", "-pk"],
                "indexes": [
                    models.Index(fields=["content_type", "object_id", "status"], name="pending_object_idx"),
                    models.Index(fields=["status", "-proposed_at"], name="pending_status_idx"),
                ],
            },
        ),
    ]
