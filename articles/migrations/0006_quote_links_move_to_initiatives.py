"""Which initiative a quote speaks of is kept by the initiatives app now (InitiativeQuote,
filled from this column by initiatives/0005), so articles no longer refer upwards."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0005_titles_become_positions"),
        ("initiatives", "0005_copy_quote_links_and_school_sources"),
    ]

    operations = [
        migrations.RemoveField(model_name="historicalquote", name="initiative"),
        migrations.RemoveField(model_name="quote", name="initiative"),
    ]
