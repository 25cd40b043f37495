"""Pages that span the apps: the start page, search and robots.txt."""

from django.db.models import Count
from django.http import HttpResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET
from django.views.generic import TemplateView

from actors.models import Actor
from articles.models import Article
from core.collation import sort_key
from core.derived_cache import remember
from core.id_lists import rows_in_order
from front.charts import initiatives_per_year_chart, rendered_chart
from front.maps import map_for_initiatives
from initiatives.models import Initiative, InitiativeType
from initiatives.totals import counties_with_totals

SEARCH_LIMIT = 10


class HomeView(TemplateView):
    template_name = "home.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        published = Initiative.objects.published()
        type_counts = remember("home:type-counts", lambda: type_counts_of(published))
        types = [
            (kind, type_counts.get(kind.pk, 0))
            for kind in sorted(InitiativeType.objects.all(), key=lambda kind: sort_key(kind.name))
        ]
        counts = remember("home:counts", lambda: site_counts(published))
        context.update(
            counts=counts,
            latest=latest_additions(published),
            types=types,
            counties=remember("home:counties", lambda: list(counties_with_totals())),
            chart_html=rendered_chart(
                "home",
                lambda: initiatives_per_year_chart(
                    published.counts_by_year_and_type(),
                    _("Initiatives per start year and type"),
                    total=counts["initiatives"],
                ),
                "home-chart",
            ),
            map=map_for_initiatives(self.request, published, cache_as="published"),
        )
        return context


def latest_additions(published, count=5):
    """The `count` initiatives published last, each with its public funding total.

    Which they are and their totals are worked out once per content change (core.
    derived_cache) and the rows read by their ids: the totals' two correlated
    subqueries, annotated on the page's query, were built and compiled on every
    request, half the start page's time (a grouped query of its own per request cost
    PostgreSQL more in planning than it saved: the twenty-fourth and twenty-seventh
    passes)."""
    chosen = remember(
        "home:latest",
        lambda: list(
            published.with_total_funding()
            .latest_first()
            .values_list("pk", "total_funding_sek", "funding_is_lower_bound")[:count]
        ),
    )
    rows = rows_in_order(published.for_listing(), [pk for pk, _total, _lower in chosen])
    totals = {pk: (total, lower) for pk, total, lower in chosen}
    for row in rows:
        row.total_funding_sek, row.funding_is_lower_bound = totals[row.pk]
    return rows


def type_counts_of(initiatives):
    return dict(initiatives.order_by().values_list("type").annotate(n=Count("pk")))


def site_counts(published):
    """The start page's figures; aggregates over every row, so kept per content change."""
    links = Initiative.municipalities.through.objects.filter(initiative__in=published)
    return {
        "initiatives": published.count(),
        "municipalities": links.values("municipality_id").distinct().count(),
        "actors": Actor.objects.published().count(),
        "articles": Article.objects.published().count(),
    }


@require_GET
def robots_txt(request):
    lines = [
        "User-agent: *",
        "Disallow: /admin/",
        f"Sitemap: {request.build_absolute_uri(reverse('sitemap'))}",
    ]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain")
