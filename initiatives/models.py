"""Initiatives against school segregation, the actors behind them and who paid."""

import uuid
from operator import attrgetter
from typing import cast

from django.contrib.postgres.search import SearchVectorField
from django.db import models
from django.db.models import (
    BooleanField,
    Count,
    DecimalField,
    Exists,
    F,
    Max,
    Min,
    OuterRef,
    Prefetch,
    Q,
    Subquery,
    Sum,
    Value,
)
from django.db.models.functions import Coalesce, Collate
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from articles.evidence import INFERENCE_CONSTRAINTS, Evidence, Inference
from articles.models import Article
from core.collation import sort_key, swedish
from core.concurrency import Versioned
from core.derived_cache import remember
from core.id_lists import InIds, in_ids, rows_in_order
from core.links import slug_url
from core.natural_keys import SlugManager, SlugQuerySet, UidQuerySet
from core.publishing import PublicManager, PublicQuerySet, Publishable, sees_drafts
from core.search import KEPT_VECTORS
from municipalities.models import Municipality, School, year_in_range, year_validators


class InitiativeType(Versioned):
    """A kind of initiative, e.g. a school closure or a Tillväxtverket grant."""

    slug = models.SlugField(_("slug"), max_length=64, unique=True)
    name_sv = models.CharField(_("name (Swedish)"), max_length=200)
    name_en = models.CharField(_("name (English)"), max_length=200)
    description_sv = models.TextField(_("description (Swedish)"), blank=True)
    description_en = models.TextField(_("description (English)"), blank=True)

    objects = SlugManager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["name_sv"]
        verbose_name = _("initiative type")
        verbose_name_plural = _("initiative types")

    def __str__(self):
        return self.name

    def natural_key(self):
        return (self.slug,)

    @property
    def name(self):
        """The name in the active language (Swedish unless English is active)."""
        return self.name_in(get_language())

    def name_in(self, language):
        """The name in `language` (Swedish unless it is English): for rows made together,
        which read the language once (core.links.link_state)."""
        return self.name_en if (language or "").startswith("en") else self.name_sv

    @property
    def description(self):
        """The description in the active language (as `name`)."""
        return self.description_in(get_language())

    def description_in(self, language):
        """The description in `language` (as `name_in`)."""
        return self.description_en if (language or "").startswith("en") else self.description_sv


def period_of(start_year, end_year):
    """Years as lists show them: 2017, 2017–2019, 2018– (no end stated), or empty."""
    if start_year is None:
        return ""
    if end_year is None:
        return f"{start_year}–"
    if end_year == start_year:
        return str(start_year)
    return f"{start_year}–{end_year}"


class InitiativeQuerySet(SlugQuerySet):
    def active_in(self, year):
        """Initiatives running during `year`: started by then and not ended before it.

        An initiative without an end year counts as running from its start year on.
        """
        return self.active_between(year, year)

    def active_between(self, year_from=None, year_to=None):
        """Initiatives whose years overlap year_from..year_to (either bound may be open).

        Initiatives without a start year are left out: the source gives no period.
        """
        queryset = self.filter(start_year__isnull=False)
        if year_to is not None:
            queryset = queryset.filter(start_year__lte=year_to)
        if year_from is not None:
            queryset = queryset.filter(Q(end_year__isnull=True) | Q(end_year__gte=year_from))
        return queryset

    def in_municipality(self, municipality):
        return self.filter(municipalities=municipality)

    def in_county(self, county):
        # EXISTS rather than a join: an initiative in two municipalities of one county
        # must appear once, without DISTINCT over the whole result.
        links = Initiative.municipalities.through.objects.filter(
            initiative=OuterRef("pk"), municipality__county=county
        )
        return self.filter(Exists(links))

    def with_actor(self, actor):
        """Initiatives in which the actor has any role."""
        roles = Participation.objects.published().filter(initiative=OuterRef("pk"), actor=actor)
        return self.filter(Exists(roles))

    def funded_by(self, actor):
        """Initiatives the actor paid for: a funding row, or a stated funder role."""
        funding = Funding.objects.published().filter(initiative=OuterRef("pk"), funder=actor)
        role = Participation.objects.published().filter(
            initiative=OuterRef("pk"), actor=actor, role=Participation.Role.FUNDER
        )
        return self.filter(Exists(funding) | Exists(role))

    def with_funding(self, has_funding=True):
        funding = Exists(Funding.objects.published().filter(initiative=OuterRef("pk")))
        return self.filter(funding if has_funding else ~funding)

    def with_total_funding(self):
        """Annotate `total_funding_sek` (None when no public funding row) and
        `funding_is_lower_bound` (a source says "just over" one of the amounts)."""
        public = Funding.objects.published().filter(initiative=OuterRef("pk"))
        total = public.order_by().values("initiative").annotate(total=Sum("amount_sek"))
        # A correlated subquery with LIMIT 1 rather than EXISTS: PostgreSQL turns an
        # EXISTS into one hashed pass over every lower-bound payment in the table
        # (55 ms at scale) even when the page shows five initiatives.
        lower_bound = public.filter(is_lower_bound=True).order_by().values(flag=Value(True))[:1]
        return self.annotate(
            total_funding_sek=Subquery(
                total.values("total"), output_field=DecimalField(max_digits=16)
            ),
            funding_is_lower_bound=Coalesce(
                Subquery(lower_bound, output_field=BooleanField()), Value(False)
            ),
        )

    def newest_first(self):
        # Undated initiatives last, a year's in Swedish order of titles. The published
        # ones are read in this order off initiative_newest_nulls_last_idx on PostgreSQL
        # and initiative_published_newest_idx on SQLite (migrations 0008, 0015 and 0017,
        # their titles in the collation), and staff's (drafts too) off
        # initiative_newest_idx.
        return self.order_by(F("start_year").desc(nulls_last=True), *swedish("title"), "pk")

    def latest_first(self):
        """In the order they were published, the latest first (the start page's latest
        additions); the index initiative_pub_latest_idx serves it for the published."""
        return self.order_by("-published_at", "-created_at", "pk")

    def for_listing(self):
        """What a result row shows: type, municipalities with county. Its total funding
        is added to the rows shown (`with_funding_totals`), or annotated where every row
        needs it (`with_total_funding()`: the API, sorting by funding)."""
        return self.select_related("type").prefetch_related(places())

    def with_facts(self, user, empty=()):
        """Everything an initiative's page shows, each list cut to what `user` may see
        (core.publishing), with the articles its references name; `empty`: the lists
        known to have no rows (`fact_lists`), read as none(). Neither the initiative
        nor its parts carry their total funding: the page sums the payments it lists, and
        adds its parts' totals in one grouped query when it has any
        (`with_funding_totals`). Annotated (`with_total_funding()`, as the API does), the
        total's two correlated subqueries were built, compiled and, on PostgreSQL,
        planned (6 ms) on every initiative's page, most of which have no parts."""
        return self.select_related("type", "part_of").prefetch_related(
            *fact_prefetches(fact_lists(user), empty)
        )

    def counts_by_year_and_type(self):
        """[(start_year, type_id, count)] for charts; undated initiatives are left out.

        Grouped by the type's id, not joined to the types: with the join, SQLite looped
        over the types and read the selection once for each (a new selection's chart at
        scale: 175 ms for a word's 20 000 matches, 26 ms without it)."""
        return list(
            self.filter(start_year__isnull=False)
            .order_by()
            .values_list("start_year", "type")
            .annotate(n=Count("pk"))
            .order_by("start_year", "type")
        )


def fact_lists(user):
    """{relation: the rows of it `user` may see}, an initiative's lists as its page and
    the API read them (`with_facts`). The roles, schools, quotes, payments and parts are
    sorted as they are read (`sorted_by`), the claims not at all (looked up by aspect)."""

    def seen(model):
        return model.objects.visible_to(user)

    return {
        # Unordered: the page and the API look each claim up by its aspect.
        "claims": seen(InitiativeClaim).joined("source__publisher").order_by(),
        "school_links": seen(InitiativeSchool)
        .joined("school", "source__publisher")
        .sorted_by(lambda link: sort_key(link.school.name)),
        "participations": seen(Participation)
        .joined("actor", "source__publisher")
        .sorted_by(lambda role: (role.role, sort_key(role.actor.name))),
        "funding": seen(Funding).for_table("initiative").sorted_by(newest_payment_first),
        "sources": Article.objects.visible_to(user).listed().joined("publisher"),
        "quote_links": InitiativeQuote.objects.visible_to(user, semi_join=True)
        .joined("quote__speaker", "quote__article__publisher")
        .sorted_by(attrgetter("quote_id")),
        "parts": Initiative.objects.visible_to(user)
        .select_related("type")
        .sorted_by(lambda part: sort_key(part.title)),
    }


def fact_prefetches(lists, empty=()):
    """The prefetches of `with_facts`: the places and `lists` (`fact_lists`), those in
    `empty` (known to have no rows) read as none()."""
    return [
        places(),
        *(
            Prefetch(relation, queryset=rows.none() if relation in empty else rows)
            for relation, rows in lists.items()
        ),
    ]


def of_initiative(relation, initiative):
    """The filter of `relation`'s rows (an initiative's list, `fact_lists`) for one
    initiative, by its foreign key or many-to-many field."""
    field = Initiative._meta.get_field(relation)
    if isinstance(field, models.ManyToManyField):
        return {field.related_query_name(): initiative}
    return {cast(models.ManyToOneRel, field).field.name: initiative}


InitiativeManager = PublicManager.from_queryset(InitiativeQuerySet)


class Initiative(Publishable):
    """Something done against school segregation or for equal schooling, with its sources."""

    class Status(models.TextChoices):
        PLANNED = "planned", _("Planned")
        ONGOING = "ongoing", _("Ongoing")
        COMPLETED = "completed", _("Completed")
        UNKNOWN = "unknown", _("Unknown")

    slug = models.SlugField(_("slug"), max_length=200, unique=True)
    title = models.CharField(_("title"), max_length=300)
    type = models.ForeignKey(
        InitiativeType,
        verbose_name=_("type"),
        on_delete=models.PROTECT,
        related_name="initiatives",
    )
    summary = models.TextField(_("summary"), blank=True)
    municipalities = models.ManyToManyField(
        "municipalities.Municipality",
        verbose_name=_("municipalities"),
        blank=True,
        related_name="initiatives",
    )
    schools: "models.ManyToManyField[School, InitiativeSchool]" = models.ManyToManyField(
        "municipalities.School",
        verbose_name=_("schools"),
        through="InitiativeSchool",
        blank=True,
        related_name="initiatives",
    )
    part_of = models.ForeignKey(
        "self",
        verbose_name=_("part of"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="parts",
        help_text=_("The larger initiative or programme this one is carried out within."),
        # Indexed by initiative_part_of_idx below, without the NULLs of most rows.
        db_index=False,
    )
    start_year = models.PositiveSmallIntegerField(
        _("start year"), null=True, blank=True, validators=year_validators, db_index=True
    )
    end_year = models.PositiveSmallIntegerField(
        _("end year"), null=True, blank=True, validators=year_validators, db_index=True
    )
    start_date = models.DateField(_("start date"), null=True, blank=True)
    end_date = models.DateField(_("end date"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.UNKNOWN
    )
    sources: "models.ManyToManyField[Article, InitiativeSource]" = models.ManyToManyField(
        "articles.Article",
        verbose_name=_("sources"),
        through="InitiativeSource",
        related_name="initiatives",
        blank=True,
    )
    is_synthetic = models.BooleanField(_("synthetic"), default=False, editable=False, db_index=True)
    # Kept up to date from `search_weights` by `core.search` (PostgreSQL only).
    search_vector = SearchVectorField(null=True, editable=False)
    title_vector = SearchVectorField(null=True, editable=False)

    objects = InitiativeManager()
    # Schools are linked through InitiativeSchool, whose rows keep their own history.
    history = HistoricalRecords(m2m_fields=[municipalities], excluded_fields=[*KEPT_VECTORS])
    search_weights = [("title", "A"), ("summary", "B")]
    unlisted_fields = (*Publishable.unlisted_fields, "summary", *KEPT_VECTORS)
    # What a row linking to an initiative shows of it (PublicQuerySet.joined).
    linked_fields = ("slug", "title", "publication_state")

    class Meta:
        ordering = ["-start_year", "title"]
        verbose_name = _("initiative")
        verbose_name_plural = _("initiatives")
        permissions = [("publish_initiative", _("Can publish initiatives"))]
        indexes = [
            # The browser's default ordering (newest first, then title in Swedish order).
            models.Index(
                F("start_year").desc(),
                Collate(F("title"), "swedish"),
                name="initiative_newest_idx",
            ),
            # The browser's order by title, in Swedish order: without it, SQLite sorted
            # every published initiative with the collation's Python function for a
            # page of 25 (450 ms at scale), PostgreSQL in 120 ms.
            models.Index(Collate(F("title"), "swedish"), F("id"), name="initiative_title_swedish"),
            # The published ones in that order: the browser by funding lists those without
            # public funding by title after the rest, and for its last pages SQLite sorted
            # 26 000 of them with the collation's Python function (280 ms) rather than walk
            # the index above and look up each one's state (18 ms with this one).
            models.Index(
                F("publication_state"),
                Collate(F("title"), "swedish"),
                F("id"),
                name="initiative_pub_title_swedish",
            ),
            # The browser's year filter (active in a year: start and end) and the type
            # facet, answered from the index alone: a new selection's count and facets
            # read every matching row from the table on SQLite (60-70 ms each at scale).
            models.Index(
                fields=["publication_state", "-start_year", "end_year", "type"],
                name="initiative_pub_years_type_idx",
            ),
            # The start page's latest additions, the published ones in the order they
            # were published: an index of every initiative in that order served it too,
            # but on PostgreSQL DESC puts the drafts' empty dates first, and the page read
            # past the 4 000 drafts of the scale data before its five (2.3 ms -> 0.01 ms).
            models.Index(
                fields=["publication_state", "-published_at", "-created_at", "id"],
                name="initiative_pub_latest_idx",
            ),
            # Most initiatives are part of nothing: with the NULLs in it, SQLite's planner
            # judged the index useless and scanned every published initiative (65 ms at
            # scale) to find an initiative's parts.
            models.Index(
                fields=["part_of"],
                condition=Q(part_of__isnull=False),
                name="initiative_part_of_idx",
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_year__isnull=True)
                | Q(start_year__isnull=True)
                | Q(end_year__gte=F("start_year")),
                name="initiative_end_year_not_before_start",
                violation_error_message=_("The end year cannot be before the start year."),
            ),
            models.CheckConstraint(
                condition=Q(end_date__isnull=True)
                | Q(start_date__isnull=True)
                | Q(end_date__gte=F("start_date")),
                name="initiative_end_date_not_before_start",
                violation_error_message=_("The end date cannot be before the start date."),
            ),
            models.CheckConstraint(
                condition=year_in_range("start_year"), name="initiative_start_year_range"
            ),
            models.CheckConstraint(
                condition=year_in_range("end_year"), name="initiative_end_year_range"
            ),
            models.CheckConstraint(
                condition=~Q(part_of=F("pk")), name="initiative_not_part_of_itself"
            ),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self, state=None):
        return slug_url("initiatives:detail", self.slug, state=state)

    @property
    def period(self):
        """The years as shown: 2017, 2017–2019, 2018– (no end stated), or empty."""
        return period_of(self.start_year, self.end_year)

    def natural_key(self):
        return (self.slug,)


class InitiativeSourceQuerySet(PublicQuerySet):
    def get_by_natural_key(self, initiative_slug, article_slug):
        return self.get(initiative__slug=initiative_slug, article__slug=article_slug)


InitiativeSourceManager = PublicManager.from_queryset(InitiativeSourceQuerySet)


class InitiativeSource(Versioned):
    """An article cited as a source for an initiative. The article cannot be deleted while cited."""

    initiative = models.ForeignKey(
        Initiative, verbose_name=_("initiative"), on_delete=models.CASCADE
    )
    article = models.ForeignKey(
        "articles.Article",
        verbose_name=_("article"),
        on_delete=models.PROTECT,
        related_name="initiative_citations",
    )

    objects = InitiativeSourceManager()
    history = HistoricalRecords()
    public_through = ["initiative", "article"]

    class Meta:
        verbose_name = _("source")
        verbose_name_plural = _("sources")
        constraints = [
            models.UniqueConstraint(
                fields=["initiative", "article"], name="initiative_source_unique"
            ),
        ]

    def __str__(self):
        return f"{self.initiative} ← {self.article}"

    def natural_key(self):
        return (*self.initiative.natural_key(), *self.article.natural_key())

    natural_key.dependencies = ["initiatives.initiative", "articles.article"]  # type: ignore[attr-defined]


class ParticipationQuerySet(PublicQuerySet):
    def get_by_natural_key(self, initiative_slug, actor_slug, role):
        return self.get(initiative__slug=initiative_slug, actor__slug=actor_slug, role=role)


ParticipationManager = PublicManager.from_queryset(ParticipationQuerySet)


class Participation(Evidence, Versioned):
    """An actor's role in an initiative, with the passage of the article that states it."""

    class Role(models.TextChoices):
        LEAD = "lead", _("Lead")
        FUNDER = "funder", _("Funder")
        PARTNER = "partner", _("Partner")
        HOST = "host", _("Host")
        COORDINATOR = "coordinator", _("Coordinator")
        RESEARCHER = "researcher", _("Researcher")
        COMMISSIONER = "commissioner", _("Commissioner")
        TRAINER = "trainer", _("Trainer")
        PARTICIPANT = "participant", _("Participant")
        RECIPIENT = "recipient", _("Recipient")
        CONTACT = "contact", _("Contact person")
        COMMENTATOR = "commentator", _("Comments on it")

    initiative = models.ForeignKey(
        Initiative,
        verbose_name=_("initiative"),
        on_delete=models.CASCADE,
        related_name="participations",
    )
    actor = models.ForeignKey(
        "actors.Actor",
        verbose_name=_("actor"),
        on_delete=models.PROTECT,
        related_name="participations",
    )
    role = models.CharField(_("role"), max_length=32, choices=Role.choices, db_index=True)
    note = models.TextField(_("note"), blank=True)
    source = models.ForeignKey(
        "articles.Article",
        verbose_name=_("source"),
        on_delete=models.PROTECT,
        related_name="participations",
    )

    objects = ParticipationManager()
    history = HistoricalRecords()
    public_through = ["initiative", "actor", "source"]

    class Meta:
        ordering = ["initiative", "role", "actor__name"]
        verbose_name = _("participation")
        verbose_name_plural = _("participations")
        constraints = [
            *INFERENCE_CONSTRAINTS,
            models.UniqueConstraint(
                fields=["initiative", "actor", "role"], name="participation_unique_role"
            ),
        ]
        indexes = [
            # Filtering initiatives by actor and role (e.g. funder) starts from the actor.
            models.Index(fields=["actor", "role"], name="participation_actor_role_idx"),
        ]

    def __str__(self):
        return f"{self.actor} – {self.get_role_display()} – {self.initiative}"

    def natural_key(self):
        return (*self.initiative.natural_key(), *self.actor.natural_key(), self.role)

    natural_key.dependencies = ["initiatives.initiative", "actors.actor"]  # type: ignore[attr-defined]


# The one order of payments in a list: the newest first, those whose source gives no
# year last (on either database: in a descending order SQLite puts a missing year last
# and PostgreSQL first), then the largest first.
NEWEST_PAYMENTS_FIRST = (F("year").desc(nulls_last=True), F("amount_sek").desc(), "pk")


def newest_payment_first(payment):
    """NEWEST_PAYMENTS_FIRST as a row's sort key, for a list sorted as it is read."""
    return (payment.year is None, -(payment.year or 0), -payment.amount_sek, payment.pk)


# What includes/funding_table.html shows of a payment besides its own fields.
FUNDING_TABLE_RELATIONS = (
    "funder",
    "recipient_municipality",
    "recipient_actor",
    "initiative",
    "source__publisher",
)


class FundingQuerySet(UidQuerySet):
    def by_funder(self):
        """Per funder, largest first: [{funder__slug, funder__name, total, payments,
        lower_bounds, first_year, last_year}], summed in the database. `lower_bounds`
        counts the amounts a source gives as "just over", so totals can say "drygt"."""
        return list(
            self.order_by()
            .values("funder__slug", "funder__name")
            .annotate(
                total=Sum("amount_sek"),
                payments=Count("pk"),
                lower_bounds=Count("pk", filter=Q(is_lower_bound=True)),
                first_year=Min("year"),
                last_year=Max("year"),
            )
            .order_by("-total", *swedish("funder__name"))
        )

    def for_table(self, *known):
        """With what includes/funding_table.html shows of each payment joined, apart from
        the relations in `known` (set by the caller, or prefetched under them)."""
        return self.joined(*(name for name in FUNDING_TABLE_RELATIONS if name not in known))

    def table_rows(self, *ordering, limit, kept_as=None, **known):
        """The first `limit` payments of `known` (funder=, recipient_municipality= or
        recipient_actor=: the record a page is about) in `ordering`, with what the funding
        table shows of them.

        The known record is set on each row rather than joined again: one table less for
        PostgreSQL to plan beside the publication rule's joins (a municipality's
        payments at scale: 13 ms to plan, 7 ms so). With `kept_as`, which payments and
        in what order is kept under that name once per content change
        (core.derived_cache) and the rows are read by their ids.
        """
        chosen = self.filter(**known).order_by(*ordering)[:limit]
        if kept_as is None:
            rows = list(chosen.for_table(*known))
        else:
            ids = remember(kept_as, lambda: list(chosen.values_list("pk", flat=True)))
            rows = rows_in_order(self.for_table(*known), ids)
        for row in rows:
            for name, record in known.items():
                setattr(row, name, record)
        return rows

    def total(self):
        """(sum, is_lower_bound) over the rows; the sum is None without rows."""
        totals = self.aggregate(
            total=Sum("amount_sek"), lower=Count("pk", filter=Q(is_lower_bound=True))
        )
        return totals["total"], bool(totals["lower"])


FundingManager = PublicManager.from_queryset(FundingQuerySet)


class Funding(Evidence, Versioned):
    """Money a funder gave for an initiative, to a municipality and/or an actor, with the
    passage of the article that states it."""

    uid = models.UUIDField(_("identifier"), default=uuid.uuid4, unique=True, editable=False)
    initiative = models.ForeignKey(
        Initiative, verbose_name=_("initiative"), on_delete=models.CASCADE, related_name="funding"
    )
    funder = models.ForeignKey(
        "actors.Actor",
        verbose_name=_("funder"),
        on_delete=models.PROTECT,
        related_name="funding_given",
    )
    recipient_municipality = models.ForeignKey(
        "municipalities.Municipality",
        verbose_name=_("recipient municipality"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="funding_received",
    )
    recipient_actor = models.ForeignKey(
        "actors.Actor",
        verbose_name=_("recipient actor"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="funding_received",
    )
    amount_sek = models.DecimalField(_("amount (SEK)"), max_digits=14, decimal_places=2)
    is_lower_bound = models.BooleanField(
        _("at least this amount"),
        default=False,
        help_text=_("Tick when the source says “just over” (drygt) the amount."),
    )
    year = models.PositiveSmallIntegerField(
        _("year"), null=True, blank=True, validators=year_validators, db_index=True
    )
    note = models.TextField(_("note"), blank=True)
    source = models.ForeignKey(
        "articles.Article",
        verbose_name=_("source"),
        on_delete=models.PROTECT,
        related_name="funding",
    )

    objects = FundingManager()
    history = HistoricalRecords()
    public_through = ["initiative", "funder", "recipient_actor", "source"]

    class Meta:
        ordering = ["-year", "-amount_sek"]
        verbose_name = _("funding")
        verbose_name_plural = _("funding")
        constraints = [
            *INFERENCE_CONSTRAINTS,
            models.CheckConstraint(
                condition=Q(amount_sek__gte=0),
                name="funding_amount_not_negative",
                violation_error_message=_("An amount cannot be negative."),
            ),
            models.CheckConstraint(
                condition=Q(recipient_municipality__isnull=False)
                | Q(recipient_actor__isnull=False),
                name="funding_has_recipient",
                violation_error_message=_("Give a recipient municipality, actor or both."),
            ),
            models.CheckConstraint(condition=year_in_range("year"), name="funding_year_range"),
        ]
        indexes = [
            # A municipality's and an actor's pages list the payments each received (or
            # gave), newest year first: by these, not by reading the year index until 30
            # of them turn up (all 30 000 at scale for an actor who gave none: 12 ms).
            models.Index(fields=["recipient_municipality", "year"], name="funding_recipient_year"),
            models.Index(fields=["recipient_actor", "year"], name="funding_recipient_actor_year"),
            models.Index(fields=["funder", "year"], name="funding_funder_year"),
        ]

    def __str__(self):
        return f"{self.funder} → {self.recipient_municipality or self.recipient_actor}"

    def natural_key(self):
        return (str(self.uid),)


class InitiativeSchoolQuerySet(PublicQuerySet):
    def get_by_natural_key(self, initiative_slug, school_slug):
        return self.get(initiative__slug=initiative_slug, school__slug=school_slug)


InitiativeSchoolManager = PublicManager.from_queryset(InitiativeSchoolQuerySet)


class InitiativeSchool(Evidence, Versioned):
    """A school an initiative concerns, with the passage that says so."""

    initiative = models.ForeignKey(
        Initiative,
        verbose_name=_("initiative"),
        on_delete=models.CASCADE,
        related_name="school_links",
    )
    school = models.ForeignKey(
        "municipalities.School",
        verbose_name=_("school"),
        on_delete=models.PROTECT,
        related_name="initiative_links",
    )
    source = models.ForeignKey(
        "articles.Article",
        verbose_name=_("source"),
        on_delete=models.PROTECT,
        related_name="school_links",
    )

    objects = InitiativeSchoolManager()
    history = HistoricalRecords()
    public_through = ["initiative", "school", "source"]

    class Meta:
        # The table of the plain many-to-many link it grew out of (migration 0004).
        db_table = "initiatives_initiative_schools"
        verbose_name = _("school concerned")
        verbose_name_plural = _("schools concerned")
        constraints = [
            *INFERENCE_CONSTRAINTS,
            models.UniqueConstraint(
                fields=["initiative", "school"], name="initiative_school_unique"
            ),
        ]

    def __str__(self):
        return f"{self.initiative} – {self.school}"

    def natural_key(self):
        return (*self.initiative.natural_key(), *self.school.natural_key())

    natural_key.dependencies = ["initiatives.initiative", "municipalities.school"]  # type: ignore[attr-defined]


class InitiativeClaimQuerySet(PublicQuerySet):
    def get_by_natural_key(self, initiative_slug, aspect):
        return self.get(initiative__slug=initiative_slug, aspect=aspect)


InitiativeClaimManager = PublicManager.from_queryset(InitiativeClaimQuerySet)


class InitiativeClaim(Evidence, Versioned):
    """The evidence for one of an initiative's own facts: its years, its status, or that
    it is part of another initiative.

    A status holds at a time: the year the passage gives (`year`), else the date of the
    source article; without either, pages say it is undated rather than current.
    """

    class Aspect(models.TextChoices):
        YEARS = "years", _("Years")
        STATUS = "status", _("Status")
        PART_OF = "part_of", _("Part of")

    initiative = models.ForeignKey(
        Initiative, verbose_name=_("initiative"), on_delete=models.CASCADE, related_name="claims"
    )
    aspect = models.CharField(_("fact"), max_length=16, choices=Aspect.choices)
    year = models.PositiveSmallIntegerField(
        _("year stated"),
        null=True,
        blank=True,
        validators=year_validators,
        help_text=_("For a status: the year the passage gives it for, if it gives one."),
    )
    source = models.ForeignKey(
        "articles.Article",
        verbose_name=_("source"),
        on_delete=models.PROTECT,
        related_name="initiative_claims",
    )

    objects = InitiativeClaimManager()
    history = HistoricalRecords()
    public_through = ["initiative", "source"]

    class Meta:
        ordering = ["initiative", "aspect"]
        verbose_name = _("evidence for the initiative's years, status or parent")
        verbose_name_plural = _("evidence for years, status and parent")
        constraints = [
            *INFERENCE_CONSTRAINTS,
            models.UniqueConstraint(
                fields=["initiative", "aspect"], name="initiative_claim_one_per_aspect"
            ),
            models.CheckConstraint(
                condition=year_in_range("year"), name="initiative_claim_year_range"
            ),
        ]

    def __str__(self):
        return f"{self.initiative}: {self.get_aspect_display()}"

    def natural_key(self):
        return (*self.initiative.natural_key(), self.aspect)

    natural_key.dependencies = ["initiatives.initiative"]  # type: ignore[attr-defined]

    @property
    def date(self):
        """When the source says it held: the year stated, else the article's own date."""
        return self.year or self.source.date


class InitiativeQuoteQuerySet(PublicQuerySet):
    def get_by_natural_key(self, initiative_slug, quote_uid):
        return self.get(initiative__slug=initiative_slug, quote__uid=quote_uid)


InitiativeQuoteManager = PublicManager.from_queryset(InitiativeQuoteQuerySet)


class InitiativeQuote(Inference, Versioned):
    """A quote that speaks of an initiative. The quote is its own evidence; whether it
    speaks of this initiative is stated by the article or inferred (with the reason)."""

    initiative = models.ForeignKey(
        Initiative,
        verbose_name=_("initiative"),
        on_delete=models.CASCADE,
        related_name="quote_links",
    )
    quote = models.ForeignKey(
        "articles.Quote",
        verbose_name=_("quote"),
        on_delete=models.CASCADE,
        related_name="initiative_links",
    )

    objects = InitiativeQuoteManager()
    history = HistoricalRecords()
    public_through = ["initiative", "quote"]

    class Meta:
        verbose_name = _("quote about the initiative")
        verbose_name_plural = _("quotes about the initiative")
        constraints = [
            *INFERENCE_CONSTRAINTS,
            models.UniqueConstraint(fields=["initiative", "quote"], name="initiative_quote_unique"),
        ]

    def __str__(self):
        return f"{self.initiative} – {self.quote}"

    def natural_key(self):
        return (*self.initiative.natural_key(), str(self.quote.uid))

    natural_key.dependencies = ["initiatives.initiative", "articles.quote"]  # type: ignore[attr-defined]


def places():
    """An initiative's municipalities, with their counties, in Swedish order, read with
    the initiatives into `initiative.places` (a list).

    Into a list rather than the relation's manager: prefetched into the manager, every
    initiative got a queryset of its own to hold its places, a clone of this query and a
    filter (a browser page of 25 initiatives: 72.9 -> 66.9 million instructions a
    request at scale so, callgrind on SQLite).
    """
    return Prefetch(
        "municipalities",
        queryset=Municipality.objects.select_related("county").order_by(*swedish("name")),
        to_attr="places",
    )


def with_funding_totals(initiatives):
    """The initiatives (a list), each with `total_funding_sek` and `funding_is_lower_bound`
    as `with_total_funding()` annotates them (public payments only), read for all of them
    in one grouped query.

    For a page of rows: annotated on the page's query, the total's two correlated
    subqueries (each with the publication rule's joins) ran for every row SQLite sorted
    before it took the page's 25, and twice per row shown (a filtered browser page at
    scale: 12 ms of queries; 2 ms so).
    """
    initiatives = list(initiatives)
    if not initiatives or all(hasattr(row, "total_funding_sek") for row in initiatives):
        return initiatives
    totals = {
        initiative: (total, bool(lower_bounds))
        for initiative, total, lower_bounds in facts_of_initiatives(
            Funding, [row.pk for row in initiatives]
        )
        .order_by()
        .values_list("initiative")
        .annotate(total=Sum("amount_sek"), lower=Count("pk", filter=Q(is_lower_bound=True)))
    }
    for row in initiatives:
        row.total_funding_sek, row.funding_is_lower_bound = totals.get(row.pk, (None, False))
    return initiatives


def facts_of_initiatives(model, ids, user=None):
    """The rows of `model` (a fact of an initiative: a role, a payment, a claim…) of the
    initiatives `ids` that `user` may see (core.publishing; anyone but staff: the public
    rows, the anonymous visitor's when `user` is None).

    The publication rule joins each row's initiative to check that it is published; the
    same ids on the joined initiative let PostgreSQL read those initiatives by their
    primary key instead of scanning every published one for the join. The rule itself
    is unchanged: the condition only repeats which initiatives are asked for.
    """
    queryset = model.objects.visible_to(user).filter(in_ids(model, "initiative", ids))
    if sees_drafts(user):
        return queryset  # staff: no rule, so no join
    joined = Initiative._meta.db_table  # Django names a table's first join by the table
    return queryset.filter(InIds(f'"{joined}"."id"', ids))
