"""Articles and quotes refer to actors in their new app (state only; see actors/0001)."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('actors', '0001_initial'),
        ('articles', '0002_initial'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[],
            state_operations=[
                migrations.AlterField(
                    model_name='article',
                    name='actors',
                    field=models.ManyToManyField(blank=True, related_name='articles_mentioning', to='actors.actor', verbose_name='actors mentioned'),
                ),
                migrations.AlterField(
                    model_name='article',
                    name='author',
                    field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='articles_written', to='actors.actor', verbose_name='author'),
                ),
                migrations.AlterField(
                    model_name='article',
                    name='publisher',
                    field=models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='articles_published', to='actors.actor', verbose_name='publisher'),
                ),
                migrations.AlterField(
                    model_name='historicalarticle',
                    name='author',
                    field=models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='actors.actor', verbose_name='author'),
                ),
                migrations.AlterField(
                    model_name='historicalarticle',
                    name='publisher',
                    field=models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='actors.actor', verbose_name='publisher'),
                ),
                migrations.AlterField(
                    model_name='historicalarticle_actors',
                    name='actor',
                    field=models.ForeignKey(blank=True, db_constraint=False, db_tablespace='', null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='actors.actor'),
                ),
                migrations.AlterField(
                    model_name='historicalquote',
                    name='speaker',
                    field=models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='actors.actor', verbose_name='speaker'),
                ),
                migrations.AlterField(
                    model_name='quote',
                    name='speaker',
                    field=models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='quotes', to='actors.actor', verbose_name='speaker'),
                ),
            ],
        ),
    ]
