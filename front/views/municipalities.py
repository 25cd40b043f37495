from decimal import Decimal
from itertools import groupby

from django.db.models import (
    Count,
    DecimalField,
    Exists,
    F,
    OuterRef,
    Prefetch,
    Q,
    Subquery,
    Sum,
    Value,
)
from django.db.models.functions import Coalesce
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.views.generic import DetailView, ListView

from actors.models import Actor
from articles.models import Article, Quote
from core.collation import sort_key, swedish, swedish_desc
from core.publishing import PublicationState
from core.templatetags.money import sek
from front import charts
from front.maps import map_for_initiatives
from front.sorting import Column, Sorting
from initiatives.models import Funding, Initiative, InitiativeSource, Participation
from municipalities.models import Municipality, School

MAX_SOURCES = 50
MAX_INITIATIVES = 50
MAX_ROWS = 60
MAX_QUOTES = 20
PUBLISHED_INITIATIVES = Q(initiatives__publication_state=PublicationState.PUBLISHED)


def municipalities_with_totals():
    """Every municipality with `initiative_count`, `funding_sek` (0 when none) and
    `funding_is_lower_bound` (a source said "just over"), published records only."""
    funding = Funding.objects.filter(
        initiative__in=Initiative.objects.published(), recipient_municipality=OuterRef("pk")
    )
    totals = funding.order_by().values("recipient_municipality").annotate(total=Sum("amount_sek"))
    return Municipality.objects.select_related("county").annotate(
        initiative_count=Count("initiatives", filter=PUBLISHED_INITIATIVES),
        funding_sek=Coalesce(
            Subquery(totals.values("total"), output_field=DecimalField(max_digits=16)),
            Value(Decimal(0)),
        ),
        funding_is_lower_bound=Exists(funding.filter(is_lower_bound=True)),
    )


def by_count(field):
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
        here = Initiative.objects.visible_to(self.request.user).filter(municipalities=municipality)
        initiatives = list(
            here.select_related("type")
            .prefetch_related(Prefetch("sources", queryset=Article.objects.only("slug", "title")))
            .newest_first()[:MAX_INITIATIVES]
        )
        received = Funding.objects.filter(recipient_municipality=municipality, initiative__in=here)
        context.update(
            initiatives_by_year=[
                (year, list(rows))
                for year, rows in groupby(initiatives, key=lambda i: i.start_year)
            ],
            initiative_count=here.count(),
            initiatives_shown=len(initiatives),
            row_cap=MAX_ROWS,
            schools=School.objects.filter(municipality=municipality).order_by("name"),
            participations=Participation.objects.filter(initiative__in=here)
            .select_related("actor", "initiative", "source")
            .order_by("actor__name", "role", "pk")[:MAX_ROWS],
            funding=received.select_related(
                "funder", "recipient_municipality", "recipient_actor", "initiative", "source"
            ).order_by("-year", "-amount_sek", "pk")[:MAX_ROWS],
            funding_by_funder=self.funding_by_funder(received),
            funding_chart=self.funding_chart(received),
            map=map_for_initiatives(
                self.request,
                Initiative.objects.all(),
                highlight=municipality.code,
                cache_as="published",
            ),
            quotes=Quote.objects.filter(initiative__in=here)
            .select_related("speaker", "article")
            .order_by("pk")[:MAX_QUOTES],
            sources=self.sources(municipality, here),
        )
        context["funding_total"] = sum((total for _f, total in context["funding_by_funder"]), 0)
        context["actor_roles"] = [
            (actor, list(rows))
            for actor, rows in groupby(context["participations"], key=lambda p: p.actor)
        ]
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

    @staticmethod
    def funding_by_funder(funding):
        """[(funder, total)] largest first, summed in the database."""
        totals = dict(funding.order_by().values_list("funder").annotate(total=Sum("amount_sek")))
        funders = Actor.objects.in_bulk(list(totals))
        return sorted(
            ((funders[pk], total) for pk, total in totals.items()), key=lambda item: -item[1]
        )

    @staticmethod
    def funding_chart(funding):
        per_year = (
            funding.exclude(year=None)
            .order_by()
            .values_list("year")
            .annotate(total=Sum("amount_sek"))
        )
        values = {(year, "sek"): int(total) for year, total in per_year}
        return charts.stacked_bars(
            _("Funding received per year"), values, [("sek", _("Funding"))], value_label=sek
        )
