from itertools import groupby

from django.db.models import (
    Count,
    F,
    Q,
    Sum,
)
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.generic import DetailView, ListView

from articles.models import Article, Position
from core.collation import sort_key, swedish, swedish_desc
from core.derived_cache import remember
from core.id_lists import in_ids, rows_in_order
from core.links import link_state
from core.publishing import sees_drafts
from core.templatetags.money import amount, grouped, sek
from front import charts
from front.maps import map_for_municipality
from front.references import References
from front.sorting import Column, Sorting
from front.views.citations import CitableMixin, VersionMixin
from front.views.initiatives import quotes_of
from initiatives.models import (
    NEWEST_PAYMENTS_FIRST,
    Funding,
    Initiative,
    InitiativeQuote,
    InitiativeSource,
    Participation,
)
from initiatives.totals import municipalities_with_totals
from municipalities.models import Municipality, School

MAX_SOURCES = 25
MAX_INITIATIVES = 25
MAX_ROWS = 30
MAX_QUOTES = 20
# Municipalities with records shown as cards above the table of all 290.
MAX_CARDS = 30


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
            # The busiest few as cards; the table below lists every one of them.
            with_records=with_records[:MAX_CARDS],
            with_records_count=len(with_records),
            most_initiatives_url=self.sorting.url_for("-initiatives"),
            only_with_records=self.only_with_records,
            sorting=self.sorting,
            population_years=sorted({m.population_year for m in rows if m.population_year}),
            table=table_rows(rows),
        )
        return context


def table_rows(municipalities):
    """What the table of all municipalities shows of each, its cells' text made here: the
    290 rows' model attributes, method calls, tags and filters, each through the
    template's lookup machinery, were most of the page's time. Their links and figures
    are made in one `link_state()` (its language too)."""
    state = link_state()
    return [table_row(municipality, state) for municipality in municipalities]


def table_row(municipality, state):
    language = state[0]
    return {
        "url": municipality.get_absolute_url(state),
        "name": municipality.name,
        "county": municipality.county.name,
        "initiatives": str(municipality.initiative_count),
        "has_initiatives": bool(municipality.initiative_count),
        "funding": amount(municipality.funding_sek, municipality.funding_is_lower_bound, language),
        "has_funding": bool(municipality.funding_sek),
        "population": (
            grouped(municipality.population, language) if municipality.population else None
        ),
    }


class MunicipalityDetailView(CitableMixin, DetailView):
    cite_namespace = "municipalities"
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
        # Which rows each list shows, and in what order, is kept once per content change
        # (core.derived_cache, apart for staff, who see drafts); the rows themselves are
        # read by their ids on every request, through the rule again. Choosing them
        # took most of the page's queries' time: on PostgreSQL at scale the roles walked
        # the actors in name order (7 ms), the payments were planned across the rule's
        # joins (7 ms), the sources sorted all 782 of the municipality's (5 ms).
        kept = f"municipality:{municipality.pk}:{sees_drafts(user)}"
        # The roles, quotes and sources of its initiatives are asked for by their ids
        # (core.id_lists): as a subquery, PostgreSQL spent 15 ms planning the roles alone.
        here_ids = remember(f"{kept}:initiatives", lambda: list(here.values_list("pk", flat=True)))
        newest = here.newest_first()[:MAX_INITIATIVES]
        initiatives = rows_in_order(
            Initiative.objects.visible_to(user).select_related("type"),
            remember(f"{kept}:newest", lambda: list(newest.values_list("pk", flat=True))),
        )
        received = Funding.objects.visible_to(user).filter(recipient_municipality=municipality)
        roles = (
            Participation.objects.visible_to(user)
            .filter(in_ids(Participation, "initiative", here_ids))
            .order_by(*swedish("actor__name"), "role", "pk")[:MAX_ROWS]
        )
        participations = rows_in_order(
            Participation.objects.visible_to(user).joined(
                "actor", "initiative", "source__publisher"
            ),
            remember(f"{kept}:roles", lambda: list(roles.values_list("pk", flat=True))),
        )
        quote_links = (
            InitiativeQuote.objects.visible_to(user, semi_join=True)
            .filter(in_ids(InitiativeQuote, "initiative", here_ids))
            .joined("quote__speaker", "quote__article__publisher")
            .order_by("quote__pk")[:MAX_QUOTES]
        )
        # Sums over every payment the municipality received, once per content change.
        figures_key = f"municipality:{municipality.pk}:funding:{user.is_staff}"
        figures = remember(
            f"{figures_key}:{get_language()}",
            lambda: {
                "total": received.total(),
                "by_funder": received.by_funder(),
                "chart": funding_chart(received),
            },
        )
        funding_total, funding_is_lower_bound = figures["total"]
        context.update(
            timeline=timeline(initiatives),
            initiative_count=len(here_ids),
            initiatives_shown=len(initiatives),
            row_cap=MAX_ROWS,
            schools=School.objects.visible_to(user).filter(municipality=municipality),
            participations=participations,
            funding=Funding.objects.visible_to(user).table_rows(
                *NEWEST_PAYMENTS_FIRST,
                limit=MAX_ROWS,
                kept_as=f"{kept}:payments",
                recipient_municipality=municipality,
            ),
            funding_by_funder=figures["by_funder"],
            funding_total=funding_total,
            funding_is_lower_bound=funding_is_lower_bound,
            funding_chart=figures["chart"],
            funding_chart_html=charts.rendered_chart(
                figures_key, lambda: figures["chart"], "funding-chart"
            ),
            map=map_for_municipality(self.request, municipality),
            quotes=quotes_of(quote_links, Position.objects.visible_to(user)),
            sources=rows_in_order(
                Article.objects.visible_to(user).listed().joined("publisher"),
                remember(f"{kept}:sources", lambda: self.sources(municipality, here_ids)),
            ),
            references=References(),
        )
        return context

    def sources(self, municipality, initiative_ids):
        """The ids of the articles that mention the municipality or are cited by its
        initiatives, newest first (the page reads the rows by them).

        The two id sets are fetched first and merged here: an OR across two joins (or
        two IN subqueries) made PostgreSQL scan the whole article table at scale.
        Capped: a municipality with hundreds of sources lists the newest first. The ids
        go as one parameter (core.id_lists), and the list reads no article texts: at
        scale (782 ids) PostgreSQL took 5.2 ms with one parameter per id, 3.1 ms so.
        """
        mentioning = Article.municipalities.through.objects.filter(municipality=municipality)
        citing = InitiativeSource.objects.filter(
            in_ids(InitiativeSource, "initiative", initiative_ids)
        )
        ids = set(mentioning.values_list("article_id", flat=True))
        ids |= set(citing.values_list("article_id", flat=True))
        return list(
            Article.objects.visible_to(self.request.user)
            .filter(in_ids(Article, "id", ids))
            .order_by("-published_on", "-last_reviewed_on", "title")
            .values_list("pk", flat=True)[:MAX_SOURCES]
        )


class MunicipalityVersionView(VersionMixin, MunicipalityDetailView):
    """One version of a municipality's record (the page a citation links to)."""


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
