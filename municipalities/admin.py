from django.contrib import admin

from core.admin_base import SimilarNameWarningMixin, VersionedAdmin
from core.collation import swedish
from core.review import ReviewAdminMixin

from .forms import SchoolAdminForm
from .models import County, Municipality, School


@admin.register(County)
class CountyAdmin(VersionedAdmin):
    list_display = ["code", "name"]
    search_fields = ["code", "name"]


@admin.register(Municipality)
class MunicipalityAdmin(VersionedAdmin):
    list_display = ["name", "code", "county", "population", "population_year"]
    list_filter = ["county"]
    list_select_related = ["county"]
    search_fields = ["name", "code", "slug"]
    prepopulated_fields = {"slug": ["name"]}
    autocomplete_fields = ["county"]
    # Swedish order here also orders the municipality autocompletes and filters.
    ordering = swedish("name")


@admin.register(School)
class SchoolAdmin(ReviewAdminMixin, SimilarNameWarningMixin, VersionedAdmin):
    form = SchoolAdminForm
    list_display = ["name", "municipality", "stages", "status", "year_closed", "publication_state"]
    list_filter = ["publication_state", "status", "municipality__county"]
    list_select_related = ["municipality"]
    search_fields = ["name", "slug", "aliases", "municipality__name"]
    prepopulated_fields = {"slug": ["name"]}
    autocomplete_fields = ["municipality"]
    ordering = swedish("name")
