from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.contrib.sitemaps import views as sitemap_views
from django.urls import include, path
from django.utils.translation import gettext_lazy as _

from core import health
from core.caching import cache_keyed_on
from curation.data_quality import data_quality_view
from datasets import urls as dataset_urls
from front import urls as front_urls
from front.sitemaps import SITEMAPS
from front.views.home import robots_txt

# The admin under the site's name, not "Django administration".
admin.site.site_header = _("Skoljämlikhet – staff")
admin.site.site_title = _("Skoljämlikhet staff")
admin.site.index_title = _("Curation")

urlpatterns = [
    path("healthz", health.healthz, name="healthz"),
    path("readyz", health.readyz, name="readyz"),
    path("i18n/", include("django.conf.urls.i18n")),
    # Before admin.site.urls, whose app-index pattern would take "data-quality/".
    path("admin/data-quality/", admin.site.admin_view(data_quality_view), name="data_quality"),
    path("admin/", admin.site.urls),
    path("robots.txt", robots_txt, name="robots"),
    # The data package's files: the same bytes in every language.
    path("data/", include(dataset_urls.file_patterns)),
    # The JSON API: one address in every language (answers carry both where it matters).
    path("api/v1/", include("api.urls")),
    path(
        "sitemap.xml",
        sitemap_views.index,
        {"sitemaps": SITEMAPS, "sitemap_url_name": "sitemap-section"},
        name="sitemap",
    ),
    path(
        "sitemap-<section>.xml",
        cache_keyed_on("p")(sitemap_views.sitemap),  # ?p=2: the section's second page
        {"sitemaps": SITEMAPS},
        name="sitemap-section",
    ),
]

urlpatterns += i18n_patterns(
    *front_urls.page_patterns,
    path("", include(front_urls.municipality_patterns)),
    path("", include(front_urls.initiative_patterns)),
    path("actors/", include(front_urls.actor_patterns)),
    path("articles/", include(front_urls.article_patterns)),
    path("", include(dataset_urls.page_patterns)),
    prefix_default_language=False,
)
