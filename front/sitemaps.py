"""sitemap.xml: every public page, in Swedish and English."""

from collections.abc import Sequence
from functools import cached_property

from django.conf import settings
from django.contrib.sitemaps import Sitemap
from django.core.paginator import Paginator
from django.db.models import Max, QuerySet
from django.urls import reverse

from actors.models import Actor
from articles.models import Article
from initiatives.models import Initiative
from municipalities.models import County, Municipality


class ItemsInEachLanguage(Sequence):
    """(item, language) for every item of a queryset and every language, in Django's i18n
    sitemap order, read only as far as a page of them is asked for.

    Django's i18n sitemap makes this list whole for every request: the index and each
    page of 5 000 URLs read all 100 000 articles (the index 3-5 s at scale)."""

    def __init__(self, items, languages):
        self.items, self.languages = items, languages

    @cached_property
    def _length(self):
        return self.items.count() * len(self.languages)

    def __len__(self):
        return self._length

    def __iter__(self):
        # All of them in one query (Sequence's own would ask one index at a time).
        return ((item, language) for item in self.items for language in self.languages)

    def __getitem__(self, index):
        if not isinstance(index, slice):
            position = index + len(self) if index < 0 else index
            if not 0 <= position < len(self):
                raise IndexError(index)
            return self[position : position + 1][0]
        start, stop, _step = index.indices(len(self))
        per_item = len(self.languages)
        first = start // per_item
        items = self.items[first : -(-stop // per_item)]
        pairs = [(item, language) for item in items for language in self.languages]
        return pairs[start - first * per_item : stop - first * per_item]


class I18nSitemap(Sitemap):
    i18n = True
    alternates = True
    x_default = True
    limit = 5000  # per sitemap page (×2 languages stays under the 50 000 URL limit)
    languages = [code for code, _name in settings.LANGUAGES]

    @property
    def paginator(self):
        items = self.items()
        if not isinstance(items, QuerySet):
            return super().paginator
        return Paginator(ItemsInEachLanguage(items, self.languages), self.limit)


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


class RecordSitemap(I18nSitemap):
    """A kind of public record, each dated by its last change."""

    model: type[Initiative | Actor | Article]

    def items(self):
        return self.model.objects.published().order_by("pk").only("slug", "updated_at")

    def lastmod(self, item):
        return item.updated_at

    def get_latest_lastmod(self):
        # One query, not every record read for its date (Django's default).
        latest = self.model.objects.published().aggregate(latest=Max("updated_at"))
        return latest["latest"]


class InitiativeSitemap(RecordSitemap):
    model = Initiative


class ActorSitemap(RecordSitemap):
    model = Actor


class ArticleSitemap(RecordSitemap):
    model = Article


SITEMAPS = {
    "pages": StaticPagesSitemap,
    "counties": CountySitemap,
    "municipalities": MunicipalitySitemap,
    "initiatives": InitiativeSitemap,
    "actors": ActorSitemap,
    "articles": ArticleSitemap,
}
