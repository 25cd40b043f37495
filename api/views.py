"""
The read-only JSON API: published records only, whoever asks.

Every queryset comes from core.publishing (`published()`, `public_q`), nested ones
too; the initiative list is filtered and ordered by the browser's own FilterSet
(initiatives/filters.py), so a query string selects the same initiatives in the
browser, the exports and here, and refuses the same values with the same messages.
"""

from django.db.models import Count, Prefetch
from django.utils import translation
from django_filters import rest_framework as filters
from drf_spectacular.contrib.django_filters import DjangoFilterExtension
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import generics

from actors.models import Actor
from articles.models import Article, Position, Quote
from core.collation import swedish
from core.publishing import public_q
from initiatives.filters import ORDER_CHOICES, InitiativeFilter, selection_key
from initiatives.models import (
    Funding,
    Initiative,
    InitiativeClaim,
    InitiativeSchool,
    InitiativeSource,
    InitiativeType,
    Participation,
)
from initiatives.totals import counties_with_totals, municipalities_with_totals
from municipalities.models import MAX_YEAR, MIN_YEAR, County, Municipality, School

from . import serializers
from .problems import InvalidFilters


class FilterSetBackend(filters.DjangoFilterBackend):
    """django-filter's backend, answering invalid values with a 400 problem that carries
    the FilterSet's messages, and ordering as the FilterSet orders (`results`)."""

    def filter_queryset(self, request, queryset, view):
        filterset = self.get_filterset(request, queryset, view)
        if filterset is None:
            return queryset
        if not filterset.is_valid():
            # In the language the client asks for (Accept-Language; Swedish by default).
            # Only here: a 400 is never stored, unlike the answers the page cache keys
            # on the address's language (Swedish under /api/).
            with translation.override(translation.get_language_from_request(request)):
                raise InvalidFilters(filterset)
        results = getattr(filterset, "results", None)
        return filterset.qs if results is None else results


def published_initiatives():
    return Initiative.objects.published()


def public_parent():
    """`part_of` only when the parent is public itself."""
    return Prefetch("part_of", queryset=published_initiatives())


def year_parameter(name, description):
    return OpenApiParameter(
        name, {"type": "integer", "minimum": MIN_YEAR, "maximum": MAX_YEAR}, description=description
    )


def text_parameter(name, description):
    return OpenApiParameter(name, OpenApiTypes.STR, description=description)


# The browser's filters, described for the schema (the FilterSet decides what is valid).
INITIATIVE_PARAMETERS = [
    OpenApiParameter(
        "type",
        {"type": "array", "items": {"type": "string"}},
        explode=True,
        description="A type's slug (see /api/v1/types/); repeat for several types.",
    ),
    year_parameter("year", "Active in this year."),
    year_parameter("year_from", "Active in this year or later."),
    year_parameter("year_to", "Active in this year or earlier."),
    text_parameter("municipality", "A municipality's slug."),
    text_parameter("county", "A county's two-digit code."),
    text_parameter("actor", "An actor with any role: its slug or its name."),
    text_parameter("funder", "An actor that paid: its slug or its name."),
    OpenApiParameter(
        "has_funding", OpenApiTypes.STR, enum=["true", "false"], description="With or without."
    ),
    text_parameter("q", "Words in the title or summary (Swedish stemming on PostgreSQL)."),
    OpenApiParameter(
        "order",
        OpenApiTypes.STR,
        enum=[value for value, _label in ORDER_CHOICES],
        description="newest (the default), oldest, title or funding.",
    ),
]


def schema_only(view):
    """True while drf-spectacular inspects the view for the schema: the totals querysets
    read the database (cached counts), which the schema (and `check`) must not need."""
    return getattr(view, "swagger_fake_view", False)


@extend_schema_view(
    get=extend_schema(
        summary="Initiatives, filtered like the browser", parameters=INITIATIVE_PARAMETERS
    )
)
class InitiativeList(generics.ListAPIView):
    """Published initiatives. The filters and `order` are the initiative browser's
    (/initiatives/): the same query string gives the same initiatives in the same order.
    Invalid values answer 400 with the browser's messages."""

    serializer_class = serializers.InitiativeSerializer
    filter_backends = [FilterSetBackend]
    filterset_class = InitiativeFilter

    def get_queryset(self):
        return (
            published_initiatives()
            .for_listing()
            .with_total_funding()
            .prefetch_related(public_parent())
        )

    def counted_by(self, request):
        # Published rows only, for everyone: the selection alone decides the count.
        return selection_key(request.query_params)


@extend_schema_view(get=extend_schema(summary="One initiative with its facts and evidence"))
class InitiativeDetail(generics.RetrieveAPIView):
    """An initiative with every public fact, each with its source and passage."""

    serializer_class = serializers.InitiativeDetailSerializer
    lookup_field = "slug"

    def get_queryset(self):
        # with_facts(None): each nested list cut to what an anonymous visitor may see.
        return (
            published_initiatives()
            .with_facts(None)
            .with_total_funding()
            .select_related(None)
            .select_related("type")
            .prefetch_related(public_parent())
        )


class MunicipalityFilter(filters.FilterSet):
    county = filters.ModelChoiceFilter(
        queryset=County.objects.all(), to_field_name="code", help_text="A county's code."
    )

    class Meta:
        model = Municipality
        fields = ["county"]


@extend_schema_view(get=extend_schema(summary="Municipalities with their totals"))
class MunicipalityList(generics.ListAPIView):
    """All 290 municipalities with the number of published initiatives and the funding
    they received, in Swedish alphabetical order."""

    serializer_class = serializers.MunicipalitySerializer
    filter_backends = [FilterSetBackend]
    filterset_class = MunicipalityFilter

    def get_queryset(self):
        if schema_only(self):
            return Municipality.objects.none()
        return municipalities_with_totals().order_by(*swedish("name"), "pk")


@extend_schema_view(get=extend_schema(summary="One municipality"))
class MunicipalityDetail(generics.RetrieveAPIView):
    serializer_class = serializers.MunicipalityDetailSerializer
    lookup_field = "slug"

    def get_queryset(self):
        if schema_only(self):
            return Municipality.objects.none()
        return municipalities_with_totals().prefetch_related(
            Prefetch(
                "schools", queryset=School.objects.published().order_by(*swedish("name"), "pk")
            )
        )


@extend_schema_view(get=extend_schema(summary="Counties with their totals"))
class CountyList(generics.ListAPIView):
    serializer_class = serializers.CountySerializer

    def get_queryset(self):
        if schema_only(self):
            return County.objects.none()
        return counties_with_totals()


@extend_schema_view(get=extend_schema(summary="One county, by its code"))
class CountyDetail(generics.RetrieveAPIView):
    serializer_class = serializers.CountyDetailSerializer
    lookup_field = "code"

    def get_queryset(self):
        if schema_only(self):
            return County.objects.none()
        return counties_with_totals().prefetch_related(
            Prefetch(
                "municipalities",
                queryset=Municipality.objects.select_related("county").order_by(*swedish("name")),
            )
        )


class ActorFilter(filters.FilterSet):
    kind = filters.ChoiceFilter(choices=Actor.Kind.choices)

    class Meta:
        model = Actor
        fields = ["kind"]


@extend_schema_view(get=extend_schema(summary="Organisations and people"))
class ActorList(generics.ListAPIView):
    serializer_class = serializers.ActorSerializer
    filter_backends = [FilterSetBackend]
    filterset_class = ActorFilter

    def get_queryset(self):
        return (
            Actor.objects.published()
            .select_related("municipality")
            .order_by(*swedish("name"), "pk")
        )


@extend_schema_view(get=extend_schema(summary="One organisation or person"))
class ActorDetail(generics.RetrieveAPIView):
    serializer_class = serializers.ActorDetailSerializer
    lookup_field = "slug"

    def get_queryset(self):
        return Actor.objects.published().select_related("municipality")


@extend_schema_view(get=extend_schema(summary="Source articles (metadata only)"))
class ArticleList(generics.ListAPIView):
    """The sources' metadata; never their full text, which is the publishers' work."""

    serializer_class = serializers.ArticleSerializer

    def get_queryset(self):
        return (
            Article.objects.published()
            .select_related("publisher", "author")
            .order_by(*swedish("title"), "pk")
        )


@extend_schema_view(get=extend_schema(summary="One article: metadata and cited passages"))
class ArticleDetail(generics.RetrieveAPIView):
    """The article's metadata, the passages published facts cite from it, its quotes
    and the initiatives that cite it; never its full text."""

    serializer_class = serializers.ArticleDetailSerializer
    lookup_field = "slug"

    def get_queryset(self):
        return Article.objects.published().select_related("publisher", "author")

    def get_object(self):
        article = super().get_object()
        cited = {"source": article}
        passages = []
        for role in (
            Participation.objects.published()
            .filter(**cited)
            .select_related("initiative", "actor")
            .order_by(*swedish("initiative__title"), "role", "pk")
        ):
            passages.append(passage("participation", role, role.initiative, role.actor))
        for row in (
            Funding.objects.published()
            .filter(**cited)
            .select_related("initiative", "funder")
            .order_by(*swedish("initiative__title"), "pk")
        ):
            passages.append(passage("funding", row, row.initiative, row.funder))
        for link in (
            InitiativeSchool.objects.published()
            .filter(**cited)
            .select_related("initiative")
            .order_by(*swedish("initiative__title"), "pk")
        ):
            passages.append(passage("school", link, link.initiative, None))
        for claim in (
            InitiativeClaim.objects.published()
            .filter(**cited)
            .select_related("initiative")
            .order_by(*swedish("initiative__title"), "aspect")
        ):
            passages.append(passage(claim.aspect, claim, claim.initiative, None))
        for position in (
            Position.objects.published()
            .filter(**cited)
            .select_related("actor")
            .order_by(*swedish("actor__name"), "pk")
        ):
            passages.append(passage("position", position, None, position.actor))
        article.cited_passages = passages
        article.quotes_shown = list(
            Quote.objects.published()
            .filter(article=article)
            .select_related("speaker", "article")
            .order_by("pk")
        )
        article.citing = list(
            published_initiatives()
            .filter(
                pk__in=InitiativeSource.objects.published()
                .filter(article=article)
                .values("initiative")
            )
            .order_by(*swedish("title"), "pk")
        )
        return article


def passage(fact, evidence, initiative, actor):
    return {
        "fact": fact,
        "initiative": initiative,
        "actor": actor,
        "passage": evidence.passage,
        "basis": evidence.basis,
        "inference_reason": evidence.inference_reason,
    }


def types_with_counts():
    return InitiativeType.objects.annotate(
        initiative_count=Count("initiatives", filter=public_q(Initiative, "initiatives__"))
    ).order_by("slug")


@extend_schema_view(get=extend_schema(summary="Kinds of initiative"))
class TypeList(generics.ListAPIView):
    serializer_class = serializers.TypeSerializer

    def get_queryset(self):
        return types_with_counts()


@extend_schema_view(get=extend_schema(summary="One kind of initiative"))
class TypeDetail(generics.RetrieveAPIView):
    serializer_class = serializers.TypeSerializer
    lookup_field = "slug"

    def get_queryset(self):
        return types_with_counts()


class InitiativeFilterSchema(DjangoFilterExtension):
    """The browser's filters are described by INITIATIVE_PARAMETERS (their FilterSet's
    methods give the schema generator nothing to go on); other FilterSets as usual."""

    target_class = "api.views.FilterSetBackend"
    priority = 1

    def get_schema_operation_parameters(self, auto_schema, *args, **kwargs):
        if getattr(auto_schema.view, "filterset_class", None) is InitiativeFilter:
            return []
        return super().get_schema_operation_parameters(auto_schema, *args, **kwargs)
