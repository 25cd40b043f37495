"""The public site's URLs, grouped by the namespaces templates reverse."""

from django.urls import path

from .exports import InitiativeCsvExportView, InitiativeJsonExportView
from .views import actors, articles, compare, counties, home, initiatives, municipalities, search

municipality_patterns = (
    [
        path("municipalities/", municipalities.MunicipalityListView.as_view(), name="list"),
        path(
            "municipalities/<slug:slug>/",
            municipalities.MunicipalityDetailView.as_view(),
            name="detail",
        ),
        path("counties/", counties.CountyListView.as_view(), name="county-list"),
        path("counties/<str:code>/", counties.CountyDetailView.as_view(), name="county-detail"),
        path("compare/", compare.CompareView.as_view(), name="compare"),
    ],
    "municipalities",
)

initiative_patterns = (
    [
        path("initiatives/", initiatives.InitiativeListView.as_view(), name="list"),
        path("initiatives/export.csv", InitiativeCsvExportView.as_view(), name="export-csv"),
        path("initiatives/export.json", InitiativeJsonExportView.as_view(), name="export-json"),
        path("initiatives/<slug:slug>/", initiatives.InitiativeDetailView.as_view(), name="detail"),
    ],
    "initiatives",
)

actor_patterns = (
    [
        path("", actors.ActorListView.as_view(), name="list"),
        path("<slug:slug>/", actors.ActorDetailView.as_view(), name="detail"),
    ],
    "actors",
)

article_patterns = (
    [
        path("", articles.ArticleListView.as_view(), name="list"),
        path("<slug:slug>/", articles.ArticleDetailView.as_view(), name="detail"),
    ],
    "articles",
)

page_patterns = [
    path("", home.HomeView.as_view(), name="home"),
    path("search/", search.SearchView.as_view(), name="search"),
]
