from django.contrib import admin

from core.admin_base import VersionedAdmin
from core.collation import swedish
from core.similarity import SimilarNameWarningMixin

from .models import Actor


@admin.register(Actor)
class ActorAdmin(SimilarNameWarningMixin, VersionedAdmin):
    list_display = ["name", "kind", "title", "affiliation", "municipality"]
    list_filter = ["kind"]
    list_select_related = ["affiliation", "municipality"]
    search_fields = ["name", "slug", "title", "aliases"]
    prepopulated_fields = {"slug": ["name"]}
    autocomplete_fields = ["affiliation", "municipality", "school"]
    # Swedish order here also orders the actor autocompletes everywhere in the admin.
    ordering = swedish("name")
