"""
/api/v1/: the read-only JSON API, its OpenAPI schema and its documentation.

Each list declares the query parameters it reads (core.caching.cache_keyed_on), so the
page cache stores and revalidates API answers exactly like pages: under the content
generation, with ETag and Last-Modified, dropped at any content change.
"""

from django.urls import path, re_path

from core.caching import cache_keyed_on, query_params_of
from initiatives.filters import InitiativeFilter

from . import views
from .docs import ApiDocsView, ApiSchemaView
from .problems import not_found

app_name = "api"
PAGES = ("page", "page_size")

urlpatterns = [
    path(
        "initiatives/",
        cache_keyed_on(*query_params_of(InitiativeFilter), *PAGES)(views.InitiativeList.as_view()),
        name="initiative-list",
    ),
    path(
        "initiatives/<slug:slug>/",
        views.InitiativeDetail.as_view(),
        name="initiative-detail",
    ),
    path(
        "municipalities/",
        cache_keyed_on("county", *PAGES)(views.MunicipalityList.as_view()),
        name="municipality-list",
    ),
    path(
        "municipalities/<slug:slug>/",
        views.MunicipalityDetail.as_view(),
        name="municipality-detail",
    ),
    path("counties/", cache_keyed_on(*PAGES)(views.CountyList.as_view()), name="county-list"),
    path("counties/<str:code>/", views.CountyDetail.as_view(), name="county-detail"),
    path("actors/", cache_keyed_on("kind", *PAGES)(views.ActorList.as_view()), name="actor-list"),
    path("actors/<slug:slug>/", views.ActorDetail.as_view(), name="actor-detail"),
    path("articles/", cache_keyed_on(*PAGES)(views.ArticleList.as_view()), name="article-list"),
    path("articles/<slug:slug>/", views.ArticleDetail.as_view(), name="article-detail"),
    path("types/", cache_keyed_on(*PAGES)(views.TypeList.as_view()), name="type-list"),
    path("types/<slug:slug>/", views.TypeDetail.as_view(), name="type-detail"),
    path("openapi.json", ApiSchemaView.as_view(), name="schema"),
    path("docs/", cache_keyed_on("script")(ApiDocsView.as_view()), name="docs"),
    # Anything else under /api/v1/: a 404 problem, not the site's HTML page.
    re_path(r"^", not_found),
]
