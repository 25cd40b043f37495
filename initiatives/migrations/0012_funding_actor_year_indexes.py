"""
The payments an actor gave and received by year, as 0011 for a municipality: an actor's
page read the whole year index (30 000 payments at scale) for an actor who gave none.
"""

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('actors', '0005_actor_actor_name_swedish'),
        ('articles', '0007_article_article_title_swedish'),
        ('initiatives', '0011_funding_recipient_year_index'),
        ('municipalities', '0002_schools_get_a_publication_state'),
    ]

    operations = [
        migrations.AddIndex(
            model_name='funding',
            index=models.Index(fields=['recipient_actor', 'year'], name='funding_recipient_actor_year'),
        ),
        migrations.AddIndex(
            model_name='funding',
            index=models.Index(fields=['funder', 'year'], name='funding_funder_year'),
        ),
    ]
