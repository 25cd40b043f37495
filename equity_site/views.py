"""Pages that span the apps: the start page, search and robots.txt."""

from urllib.parse import urlencode

from django.db.models import Count
from django.http import HttpResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET
from django.views.generic import TemplateView

from articles.models import Article
from equity_site.derived_cache import remember
from equity_site.publishing import PublicationState
from initiatives import text_search
from initiatives.models import Actor, Initiative, InitiativeType
from initiatives.views import initiatives_per_year_chart
from municipalities.maps import map_for_initiatives
from municipalities.models import County, Municipality

SEARCH_LIMIT = 10


class HomeView(TemplateView):
    template_name = "home.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        published = Initiative.objects.published()
        type_counts = remember("home:type-counts", lambda: type_counts_of(published))
        types = list(InitiativeType.objects.order_by("name_sv"))
        for kind in types:
            kind.n = type_counts.get(kind.pk, 0)
        context.update(
            counts=remember("home:counts", lambda: site_counts(published)),
            latest=published.for_listing().order_by("-published_at", "-created_at", "pk")[:5],
            types=types,
            counties=County.objects.order_by("code"),
            chart=initiatives_per_year_chart(
                remember("home:chart", published.counts_by_year_and_type),
                _("Initiatives per start year and type"),
            ),
            map=map_for_initiatives(self.request, published, cache_as="published"),
        )
        return context


def type_counts_of(initiatives):
    return dict(initiatives.order_by().values_list("type").annotate(n=Count("pk")))


def site_counts(published):
    """The start page's figures; aggregates over every row, so kept per content change."""
    links = Initiative.municipalities.through.objects.filter(
        initiative__publication_state=PublicationState.PUBLISHED
    )
    return {
        "initiatives": published.count(),
        "municipalities": links.values("municipality_id").distinct().count(),
        "actors": Actor.objects.count(),
        "articles": Article.objects.published().count(),
    }


class SearchView(TemplateView):
    """One box over initiatives, municipalities, actors and articles, best matches first."""

    template_name = "search.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        query = self.request.GET.get("q", "").strip()[:200]
        context["query"] = query
        if not text_search.words(query):
            context["groups"] = []
            return context
        user = self.request.user
        initiatives = text_search.ranked(
            Initiative.objects.visible_to(user).select_related("type"),
            query,
            ["title", "summary"],
            SEARCH_LIMIT,
        )
        actors = text_search.ranked(
            Actor.objects.all(), query, ["name", "aliases", "title"], SEARCH_LIMIT
        )
        articles = text_search.ranked(
            Article.objects.visible_to(user).select_related("publisher"),
            query,
            ["title", "body"],
            SEARCH_LIMIT,
        )
        municipalities = self.municipalities(query)
        context["groups"] = [
            (
                _("Initiatives"),
                [(i, i.title, text_search.highlight(i.summary, query)) for i in initiatives],
                f"{reverse('initiatives:list')}?{urlencode({'q': query})}",
            ),
            (
                _("Municipalities"),
                [(m, m.name, m.county.name) for m in municipalities],
                None,
            ),
            (
                _("Actors"),
                [
                    (a, a.name, text_search.highlight(a.title or a.get_kind_display(), query))
                    for a in actors
                ],
                None,
            ),
            (
                _("Sources"),
                [(a, a.title, text_search.highlight(a.body, query)) for a in articles],
                None,
            ),
        ]
        context["total"] = sum(len(rows) for _label, rows, _more in context["groups"])
        return context

    @staticmethod
    def municipalities(query):
        """Municipalities named in the query, genitive -s included ("Borlänges").

        There are only 290, so the names are matched in Python: SQLite's LIKE folds
        case for ASCII only, and Å/Ä/Ö must match å/ä/ö.
        """
        wanted = query.casefold()
        words = {w.casefold() for w in text_search.words(query)}
        words |= {w.removesuffix("s") for w in words}
        found = [
            m
            for m in Municipality.objects.select_related("county").order_by("name")
            if m.name.casefold() in words or (" " in m.name and m.name.casefold() in wanted)
        ]
        return found[:SEARCH_LIMIT]


@require_GET
def robots_txt(request):
    lines = [
        "User-agent: *",
        "Disallow: /admin/",
        f"Sitemap: {request.build_absolute_uri(reverse('sitemap'))}",
    ]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain")
