"""The public site's URLs, grouped by the namespaces templates reverse.

`cache_keyed_on(...)` names the query parameters a page reads: the whole-page cache
stores pages under those alone (core/caching.py). A page that reads a parameter must
list it here; one that lists nothing is cached only without a query string.
"""

from django.urls import path

from articles.models import Article
from core.caching import cache_keyed_on, query_params_of
from initiatives.filters import InitiativeFilter
from initiatives.models import Initiative
from municipalities.models import Municipality

from .exports import InitiativeCsvExportView, InitiativeJsonExportView
from .feeds import CountyFeed, MunicipalityFeed, browser_feed
from .sorting import PARAMETER as SORT
from .views import actors, articles, compare, counties, home, initiatives, municipalities, search
from .views.citations import RecordCitationView

# The <citeformat:format> converter of the citation files is registered by core.citations.


def citation_patterns(prefix, model, namespace, version_view):
    """A record's citation files and the pages of its public versions (front/views/citations.py)."""
    return [
        path(
            f"{prefix}<slug:slug>/cite.<citeformat:format>",
            RecordCitationView.as_view(model=model, cite_namespace=namespace),
            name="cite",
        ),
        path(f"{prefix}<slug:slug>/v/<int:history_id>/", version_view.as_view(), name="version"),
    ]


# Pages with the map read `map` (front/maps.py); paginated lists read `page`; sortable
# tables read `sort` (front/sorting.py).
MAP = "map"
PAGE = "page"

municipality_patterns = (
    [
        path(
            "municipalities/",
            cache_keyed_on("with_records", SORT)(municipalities.MunicipalityListView.as_view()),
            name="list",
        ),
        path(
            "municipalities/<slug:slug>/",
            cache_keyed_on(MAP)(municipalities.MunicipalityDetailView.as_view()),
            name="detail",
        ),
        *citation_patterns(
            "municipalities/",
            Municipality,
            "municipalities",
            municipalities.MunicipalityVersionView,
        ),
        path("municipalities/<slug:slug>/feed.atom", MunicipalityFeed(), name="feed"),
        path(
            "counties/", cache_keyed_on(SORT)(counties.CountyListView.as_view()), name="county-list"
        ),
        path(
            "counties/<str:code>/",
            cache_keyed_on(MAP, SORT, "funders")(counties.CountyDetailView.as_view()),
            name="county-detail",
        ),
        path("counties/<str:code>/feed.atom", CountyFeed(), name="county-feed"),
        path(
            "compare/",
            cache_keyed_on(*query_params_of(compare.CompareForm))(compare.CompareView.as_view()),
            name="compare",
        ),
    ],
    "municipalities",
)

initiative_patterns = (
    [
        path(
            "initiatives/",
            cache_keyed_on(*query_params_of(InitiativeFilter), PAGE, "page_size", MAP)(
                initiatives.InitiativeListView.as_view()
            ),
            name="list",
        ),
        path("initiatives/export.csv", InitiativeCsvExportView.as_view(), name="export-csv"),
        path("initiatives/export.json", InitiativeJsonExportView.as_view(), name="export-json"),
        path(
            "initiatives/feed.atom",
            cache_keyed_on(*query_params_of(InitiativeFilter))(browser_feed),
            name="feed",
        ),
        path("initiatives/<slug:slug>/", initiatives.InitiativeDetailView.as_view(), name="detail"),
        *citation_patterns(
            "initiatives/", Initiative, "initiatives", initiatives.InitiativeVersionView
        ),
    ],
    "initiatives",
)

actor_patterns = (
    [
        path("", cache_keyed_on("kind", PAGE)(actors.ActorListView.as_view()), name="list"),
        path("<slug:slug>/", actors.ActorDetailView.as_view(), name="detail"),
    ],
    "actors",
)

article_patterns = (
    [
        path("", cache_keyed_on(PAGE)(articles.ArticleListView.as_view()), name="list"),
        path("<slug:slug>/", articles.ArticleDetailView.as_view(), name="detail"),
        *citation_patterns("", Article, "articles", articles.ArticleVersionView),
    ],
    "articles",
)

page_patterns = [
    path("", cache_keyed_on(MAP)(home.HomeView.as_view()), name="home"),
    path("search/", cache_keyed_on("q")(search.SearchView.as_view()), name="search"),
]
