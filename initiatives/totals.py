"""
Municipalities and counties with their totals of published records: how many
initiatives, how much funding received, and whether a source gave an amount as "just
over" (drygt). The public pages, the home page and the JSON API count the same way.

The totals are counted once per content change (core.derived_cache) with a few GROUP BY
queries, and handed to the database as annotations it can sort and filter on.
"""

import json
from decimal import Decimal

from django.db import connection
from django.db.models import BooleanField, Count, DecimalField, IntegerField, Q, Sum
from django.db.models.expressions import RawSQL

from core.collation import swedish
from core.derived_cache import remember
from municipalities.models import County, Municipality

from .models import Funding, Initiative


def public_totals():
    """Published initiatives and funding per municipality and county, counted once per
    content change (core.derived_cache): three GROUP BY queries over the link and funding
    tables, instead of a correlated subquery per municipality and county on every request.

    {"municipalities": {pk: (initiatives, funding_sek, lower_bound)},
     "counties": {pk: [distinct initiatives, municipalities with records, funding_sek,
                       lower_bound]}}
    """

    def compute():
        links = Initiative.municipalities.through.objects.filter(
            initiative__in=Initiative.objects.published()
        ).order_by()
        initiatives = dict(
            links.values_list("municipality")
            .annotate(n=Count("initiative"))
            .values_list("municipality", "n")  # type: ignore[misc]  # stubs miss through annotations
        )
        per_county = dict(
            links.values_list("municipality__county")
            .annotate(n=Count("initiative", distinct=True))
            .values_list("municipality__county", "n")  # type: ignore[misc]  # as above
        )
        funding = (
            Funding.objects.published()
            .filter(recipient_municipality__isnull=False)
            .order_by()
            .values_list("recipient_municipality")
            .annotate(total=Sum("amount_sek"), lower=Count("pk", filter=Q(is_lower_bound=True)))
            .values_list("recipient_municipality", "total", "lower")
        )
        money = {pk: (total, lower > 0) for pk, total, lower in funding}
        municipalities = {
            pk: (initiatives.get(pk, 0), *money.get(pk, (Decimal(0), False)))
            for pk in set(initiatives) | set(money)
        }
        counties: dict[int, list] = {}
        county_of = dict(Municipality.objects.values_list("pk", "county"))
        for pk, (count, amount, lower) in municipalities.items():
            county = counties.setdefault(
                county_of[pk], [per_county.get(county_of[pk], 0), 0, 0, False]
            )
            county[1] += count > 0
            county[2] += amount
            county[3] = county[3] or lower
        return {"municipalities": municipalities, "counties": counties}

    return remember("totals:municipalities-and-counties", compute)


def constant_per_pk(model, values, default, output_field):
    """An expression giving each row of `model` the value `values[pk]` (`default` when
    missing), so cached totals become annotations the database can sort and filter on.

    The values travel as one JSON parameter, looked up by pk in SQL (a CASE with a WHEN
    per row would cost Django more to build than the query costs to run). Decimals go
    as JSON numbers (so they sort as numbers) and are rounded back by the field."""

    def plain(value):
        return float(value) if isinstance(value, Decimal) else value

    data = json.dumps({str(pk): plain(value) for pk, value in values.items()})
    column = f'"{model._meta.db_table}"."{model._meta.pk.column}"'
    if connection.vendor == "postgresql":
        cast = {"IntegerField": "integer", "DecimalField": "numeric", "BooleanField": "boolean"}[
            output_field.get_internal_type()
        ]
        sql = f"COALESCE((%s::jsonb ->> {column}::text)::{cast}, %s)"
    else:
        sql = f"""COALESCE(json_extract(%s, '$."' || {column} || '"'), %s)"""
    return RawSQL(sql, [data, plain(default)], output_field=output_field)


def municipalities_with_totals():
    """Every municipality with `initiative_count`, `funding_sek` (0 when none) and
    `funding_is_lower_bound` (a source said "just over"), published records only."""
    totals = public_totals()["municipalities"]
    return Municipality.objects.select_related("county").annotate(
        initiative_count=constant_per_pk(
            Municipality, {pk: row[0] for pk, row in totals.items()}, 0, IntegerField()
        ),
        funding_sek=constant_per_pk(
            Municipality,
            {pk: row[1] for pk, row in totals.items()},
            Decimal(0),
            DecimalField(max_digits=16, decimal_places=2),
        ),
        funding_is_lower_bound=constant_per_pk(
            Municipality, {pk: row[2] for pk, row in totals.items()}, False, BooleanField()
        ),
    )


def counties_with_totals():
    """Counties with their number of municipalities, published initiatives (each once,
    however many of the county's municipalities it spans) and funding, from the cached
    totals (public_totals)."""
    totals = public_totals()["counties"]

    def column(index):
        return {pk: row[index] for pk, row in totals.items()}

    return County.objects.annotate(
        municipality_count=Count("municipalities"),
        municipalities_with_records=constant_per_pk(County, column(1), 0, IntegerField()),
        initiative_count=constant_per_pk(County, column(0), 0, IntegerField()),
        funding_sek=constant_per_pk(
            County, column(2), Decimal(0), DecimalField(max_digits=16, decimal_places=2)
        ),
        funding_is_lower_bound=constant_per_pk(County, column(3), False, BooleanField()),
    ).order_by(*swedish("name"))
