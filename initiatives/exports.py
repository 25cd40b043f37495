"""
CSV and JSON exports of the initiative browser's results.

They take the same FilterSet and ordering as the browser, so an export holds exactly
the rows the browser lists (across all pages). Rows are streamed from a server-side
iterator in chunks, so memory stays flat however many rows are exported. Only
published initiatives are ever exported.
"""

import csv
import json

from django.db.models import Prefetch
from django.http import HttpResponseBadRequest, StreamingHttpResponse
from django.views import View

from .filters import InitiativeFilter
from .models import Initiative, Participation

CHUNK_SIZE = 1000
COLUMNS = [
    "slug",
    "title",
    "type",
    "type_name",
    "start_year",
    "end_year",
    "status",
    "municipality_codes",
    "municipality_names",
    "county_codes",
    "county_names",
    "actors_with_roles",
    "total_funding_sek",
    "source_urls",
    "url",
]
# A spreadsheet would run a cell that starts with one of these as a formula.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def neutralise(value):
    """Make a CSV cell inert in spreadsheets: prefix formula-like text with a quote."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def export_queryset(request):
    """(filterset, rows) for the request's query string; rows is None when invalid."""
    base = (
        Initiative.objects.published()
        .for_listing()
        .prefetch_related(
            Prefetch(
                "participations",
                queryset=Participation.objects.select_related("actor").order_by(
                    "role", "actor__name"
                ),
            ),
            "sources",
        )
    )
    filterset = InitiativeFilter(request.GET, queryset=base, request=request)
    if not filterset.is_valid():
        return filterset, None
    return filterset, filterset.results


def unique(values):
    return list(dict.fromkeys(values))


def export_row(initiative, request):
    municipalities = list(initiative.municipalities.all())
    counties = unique(m.county for m in municipalities)
    sources = [
        article.url or request.build_absolute_uri(article.get_absolute_url())
        for article in initiative.sources.all()
    ]
    total = initiative.total_funding_sek
    return {
        "slug": initiative.slug,
        "title": initiative.title,
        "type": initiative.type.slug,
        "type_name": initiative.type.name_sv,
        "start_year": initiative.start_year,
        "end_year": initiative.end_year,
        "status": initiative.status,
        "municipality_codes": [m.code for m in municipalities],
        "municipality_names": [m.name for m in municipalities],
        "county_codes": [c.code for c in counties],
        "county_names": [c.name for c in counties],
        "actors_with_roles": [
            {"actor": p.actor.name, "slug": p.actor.slug, "role": p.role}
            for p in initiative.participations.all()
        ],
        "total_funding_sek": None if total is None else int(total),
        "source_urls": sources,
        "url": request.build_absolute_uri(initiative.get_absolute_url()),
    }


def csv_cells(row):
    cells = dict(row)
    for key in ("municipality_codes", "municipality_names", "county_codes", "county_names"):
        cells[key] = "; ".join(row[key])
    cells["source_urls"] = " ".join(row["source_urls"])
    cells["actors_with_roles"] = "; ".join(
        f"{item['actor']} ({item['role']})" for item in row["actors_with_roles"]
    )
    return [neutralise("" if cells[c] is None else str(cells[c])) for c in COLUMNS]


class Echo:
    """A write-only file whose write() hands the line back to the streaming generator."""

    def write(self, value):
        return value


def invalid(filterset):
    lines = [f"{field}: {' '.join(errors)}" for field, errors in filterset.errors.items()]
    return HttpResponseBadRequest(
        "\n".join(["Invalid filter:", *lines]) + "\n", content_type="text/plain; charset=utf-8"
    )


class InitiativeCsvExportView(View):
    def get(self, request):
        filterset, rows = export_queryset(request)
        if rows is None:
            return invalid(filterset)
        writer = csv.writer(Echo())

        def lines():
            yield "\ufeff"  # BOM so spreadsheet programs read the file as UTF-8
            yield writer.writerow(COLUMNS)
            for initiative in rows.iterator(chunk_size=CHUNK_SIZE):
                yield writer.writerow(csv_cells(export_row(initiative, request)))

        response = StreamingHttpResponse(lines(), content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = 'attachment; filename="initiatives.csv"'
        return response


class InitiativeJsonExportView(View):
    def get(self, request):
        filterset, rows = export_queryset(request)
        if rows is None:
            return invalid(filterset)

        def chunks():
            yield "["
            for index, initiative in enumerate(rows.iterator(chunk_size=CHUNK_SIZE)):
                yield (
                    ("," if index else "")
                    + "\n"
                    + json.dumps(export_row(initiative, request), ensure_ascii=False)
                )
            yield "\n]\n"

        response = StreamingHttpResponse(chunks(), content_type="application/json; charset=utf-8")
        response["Content-Disposition"] = 'attachment; filename="initiatives.json"'
        return response
