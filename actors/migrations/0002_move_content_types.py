"""
The content types of the moved models follow them, so the permissions attached to them
(and the staff groups holding those), admin log entries and history links stay valid.

On a new database no content type exists yet while migrating, and this changes nothing:
Django creates them for the new app afterwards.
"""

from django.db import migrations

MOVED = ["actor", "historicalactor"]


def move(apps, from_label, to_label):
    ContentType = apps.get_model("contenttypes", "ContentType")
    for model in MOVED:
        if ContentType.objects.filter(app_label=to_label, model=model).exists():
            continue
        ContentType.objects.filter(app_label=from_label, model=model).update(app_label=to_label)


def forwards(apps, schema_editor):
    move(apps, "initiatives", "actors")


def backwards(apps, schema_editor):
    move(apps, "actors", "initiatives")


class Migration(migrations.Migration):
    dependencies = [
        ("actors", "0001_initial"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
