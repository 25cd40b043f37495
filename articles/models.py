"""Source articles, and what they state about people and organisations: quotes and positions."""

import uuid

from django.contrib.postgres.search import SearchVectorField
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.db.models.functions import Collate
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from core.concurrency import Versioned
from core.id_lists import in_ids
from core.links import slug_url
from core.natural_keys import SlugManager, UidManager
from core.publishing import Publishable
from core.search import KEPT_VECTORS

from .evidence import INFERENCE_CONSTRAINTS, Evidence, passage_anchor, passage_in


class Article(Publishable):
    """A source document. Every fact in the knowledge base cites one.

    Dates are stored only when the source states them; they are never guessed.
    """

    class Language(models.TextChoices):
        SWEDISH = "sv", _("Swedish")
        ENGLISH = "en", _("English")

    slug = models.SlugField(_("slug"), max_length=200, unique=True)
    title = models.CharField(_("title"), max_length=300)
    publisher = models.ForeignKey(
        "actors.Actor",
        verbose_name=_("publisher"),
        on_delete=models.PROTECT,
        related_name="articles_published",
    )
    author = models.ForeignKey(
        "actors.Actor",
        verbose_name=_("author"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="articles_written",
    )
    url = models.URLField(
        _("URL"),
        max_length=500,
        blank=True,
        help_text=_("Leave empty when the source's address is not known."),
    )
    published_on = models.DateField(_("published on"), null=True, blank=True)
    last_reviewed_on = models.DateField(
        _("last reviewed on"),
        null=True,
        blank=True,
        help_text=_("The “senast granskad” date, when the page gives one."),
    )
    last_reviewed_by = models.CharField(_("last reviewed by"), max_length=200, blank=True)
    language = models.CharField(
        _("language"), max_length=8, choices=Language.choices, default=Language.SWEDISH
    )
    body = models.TextField(_("full text"))
    municipalities = models.ManyToManyField(
        "municipalities.Municipality",
        verbose_name=_("municipalities mentioned"),
        blank=True,
        related_name="articles",
    )
    schools = models.ManyToManyField(
        "municipalities.School",
        verbose_name=_("schools mentioned"),
        blank=True,
        related_name="articles",
    )
    actors = models.ManyToManyField(
        "actors.Actor",
        verbose_name=_("actors mentioned"),
        blank=True,
        related_name="articles_mentioning",
    )
    is_synthetic = models.BooleanField(_("synthetic"), default=False, editable=False, db_index=True)
    # Kept up to date from `search_weights` by `core.search` (PostgreSQL only).
    search_vector = SearchVectorField(null=True, editable=False)
    title_vector = SearchVectorField(null=True, editable=False)

    objects = SlugManager()
    history = HistoricalRecords(
        m2m_fields=[municipalities, schools, actors], excluded_fields=[*KEPT_VECTORS]
    )
    search_weights = [("title", "A"), ("body", "C")]
    unlisted_fields = (*Publishable.unlisted_fields, "body", *KEPT_VECTORS, "last_reviewed_by")
    # What a reference or a row citing an article shows of it (PublicQuerySet.joined).
    linked_fields = (
        "slug",
        "title",
        "url",
        "language",
        "published_on",
        "last_reviewed_on",
        "publisher",
        "publication_state",
    )
    # Visitors see an article's publisher and author beside it (core.publishing).
    public_through = ["publisher", "author"]

    class Meta:
        ordering = ["-published_on", "-last_reviewed_on", "title"]
        # The public list's order (core.collation): pages are read off the index.
        indexes = [
            models.Index(Collate(F("title"), "swedish"), F("id"), name="article_title_swedish"),
            # What a large read asks of the articles it cites (the full export: is each
            # public, its slug and address) answered from the index alone. An article's
            # row holds its whole text, so on SQLite a row takes most of a page and
            # these columns come after the text: the export read most of the 80 000
            # pages of a 340 MB table, from disk when they were not in the page cache.
            models.Index(
                fields=["id", "publication_state", "publisher", "author", "slug", "url"],
                name="article_reference_idx",
            ),
        ]
        verbose_name = _("article")
        verbose_name_plural = _("articles")
        permissions = [("publish_article", _("Can publish articles"))]
        constraints = [
            # Two articles may both lack a URL, but a known URL is recorded only once.
            models.UniqueConstraint(
                fields=["url"], condition=~Q(url=""), name="article_url_unique_when_known"
            ),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self, state=None):
        return slug_url("articles:detail", self.slug, state=state)

    def natural_key(self):
        return (self.slug,)

    @property
    def date(self):
        """The date the page states for itself: published, else last reviewed (or None)."""
        return self.published_on or self.last_reviewed_on

    def contains(self, passage):
        """Whether `passage` occurs word for word in the article (whitespace aside)."""
        return passage_in(passage, self.body)


class Quote(Versioned):
    """Words an actor said, exactly as the article quotes them."""

    uid = models.UUIDField(_("identifier"), default=uuid.uuid4, unique=True, editable=False)
    article = models.ForeignKey(
        Article, verbose_name=_("article"), on_delete=models.PROTECT, related_name="quotes"
    )
    speaker = models.ForeignKey(
        "actors.Actor",
        verbose_name=_("speaker"),
        on_delete=models.PROTECT,
        related_name="quotes",
    )
    text = models.TextField(
        _("quoted text"), help_text=_("Copied word for word from the article's text.")
    )

    objects = UidManager()
    history = HistoricalRecords()
    public_through = ["article", "speaker"]

    class Meta:
        ordering = ["article", "pk"]
        verbose_name = _("quote")
        verbose_name_plural = _("quotes")

    def __str__(self):
        return f"{self.speaker}: {self.text[:60]}"

    def natural_key(self):
        return (str(self.uid),)

    # A quote is its own evidence: its words are the passage, stated by the article.
    @property
    def source(self):
        return self.article

    @property
    def passage(self):
        return self.text

    @property
    def anchor(self):
        return passage_anchor(self.text)

    def clean(self):
        super().clean()
        if self.article_id and self.text and not self.article.contains(self.text):
            raise ValidationError(
                {"text": _("The quote does not occur word for word in the article.")}
            )


def with_stated_positions(quotes, positions):
    """The quotes (a list), each with `speaker_position`: what the quoting article says the
    speaker is (a position of the speaker's with a title, stated by that article), or
    None. Only the article's own statement, so a title from another time never stands
    beside the words. Where it states two, the latest: one without a year of its own
    holds at the article's date, so it comes first. `positions`: those the reader may
    see.

    Read for all the quotes in one query, by their speakers' and articles' ids: prefetched
    through each quote's speaker, Django built each speaker a list of all their
    positions, and its machinery walked from the quotes to the speakers to them."""
    quotes = list(quotes)
    stated: dict[tuple[int, int], Position] = {}
    if quotes:
        found = positions.filter(
            in_ids(Position, "actor", {quote.speaker_id for quote in quotes}),
            in_ids(Position, "source", {quote.article_id for quote in quotes}),
        ).exclude(title="")
        newest_first = found.sorted_by(
            lambda position: (position.year is not None, -(position.year or 0), position.pk)
        )
        for position in newest_first:
            stated.setdefault((position.actor_id, position.source_id), position)
    for quote in quotes:
        quote.speaker_position = stated.get((quote.speaker_id, quote.article_id))
    return quotes


class Position(Evidence, Versioned):
    """A person's title or an organisation's place, as one article states it, at its time.

    Positions are dated by their source (a year in the passage, else the article's own
    date), so a title stated in 2017 and another stated in 2023 never read as holding at
    the same time.
    """

    uid = models.UUIDField(_("identifier"), default=uuid.uuid4, unique=True, editable=False)
    actor = models.ForeignKey(
        "actors.Actor",
        verbose_name=_("person or organisation"),
        on_delete=models.CASCADE,
        related_name="positions",
    )
    title = models.CharField(_("title"), max_length=300, blank=True)
    organisation = models.ForeignKey(
        "actors.Actor",
        verbose_name=_("organisation"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="member_positions",
        help_text=_("Where the person works, or the organisation a unit belongs to."),
    )
    year = models.PositiveSmallIntegerField(
        _("year"),
        null=True,
        blank=True,
        help_text=_("Only when the passage gives one; otherwise the article's date is used."),
    )
    source = models.ForeignKey(
        Article, verbose_name=_("source"), on_delete=models.PROTECT, related_name="positions"
    )

    objects = UidManager()
    history = HistoricalRecords()
    public_through = ["actor", "source", "organisation"]

    class Meta:
        ordering = ["actor", "-year", "pk"]
        verbose_name = _("position")
        verbose_name_plural = _("positions")
        constraints = [
            *INFERENCE_CONSTRAINTS,
            models.CheckConstraint(
                condition=~Q(title="") | Q(organisation__isnull=False),
                name="position_says_something",
                violation_error_message=_("Give a title, an organisation or both."),
            ),
            models.CheckConstraint(
                condition=~Q(organisation=F("actor")),
                name="position_not_in_itself",
                violation_error_message=_("An actor cannot be part of itself."),
            ),
        ]

    def __str__(self):
        parts = [self.title, str(self.organisation) if self.organisation_id else ""]
        return f"{self.actor}: {', '.join(p for p in parts if p)}"

    def natural_key(self):
        return (str(self.uid),)

    @property
    def date(self):
        """When the source says this held: the year in the passage, else the article's date."""
        return self.year or self.source.date
