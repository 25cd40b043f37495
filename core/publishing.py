"""
Publication state shared by the records visitors see.

A record is written as a draft, may be submitted for review, and reaches the public
site only once published. Public views always start from `.published()`.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from .concurrency import Versioned


class PublicationState(models.TextChoices):
    DRAFT = "draft", _("Draft")
    IN_REVIEW = "in_review", _("In review")
    PUBLISHED = "published", _("Published")


class PublishableQuerySet(models.QuerySet):
    def published(self):
        """Only the records visitors may see."""
        return self.filter(publication_state=PublicationState.PUBLISHED)

    def visible_to(self, user):
        """Staff see drafts too (with a banner); everyone else only published records."""
        if user.is_authenticated and user.is_staff:
            return self
        return self.published()


class Publishable(Versioned):
    publication_state = models.CharField(
        _("publication state"),
        max_length=16,
        choices=PublicationState.choices,
        default=PublicationState.DRAFT,
        db_index=True,
    )
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("published by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True, db_index=True)

    objects = PublishableQuerySet.as_manager()

    class Meta:
        abstract = True

    @property
    def is_published(self):
        return self.publication_state == PublicationState.PUBLISHED
