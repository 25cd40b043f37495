"""
CSV and JSON exports of the initiative browser's results.

They take the same FilterSet and ordering as the browser, so an export holds exactly
the rows the browser lists (across all pages). Rows are streamed from a server-side
iterator in chunks, so memory stays flat however many rows are exported. Only what the
public may see is exported (core.publishing): published initiatives, and of them only
the roles, claims and sources that are public themselves. Each role, the status and the
years carry their evidence passage and whether the source states or implies them. The
first row is made before the response starts and a later failure aborts the stream
(core/streaming.py), so an outage is a 503, never a 200 with a header row and nothing else.
"""

import csv
import json
from collections import defaultdict
from itertools import islice

from django.db.models import BooleanField, Count, Q, Sum
from django.db.models.expressions import RawSQL
from django.http import HttpResponseBadRequest, StreamingHttpResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views import View

from articles.models import Article
from core.collation import sort_key
from core.spreadsheets import neutralise
from core.streaming import primed
from initiatives.filters import InitiativeFilter
from initiatives.models import (
    Funding,
    Initiative,
    InitiativeClaim,
    InitiativeSource,
    Participation,
)

CHUNK_SIZE = 2000
COLUMNS = [
    "slug",
    "title",
    "type",
    "type_name",
    "start_year",
    "end_year",
    "years_basis",
    "years_evidence",
    "status",
    "status_as_of",
    "status_basis",
    "status_evidence",
    "part_of",
    "municipality_codes",
    "municipality_names",
    "county_codes",
    "county_names",
    "actors_with_roles",
    "total_funding_sek",
    "amount_is_lower_bound",
    "source_urls",
    "url",
]


def export_queryset(request):
    """(filterset, rows) for the request's query string; rows is None when invalid."""
    base = Initiative.objects.published().for_listing()
    filterset = InitiativeFilter(request.GET, queryset=base, request=request)
    if not filterset.is_valid():
        return filterset, None
    return filterset, filterset.results


ROW_FIELDS = [
    "pk",
    "slug",
    "title",
    "type__slug",
    "type__name_sv",
    "start_year",
    "end_year",
    "status",
    "part_of_id",
]


def chunks(iterable, size):
    iterator = iter(iterable)
    while chunk := list(islice(iterator, size)):
        yield chunk


def grouped(rows, key=None):
    """{initiative_id: [rest of row, ...]} from (initiative_id, ...) tuples, each group
    sorted by `key(rest)` when given (in Python: SQLite would call the Swedish collation
    once per comparison, a million times for a full export)."""
    groups = defaultdict(list)
    for initiative_id, *rest in rows:
        groups[initiative_id].append(rest)
    if key is not None:
        for group in groups.values():
            group.sort(key=key)
    return groups


def of_initiatives(model, ids, field="initiative_id"):
    """A condition `field IN (ids)` written straight into the SQL: `ids` are the
    integers the export has just read, and building 2 000 query parameters per chunk
    through the ORM took longer than running the queries."""
    column = model._meta.get_field(field.removesuffix("_id")).column
    listed = ", ".join(str(int(pk)) for pk in ids) or "NULL"
    return RawSQL(f'"{model._meta.db_table}"."{column}" IN ({listed})', [], BooleanField())


def export_rows(request, queryset):
    """One dict per initiative, streamed in chunks.

    Plain values() rows and a few batched lookups per chunk (municipalities, roles,
    funding, claims, sources) instead of model instances and prefetching: an export of 50 000 rows
    would otherwise spend its time building objects it never needs.
    """
    site = request.build_absolute_uri("/").rstrip("/")
    initiative_url = site + reverse("initiatives:detail", args=["SLUG"]).replace("SLUG", "{}")
    article_url = site + reverse("articles:detail", args=["SLUG"]).replace("SLUG", "{}")
    rows = queryset.values(*ROW_FIELDS).iterator(chunk_size=CHUNK_SIZE)
    for chunk in chunks(rows, CHUNK_SIZE):
        ids = [row["pk"] for row in chunk]
        places = grouped(
            Initiative.municipalities.through.objects.filter(
                of_initiatives(Initiative.municipalities.through, ids)
            )
            .order_by()
            .values_list(
                "initiative_id",
                "municipality__code",
                "municipality__name",
                "municipality__county__code",
                "municipality__county__name",
            ),
            key=lambda place: sort_key(place[1]),
        )
        roles = grouped(
            Participation.objects.published()
            .filter(of_initiatives(Participation, ids))
            .order_by()
            .values_list(
                "initiative_id",
                "actor__name",
                "actor__slug",
                "role",
                "basis",
                "inference_reason",
                "passage",
                "source__slug",
            ),
            key=lambda role: (role[2], sort_key(role[0])),
        )
        # Per chunk rather than the listing's correlated subquery per row (the funding
        # rule joins five tables): one GROUP BY over the chunk's funding rows.
        funding = {
            initiative_id: (total, lower > 0)
            for initiative_id, total, lower in Funding.objects.published()
            .filter(of_initiatives(Funding, ids))
            .order_by()
            .values_list("initiative")
            .annotate(total=Sum("amount_sek"), lower=Count("pk", filter=Q(is_lower_bound=True)))
            .values_list("initiative", "total", "lower")
        }
        claims = {
            (initiative_id, aspect): rest
            for initiative_id, aspect, *rest in InitiativeClaim.objects.published()
            .filter(of_initiatives(InitiativeClaim, ids))
            .values_list(
                "initiative_id",
                "aspect",
                "year",
                "basis",
                "passage",
                "source__published_on",
                "source__last_reviewed_on",
            )
        }
        parents = dict(
            Initiative.objects.published()
            .filter(pk__in={row["part_of_id"] for row in chunk if row["part_of_id"]})
            .values_list("pk", "slug")
        )
        citations = list(
            InitiativeSource.objects.filter(of_initiatives(InitiativeSource, ids))
            .order_by("pk")
            .values_list("initiative_id", "article_id")
        )
        # Two index lookups instead of a join: joined, PostgreSQL tends to hash the
        # whole (large, text-heavy) article table for every chunk. Only public articles:
        # a draft source of a published initiative stays unnamed.
        articles = dict(
            (pk, (slug, url))
            for pk, slug, url in Article.objects.published()
            .filter(pk__in={article_id for _i, article_id in citations})
            .values_list("pk", "slug", "url")
        )
        sources = grouped(
            (initiative_id, *articles[article_id])
            for initiative_id, article_id in citations
            if article_id in articles
        )
        for row in chunk:
            pk = row["pk"]
            counties = unique((code, name) for _c, _n, code, name in places[pk])
            total, lower_bound = funding.get(pk, (None, False))
            years = claims.get((pk, "years"))
            status = claims.get((pk, "status"))
            yield {
                "slug": row["slug"],
                "title": row["title"],
                "type": row["type__slug"],
                "type_name": row["type__name_sv"],
                "start_year": row["start_year"],
                "end_year": row["end_year"],
                "years_basis": years[1] if years else None,
                "years_evidence": years[2] if years else None,
                "status": row["status"],
                "status_as_of": as_of(status),
                "status_basis": status[1] if status else None,
                "status_evidence": status[2] if status else None,
                "part_of": parents.get(row["part_of_id"]),
                "municipality_codes": [code for code, *_ in places[pk]],
                "municipality_names": [name for _code, name, *_ in places[pk]],
                "county_codes": [code for code, _name in counties],
                "county_names": [name for _code, name in counties],
                "actors_with_roles": [
                    {
                        "actor": name,
                        "slug": slug,
                        "role": role,
                        "basis": basis,
                        "inference_reason": reason,
                        "evidence": passage,
                        "source": article_url.format(source),
                    }
                    for name, slug, role, basis, reason, passage, source in roles[pk]
                ],
                "total_funding_sek": None if total is None else int(total),
                "amount_is_lower_bound": lower_bound,
                "source_urls": [url or article_url.format(slug) for slug, url in sources[pk]],
                "url": initiative_url.format(row["slug"]),
            }


def as_of(claim):
    """When a status held, as its source dates it: a year, a day, or None (undated)."""
    if not claim:
        return None
    year, _basis, _passage, published_on, reviewed_on = claim
    date = year or published_on or reviewed_on
    return None if date is None else str(date)


def unique(values):
    return list(dict.fromkeys(values))


def csv_cells(row):
    cells = dict(row)
    for key in ("municipality_codes", "municipality_names", "county_codes", "county_names"):
        cells[key] = "; ".join(row[key])
    cells["source_urls"] = " ".join(row["source_urls"])
    cells["actors_with_roles"] = "; ".join(
        f"{item['actor']} ({item['role']}{', inferred' if item['basis'] == 'inferred' else ''})"
        for item in row["actors_with_roles"]
    )
    return [neutralise("" if cells[c] is None else str(cells[c])) for c in COLUMNS]


class Echo:
    """A write-only file whose write() hands the line back to the streaming generator."""

    def write(self, value):
        return value


def invalid(filterset):
    """400 with the browser's messages, one per line, each named by the field's label."""
    lines = [_("Some filter values are not valid, so no results are shown."), ""]
    lines += filterset.error_lines()
    return HttpResponseBadRequest("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")


class InitiativeCsvExportView(View):
    def get(self, request):
        filterset, rows = export_queryset(request)
        if rows is None:
            return invalid(filterset)
        writer = csv.writer(Echo())
        exported = primed(export_rows(request, rows), request)

        def lines():
            yield "\ufeff"  # BOM so spreadsheet programs read the file as UTF-8
            yield writer.writerow(COLUMNS)
            for row in exported:
                yield writer.writerow(csv_cells(row))

        response = StreamingHttpResponse(lines(), content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = 'attachment; filename="initiatives.csv"'
        return response


class InitiativeJsonExportView(View):
    def get(self, request):
        filterset, rows = export_queryset(request)
        if rows is None:
            return invalid(filterset)

        exported = primed(export_rows(request, rows), request)

        def pieces():
            yield "["
            for index, row in enumerate(exported):
                yield ("," if index else "") + "\n" + json.dumps(row, ensure_ascii=False)
            yield "\n]\n"

        response = StreamingHttpResponse(pieces(), content_type="application/json; charset=utf-8")
        response["Content-Disposition"] = 'attachment; filename="initiatives.json"'
        return response
