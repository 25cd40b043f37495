"""
What the API says about each record. Identifiers are slugs (counties: their SCB code);
every reference to another record is its API address (`url`), and `html_url` is the
record's page on the site. Amounts are numbers of kronor; `*_is_lower_bound` says a
source gave the amount as "just over" (drygt). Codes (`status`, `role`, `kind`,
`basis`) are the stable English codes, not the translated labels.

Each fact carries its evidence: the source article (`source`), the passage that states
it word for word (`passage`), and whether the source states or only implies it
(`basis`, with `inference_reason`). What a serializer shows comes from querysets the
views take from core.publishing, so nothing unpublished is ever nested either.
"""

from django.urls import reverse
from django.utils.http import urlencode
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from actors.models import Actor
from articles.models import Article, Quote
from initiatives.models import (
    Funding,
    Initiative,
    InitiativeClaim,
    InitiativeSchool,
    InitiativeType,
    Participation,
)
from municipalities.models import County, Municipality, School


def api_link(view_name, lookup_field="slug", **kwargs):
    return serializers.HyperlinkedRelatedField(
        view_name=f"api:{view_name}", lookup_field=lookup_field, read_only=True, **kwargs
    )


def api_identity(view_name, lookup_field="slug"):
    return serializers.HyperlinkedIdentityField(
        view_name=f"api:{view_name}", lookup_field=lookup_field
    )


@extend_schema_field(OpenApiTypes.URI)
class HtmlUrlField(serializers.Field):
    """The record's page on the public site, as an absolute address."""

    def __init__(self, **kwargs):
        kwargs.update(source="*", read_only=True)
        super().__init__(**kwargs)

    def to_representation(self, value):
        return self.context["request"].build_absolute_uri(self.page(value))

    def page(self, value):
        return value.get_absolute_url()


class CountyPageField(HtmlUrlField):
    def page(self, value):
        return reverse("municipalities:county-detail", args=[value.code])


class TypePageField(HtmlUrlField):
    def page(self, value):
        return reverse("initiatives:list") + "?" + urlencode({"type": value.slug})


@extend_schema_field(OpenApiTypes.URI)
class InitiativesLinkField(serializers.Field):
    """The API's initiative list filtered on this record (`?municipality=…`)."""

    def __init__(self, parameter, lookup_field="slug", **kwargs):
        self.parameter, self.lookup_field = parameter, lookup_field
        kwargs.update(source="*", read_only=True)
        super().__init__(**kwargs)

    def to_representation(self, value):
        query = urlencode({self.parameter: getattr(value, self.lookup_field)})
        return self.context["request"].build_absolute_uri(
            f"{reverse('api:initiative-list')}?{query}"
        )


class OptionalUrl(serializers.URLField):
    """An address that may be unknown: null, not an empty string."""

    def __init__(self, **kwargs):
        super().__init__(read_only=True, allow_null=True, **kwargs)

    def to_representation(self, value):
        return value or None


class Amount(serializers.DecimalField):
    def __init__(self, **kwargs):
        kwargs.setdefault("read_only", True)
        super().__init__(max_digits=16, decimal_places=2, coerce_to_string=False, **kwargs)


# References: what a record shows of another one it names.


class CountyRef(serializers.ModelSerializer):
    url = api_identity("county-detail", "code")

    class Meta:
        model = County
        fields = ["url", "code", "name"]


class MunicipalityRef(serializers.ModelSerializer):
    url = api_identity("municipality-detail")
    county = api_link("county-detail", "code")

    class Meta:
        model = Municipality
        fields = ["url", "slug", "code", "name", "county"]


class TypeRef(serializers.ModelSerializer):
    url = api_identity("type-detail")

    class Meta:
        model = InitiativeType
        fields = ["url", "slug", "name_sv", "name_en"]


class ActorRef(serializers.ModelSerializer):
    url = api_identity("actor-detail")

    class Meta:
        model = Actor
        fields = ["url", "slug", "name", "kind"]


class ArticleRef(serializers.ModelSerializer):
    url = api_identity("article-detail")

    class Meta:
        model = Article
        fields = ["url", "slug", "title"]


class InitiativeRef(serializers.ModelSerializer):
    url = api_identity("initiative-detail")

    class Meta:
        model = Initiative
        fields = ["url", "slug", "title"]


class EvidenceSerializer(serializers.Serializer):
    """Which article states a fact, its passage word for word, and stated or inferred."""

    source = api_link("article-detail")
    passage = serializers.CharField(read_only=True)
    basis = serializers.CharField(read_only=True)
    inference_reason = serializers.CharField(read_only=True)


EVIDENCE_FIELDS = ["source", "passage", "basis", "inference_reason"]


# Initiatives.


class InitiativeSerializer(serializers.ModelSerializer):
    url = api_identity("initiative-detail")
    html_url = HtmlUrlField()
    type = TypeRef(read_only=True)
    part_of = api_link("initiative-detail", allow_null=True)
    municipalities = MunicipalityRef(many=True, read_only=True, source="places")
    total_funding_sek = Amount(allow_null=True)
    funding_is_lower_bound = serializers.BooleanField(read_only=True)

    class Meta:
        model = Initiative
        fields = [
            "url",
            "html_url",
            "slug",
            "title",
            "type",
            "start_year",
            "end_year",
            "status",
            "part_of",
            "municipalities",
            "total_funding_sek",
            "funding_is_lower_bound",
        ]


class ClaimSerializer(serializers.ModelSerializer):
    """The evidence for the initiative's years, its status or its parent."""

    source = api_link("article-detail")
    as_of = serializers.SerializerMethodField(
        help_text="When the source says it held: the year it states, else the article's date."
    )

    class Meta:
        model = InitiativeClaim
        fields = ["as_of", *EVIDENCE_FIELDS]

    @extend_schema_field(OpenApiTypes.STR)
    def get_as_of(self, claim) -> str | None:
        date = claim.date
        return None if date is None else str(date)


class SchoolSerializer(serializers.ModelSerializer):
    municipality = api_link("municipality-detail")

    class Meta:
        model = School
        fields = ["slug", "name", "municipality", "stages", "status", "year_closed"]


class InitiativeSchoolSerializer(serializers.ModelSerializer):
    school = SchoolSerializer(read_only=True)
    source = api_link("article-detail")

    class Meta:
        model = InitiativeSchool
        fields = ["school", *EVIDENCE_FIELDS]


class ParticipationSerializer(serializers.ModelSerializer):
    actor = ActorRef(read_only=True)
    source = api_link("article-detail")

    class Meta:
        model = Participation
        fields = ["actor", "role", "note", *EVIDENCE_FIELDS]


class FundingSerializer(serializers.ModelSerializer):
    funder = ActorRef(read_only=True)
    recipient_municipality = api_link("municipality-detail", allow_null=True)
    recipient_actor = api_link("actor-detail", allow_null=True)
    amount_sek = Amount()
    source = api_link("article-detail")

    class Meta:
        model = Funding
        fields = [
            "uid",
            "funder",
            "recipient_municipality",
            "recipient_actor",
            "amount_sek",
            "is_lower_bound",
            "year",
            "note",
            *EVIDENCE_FIELDS,
        ]


class QuoteSerializer(serializers.ModelSerializer):
    """A quote: its words are its own passage, in the article that quotes them."""

    speaker = ActorRef(read_only=True)
    article = api_link("article-detail")

    class Meta:
        model = Quote
        fields = ["uid", "speaker", "text", "article"]


class InitiativeQuoteSerializer(serializers.Serializer):
    quote = QuoteSerializer(read_only=True)
    basis = serializers.CharField(read_only=True)
    inference_reason = serializers.CharField(read_only=True)


class PartSerializer(InitiativeRef):
    type = TypeRef(read_only=True)
    total_funding_sek = Amount(allow_null=True)

    class Meta(InitiativeRef.Meta):
        fields = ["url", "slug", "title", "type", "start_year", "end_year", "total_funding_sek"]


class InitiativeDetailSerializer(InitiativeSerializer):
    years_evidence = serializers.SerializerMethodField()
    status_evidence = serializers.SerializerMethodField()
    part_of_evidence = serializers.SerializerMethodField()
    parts = PartSerializer(many=True, read_only=True)
    schools = InitiativeSchoolSerializer(source="school_links", many=True, read_only=True)
    participations = ParticipationSerializer(many=True, read_only=True)
    funding = FundingSerializer(many=True, read_only=True)
    sources = ArticleRef(many=True, read_only=True)
    quotes = InitiativeQuoteSerializer(source="quote_links", many=True, read_only=True)

    class Meta(InitiativeSerializer.Meta):
        fields = [
            *InitiativeSerializer.Meta.fields,
            "summary",
            "start_date",
            "end_date",
            "years_evidence",
            "status_evidence",
            "part_of_evidence",
            "parts",
            "schools",
            "participations",
            "funding",
            "sources",
            "quotes",
        ]

    def claim(self, initiative, aspect):
        claim = next((c for c in initiative.claims.all() if c.aspect == aspect), None)
        return None if claim is None else ClaimSerializer(claim, context=self.context).data

    @extend_schema_field(ClaimSerializer(allow_null=True))
    def get_years_evidence(self, initiative):
        return self.claim(initiative, InitiativeClaim.Aspect.YEARS)

    @extend_schema_field(ClaimSerializer(allow_null=True))
    def get_status_evidence(self, initiative):
        return self.claim(initiative, InitiativeClaim.Aspect.STATUS)

    @extend_schema_field(ClaimSerializer(allow_null=True))
    def get_part_of_evidence(self, initiative):
        return self.claim(initiative, InitiativeClaim.Aspect.PART_OF)


# Municipalities and counties, with their totals (initiatives.totals).


class MunicipalitySerializer(serializers.ModelSerializer):
    url = api_identity("municipality-detail")
    html_url = HtmlUrlField()
    county = CountyRef(read_only=True)
    initiative_count = serializers.IntegerField(read_only=True)
    funding_received_sek = Amount(source="funding_sek")
    funding_is_lower_bound = serializers.BooleanField(read_only=True)
    initiatives = InitiativesLinkField("municipality")

    class Meta:
        model = Municipality
        fields = [
            "url",
            "html_url",
            "slug",
            "code",
            "name",
            "county",
            "population",
            "population_year",
            "initiative_count",
            "funding_received_sek",
            "funding_is_lower_bound",
            "initiatives",
        ]


class MunicipalityDetailSerializer(MunicipalitySerializer):
    website = OptionalUrl()
    schools = SchoolSerializer(many=True, read_only=True)

    class Meta(MunicipalitySerializer.Meta):
        fields = [*MunicipalitySerializer.Meta.fields, "website", "schools"]


class CountySerializer(serializers.ModelSerializer):
    url = api_identity("county-detail", "code")
    html_url = CountyPageField()
    municipality_count = serializers.IntegerField(read_only=True)
    municipalities_with_records = serializers.IntegerField(read_only=True)
    initiative_count = serializers.IntegerField(read_only=True)
    funding_received_sek = Amount(source="funding_sek")
    funding_is_lower_bound = serializers.BooleanField(read_only=True)
    initiatives = InitiativesLinkField("county", "code")

    class Meta:
        model = County
        fields = [
            "url",
            "html_url",
            "code",
            "name",
            "municipality_count",
            "municipalities_with_records",
            "initiative_count",
            "funding_received_sek",
            "funding_is_lower_bound",
            "initiatives",
        ]


class CountyDetailSerializer(CountySerializer):
    municipalities = MunicipalityRef(many=True, read_only=True)

    class Meta(CountySerializer.Meta):
        fields = [*CountySerializer.Meta.fields, "municipalities"]


# Actors, articles and types.


class ActorSerializer(serializers.ModelSerializer):
    url = api_identity("actor-detail")
    html_url = HtmlUrlField()
    municipality = api_link("municipality-detail", allow_null=True)
    website = OptionalUrl()
    initiatives = InitiativesLinkField("actor")
    funded_initiatives = InitiativesLinkField("funder")

    class Meta:
        model = Actor
        fields = [
            "url",
            "html_url",
            "slug",
            "name",
            "kind",
            "municipality",
            "website",
            "initiatives",
            "funded_initiatives",
        ]


class ActorDetailSerializer(ActorSerializer):
    aliases = serializers.ListField(
        source="alias_list", child=serializers.CharField(), read_only=True
    )

    class Meta(ActorSerializer.Meta):
        fields = [*ActorSerializer.Meta.fields, "aliases"]


class ArticleSerializer(serializers.ModelSerializer):
    url = api_identity("article-detail")
    html_url = HtmlUrlField()
    publisher = ActorRef(read_only=True)
    author = ActorRef(read_only=True, allow_null=True)
    source_url = OptionalUrl(source="url")

    class Meta:
        model = Article
        fields = [
            "url",
            "html_url",
            "slug",
            "title",
            "publisher",
            "author",
            "source_url",
            "published_on",
            "last_reviewed_on",
            "language",
        ]


class CitedPassageSerializer(serializers.Serializer):
    """A passage of the article that a published fact cites, and what it supports."""

    fact = serializers.ChoiceField(
        choices=["participation", "funding", "school", "years", "status", "part_of", "position"],
        read_only=True,
    )
    initiative = api_link("initiative-detail", allow_null=True)
    actor = api_link("actor-detail", allow_null=True)
    passage = serializers.CharField(read_only=True)
    basis = serializers.CharField(read_only=True)
    inference_reason = serializers.CharField(read_only=True)


class ArticleDetailSerializer(ArticleSerializer):
    """Metadata and the cited passages, never the full text (a third party's work)."""

    cited_passages = CitedPassageSerializer(many=True, read_only=True)
    quotes = QuoteSerializer(source="quotes_shown", many=True, read_only=True)
    initiatives = InitiativeRef(source="citing", many=True, read_only=True)

    class Meta(ArticleSerializer.Meta):
        fields = [*ArticleSerializer.Meta.fields, "cited_passages", "quotes", "initiatives"]


class TypeSerializer(serializers.ModelSerializer):
    url = api_identity("type-detail")
    html_url = TypePageField()
    initiative_count = serializers.IntegerField(read_only=True)
    initiatives = InitiativesLinkField("type")

    class Meta:
        model = InitiativeType
        fields = [
            "url",
            "html_url",
            "slug",
            "name_sv",
            "name_en",
            "description_sv",
            "description_en",
            "initiative_count",
            "initiatives",
        ]
