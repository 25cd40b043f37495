"""Counties, municipalities (the 290 kommuner) and their schools."""

from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from core.concurrency import Versioned
from core.links import slug_url
from core.natural_keys import AliasesMixin, CodeManager, SlugManager
from core.publishing import Publishable

MIN_YEAR = 1900
MAX_YEAR = 2100
year_validators = [MinValueValidator(MIN_YEAR), MaxValueValidator(MAX_YEAR)]


def year_in_range(field):
    """A CHECK condition keeping a nullable year field inside MIN_YEAR..MAX_YEAR."""
    return Q(**{f"{field}__isnull": True}) | Q(
        **{f"{field}__gte": MIN_YEAR, f"{field}__lte": MAX_YEAR}
    )


class County(Versioned):
    """A Swedish county (län), identified by its two-digit SCB code."""

    code = models.CharField(
        _("code"),
        max_length=2,
        unique=True,
        validators=[RegexValidator(r"^[0-9]{2}$", _("A county code is two digits."))],
    )
    name = models.CharField(_("name"), max_length=100)

    objects = CodeManager()
    # From SCB: Editors may correct it but not add or remove counties.
    reference_data = True
    history = HistoricalRecords()

    class Meta:
        ordering = ["code"]
        verbose_name = _("county")
        verbose_name_plural = _("counties")

    def __str__(self):
        return self.name

    def get_absolute_url(self, state=None):
        return slug_url("municipalities:county-detail", self.code, kwarg="code", state=state)

    def natural_key(self):
        return (self.code,)


class Municipality(Versioned):
    """One of Sweden's 290 municipalities (kommuner), identified by its SCB code."""

    code = models.CharField(
        _("SCB code"),
        max_length=4,
        unique=True,
        validators=[RegexValidator(r"^[0-9]{4}$", _("A municipality code is four digits."))],
    )
    name = models.CharField(_("name"), max_length=100, db_index=True)
    slug = models.SlugField(_("slug"), max_length=100, unique=True)
    county = models.ForeignKey(
        County, verbose_name=_("county"), on_delete=models.PROTECT, related_name="municipalities"
    )
    website = models.URLField(_("website"), blank=True)
    population = models.PositiveIntegerField(_("population"), null=True, blank=True)
    population_year = models.PositiveSmallIntegerField(
        _("population year"), null=True, blank=True, validators=year_validators
    )

    objects = CodeManager()
    # From SCB: Editors may correct it but not add or remove municipalities.
    reference_data = True
    history = HistoricalRecords()
    # What a row linking to a municipality shows of it (core.publishing: joined).
    linked_fields = ("slug", "name")

    class Meta:
        ordering = ["name"]
        verbose_name = _("municipality")
        verbose_name_plural = _("municipalities")
        constraints = [
            models.CheckConstraint(
                condition=year_in_range("population_year"),
                name="municipality_population_year_range",
            ),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self, state=None):
        return slug_url("municipalities:detail", self.slug, state=state)

    def natural_key(self):
        return (self.code,)


class School(AliasesMixin, Publishable):
    """A school, in the municipality that runs or hosts it."""

    class Status(models.TextChoices):
        OPEN = "open", _("Open")
        CLOSED = "closed", _("Closed")
        MERGED = "merged", _("Merged")
        UNKNOWN = "unknown", _("Unknown")

    name = models.CharField(_("name"), max_length=200, db_index=True)
    slug = models.SlugField(_("slug"), max_length=200, unique=True)
    municipality = models.ForeignKey(
        Municipality,
        verbose_name=_("municipality"),
        on_delete=models.PROTECT,
        related_name="schools",
    )
    stages = models.CharField(
        _("stages"), max_length=200, blank=True, help_text=_("E.g. F-6, 7-9, gymnasium.")
    )
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.UNKNOWN
    )
    year_closed = models.PositiveSmallIntegerField(
        _("year closed"), null=True, blank=True, validators=year_validators
    )
    aliases = models.TextField(
        _("aliases"),
        blank=True,
        help_text=_("Other names the sources use, one per line (e.g. “Kronan”)."),
    )
    note = models.TextField(_("note"), blank=True)

    objects = SlugManager()
    history = HistoricalRecords()
    unlisted_fields = (*Publishable.unlisted_fields, "aliases", "note")

    class Meta:
        ordering = ["name"]
        verbose_name = _("school")
        verbose_name_plural = _("schools")
        permissions = [("publish_school", _("Can publish schools"))]
        constraints = [
            models.CheckConstraint(
                condition=year_in_range("year_closed"), name="school_year_closed_range"
            ),
        ]

    def __str__(self):
        return self.name

    def natural_key(self):
        return (self.slug,)
