"""The county pages: every county with its totals, and one county in detail."""

from collections import Counter

from django.db.models import (
    Count,
    DecimalField,
    Exists,
    F,
    Max,
    Min,
    OuterRef,
    Q,
    Subquery,
    Sum,
)
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils.http import urlencode
from django.views.generic import DetailView, ListView

from core.collation import sort_key, swedish
from core.publishing import PublicationState
from front.maps import map_for_initiatives
from initiatives.models import Funding, Initiative
from municipalities.models import County, Municipality

from .compare import MAX_COMPARED, MIN_COMPARED

PUBLISHED_INITIATIVES = Q(initiatives__publication_state=PublicationState.PUBLISHED)


def _sum_of_funding(funding):
    """A Subquery of the total of `funding` (already filtered on an OuterRef)."""
    totals = (
        funding.order_by()
        .values("recipient_municipality__county")
        .annotate(total=Sum("amount_sek"))
    )
    return Subquery(totals.values("total"), output_field=DecimalField(max_digits=16))


def counties_with_totals():
    """Counties with their number of municipalities, published initiatives and funding.

    Subqueries rather than joins: joining municipalities, initiatives and funding at
    once would multiply the rows and inflate every sum.
    """
    published = Initiative.objects.published()
    initiative_count = (
        published.filter(municipalities__county=OuterRef("pk"))
        .order_by()
        .values("municipalities__county")
        .annotate(n=Count("pk", distinct=True))
        .values("n")
    )
    funding = Funding.objects.filter(
        initiative__in=published, recipient_municipality__county=OuterRef("pk")
    )
    return County.objects.annotate(
        municipality_count=Count("municipalities"),
        initiative_count=Coalesce(Subquery(initiative_count), 0),
        funding_sek=_sum_of_funding(funding),
        funding_is_lower_bound=Exists(funding.filter(is_lower_bound=True)),
    ).order_by("code")


def county_initiatives(county):
    """The county's published initiatives, each once, newest first, with their places."""
    links = Initiative.municipalities.through.objects.filter(municipality__county=county)
    return (
        Initiative.objects.published()
        .filter(pk__in=links.values("initiative"))
        .select_related("type")
        .prefetch_related("municipalities")
        .order_by(F("start_year").desc(nulls_last=True), *swedish("title"), "pk")
    )


def county_municipalities(county):
    """The county's municipalities with `initiative_count` and `funding_sek` (published only)."""
    funding = Funding.objects.filter(
        initiative__in=Initiative.objects.published(), recipient_municipality=OuterRef("pk")
    )
    totals = funding.order_by().values("recipient_municipality").annotate(total=Sum("amount_sek"))
    return (
        Municipality.objects.filter(county=county)
        .annotate(
            initiative_count=Count("initiatives", filter=PUBLISHED_INITIATIVES, distinct=True),
            funding_sek=Subquery(totals.values("total"), output_field=DecimalField(max_digits=16)),
        )
        .order_by(*swedish("name"))
    )


def funding_by_funder(county):
    """[{funder__slug, funder__name, total, payments, lower_bounds, first_year, last_year}]."""
    return list(
        Funding.objects.filter(
            initiative__in=Initiative.objects.published(), recipient_municipality__county=county
        )
        .order_by()
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


def by_type_and_year(initiatives):
    """A table of how many initiatives of each type started in each year.

    Returns (years, rows, totals): years has None last for "year not known"; each row is
    (type, [count per year], total); totals is [count per year] and the grand total.
    """
    cells = Counter((i.type, i.start_year) for i in initiatives)
    per_year = Counter(i.start_year for i in initiatives)
    years = sorted(year for year in per_year if year is not None)
    if None in per_year:
        years.append(None)
    rows = []
    for kind in sorted({i.type for i in initiatives}, key=lambda t: sort_key(t.name)):
        counts = [cells[kind, year] for year in years]
        rows.append((kind, counts, sum(counts)))
    return years, rows, ([per_year[year] for year in years], len(initiatives))


def compare_url(municipalities):
    """The compare page for the (up to four) municipalities with the most initiatives."""
    busiest = sorted(
        (m for m in municipalities if m.initiative_count),
        key=lambda m: (-m.initiative_count, sort_key(m.name)),
    )[:MAX_COMPARED]
    if len(busiest) < MIN_COMPARED:
        return ""
    query = urlencode([("m", m.slug) for m in busiest])
    return f"{reverse('municipalities:compare')}?{query}"


class CountyListView(ListView):
    template_name = "municipalities/county_list.html"
    context_object_name = "counties"

    def get_queryset(self):
        return counties_with_totals()


class CountyDetailView(DetailView):
    template_name = "municipalities/county_detail.html"
    context_object_name = "county"
    slug_field = "code"
    slug_url_kwarg = "code"
    queryset = County.objects.all()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        county = self.object
        municipalities = list(county_municipalities(county))
        initiatives = list(county_initiatives(county))
        funders = funding_by_funder(county)
        years, type_rows, totals = by_type_and_year(initiatives)
        context.update(
            municipalities=municipalities,
            compare_url=compare_url(municipalities),
            initiatives=initiatives,
            years=years,
            type_rows=type_rows,
            year_totals=totals,
            funders=funders,
            funding_total=sum(row["total"] for row in funders),
            funding_total_is_lower_bound=any(row["lower_bounds"] for row in funders),
            map=map_for_initiatives(
                self.request, Initiative.objects.all(), county=county.code, table=False
            ),
        )
        return context
