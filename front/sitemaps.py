"""sitemap.xml: every public page, in Swedish and English."""

from django.contrib.sitemaps import Sitemap
from django.urls import reverse

from actors.models import Actor
from articles.models import Article
from initiatives.models import Initiative
from municipalities.models import County, Municipality


class I18nSitemap(Sitemap):
    i18n = True
    alternates = True
    x_default = True
    limit = 5000  # per sitemap page (×2 languages stays under the 50 000 URL limit)


class StaticPagesSitemap(I18nSitemap):
    def items(self):
        return [
            "home",
            "municipalities:list",
            "municipalities:county-list",
            "municipalities:compare",
            "initiatives:list",
            "actors:list",
            "articles:list",
            "datasets:page",
        ]

    def location(self, item):
        return reverse(item)


class MunicipalitySitemap(I18nSitemap):
    def items(self):
        return Municipality.objects.order_by("code").only("slug")


class CountySitemap(I18nSitemap):
    def items(self):
        return County.objects.order_by("code")

    def location(self, item):
        return item.get_absolute_url()


class InitiativeSitemap(I18nSitemap):
    def items(self):
        return Initiative.objects.published().order_by("pk").only("slug", "updated_at")

    def lastmod(self, item):
        return item.updated_at


class ActorSitemap(I18nSitemap):
    def items(self):
        return Actor.objects.published().order_by("pk").only("slug", "updated_at")

    def lastmod(self, item):
        return item.updated_at


class ArticleSitemap(I18nSitemap):
    def items(self):
        return Article.objects.published().order_by("pk").only("slug", "updated_at")

    def lastmod(self, item):
        return item.updated_at


SITEMAPS = {
    "pages": StaticPagesSitemap,
    "counties": CountySitemap,
    "municipalities": MunicipalitySitemap,
    "initiatives": InitiativeSitemap,
    "actors": ActorSitemap,
    "articles": ArticleSitemap,
}
