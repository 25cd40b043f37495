"""
Municipalities and counties with their totals of published records: how many
initiatives, how much funding received, and whether a source gave an amount as "just
over" (drygt). The public pages, the home page and the JSON API count the same way.
"""

from decimal import Decimal

from django.db.models import (
    Count,
    DecimalField,
    Exists,
    OuterRef,
    Subquery,
    Sum,
    Value,
)
from django.db.models.functions import Coalesce

from core.collation import swedish
from core.publishing import public_q
from municipalities.models import County, Municipality

from .models import Funding, Initiative

PUBLIC_INITIATIVES = public_q(Initiative, "initiatives__")


def municipalities_with_totals():
    """Every municipality with `initiative_count`, `funding_sek` (0 when none) and
    `funding_is_lower_bound` (a source said "just over"), published records only."""
    funding = Funding.objects.published().filter(recipient_municipality=OuterRef("pk"))
    totals = funding.order_by().values("recipient_municipality").annotate(total=Sum("amount_sek"))
    return Municipality.objects.select_related("county").annotate(
        initiative_count=Count("initiatives", filter=PUBLIC_INITIATIVES),
        funding_sek=Coalesce(
            Subquery(totals.values("total"), output_field=DecimalField(max_digits=16)),
            Value(Decimal(0)),
        ),
        funding_is_lower_bound=Exists(funding.filter(is_lower_bound=True)),
    )


def _sum_of_funding(funding):
    """A Subquery of the total of `funding` (already filtered on an OuterRef)."""
    totals = (
        funding.order_by()
        .values("recipient_municipality__county")
        .annotate(total=Sum("amount_sek"))
    )
    return Subquery(totals.values("total"), output_field=DecimalField(max_digits=16))


def counties_with_totals():
    """Counties with their number of municipalities, published initiatives and funding.

    Subqueries rather than joins: joining municipalities, initiatives and funding at
    once would multiply the rows and inflate every sum.
    """
    published = Initiative.objects.published()
    initiative_count = (
        published.filter(municipalities__county=OuterRef("pk"))
        .order_by()
        .values("municipalities__county")
        .annotate(n=Count("pk", distinct=True))
        .values("n")
    )
    with_records = (
        Initiative.municipalities.through.objects.filter(
            municipality__county=OuterRef("pk"), initiative__in=published
        )
        .order_by()
        .values("municipality__county")
        .annotate(n=Count("municipality", distinct=True))
        .values("n")  # type: ignore[misc]  # django-stubs misses annotations on through models
    )
    funding = Funding.objects.published().filter(recipient_municipality__county=OuterRef("pk"))
    return County.objects.annotate(
        municipality_count=Count("municipalities"),
        municipalities_with_records=Coalesce(Subquery(with_records), 0),
        initiative_count=Coalesce(Subquery(initiative_count), 0),
        funding_sek=Coalesce(_sum_of_funding(funding), Value(Decimal(0))),
        funding_is_lower_bound=Exists(funding.filter(is_lower_bound=True)),
    ).order_by(*swedish("name"))
