"""Roles and funding refer to actors in their new app; this app forgets its copy of the
model. State only: the tables stay (see actors/0001)."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('actors', '0001_initial'),
        ('articles', '0003_actors_in_their_own_app'),
        ('initiatives', '0002_postgres_search'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[],
            state_operations=[
                migrations.RemoveField(
                    model_name='historicalactor',
                    name='affiliation',
                ),
                migrations.AlterField(
                    model_name='funding',
                    name='recipient_actor',
                    field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='funding_received', to='actors.actor', verbose_name='recipient actor'),
                ),
                migrations.AlterField(
                    model_name='historicalfunding',
                    name='recipient_actor',
                    field=models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='actors.actor', verbose_name='recipient actor'),
                ),
                migrations.AlterField(
                    model_name='historicalparticipation',
                    name='actor',
                    field=models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='actors.actor', verbose_name='actor'),
                ),
                migrations.AlterField(
                    model_name='funding',
                    name='funder',
                    field=models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='funding_given', to='actors.actor', verbose_name='funder'),
                ),
                migrations.AlterField(
                    model_name='historicalfunding',
                    name='funder',
                    field=models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='actors.actor', verbose_name='funder'),
                ),
                migrations.AlterField(
                    model_name='participation',
                    name='actor',
                    field=models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='participations', to='actors.actor', verbose_name='actor'),
                ),
                migrations.RemoveField(
                    model_name='historicalactor',
                    name='history_user',
                ),
                migrations.RemoveField(
                    model_name='historicalactor',
                    name='municipality',
                ),
                migrations.RemoveField(
                    model_name='historicalactor',
                    name='school',
                ),
                migrations.DeleteModel(
                    name='Actor',
                ),
                migrations.DeleteModel(
                    name='HistoricalActor',
                ),
            ],
        ),
    ]
