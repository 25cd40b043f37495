import json
from decimal import Decimal
from itertools import groupby

from django.db import connection
from django.db.models import (
    BooleanField,
    Count,
    DecimalField,
    F,
    IntegerField,
    Prefetch,
    Q,
    Sum,
)
from django.db.models.expressions import RawSQL
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.views.generic import DetailView, ListView

from articles.models import Article, Position
from core.collation import sort_key, swedish, swedish_desc
from core.derived_cache import remember
from core.publishing import public_q
from core.templatetags.money import sek
from front import charts
from front.maps import map_for_municipality
from front.references import References
from front.sorting import Column, Sorting
from front.views.initiatives import quotes_of
from initiatives.models import (
    Funding,
    Initiative,
    InitiativeQuote,
    InitiativeSource,
    Participation,
)
from municipalities.models import Municipality, School

MAX_SOURCES = 50
MAX_INITIATIVES = 50
MAX_ROWS = 60
MAX_QUOTES = 20
PUBLIC_INITIATIVES = public_q(Initiative, "initiatives__")


def public_totals():
    """Published initiatives and funding per municipality and county, counted once per
    content change (core.derived_cache): three GROUP BY queries over the link and funding
    tables, instead of a correlated subquery per municipality and county on every request.

    {"municipalities": {pk: (initiatives, funding_sek, lower_bound)},
     "counties": {pk: [distinct initiatives, municipalities with records, funding_sek,
                       lower_bound]}}
    """

    def compute():
        links = Initiative.municipalities.through.objects.filter(
            initiative__in=Initiative.objects.published()
        ).order_by()
        initiatives = dict(
            links.values_list("municipality")
            .annotate(n=Count("initiative"))
            .values_list("municipality", "n")  # type: ignore[misc]  # stubs miss through annotations
        )
        per_county = dict(
            links.values_list("municipality__county")
            .annotate(n=Count("initiative", distinct=True))
            .values_list("municipality__county", "n")  # type: ignore[misc]  # as above
        )
        funding = (
            Funding.objects.published()
            .filter(recipient_municipality__isnull=False)
            .order_by()
            .values_list("recipient_municipality")
            .annotate(total=Sum("amount_sek"), lower=Count("pk", filter=Q(is_lower_bound=True)))
            .values_list("recipient_municipality", "total", "lower")
        )
        money = {pk: (total, lower > 0) for pk, total, lower in funding}
        municipalities = {
            pk: (initiatives.get(pk, 0), *money.get(pk, (Decimal(0), False)))
            for pk in set(initiatives) | set(money)
        }
        counties: dict[int, list] = {}
        county_of = dict(Municipality.objects.values_list("pk", "county"))
        for pk, (count, amount, lower) in municipalities.items():
            county = counties.setdefault(
                county_of[pk], [per_county.get(county_of[pk], 0), 0, 0, False]
            )
            county[1] += count > 0
            county[2] += amount
            county[3] = county[3] or lower
        return {"municipalities": municipalities, "counties": counties}

    return remember("totals:municipalities-and-counties", compute)


def constant_per_pk(model, values, default, output_field):
    """An expression giving each row of `model` the value `values[pk]` (`default` when
    missing), so cached totals become annotations the database can sort and filter on.

    The values travel as one JSON parameter, looked up by pk in SQL (a CASE with a WHEN
    per row would cost Django more to build than the query costs to run). Decimals go
    as JSON numbers (so they sort as numbers) and are rounded back by the field."""

    def plain(value):
        return float(value) if isinstance(value, Decimal) else value

    data = json.dumps({str(pk): plain(value) for pk, value in values.items()})
    column = f'"{model._meta.db_table}"."{model._meta.pk.column}"'
    if connection.vendor == "postgresql":
        cast = {"IntegerField": "integer", "DecimalField": "numeric", "BooleanField": "boolean"}[
            output_field.get_internal_type()
        ]
        sql = f"COALESCE((%s::jsonb ->> {column}::text)::{cast}, %s)"
    else:
        sql = f"""COALESCE(json_extract(%s, '$."' || {column} || '"'), %s)"""
    return RawSQL(sql, [data, plain(default)], output_field=output_field)


def municipalities_with_totals():
    """Every municipality with `initiative_count`, `funding_sek` (0 when none) and
    `funding_is_lower_bound` (a source said "just over"), published records only."""
    totals = public_totals()["municipalities"]
    return Municipality.objects.select_related("county").annotate(
        initiative_count=constant_per_pk(
            Municipality, {pk: row[0] for pk, row in totals.items()}, 0, IntegerField()
        ),
        funding_sek=constant_per_pk(
            Municipality,
            {pk: row[1] for pk, row in totals.items()},
            Decimal(0),
            DecimalField(max_digits=16, decimal_places=2),
        ),
        funding_is_lower_bound=constant_per_pk(
            Municipality, {pk: row[2] for pk, row in totals.items()}, False, BooleanField()
        ),
    )


def by_count(field: str) -> tuple[tuple, tuple]:
    """The ordering pair of a numeric column: smallest or largest first, then by name;
    rows without a number (an unknown population) last either way."""
    ascending = (F(field).asc(nulls_last=True), *swedish("name"))
    descending = (F(field).desc(nulls_last=True), *swedish("name"))
    return ascending, descending


def municipality_columns():
    return [
        Column("name", _("Municipality"), tuple(swedish("name")), tuple(swedish_desc("name"))),
        Column(
            "county",
            _("County"),
            (*swedish("county__name"), *swedish("name")),
            (*swedish_desc("county__name"), *swedish("name")),
        ),
        Column("initiatives", _("Initiatives"), *by_count("initiative_count"), numeric=True),
        Column("funding", _("Funding received"), *by_count("funding_sek"), numeric=True),
        Column("population", _("Population"), *by_count("population"), numeric=True),
    ]


class MunicipalityListView(ListView):
    """Municipalities with records first, then all 290 in one table sorted by `?sort=`."""

    template_name = "municipalities/municipality_list.html"

    def get_queryset(self):
        self.sorting = Sorting(self.request, municipality_columns(), default="name", anchor="all")
        queryset = municipalities_with_totals().order_by(*self.sorting.order_by, "pk")
        self.only_with_records = self.request.GET.get("with_records") == "1"
        if self.only_with_records:
            queryset = queryset.filter(initiative_count__gt=0)
        return queryset

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        rows = context["object_list"]
        with_records = sorted(
            (m for m in rows if m.initiative_count),
            key=lambda m: (-m.initiative_count, sort_key(m.name)),
        )
        context.update(
            with_records=with_records,
            only_with_records=self.only_with_records,
            sorting=self.sorting,
            population_years=sorted({m.population_year for m in rows if m.population_year}),
        )
        return context


class MunicipalityDetailView(DetailView):
    template_name = "municipalities/municipality_detail.html"
    queryset = Municipality.objects.select_related("county")

    def get(self, request, *args, **kwargs):
        slug = kwargs["slug"]
        if slug.isdigit():
            # /municipalities/1488/ is the SCB code: send it to the slug for good.
            municipality = get_object_or_404(Municipality, code=slug)
            return redirect(municipality, permanent=True)
        return super().get(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        # Every list is capped, and totals come from aggregates, so the page stays the
        # same size and query count for a municipality with five or five hundred records.
        context = super().get_context_data(**kwargs)
        municipality = self.object
        user = self.request.user
        here = Initiative.objects.visible_to(user).filter(municipalities=municipality)
        initiatives = list(here.select_related("type").newest_first()[:MAX_INITIATIVES])
        received = Funding.objects.visible_to(user).filter(recipient_municipality=municipality)
        participations = (
            Participation.objects.visible_to(user)
            .filter(initiative__in=here)
            .select_related("actor", "initiative", "source__publisher")
            .order_by("actor__name", "role", "pk")[:MAX_ROWS]
        )
        quote_links = (
            InitiativeQuote.objects.visible_to(user)
            .filter(initiative__in=here)
            .select_related("quote__speaker", "quote__article__publisher")
            .prefetch_related(
                Prefetch(
                    "quote__speaker__positions",
                    queryset=Position.objects.visible_to(user),
                )
            )
            .order_by("quote__pk")[:MAX_QUOTES]
        )
        funding_total, funding_is_lower_bound = received.total()
        context.update(
            timeline=timeline(initiatives),
            initiative_count=here.count(),
            initiatives_shown=len(initiatives),
            row_cap=MAX_ROWS,
            schools=School.objects.visible_to(user).filter(municipality=municipality),
            participations=list(participations),
            funding=received.select_related(
                "funder", "recipient_municipality", "recipient_actor", "initiative"
            )
            .select_related("source__publisher")
            .order_by("-year", "-amount_sek", "pk")[:MAX_ROWS],
            funding_by_funder=received.by_funder(),
            funding_total=funding_total,
            funding_is_lower_bound=funding_is_lower_bound,
            funding_chart=funding_chart(received),
            map=map_for_municipality(self.request, municipality),
            quotes=quotes_of(quote_links),
            sources=self.sources(municipality, here),
            references=References(),
        )
        return context

    def sources(self, municipality, initiatives):
        """Articles that mention the municipality or are cited by its initiatives.

        The two id sets are fetched first and merged here: an OR across two joins (or
        two IN subqueries) made PostgreSQL scan the whole article table at scale.
        Capped: a municipality with hundreds of sources lists the newest first.
        """
        mentioning = Article.municipalities.through.objects.filter(municipality=municipality)
        citing = InitiativeSource.objects.filter(initiative__in=initiatives)
        ids = set(mentioning.values_list("article_id", flat=True))
        ids |= set(citing.values_list("article_id", flat=True))
        return (
            Article.objects.visible_to(self.request.user)
            .filter(pk__in=ids)
            .select_related("publisher")
            .order_by("-published_on", "-last_reviewed_on", "title")[:MAX_SOURCES]
        )


def timeline(initiatives):
    """[(year, [initiative])], newest year first; undated initiatives last, as one group."""
    return [(year, list(rows)) for year, rows in groupby(initiatives, key=lambda i: i.start_year)]


def funding_chart(funding):
    """Kronor per year; the line under the chart says how many payments give no year."""
    per_year = (
        funding.exclude(year=None).order_by().values_list("year").annotate(total=Sum("amount_sek"))
    )
    values = {(year, "sek"): int(total) for year, total in per_year}
    rows = funding.aggregate(
        dated=Count("pk", filter=Q(year__isnull=False)), undated=Count("pk", filter=Q(year=None))
    )
    return charts.stacked_bars(
        _("Funding received per year"),
        values,
        [("sek", _("Funding"))],
        value_label=sek,
        counted=rows["dated"] + rows["undated"],
        undated=rows["undated"],
    )
