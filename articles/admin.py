from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from core.admin_base import VersionedAdmin, VersionedStackedInline
from core.review import ReviewAdminMixin

from .admin_intake import ArticleIntakeMixin
from .forms import ArticleAdminForm
from .models import Article, Position, Quote


class QuoteInline(VersionedStackedInline):
    model = Quote
    autocomplete_fields = ["speaker"]
    extra = 0


class PositionInline(VersionedStackedInline):
    model = Position
    fk_name = "source"
    autocomplete_fields = ["actor", "organisation"]
    extra = 0
    verbose_name = _("position the article states")
    verbose_name_plural = _("positions the article states")
    fields = [
        ("actor", "title", "organisation", "year"),
        "passage",
        ("basis", "inference_reason"),
    ]


@admin.register(Article)
class ArticleAdmin(ArticleIntakeMixin, ReviewAdminMixin, VersionedAdmin):
    form = ArticleAdminForm
    list_display = [
        "title",
        "publisher",
        "published_on",
        "last_reviewed_on",
        "language",
        "publication_state",
    ]
    list_filter = ["publication_state", "language", "publisher"]
    list_select_related = ["publisher"]
    search_fields = ["title", "slug", "url", "body"]
    prepopulated_fields = {"slug": ["title"]}
    autocomplete_fields = ["publisher", "author", "municipalities", "schools", "actors"]
    readonly_fields = ["created_at", "updated_at", "published_at", "published_by"]
    inlines = [QuoteInline, PositionInline]


@admin.register(Quote)
class QuoteAdmin(VersionedAdmin):
    list_display = ["speaker", "article"]
    list_select_related = ["speaker", "article"]
    search_fields = ["text", "speaker__name", "article__title"]
    autocomplete_fields = ["article", "speaker"]


@admin.register(Position)
class PositionAdmin(VersionedAdmin):
    list_display = ["actor", "title", "organisation", "year", "source", "basis"]
    list_filter = ["basis"]
    list_select_related = ["actor", "organisation", "source"]
    search_fields = ["actor__name", "title", "organisation__name", "passage"]
    autocomplete_fields = ["actor", "organisation", "source"]
