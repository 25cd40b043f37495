from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.contrib.sitemaps import views as sitemap_views
from django.urls import include, path

from . import data_quality, health, views
from .sitemaps import SITEMAPS

urlpatterns = [
    path("healthz", health.healthz, name="healthz"),
    path("readyz", health.readyz, name="readyz"),
    path("i18n/", include("django.conf.urls.i18n")),
    # Before admin.site.urls, whose app-index pattern would take "data-quality/".
    path(
        "admin/data-quality/",
        admin.site.admin_view(data_quality.data_quality_view),
        name="data_quality",
    ),
    path("admin/", admin.site.urls),
    path("robots.txt", views.robots_txt, name="robots"),
    path(
        "sitemap.xml",
        sitemap_views.index,
        {"sitemaps": SITEMAPS, "sitemap_url_name": "sitemap-section"},
        name="sitemap",
    ),
    path(
        "sitemap-<section>.xml",
        sitemap_views.sitemap,
        {"sitemaps": SITEMAPS},
        name="sitemap-section",
    ),
]

urlpatterns += i18n_patterns(
    path("", views.HomeView.as_view(), name="home"),
    path("search/", views.SearchView.as_view(), name="search"),
    path("", include("municipalities.urls")),
    path("", include("initiatives.urls")),
    path("actors/", include("initiatives.actor_urls")),
    path("articles/", include("articles.urls")),
    prefix_default_language=False,
)
