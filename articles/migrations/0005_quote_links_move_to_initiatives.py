"""Which initiative a quote speaks of is kept by the initiatives app now (InitiativeQuote,
filled from this column by initiatives/0004), so articles no longer refer upwards."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0004_positions"),
        ("initiatives", "0004_evidence_and_time"),
    ]

    operations = [
        migrations.RemoveField(model_name="historicalquote", name="initiative"),
        migrations.RemoveField(model_name="quote", name="initiative"),
    ]
