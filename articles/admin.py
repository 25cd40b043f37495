from django.contrib import admin

from core.admin_base import VersionedAdmin
from core.review import ReviewAdminMixin

from .admin_intake import ArticleIntakeMixin
from .models import Article, Quote


class QuoteInline(admin.StackedInline):
    model = Quote
    autocomplete_fields = ["speaker", "initiative"]
    extra = 0


@admin.register(Article)
class ArticleAdmin(ArticleIntakeMixin, ReviewAdminMixin, VersionedAdmin):
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
    inlines = [QuoteInline]


@admin.register(Quote)
class QuoteAdmin(VersionedAdmin):
    list_display = ["speaker", "article", "initiative"]
    list_select_related = ["speaker", "article", "initiative"]
    search_fields = ["text", "speaker__name", "article__title"]
    autocomplete_fields = ["article", "speaker", "initiative"]
