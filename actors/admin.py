from django.contrib import admin

from core.admin_base import SimilarNameWarningMixin, VersionedAdmin
from core.collation import swedish
from core.review import ReviewAdminMixin

from .forms import ActorAdminForm
from .models import Actor


@admin.register(Actor)
class ActorAdmin(ReviewAdminMixin, SimilarNameWarningMixin, VersionedAdmin):
    form = ActorAdminForm
    list_display = ["name", "kind", "municipality", "publication_state"]
    list_filter = ["publication_state", "kind"]
    list_select_related = ["municipality"]
    search_fields = ["name", "slug", "aliases"]
    prepopulated_fields = {"slug": ["name"]}
    autocomplete_fields = ["municipality", "school"]
    readonly_fields = ["created_at", "updated_at", "published_at", "published_by"]
    # Swedish order here also orders the actor autocompletes everywhere in the admin.
    ordering = swedish("name")
