"""
Actors move here from the initiatives app, keeping their table and rows.

State only: the tables `initiatives_actor` and `initiatives_historicalactor` stay as
they are (the models name them in `db_table`); nothing in the database changes.
articles/0003 and initiatives/0003 point their foreign keys here, then initiatives/0003
forgets its own copy of the model. 0002 moves the content types, so permissions, admin
log entries and staff groups follow the model.
"""

import django.contrib.postgres.search
import django.db.models.deletion
import simple_history.models
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ('municipalities', '0001_initial'),
        # The tables exist from there on.
        ('initiatives', '0002_postgres_search'),
        ('articles', '0002_initial'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[],
            state_operations=[
                migrations.CreateModel(
                    name='Actor',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('version', models.PositiveIntegerField(default=1, editable=False, verbose_name='version')),
                        ('slug', models.SlugField(max_length=200, unique=True, verbose_name='slug')),
                        ('name', models.CharField(db_index=True, max_length=200, verbose_name='name')),
                        ('kind', models.CharField(choices=[('national_agency', 'National agency'), ('association', 'Association of local authorities'), ('municipal_administration', 'Municipal administration'), ('municipal_board', 'Municipal board'), ('university', 'University'), ('school', 'School'), ('other_organisation', 'Other organisation'), ('person', 'Person')], db_index=True, max_length=32, verbose_name='kind')),
                        ('title', models.CharField(blank=True, help_text="A person's title or position.", max_length=300, verbose_name='title')),
                        ('website', models.URLField(blank=True, verbose_name='website')),
                        ('aliases', models.TextField(blank=True, help_text='Other names the sources use, one per line (e.g. “SKR”).', verbose_name='aliases')),
                        ('is_synthetic', models.BooleanField(db_index=True, default=False, editable=False, verbose_name='synthetic')),
                        ('search_vector', django.contrib.postgres.search.SearchVectorField(editable=False, null=True)),
                        ('affiliation', models.ForeignKey(blank=True, help_text="The organisation a person works for, or an administration's parent.", limit_choices_to=models.Q(('kind', 'person'), _negated=True), null=True, on_delete=django.db.models.deletion.PROTECT, related_name='members', to='actors.actor', verbose_name='affiliation')),
                        ('municipality', models.ForeignKey(blank=True, help_text='For municipal administrations and boards: the municipality they serve.', null=True, on_delete=django.db.models.deletion.PROTECT, related_name='actors', to='municipalities.municipality', verbose_name='municipality')),
                        ('school', models.OneToOneField(blank=True, help_text='For an actor of kind school: the school record.', null=True, on_delete=django.db.models.deletion.PROTECT, related_name='actor', to='municipalities.school', verbose_name='school')),
                    ],
                    options={
                        'verbose_name': 'actor',
                        'verbose_name_plural': 'actors',
                        'db_table': 'initiatives_actor',
                        'ordering': ['name'],
                    },
                ),
                migrations.CreateModel(
                    name='HistoricalActor',
                    fields=[
                        ('id', models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name='ID')),
                        ('version', models.PositiveIntegerField(default=1, editable=False, verbose_name='version')),
                        ('slug', models.SlugField(max_length=200, verbose_name='slug')),
                        ('name', models.CharField(db_index=True, max_length=200, verbose_name='name')),
                        ('kind', models.CharField(choices=[('national_agency', 'National agency'), ('association', 'Association of local authorities'), ('municipal_administration', 'Municipal administration'), ('municipal_board', 'Municipal board'), ('university', 'University'), ('school', 'School'), ('other_organisation', 'Other organisation'), ('person', 'Person')], db_index=True, max_length=32, verbose_name='kind')),
                        ('title', models.CharField(blank=True, help_text="A person's title or position.", max_length=300, verbose_name='title')),
                        ('website', models.URLField(blank=True, verbose_name='website')),
                        ('aliases', models.TextField(blank=True, help_text='Other names the sources use, one per line (e.g. “SKR”).', verbose_name='aliases')),
                        ('is_synthetic', models.BooleanField(db_index=True, default=False, editable=False, verbose_name='synthetic')),
                        ('history_id', models.AutoField(primary_key=True, serialize=False)),
                        ('history_date', models.DateTimeField(db_index=True)),
                        ('history_change_reason', models.CharField(max_length=100, null=True)),
                        ('history_type', models.CharField(choices=[('+', 'Created'), ('~', 'Changed'), ('-', 'Deleted')], max_length=1)),
                        ('affiliation', models.ForeignKey(blank=True, db_constraint=False, help_text="The organisation a person works for, or an administration's parent.", limit_choices_to=models.Q(('kind', 'person'), _negated=True), null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='actors.actor', verbose_name='affiliation')),
                        ('history_user', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                        ('municipality', models.ForeignKey(blank=True, db_constraint=False, help_text='For municipal administrations and boards: the municipality they serve.', null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='municipalities.municipality', verbose_name='municipality')),
                        ('school', models.ForeignKey(blank=True, db_constraint=False, help_text='For an actor of kind school: the school record.', null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='municipalities.school', verbose_name='school')),
                    ],
                    options={
                        'verbose_name': 'historical actor',
                        'verbose_name_plural': 'historical actors',
                        'db_table': 'initiatives_historicalactor',
                        'ordering': ('-history_date', '-history_id'),
                        'get_latest_by': ('history_date', 'history_id'),
                    },
                    bases=(simple_history.models.HistoricalChanges, models.Model),
                ),
                migrations.AddConstraint(
                    model_name='actor',
                    constraint=models.CheckConstraint(condition=models.Q(('affiliation', models.F('pk')), _negated=True), name='actor_not_affiliated_with_itself'),
                ),
            ],
        ),
    ]
