"""The county pages: every county with its totals, and one county in detail."""

from collections import Counter

from django.db.models import (
    Count,
)
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.generic import DetailView, ListView

from core.collation import sort_key, swedish, swedish_desc
from core.derived_cache import remember
from front.maps import map_for_initiatives
from front.sorting import Column, Sorting
from initiatives.models import Funding, Initiative, InitiativeType, places
from initiatives.totals import counties_with_totals, municipalities_with_totals
from municipalities.models import County

from .compare import MAX_COMPARED, MIN_COMPARED
from .municipalities import (
    MAX_INITIATIVES,
    by_count,
    municipality_columns,
    table_rows,
)

# Funders listed on a county's page unless every one is asked for (`?funders=all`).
MAX_FUNDERS = 50


def county_columns():
    return [
        Column("name", _("County"), tuple(swedish("name")), tuple(swedish_desc("name"))),
        Column("code", _("Code"), ("code",), ("-code",)),
        Column(
            "with_records",
            _("Municipalities with records"),
            *by_count("municipalities_with_records"),
            numeric=True,
        ),
        Column("initiatives", _("Initiatives"), *by_count("initiative_count"), numeric=True),
        Column("funding", _("Funding received"), *by_count("funding_sek"), numeric=True),
    ]


def county_initiatives(county, user):
    """The county's initiatives `user` may see, each once, newest first, with their places.

    The page shows only the newest MAX_INITIATIVES: a county at scale has thousands.
    """
    return (
        Initiative.objects.visible_to(user)
        .in_county(county)
        .select_related("type")
        .prefetch_related(places())
        .newest_first()
    )


def county_municipalities(county, sorting):
    """The county's municipalities with their totals (see municipalities_with_totals)."""
    return municipalities_with_totals().filter(county=county).order_by(*sorting.order_by, "pk")


def county_municipality_columns():
    """The county page's table: the list page's columns but the county."""
    return [column for column in municipality_columns() if column.key != "county"]


def by_type_and_year(initiatives):
    """A table of how many of `initiatives` (a queryset) of each type started in each year.

    Counted in the database, whatever the number of initiatives. Returns (years, rows,
    totals): years has None last for "year not known"; each row is (type, [count per
    year], total); totals is [count per year] and the grand total.
    """
    counted = initiatives.order_by().values_list("type", "start_year").annotate(n=Count("pk"))
    cells: Counter[tuple] = Counter()
    per_year: Counter[int | None] = Counter()
    for type_id, year, n in counted:
        cells[type_id, year] += n
        per_year[year] += n
    known = sorted(year for year in per_year if year is not None)
    years: list[int | None] = [*known, None] if None in per_year else [*known]
    types = InitiativeType.objects.filter(pk__in={type_id for type_id, _year in cells})
    rows = []
    for kind in sorted(types, key=lambda t: sort_key(t.name)):
        counts = [cells[kind.pk, year] for year in years]
        rows.append((kind, counts, sum(counts)))
    return years, rows, ([per_year[year] for year in years], sum(per_year.values()))


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
    """The 21 counties, those with records first unless `?sort=` says otherwise."""

    template_name = "municipalities/county_list.html"
    context_object_name = "counties"

    def get_queryset(self):
        self.sorting = Sorting(self.request, county_columns(), default="-initiatives")
        return counties_with_totals().order_by(*self.sorting.order_by, "pk")

    def get_context_data(self, **kwargs):
        return super().get_context_data(sorting=self.sorting, **kwargs)


def every_funder_url(request):
    """The county's page as it is, with every funder listed."""
    query = request.GET.copy()
    query["funders"] = "all"
    return f"?{query.urlencode()}#funders"


class CountyDetailView(DetailView):
    template_name = "municipalities/county_detail.html"
    context_object_name = "county"
    slug_field = "code"
    slug_url_kwarg = "code"
    queryset = County.objects.all()

    def get_context_data(self, **kwargs):
        # The initiatives are capped and counted in the database, so the page keeps its
        # size and query count in a county with five or five thousand initiatives.
        context = super().get_context_data(**kwargs)
        county = self.object
        sorting = Sorting(
            self.request,
            county_municipality_columns(),
            default="-initiatives",
            anchor="municipalities",
        )
        municipalities = list(county_municipalities(county, sorting))
        in_county = county_initiatives(county, self.request.user)
        initiatives = list(in_county[:MAX_INITIATIVES])
        funders, (years, type_rows, totals) = self.aggregates(county, in_county)
        # The largest funders; all of them on request (a county at scale has some 200).
        show_every_funder = self.request.GET.get("funders") == "all"
        context.update(
            municipalities=municipalities,
            table=table_rows(municipalities),
            sorting=sorting,
            municipalities_with_records=sum(1 for m in municipalities if m.initiative_count),
            compare_url=compare_url(municipalities),
            initiatives=initiatives,
            initiative_count=totals[1],
            years=years,
            type_rows=type_rows,
            year_totals=totals,
            funders=funders if show_every_funder else funders[:MAX_FUNDERS],
            funder_count=len(funders),
            every_funder_url=every_funder_url(self.request),
            funding_total=sum(row["total"] for row in funders),
            funding_total_is_lower_bound=any(row["lower_bounds"] for row in funders),
            map=map_for_initiatives(
                self.request,
                Initiative.objects.all(),
                county=county.code,
                table=False,
                cache_as="published",
            ),
        )
        return context

    def aggregates(self, county, in_county):
        """(funders, by type and year): GROUP BY queries over the county's thousands of
        initiatives and payments at scale (80–130 ms), so counted once per content change
        (core.derived_cache), apart for staff, who also see drafts."""

        def compute():
            funders = (
                Funding.objects.visible_to(self.request.user)
                .filter(recipient_municipality__county=county)
                .by_funder()
            )
            return funders, by_type_and_year(in_county)

        return remember(f"county:{county.code}:{self.request.user.is_staff}", compute)
