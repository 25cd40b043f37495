"""Organisations and people: who leads, funds, hosts or takes part in initiatives."""

from django.contrib.postgres.search import SearchVectorField
from django.db import models
from django.db.models import F
from django.db.models.functions import Collate
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from core.links import slug_url
from core.natural_keys import AliasesMixin, SlugManager
from core.publishing import Publishable
from core.search import KEPT_VECTORS


class Actor(AliasesMixin, Publishable):
    """An organisation or a person that leads, funds, hosts or takes part in initiatives.

    What a person's title is, or which organisation a unit belongs to, is not stored
    here but as dated positions taken from the articles that state them
    (`articles.Position`).
    """

    class Kind(models.TextChoices):
        NATIONAL_AGENCY = "national_agency", _("National agency")
        ASSOCIATION = "association", _("Association of local authorities")
        MUNICIPAL_ADMINISTRATION = "municipal_administration", _("Municipal administration")
        MUNICIPAL_BOARD = "municipal_board", _("Municipal board")
        UNIVERSITY = "university", _("University")
        SCHOOL = "school", _("School")
        OTHER_ORGANISATION = "other_organisation", _("Other organisation")
        PERSON = "person", _("Person")

    slug = models.SlugField(_("slug"), max_length=200, unique=True)
    name = models.CharField(_("name"), max_length=200, db_index=True)
    kind = models.CharField(_("kind"), max_length=32, choices=Kind.choices, db_index=True)
    municipality = models.ForeignKey(
        "municipalities.Municipality",
        verbose_name=_("municipality"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="actors",
        help_text=_("For municipal administrations and boards: the municipality they serve."),
    )
    school = models.OneToOneField(
        "municipalities.School",
        verbose_name=_("school"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="actor",
        help_text=_("For an actor of kind school: the school record."),
    )
    website = models.URLField(_("website"), blank=True)
    aliases = models.TextField(
        _("aliases"),
        blank=True,
        help_text=_("Other names the sources use, one per line (e.g. “SKR”)."),
    )
    is_synthetic = models.BooleanField(_("synthetic"), default=False, editable=False, db_index=True)
    # Kept up to date from `search_weights` by `core.search` (PostgreSQL only).
    search_vector = SearchVectorField(null=True, editable=False)
    title_vector = SearchVectorField(null=True, editable=False)

    objects = SlugManager()
    # The table keeps the name it had when actors lived in the initiatives app.
    history = HistoricalRecords(
        excluded_fields=[*KEPT_VECTORS], table_name="initiatives_historicalactor"
    )
    search_weights = [("name", "A"), ("aliases", "A")]
    unlisted_fields = (*Publishable.unlisted_fields, "aliases", *KEPT_VECTORS)
    # What a row linking to an actor shows of it: its name, linked by its slug, its kind
    # (the API) and to staff whether it is a draft. PublicQuerySet.joined reads these.
    linked_fields = ("slug", "name", "kind", "publication_state")

    class Meta:
        # Moved here from the initiatives app with its data (actors/migrations/0001).
        db_table = "initiatives_actor"
        ordering = ["name"]
        # The public list's order (core.collation): pages are read off the index.
        indexes = [
            models.Index(Collate(F("name"), "swedish"), F("id"), name="actor_name_swedish"),
        ]
        verbose_name = _("actor")
        verbose_name_plural = _("actors")
        permissions = [("publish_actor", _("Can publish actors"))]

    def __str__(self):
        return self.name

    def get_absolute_url(self, state=None):
        return slug_url("actors:detail", self.slug, state=state)

    def natural_key(self):
        return (self.slug,)

    @property
    def is_person(self):
        return self.kind == self.Kind.PERSON
