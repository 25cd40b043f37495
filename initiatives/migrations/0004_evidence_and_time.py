"""
Evidence and time on every fact of an initiative.

- Roles and funding rows gain an evidence passage and a basis (stated, or inferred with a
  reason). Rows that existed keep "stated" with an empty passage: the data-quality page
  lists them for staff to complete.
- An initiative may be part of another (`part_of`).
- InitiativeClaim holds the evidence for an initiative's years, status and parent.
- The plain many-to-many link to schools becomes InitiativeSchool, in the same table
  (state only, then columns added), so each school link can carry its evidence (0005
  fills the source, 0006 requires it). The links' old many-to-many history table goes:
  InitiativeSchool rows keep their own history.
- Which initiative a quote speaks of moves from articles.Quote to InitiativeQuote
  (0005 copies the links).
"""

import django.core.validators
import django.db.models.deletion
import simple_history.models
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("actors", "0003_actors_get_a_publication_state"),
        ("articles", "0004_positions"),
        ("initiatives", "0003_actors_in_their_own_app"),
        ("municipalities", "0002_schools_get_a_publication_state"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name="HistoricalInitiativeClaim",
            fields=[
                (
                    "id",
                    models.BigIntegerField(
                        auto_created=True, blank=True, db_index=True, verbose_name="ID"
                    ),
                ),
                (
                    "version",
                    models.PositiveIntegerField(default=1, editable=False, verbose_name="version"),
                ),
                (
                    "basis",
                    models.CharField(
                        choices=[
                            ("stated", "Stated in the source"),
                            ("inferred", "Inferred from the source"),
                        ],
                        default="stated",
                        max_length=16,
                        verbose_name="basis",
                    ),
                ),
                (
                    "inference_reason",
                    models.TextField(
                        blank=True,
                        help_text="Required for an inferred fact: why the source supports it.",
                        verbose_name="reason for the inference",
                    ),
                ),
                (
                    "passage",
                    models.TextField(
                        blank=True,
                        help_text="Copied word for word from the source article: the sentence or phrase that states this fact.",
                        verbose_name="evidence passage",
                    ),
                ),
                (
                    "aspect",
                    models.CharField(
                        choices=[("years", "Years"), ("status", "Status"), ("part_of", "Part of")],
                        max_length=16,
                        verbose_name="fact",
                    ),
                ),
                (
                    "year",
                    models.PositiveSmallIntegerField(
                        blank=True,
                        help_text="For a status: the year the passage gives it for, if it gives one.",
                        null=True,
                        validators=[
                            django.core.validators.MinValueValidator(1900),
                            django.core.validators.MaxValueValidator(2100),
                        ],
                        verbose_name="year stated",
                    ),
                ),
                ("history_id", models.AutoField(primary_key=True, serialize=False)),
                ("history_date", models.DateTimeField(db_index=True)),
                ("history_change_reason", models.CharField(max_length=100, null=True)),
                (
                    "history_type",
                    models.CharField(
                        choices=[("+", "Created"), ("~", "Changed"), ("-", "Deleted")], max_length=1
                    ),
                ),
            ],
            options={
                "verbose_name": "historical evidence for the initiative's years, status or parent",
                "verbose_name_plural": "historical evidence for years, status and parent",
                "ordering": ("-history_date", "-history_id"),
                "get_latest_by": ("history_date", "history_id"),
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.CreateModel(
            name="HistoricalInitiativeQuote",
            fields=[
                (
                    "id",
                    models.BigIntegerField(
                        auto_created=True, blank=True, db_index=True, verbose_name="ID"
                    ),
                ),
                (
                    "version",
                    models.PositiveIntegerField(default=1, editable=False, verbose_name="version"),
                ),
                (
                    "basis",
                    models.CharField(
                        choices=[
                            ("stated", "Stated in the source"),
                            ("inferred", "Inferred from the source"),
                        ],
                        default="stated",
                        max_length=16,
                        verbose_name="basis",
                    ),
                ),
                (
                    "inference_reason",
                    models.TextField(
                        blank=True,
                        help_text="Required for an inferred fact: why the source supports it.",
                        verbose_name="reason for the inference",
                    ),
                ),
                ("history_id", models.AutoField(primary_key=True, serialize=False)),
                ("history_date", models.DateTimeField(db_index=True)),
                ("history_change_reason", models.CharField(max_length=100, null=True)),
                (
                    "history_type",
                    models.CharField(
                        choices=[("+", "Created"), ("~", "Changed"), ("-", "Deleted")], max_length=1
                    ),
                ),
            ],
            options={
                "verbose_name": "historical quote about the initiative",
                "verbose_name_plural": "historical quotes about the initiative",
                "ordering": ("-history_date", "-history_id"),
                "get_latest_by": ("history_date", "history_id"),
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.CreateModel(
            name="HistoricalInitiativeSchool",
            fields=[
                (
                    "id",
                    models.BigIntegerField(
                        auto_created=True, blank=True, db_index=True, verbose_name="ID"
                    ),
                ),
                (
                    "version",
                    models.PositiveIntegerField(default=1, editable=False, verbose_name="version"),
                ),
                (
                    "basis",
                    models.CharField(
                        choices=[
                            ("stated", "Stated in the source"),
                            ("inferred", "Inferred from the source"),
                        ],
                        default="stated",
                        max_length=16,
                        verbose_name="basis",
                    ),
                ),
                (
                    "inference_reason",
                    models.TextField(
                        blank=True,
                        help_text="Required for an inferred fact: why the source supports it.",
                        verbose_name="reason for the inference",
                    ),
                ),
                (
                    "passage",
                    models.TextField(
                        blank=True,
                        help_text="Copied word for word from the source article: the sentence or phrase that states this fact.",
                        verbose_name="evidence passage",
                    ),
                ),
                ("history_id", models.AutoField(primary_key=True, serialize=False)),
                ("history_date", models.DateTimeField(db_index=True)),
                ("history_change_reason", models.CharField(max_length=100, null=True)),
                (
                    "history_type",
                    models.CharField(
                        choices=[("+", "Created"), ("~", "Changed"), ("-", "Deleted")], max_length=1
                    ),
                ),
            ],
            options={
                "verbose_name": "historical school concerned",
                "verbose_name_plural": "historical schools concerned",
                "ordering": ("-history_date", "-history_id"),
                "get_latest_by": ("history_date", "history_id"),
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.CreateModel(
            name="InitiativeClaim",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "version",
                    models.PositiveIntegerField(default=1, editable=False, verbose_name="version"),
                ),
                (
                    "basis",
                    models.CharField(
                        choices=[
                            ("stated", "Stated in the source"),
                            ("inferred", "Inferred from the source"),
                        ],
                        default="stated",
                        max_length=16,
                        verbose_name="basis",
                    ),
                ),
                (
                    "inference_reason",
                    models.TextField(
                        blank=True,
                        help_text="Required for an inferred fact: why the source supports it.",
                        verbose_name="reason for the inference",
                    ),
                ),
                (
                    "passage",
                    models.TextField(
                        blank=True,
                        help_text="Copied word for word from the source article: the sentence or phrase that states this fact.",
                        verbose_name="evidence passage",
                    ),
                ),
                (
                    "aspect",
                    models.CharField(
                        choices=[("years", "Years"), ("status", "Status"), ("part_of", "Part of")],
                        max_length=16,
                        verbose_name="fact",
                    ),
                ),
                (
                    "year",
                    models.PositiveSmallIntegerField(
                        blank=True,
                        help_text="For a status: the year the passage gives it for, if it gives one.",
                        null=True,
                        validators=[
                            django.core.validators.MinValueValidator(1900),
                            django.core.validators.MaxValueValidator(2100),
                        ],
                        verbose_name="year stated",
                    ),
                ),
            ],
            options={
                "verbose_name": "evidence for the initiative's years, status or parent",
                "verbose_name_plural": "evidence for years, status and parent",
                "ordering": ["initiative", "aspect"],
            },
        ),
        migrations.CreateModel(
            name="InitiativeQuote",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "version",
                    models.PositiveIntegerField(default=1, editable=False, verbose_name="version"),
                ),
                (
                    "basis",
                    models.CharField(
                        choices=[
                            ("stated", "Stated in the source"),
                            ("inferred", "Inferred from the source"),
                        ],
                        default="stated",
                        max_length=16,
                        verbose_name="basis",
                    ),
                ),
                (
                    "inference_reason",
                    models.TextField(
                        blank=True,
                        help_text="Required for an inferred fact: why the source supports it.",
                        verbose_name="reason for the inference",
                    ),
                ),
            ],
            options={
                "verbose_name": "quote about the initiative",
                "verbose_name_plural": "quotes about the initiative",
            },
        ),
        migrations.RemoveField(
            model_name="historicalinitiative_schools",
            name="history",
        ),
        migrations.RemoveField(
            model_name="historicalinitiative_schools",
            name="initiative",
        ),
        migrations.RemoveField(
            model_name="historicalinitiative_schools",
            name="school",
        ),
        migrations.AddField(
            model_name="funding",
            name="basis",
            field=models.CharField(
                choices=[
                    ("stated", "Stated in the source"),
                    ("inferred", "Inferred from the source"),
                ],
                default="stated",
                max_length=16,
                verbose_name="basis",
            ),
        ),
        migrations.AddField(
            model_name="funding",
            name="inference_reason",
            field=models.TextField(
                blank=True,
                help_text="Required for an inferred fact: why the source supports it.",
                verbose_name="reason for the inference",
            ),
        ),
        migrations.AddField(
            model_name="funding",
            name="passage",
            field=models.TextField(
                blank=True,
                help_text="Copied word for word from the source article: the sentence or phrase that states this fact.",
                verbose_name="evidence passage",
            ),
        ),
        migrations.AddField(
            model_name="historicalfunding",
            name="basis",
            field=models.CharField(
                choices=[
                    ("stated", "Stated in the source"),
                    ("inferred", "Inferred from the source"),
                ],
                default="stated",
                max_length=16,
                verbose_name="basis",
            ),
        ),
        migrations.AddField(
            model_name="historicalfunding",
            name="inference_reason",
            field=models.TextField(
                blank=True,
                help_text="Required for an inferred fact: why the source supports it.",
                verbose_name="reason for the inference",
            ),
        ),
        migrations.AddField(
            model_name="historicalfunding",
            name="passage",
            field=models.TextField(
                blank=True,
                help_text="Copied word for word from the source article: the sentence or phrase that states this fact.",
                verbose_name="evidence passage",
            ),
        ),
        migrations.AddField(
            model_name="historicalinitiative",
            name="part_of",
            field=models.ForeignKey(
                blank=True,
                db_constraint=False,
                help_text="The larger initiative or programme this one is carried out within.",
                null=True,
                on_delete=django.db.models.deletion.DO_NOTHING,
                related_name="+",
                to="initiatives.initiative",
                verbose_name="part of",
            ),
        ),
        migrations.AddField(
            model_name="historicalparticipation",
            name="basis",
            field=models.CharField(
                choices=[
                    ("stated", "Stated in the source"),
                    ("inferred", "Inferred from the source"),
                ],
                default="stated",
                max_length=16,
                verbose_name="basis",
            ),
        ),
        migrations.AddField(
            model_name="historicalparticipation",
            name="inference_reason",
            field=models.TextField(
                blank=True,
                help_text="Required for an inferred fact: why the source supports it.",
                verbose_name="reason for the inference",
            ),
        ),
        migrations.AddField(
            model_name="historicalparticipation",
            name="passage",
            field=models.TextField(
                blank=True,
                help_text="Copied word for word from the source article: the sentence or phrase that states this fact.",
                verbose_name="evidence passage",
            ),
        ),
        migrations.AddField(
            model_name="initiative",
            name="part_of",
            field=models.ForeignKey(
                blank=True,
                help_text="The larger initiative or programme this one is carried out within.",
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="parts",
                to="initiatives.initiative",
                verbose_name="part of",
            ),
        ),
        migrations.AddField(
            model_name="participation",
            name="basis",
            field=models.CharField(
                choices=[
                    ("stated", "Stated in the source"),
                    ("inferred", "Inferred from the source"),
                ],
                default="stated",
                max_length=16,
                verbose_name="basis",
            ),
        ),
        migrations.AddField(
            model_name="participation",
            name="inference_reason",
            field=models.TextField(
                blank=True,
                help_text="Required for an inferred fact: why the source supports it.",
                verbose_name="reason for the inference",
            ),
        ),
        migrations.AddField(
            model_name="participation",
            name="passage",
            field=models.TextField(
                blank=True,
                help_text="Copied word for word from the source article: the sentence or phrase that states this fact.",
                verbose_name="evidence passage",
            ),
        ),
        migrations.AlterField(
            model_name="historicalparticipation",
            name="role",
            field=models.CharField(
                choices=[
                    ("lead", "Lead"),
                    ("funder", "Funder"),
                    ("partner", "Partner"),
                    ("host", "Host"),
                    ("coordinator", "Coordinator"),
                    ("researcher", "Researcher"),
                    ("commissioner", "Commissioner"),
                    ("trainer", "Trainer"),
                    ("participant", "Participant"),
                    ("recipient", "Recipient"),
                    ("contact", "Contact person"),
                    ("commentator", "Comments on it"),
                ],
                db_index=True,
                max_length=32,
                verbose_name="role",
            ),
        ),
        migrations.AlterField(
            model_name="participation",
            name="role",
            field=models.CharField(
                choices=[
                    ("lead", "Lead"),
                    ("funder", "Funder"),
                    ("partner", "Partner"),
                    ("host", "Host"),
                    ("coordinator", "Coordinator"),
                    ("researcher", "Researcher"),
                    ("commissioner", "Commissioner"),
                    ("trainer", "Trainer"),
                    ("participant", "Participant"),
                    ("recipient", "Recipient"),
                    ("contact", "Contact person"),
                    ("commentator", "Comments on it"),
                ],
                db_index=True,
                max_length=32,
                verbose_name="role",
            ),
        ),
        migrations.AddConstraint(
            model_name="funding",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    ("basis", "stated"),
                    models.Q(("inference_reason", ""), _negated=True),
                    _connector="OR",
                ),
                name="initiatives_funding_inference_has_reason",
                violation_error_message="An inferred fact needs the reason for the inference.",
            ),
        ),
        migrations.AddConstraint(
            model_name="participation",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    ("basis", "stated"),
                    models.Q(("inference_reason", ""), _negated=True),
                    _connector="OR",
                ),
                name="initiatives_participation_inference_has_reason",
                violation_error_message="An inferred fact needs the reason for the inference.",
            ),
        ),
        migrations.AddField(
            model_name="historicalinitiativeclaim",
            name="history_user",
            field=models.ForeignKey(
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="+",
                to=settings.AUTH_USER_MODEL,
            ),
        ),
        migrations.AddField(
            model_name="historicalinitiativeclaim",
            name="initiative",
            field=models.ForeignKey(
                blank=True,
                db_constraint=False,
                null=True,
                on_delete=django.db.models.deletion.DO_NOTHING,
                related_name="+",
                to="initiatives.initiative",
                verbose_name="initiative",
            ),
        ),
        migrations.AddField(
            model_name="historicalinitiativeclaim",
            name="source",
            field=models.ForeignKey(
                blank=True,
                db_constraint=False,
                null=True,
                on_delete=django.db.models.deletion.DO_NOTHING,
                related_name="+",
                to="articles.article",
                verbose_name="source",
            ),
        ),
        migrations.AddField(
            model_name="historicalinitiativequote",
            name="history_user",
            field=models.ForeignKey(
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="+",
                to=settings.AUTH_USER_MODEL,
            ),
        ),
        migrations.AddField(
            model_name="historicalinitiativequote",
            name="initiative",
            field=models.ForeignKey(
                blank=True,
                db_constraint=False,
                null=True,
                on_delete=django.db.models.deletion.DO_NOTHING,
                related_name="+",
                to="initiatives.initiative",
                verbose_name="initiative",
            ),
        ),
        migrations.AddField(
            model_name="historicalinitiativequote",
            name="quote",
            field=models.ForeignKey(
                blank=True,
                db_constraint=False,
                null=True,
                on_delete=django.db.models.deletion.DO_NOTHING,
                related_name="+",
                to="articles.quote",
                verbose_name="quote",
            ),
        ),
        migrations.AddField(
            model_name="historicalinitiativeschool",
            name="history_user",
            field=models.ForeignKey(
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="+",
                to=settings.AUTH_USER_MODEL,
            ),
        ),
        migrations.AddField(
            model_name="historicalinitiativeschool",
            name="initiative",
            field=models.ForeignKey(
                blank=True,
                db_constraint=False,
                null=True,
                on_delete=django.db.models.deletion.DO_NOTHING,
                related_name="+",
                to="initiatives.initiative",
                verbose_name="initiative",
            ),
        ),
        migrations.AddField(
            model_name="historicalinitiativeschool",
            name="school",
            field=models.ForeignKey(
                blank=True,
                db_constraint=False,
                null=True,
                on_delete=django.db.models.deletion.DO_NOTHING,
                related_name="+",
                to="municipalities.school",
                verbose_name="school",
            ),
        ),
        migrations.AddField(
            model_name="historicalinitiativeschool",
            name="source",
            field=models.ForeignKey(
                blank=True,
                db_constraint=False,
                null=True,
                on_delete=django.db.models.deletion.DO_NOTHING,
                related_name="+",
                to="articles.article",
                verbose_name="source",
            ),
        ),
        migrations.AddField(
            model_name="initiativeclaim",
            name="initiative",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.CASCADE,
                related_name="claims",
                to="initiatives.initiative",
                verbose_name="initiative",
            ),
        ),
        migrations.AddField(
            model_name="initiativeclaim",
            name="source",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.PROTECT,
                related_name="initiative_claims",
                to="articles.article",
                verbose_name="source",
            ),
        ),
        migrations.AddField(
            model_name="initiativequote",
            name="initiative",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.CASCADE,
                related_name="quote_links",
                to="initiatives.initiative",
                verbose_name="initiative",
            ),
        ),
        migrations.AddField(
            model_name="initiativequote",
            name="quote",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.CASCADE,
                related_name="initiative_links",
                to="articles.quote",
                verbose_name="quote",
            ),
        ),
        migrations.AddConstraint(
            model_name="initiative",
            constraint=models.CheckConstraint(
                condition=models.Q(("part_of", models.F("pk")), _negated=True),
                name="initiative_not_part_of_itself",
            ),
        ),
        migrations.DeleteModel(
            name="HistoricalInitiative_schools",
        ),
        migrations.AddConstraint(
            model_name="initiativeclaim",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    ("basis", "stated"),
                    models.Q(("inference_reason", ""), _negated=True),
                    _connector="OR",
                ),
                name="initiatives_initiativeclaim_inference_has_reason",
                violation_error_message="An inferred fact needs the reason for the inference.",
            ),
        ),
        migrations.AddConstraint(
            model_name="initiativeclaim",
            constraint=models.UniqueConstraint(
                fields=("initiative", "aspect"), name="initiative_claim_one_per_aspect"
            ),
        ),
        migrations.AddConstraint(
            model_name="initiativeclaim",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    ("year__isnull", True),
                    models.Q(("year__gte", 1900), ("year__lte", 2100)),
                    _connector="OR",
                ),
                name="initiative_claim_year_range",
            ),
        ),
        migrations.AddConstraint(
            model_name="initiativequote",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    ("basis", "stated"),
                    models.Q(("inference_reason", ""), _negated=True),
                    _connector="OR",
                ),
                name="initiatives_initiativequote_inference_has_reason",
                violation_error_message="An inferred fact needs the reason for the inference.",
            ),
        ),
        migrations.AddConstraint(
            model_name="initiativequote",
            constraint=models.UniqueConstraint(
                fields=("initiative", "quote"), name="initiative_quote_unique"
            ),
        ),
        migrations.SeparateDatabaseAndState(
            database_operations=[],
            state_operations=[
                migrations.CreateModel(
                    name="InitiativeSchool",
                    fields=[
                        (
                            "id",
                            models.AutoField(
                                auto_created=True,
                                primary_key=True,
                                serialize=False,
                                verbose_name="ID",
                            ),
                        ),
                        (
                            "initiative",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                to="initiatives.initiative",
                            ),
                        ),
                        (
                            "school",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                to="municipalities.school",
                            ),
                        ),
                    ],
                    options={
                        "db_table": "initiatives_initiative_schools",
                        "unique_together": {("initiative", "school")},
                    },
                ),
                migrations.AlterField(
                    model_name="initiative",
                    name="schools",
                    field=models.ManyToManyField(
                        blank=True,
                        related_name="initiatives",
                        through="initiatives.InitiativeSchool",
                        to="municipalities.school",
                        verbose_name="schools",
                    ),
                ),
            ],
        ),
        migrations.AlterField(
            model_name="initiativeschool",
            name="id",
            field=models.BigAutoField(
                auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
            ),
        ),
        migrations.AlterField(
            model_name="initiativeschool",
            name="initiative",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.CASCADE,
                related_name="school_links",
                to="initiatives.initiative",
                verbose_name="initiative",
            ),
        ),
        migrations.AlterField(
            model_name="initiativeschool",
            name="school",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.PROTECT,
                related_name="initiative_links",
                to="municipalities.school",
                verbose_name="school",
            ),
        ),
        migrations.AddField(
            model_name="initiativeschool",
            name="version",
            field=models.PositiveIntegerField(default=1, editable=False, verbose_name="version"),
        ),
        migrations.AddField(
            model_name="initiativeschool",
            name="basis",
            field=models.CharField(
                choices=[
                    ("stated", "Stated in the source"),
                    ("inferred", "Inferred from the source"),
                ],
                default="stated",
                max_length=16,
                verbose_name="basis",
            ),
        ),
        migrations.AddField(
            model_name="initiativeschool",
            name="inference_reason",
            field=models.TextField(
                blank=True,
                help_text="Required for an inferred fact: why the source supports it.",
                verbose_name="reason for the inference",
            ),
        ),
        migrations.AddField(
            model_name="initiativeschool",
            name="passage",
            field=models.TextField(
                blank=True,
                help_text="Copied word for word from the source article: the sentence or phrase that states this fact.",
                verbose_name="evidence passage",
            ),
        ),
        migrations.AddField(
            model_name="initiativeschool",
            name="source",
            field=models.ForeignKey(
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="school_links",
                to="articles.article",
                verbose_name="source",
            ),
        ),
        migrations.AlterUniqueTogether(name="initiativeschool", unique_together=set()),
        migrations.AlterModelOptions(
            name="initiativeschool",
            options={
                "verbose_name": "school concerned",
                "verbose_name_plural": "schools concerned",
            },
        ),
        migrations.AddConstraint(
            model_name="initiativeschool",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    ("basis", "stated"),
                    models.Q(("inference_reason", ""), _negated=True),
                    _connector="OR",
                ),
                name="initiatives_initiativeschool_inference_has_reason",
                violation_error_message="An inferred fact needs the reason for the inference.",
            ),
        ),
        migrations.AddConstraint(
            model_name="initiativeschool",
            constraint=models.UniqueConstraint(
                fields=("initiative", "school"), name="initiative_school_unique"
            ),
        ),
    ]
