"""Positions: a person's title or an organisation's place, as one article states it.
They replace the title and affiliation fields of actors (0005 copies them over)."""

import uuid

import django.db.models.deletion
import simple_history.models
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("actors", "0003_actors_get_a_publication_state"),
        ("articles", "0003_actors_in_their_own_app"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AlterField(
            model_name="historicalquote",
            name="text",
            field=models.TextField(
                help_text="Copied word for word from the article's text.", verbose_name="quoted text"
            ),
        ),
        migrations.AlterField(
            model_name="quote",
            name="text",
            field=models.TextField(
                help_text="Copied word for word from the article's text.", verbose_name="quoted text"
            ),
        ),
        migrations.CreateModel(
            name='HistoricalPosition',
            fields=[
                ('id', models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name='ID')),
                ('version', models.PositiveIntegerField(default=1, editable=False, verbose_name='version')),
                ('basis', models.CharField(choices=[('stated', 'Stated in the source'), ('inferred', 'Inferred from the source')], default='stated', max_length=16, verbose_name='basis')),
                ('inference_reason', models.TextField(blank=True, help_text='Required for an inferred fact: why the source supports it.', verbose_name='reason for the inference')),
                ('passage', models.TextField(blank=True, help_text='Copied word for word from the source article: the sentence or phrase that states this fact.', verbose_name='evidence passage')),
                ('uid', models.UUIDField(db_index=True, default=uuid.uuid4, editable=False, verbose_name='identifier')),
                ('title', models.CharField(blank=True, max_length=300, verbose_name='title')),
                ('year', models.PositiveSmallIntegerField(blank=True, help_text="Only when the passage gives one; otherwise the article's date is used.", null=True, verbose_name='year')),
                ('history_id', models.AutoField(primary_key=True, serialize=False)),
                ('history_date', models.DateTimeField(db_index=True)),
                ('history_change_reason', models.CharField(max_length=100, null=True)),
                ('history_type', models.CharField(choices=[('+', 'Created'), ('~', 'Changed'), ('-', 'Deleted')], max_length=1)),
                ('actor', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='actors.actor', verbose_name='person or organisation')),
                ('history_user', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                ('organisation', models.ForeignKey(blank=True, db_constraint=False, help_text='Where the person works, or the organisation a unit belongs to.', null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='actors.actor', verbose_name='organisation')),
                ('source', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='articles.article', verbose_name='source')),
            ],
            options={
                'verbose_name': 'historical position',
                'verbose_name_plural': 'historical positions',
                'ordering': ('-history_date', '-history_id'),
                'get_latest_by': ('history_date', 'history_id'),
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.CreateModel(
            name='Position',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('version', models.PositiveIntegerField(default=1, editable=False, verbose_name='version')),
                ('basis', models.CharField(choices=[('stated', 'Stated in the source'), ('inferred', 'Inferred from the source')], default='stated', max_length=16, verbose_name='basis')),
                ('inference_reason', models.TextField(blank=True, help_text='Required for an inferred fact: why the source supports it.', verbose_name='reason for the inference')),
                ('passage', models.TextField(blank=True, help_text='Copied word for word from the source article: the sentence or phrase that states this fact.', verbose_name='evidence passage')),
                ('uid', models.UUIDField(default=uuid.uuid4, editable=False, unique=True, verbose_name='identifier')),
                ('title', models.CharField(blank=True, max_length=300, verbose_name='title')),
                ('year', models.PositiveSmallIntegerField(blank=True, help_text="Only when the passage gives one; otherwise the article's date is used.", null=True, verbose_name='year')),
                ('actor', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='positions', to='actors.actor', verbose_name='person or organisation')),
                ('organisation', models.ForeignKey(blank=True, help_text='Where the person works, or the organisation a unit belongs to.', null=True, on_delete=django.db.models.deletion.PROTECT, related_name='member_positions', to='actors.actor', verbose_name='organisation')),
                ('source', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='positions', to='articles.article', verbose_name='source')),
            ],
            options={
                'verbose_name': 'position',
                'verbose_name_plural': 'positions',
                'ordering': ['actor', '-year', 'pk'],
                'constraints': [models.CheckConstraint(condition=models.Q(('basis', 'stated'), models.Q(('inference_reason', ''), _negated=True), _connector='OR'), name='articles_position_inference_has_reason', violation_error_message='An inferred fact needs the reason for the inference.'), models.CheckConstraint(condition=models.Q(models.Q(('title', ''), _negated=True), ('organisation__isnull', False), _connector='OR'), name='position_says_something', violation_error_message='Give a title, an organisation or both.'), models.CheckConstraint(condition=models.Q(('organisation', models.F('actor')), _negated=True), name='position_not_in_itself', violation_error_message='An actor cannot be part of itself.')],
            },
        ),
    ]
