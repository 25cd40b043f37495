"""Source articles and the quotes taken from them."""

import uuid

from django.contrib.postgres.search import SearchVectorField
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from core.concurrency import Versioned
from core.publishing import Publishable, PublishableQuerySet


class ArticleQuerySet(PublishableQuerySet):
    def get_by_natural_key(self, slug):
        return self.get(slug=slug)


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

    objects = ArticleQuerySet.as_manager()
    history = HistoricalRecords(
        m2m_fields=[municipalities, schools, actors], excluded_fields=["search_vector"]
    )
    search_weights = [("title", "A"), ("body", "C")]

    class Meta:
        ordering = ["-published_on", "-last_reviewed_on", "title"]
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

    def get_absolute_url(self):
        return reverse("articles:detail", kwargs={"slug": self.slug})

    def natural_key(self):
        return (self.slug,)


class QuoteQuerySet(models.QuerySet):
    def get_by_natural_key(self, uid):
        return self.get(uid=uid)


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
    initiative = models.ForeignKey(
        "initiatives.Initiative",
        verbose_name=_("initiative"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="quotes",
    )
    text = models.TextField(_("quoted text"))

    objects = QuoteQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["article", "pk"]
        verbose_name = _("quote")
        verbose_name_plural = _("quotes")

    def __str__(self):
        return f"{self.speaker}: {self.text[:60]}"

    def natural_key(self):
        return (str(self.uid),)
