from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from core.admin_base import (
    SimilarNameWarningMixin,
    VersionedAdmin,
    VersionedStackedInline,
    VersionedTabularInline,
)
from core.collation import swedish
from core.review import ReviewAdminMixin

from .forms import InitiativeAdminForm
from .models import (
    Funding,
    Initiative,
    InitiativeClaim,
    InitiativeQuote,
    InitiativeSchool,
    InitiativeSource,
    InitiativeType,
    Participation,
)
from .resources import (
    FundingResource,
    InitiativeResource,
    ParticipationResource,
    SpreadsheetImportExportMixin,
)

EVIDENCE_FIELDS: list[str | tuple[str, ...]] = ["source", "passage", ("basis", "inference_reason")]


@admin.register(InitiativeType)
class InitiativeTypeAdmin(VersionedAdmin):
    list_display = ["name_sv", "name_en", "slug"]
    search_fields = ["name_sv", "name_en", "slug"]
    prepopulated_fields = {"slug": ["name_en"]}
    ordering = swedish("name_sv")


class InitiativeSourceInline(VersionedTabularInline):
    model = InitiativeSource
    autocomplete_fields = ["article"]
    extra = 0
    verbose_name = _("source article")
    verbose_name_plural = _("source articles")


class InitiativeClaimInline(VersionedStackedInline):
    model = InitiativeClaim
    autocomplete_fields = ["source"]
    extra = 0
    fields = [("aspect", "year"), *EVIDENCE_FIELDS]


class InitiativeSchoolInline(VersionedStackedInline):
    model = InitiativeSchool
    autocomplete_fields = ["school", "source"]
    extra = 0
    fields = ["school", *EVIDENCE_FIELDS]


class ParticipationInline(VersionedStackedInline):
    model = Participation
    autocomplete_fields = ["actor", "source"]
    extra = 0
    fields = [("actor", "role"), "note", *EVIDENCE_FIELDS]


class FundingInline(VersionedStackedInline):
    model = Funding
    fk_name = "initiative"
    autocomplete_fields = ["funder", "recipient_municipality", "recipient_actor", "source"]
    extra = 0
    fields = [
        ("funder", "recipient_municipality", "recipient_actor"),
        ("amount_sek", "is_lower_bound", "year"),
        "note",
        *EVIDENCE_FIELDS,
    ]


class InitiativeQuoteInline(VersionedTabularInline):
    model = InitiativeQuote
    autocomplete_fields = ["quote"]
    extra = 0


@admin.register(Initiative)
class InitiativeAdmin(
    SpreadsheetImportExportMixin, ReviewAdminMixin, SimilarNameWarningMixin, VersionedAdmin
):
    form = InitiativeAdminForm
    resource_classes = [InitiativeResource]
    list_display = ["title", "type", "start_year", "end_year", "status", "publication_state"]
    list_filter = ["publication_state", "type", "status", "municipalities__county"]
    list_select_related = ["type"]
    search_fields = ["title", "slug", "summary"]
    prepopulated_fields = {"slug": ["title"]}
    autocomplete_fields = ["type", "municipalities", "part_of"]
    readonly_fields = ["created_at", "updated_at", "published_at", "published_by"]
    inlines = [
        InitiativeSourceInline,
        InitiativeClaimInline,
        InitiativeSchoolInline,
        ParticipationInline,
        FundingInline,
        InitiativeQuoteInline,
    ]
    fieldsets = [
        (None, {"fields": ["title", "slug", "type", "summary", "status", "part_of"]}),
        (_("Where"), {"fields": ["municipalities"]}),
        (_("When"), {"fields": [("start_year", "end_year"), ("start_date", "end_date")]}),
        (
            _("Publication"),
            {
                "fields": [
                    "publication_state",
                    ("published_at", "published_by"),
                    ("created_at", "updated_at"),
                ]
            },
        ),
    ]


@admin.register(Participation)
class ParticipationAdmin(SpreadsheetImportExportMixin, VersionedAdmin):
    resource_classes = [ParticipationResource]
    list_display = ["actor", "role", "initiative", "source", "basis"]
    list_filter = ["role", "basis"]
    list_select_related = ["actor", "initiative", "source"]
    search_fields = ["actor__name", "initiative__title", "note", "passage"]
    autocomplete_fields = ["initiative", "actor", "source"]


@admin.register(Funding)
class FundingAdmin(SpreadsheetImportExportMixin, VersionedAdmin):
    resource_classes = [FundingResource]
    list_display = [
        "funder",
        "recipient_municipality",
        "recipient_actor",
        "amount_sek",
        "year",
        "initiative",
        "source",
    ]
    list_filter = ["year", "basis"]
    list_select_related = [
        "funder",
        "recipient_municipality",
        "recipient_actor",
        "initiative",
        "source",
    ]
    search_fields = ["funder__name", "recipient_municipality__name", "initiative__title", "note"]
    autocomplete_fields = [
        "initiative",
        "funder",
        "recipient_municipality",
        "recipient_actor",
        "source",
    ]
