"""Titles and affiliations now live as dated, sourced positions (articles/0005 copied them)."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("actors", "0003_actors_get_a_publication_state"),
        ("articles", "0005_titles_become_positions"),
    ]

    operations = [
        migrations.RemoveConstraint(model_name="actor", name="actor_not_affiliated_with_itself"),
        migrations.RemoveField(model_name="actor", name="affiliation"),
        migrations.RemoveField(model_name="actor", name="title"),
        migrations.RemoveField(model_name="historicalactor", name="affiliation"),
        migrations.RemoveField(model_name="historicalactor", name="title"),
    ]
