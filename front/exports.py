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
The export without filters, every published initiative, is the same for every visitor
until something changes: it is made once per content change and then sent from the file
kept on the way (core/stored_downloads.py).
"""

import csv
import json
from collections import defaultdict
from functools import partial
from itertools import chain, islice
from operator import itemgetter

from django.http import HttpResponseBadRequest
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views import View

from actors.models import Actor
from articles.models import Article
from core import gc_tuning, spreadsheets
from core.collation import sort_key
from core.id_lists import in_ids
from core.publishing import PublicIds, PublicReferences
from core.spreadsheets import inert_lines
from core.stored_downloads import code_version, stored_download, streamed_download
from core.streaming import primed
from initiatives.filters import InitiativeFilter
from initiatives.funding_order import FundingOrder, by_ids
from initiatives.models import (
    Funding,
    Initiative,
    InitiativeClaim,
    InitiativeSource,
    Participation,
    facts_of_initiatives,
)
from municipalities.models import Municipality

# Initiatives per chunk: fewer, larger chunks plan and run fewer lookup queries (a full
# CSV export took a quarter to two fifths less time than with 2 000, on both databases),
# and memory still stays flat (one chunk at a time, see csv_text).
CHUNK_SIZE = 5000
LINES_PER_PIECE = 200
# The stored files' format (core.stored_downloads) is this module's code and the CSV cell
# rule's: a deploy that changes either never serves a file the old code made.
FORMAT_VERSION = code_version(__file__, spreadsheets.__file__)
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


# An initiative's own values, read as tuples (unpacked as read; the pk first and the
# parent's id last: chunk_facts).
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
        del chunk  # not held while the next one is read


def grouped(rows):
    """{initiative_id: [rest of row, ...]} from (initiative_id, ...) tuples, in order."""
    groups = defaultdict(list)
    for row in rows:
        groups[row[0]].append(row[1:])
    return groups


def of_initiatives(model, ids, field="initiative_id"):
    """The condition `field IN (ids)` on `model`'s table (core.id_lists)."""
    return in_ids(model, field, ids)


class Lookups:
    """What one export keeps from chunk to chunk: which actors and articles are public
    (core.publishing: a role's or payment's rows are read alone and checked against
    them, instead of joining five tables per row) and the public actors' names. The
    chunks' initiatives come from `published()`, so their roles need no check of it.
    """

    def __init__(self):
        self.public = PublicIds()
        self.roles = PublicReferences(Participation, self.public, known=["initiative"])
        self.funding = PublicReferences(Funding, self.public, known=["initiative"])
        # chunk_facts unpacks the rows as read, these columns last.
        assert self.roles.fields == ["actor_id", "source_id"]
        assert self.funding.fields == ["funder_id", "recipient_actor_id", "source_id"]
        self.actors = {}  # {id: (name, slug)} of the public actors seen so far
        self.named: set[int] = set()  # every actor id asked for its name
        self.places = None

    def municipalities(self):
        """{id: (rank, code, name, county code, county name)} of the 290 municipalities
        (reference data, always public), read once per export; rank is the name's place
        in Swedish order, so a chunk's places sort as tuples."""
        if self.places is None:
            rows = sorted(
                Municipality.objects.values_list(
                    "pk", "code", "name", "county__code", "county__name"
                ),
                key=lambda row: sort_key(row[2]),
            )
            self.places = {pk: (rank, *rest) for rank, (pk, *rest) in enumerate(rows)}
        return self.places

    def actor_names(self, ids):
        """The public actors' {id: (name, slug)}, with those among `ids` not asked for
        their names before read now (PublicIds.read: a draft actor is asked about once
        too; an article's publisher known public has no name here until asked)."""
        if new := set(ids) - self.named:
            self.actors.update(self.public.read(Actor, new, "name", "slug"))
            self.named |= new
        return self.actors


# What a role shows: the CSV names the actor and the role, the JSON everything.
ROLE_FIELDS = ["initiative_id", "role", "basis"]
ROLE_EVIDENCE_FIELDS = ["inference_reason", "passage"]


def chunk_facts(chunk, lookups, evidence=True):
    """The batched lookups for one chunk of ROW_FIELDS tuples, as a dict of
    {initiative_id: ...}: places, roles, funding, claims, parents and sources.

    Places are (rank, code, name, county code, county name) and roles (role, rank, name,
    basis), each list in Swedish order of names; `evidence=False` (the CSV) leaves out
    what only the JSON shows of a role (slug, inference reason, passage, source).
    """
    ids = [row[0] for row in chunk]
    # Each as (rank, code, name, county code, county name), in Swedish order of names.
    municipalities = lookups.municipalities()
    places = defaultdict(list)
    for initiative_id, municipality_id in (
        Initiative.municipalities.through.objects.filter(
            of_initiatives(Initiative.municipalities.through, ids)
        )
        .order_by()
        .values_list("initiative_id", "municipality_id")
    ):
        places[initiative_id].append(municipalities[municipality_id])
    for group in places.values():
        group.sort()
    role_fields = ROLE_FIELDS + (ROLE_EVIDENCE_FIELDS if evidence else [])
    role_rows = list(
        Participation.objects.filter(of_initiatives(Participation, ids))
        .order_by()
        .values_list(*role_fields, *lookups.roles.fields)
    )
    funding_fields = ["initiative_id", "amount_sek", "is_lower_bound"]
    funding_rows = list(
        Funding.objects.filter(of_initiatives(Funding, ids))
        .order_by()
        .values_list(*funding_fields, *lookups.funding.fields)
    )
    claims = {
        (initiative_id, aspect): rest
        for initiative_id, aspect, *rest in facts_of_initiatives(InitiativeClaim, ids).values_list(
            "initiative_id",
            "aspect",
            "year",
            "basis",
            "passage",
            "source__published_on",
            "source__last_reviewed_on",
        )
    }
    parent_ids = {row[-1] for row in chunk if row[-1]}
    parents = dict(
        Initiative.objects.published()
        .filter(of_initiatives(Initiative, parent_ids, field="id"))
        .order_by()
        .values_list("pk", "slug")
        if parent_ids
        else ()
    )
    # In the order they were added, per initiative: ordered by "pk" alone, SQLite read
    # the whole table in that order rather than the chunk's rows through its index.
    citations = list(
        InitiativeSource.objects.filter(of_initiatives(InitiativeSource, ids))
        .order_by("initiative_id", "pk")
        .values_list("initiative_id", "article_id")
    )
    # Every article and actor the chunk shows, each read once (only the public ones):
    # the cited articles' addresses and the actors' names, and so whether the roles' and
    # payments' records are public.
    role_width, funding_width = len(role_fields), len(funding_fields)
    articles = lookups.public.read(
        Article,
        {article_id for _i, article_id in citations}
        | lookups.roles.referenced(role_rows, role_width, Article)
        | lookups.funding.referenced(funding_rows, funding_width, Article),
        "slug",
        "url",
    )
    actors = lookups.actor_names(
        lookups.roles.referenced(role_rows, role_width, Actor)
        | lookups.funding.referenced(funding_rows, funding_width, Actor)
    )
    role_rows = lookups.roles.public_rows(role_rows, role_width)
    # Summed here rather than by the listing's correlated subquery per row.
    funding: dict[int, tuple] = {}
    for initiative_id, amount, lower, *_references in lookups.funding.public_rows(
        funding_rows, funding_width
    ):
        total, lower_bound = funding.get(initiative_id, (0, False))
        funding[initiative_id] = (total + amount, lower_bound or lower)
    sources = grouped(
        (initiative_id, *articles[article_id])
        for initiative_id, article_id in citations
        if article_id in articles
    )
    # Each as (role, rank, name, basis), and for the JSON (…, slug, reason, passage,
    # source): sorted as tuples, by role and then the actor's name in Swedish order (its
    # rank among the chunk's actors), without a key function per role.
    names = sorted({actors[row[-2]][0] for row in role_rows}, key=sort_key)
    rank = {name: index for index, name in enumerate(names)}
    roles: defaultdict[int, list[tuple]] = defaultdict(list)
    if evidence:
        for initiative_id, role, basis, reason, passage, actor_id, source_id in role_rows:
            name, slug = actors[actor_id]
            source = articles[source_id][0]
            roles[initiative_id].append(
                (role, rank[name], name, basis, slug, reason, passage, source)
            )
    else:
        for initiative_id, role, basis, actor_id, _source_id in role_rows:
            name = actors[actor_id][0]
            roles[initiative_id].append((role, rank[name], name, basis))
    for group in roles.values():
        group.sort()
    # The next chunk reads its articles itself: what is known of these is not kept
    # (90 000 ids by the last chunk: the export's peak 25.7 -> 19.6 MiB of Python objects).
    lookups.public.forget(Article)
    return {
        "places": places,
        "roles": roles,
        "funding": funding,
        "claims": claims,
        "parents": parents,
        "sources": sources,
    }


def export_urls(request):
    """The address patterns of an initiative and an article, "{}" for the slug."""
    site = request.build_absolute_uri("/").rstrip("/")
    initiative_url = site + reverse("initiatives:detail", args=["SLUG"]).replace("SLUG", "{}")
    article_url = site + reverse("articles:detail", args=["SLUG"]).replace("SLUG", "{}")
    return initiative_url, article_url


def export_chunks(selection):
    """The selection's ROW_FIELDS tuples, CHUNK_SIZE at a time, in its order: a
    queryset's as the database streams them, a FundingOrder's
    (initiatives/funding_order.py) read by its ids, a chunk's ids at a time."""
    if isinstance(selection, FundingOrder):
        values = selection.queryset.values_list(*ROW_FIELDS)
        return (
            by_ids(values, ids, pk=itemgetter(0)) for ids in chunks(selection.ids(), CHUNK_SIZE)
        )
    rows = selection.values_list(*ROW_FIELDS).iterator(chunk_size=CHUNK_SIZE)
    return chunks(rows, CHUNK_SIZE)


def read_chunk(chunks, lookups, evidence):
    """(chunk, its facts) for the next chunk of `chunks`, or None after the last.

    Read with the cyclic garbage collector paused (core/gc_tuning.py): a chunk is some
    hundred thousand rows, tuples and lists, none in a cycle.
    """
    with gc_tuning.paused():
        chunk = next(chunks, None)
        return None if chunk is None else (chunk, chunk_facts(chunk, lookups, evidence))


def export_rows(request, queryset):
    """One dict per initiative (the JSON export), streamed in chunks.

    Plain values() rows and a few batched lookups per chunk (municipalities, roles,
    funding, claims, sources) instead of model instances and prefetching: an export of 50 000 rows
    would otherwise spend its time building objects it never needs.
    """
    initiative_url, article_url = export_urls(request)
    chunks = export_chunks(queryset)
    lookups = Lookups()
    while read := read_chunk(chunks, lookups, evidence=True):
        chunk, facts = read
        places, roles, funding = facts["places"], facts["roles"], facts["funding"]
        claims, parents, sources = facts["claims"], facts["parents"], facts["sources"]
        for pk, slug, title, type_slug, type_name, start_year, end_year, status, part_of in chunk:
            counties = unique((code, name) for _r, _c, _n, code, name in places[pk])
            total, lower_bound = funding.get(pk, (None, False))
            years = claims.get((pk, "years"))
            status_claim = claims.get((pk, "status"))
            yield {
                "slug": slug,
                "title": title,
                "type": type_slug,
                "type_name": type_name,
                "start_year": start_year,
                "end_year": end_year,
                "years_basis": years[1] if years else None,
                "years_evidence": years[2] if years else None,
                "status": status,
                "status_as_of": as_of(status_claim),
                "status_basis": status_claim[1] if status_claim else None,
                "status_evidence": status_claim[2] if status_claim else None,
                "part_of": parents.get(part_of),
                "municipality_codes": [place[1] for place in places[pk]],
                "municipality_names": [place[2] for place in places[pk]],
                "county_codes": [code for code, _name in counties],
                "county_names": [name for _code, name in counties],
                "actors_with_roles": [
                    {
                        "actor": name,
                        "slug": actor_slug,
                        "role": role,
                        "basis": basis,
                        "inference_reason": reason,
                        "evidence": passage,
                        "source": article_url.format(source),
                    }
                    for role, _rank, name, basis, actor_slug, reason, passage, source in roles[pk]
                ],
                "total_funding_sek": None if total is None else int(total),
                "amount_is_lower_bound": lower_bound,
                "source_urls": [url or article_url.format(cited) for cited, url in sources[pk]],
                "url": initiative_url.format(slug),
            }
        # One chunk's worth in memory at a time (see csv_text).
        del read, chunk, facts, places, roles, funding, claims, parents, sources


def as_of(claim):
    """When a status held, as its source dates it: a year, a day, or None (undated)."""
    if not claim:
        return None
    year, _basis, _passage, published_on, reviewed_on = claim
    date = year or published_on or reviewed_on
    return None if date is None else str(date)


def unique(values):
    return list(dict.fromkeys(values))


def csv_text(request, queryset):
    """The CSV's data lines, LINES_PER_PIECE lines to a string: a piece of the response
    per 200 lines instead of one per line (each piece costs the response an encode and
    a charset lookup).

    A chunk's lines are made at once, like its rows and look-ups with the cyclic garbage
    collector paused, and the rows and look-ups let go before the lines are sent: one
    chunk's worth in memory at a time, not two.
    """
    initiative_url, article_url = export_urls(request)
    writer = csv.writer(Echo())
    chunks = export_chunks(queryset)
    lookups = Lookups()
    while True:
        with gc_tuning.paused():
            read = read_chunk(chunks, lookups, evidence=False)
            if read is None:
                break
            chunk, facts = read
            lines = inert_lines(
                writer, partial(csv_cells, chunk, facts, initiative_url, article_url)
            )
            # Let go while the collector is still off: the count of new objects it keeps
            # falls back as they are freed, so turning it on again sets off no pass over
            # what is left (the lines: text, which it does not track). Let go after the
            # block, the chunk's half a million rows, tuples and lists were each
            # scanned once more: 4 ms a chunk.
            del read, chunk, facts
        for start in range(0, len(lines), LINES_PER_PIECE):
            yield "".join(lines[start : start + LINES_PER_PIECE])
        del lines


def place_text(place_rows):
    """The four place cells (municipality codes and names, county codes and names) of
    an initiative's places, as `chunk_facts` gives them."""
    counties = unique((code, name) for _r, _c, _n, code, name in place_rows)
    return (
        "; ".join([place[1] for place in place_rows]),
        "; ".join([place[2] for place in place_rows]),
        "; ".join([code for code, _name in counties]),
        "; ".join([name for _code, name in counties]),
    )


def csv_cells(chunk, facts, initiative_url, article_url):
    """The cells of each of the chunk's lines, in COLUMNS order, for `inert_lines`.

    What `export_rows` gives the JSON, as text: lists joined with "; " (the source
    addresses with spaces), each role as "name (role)" or "name (role, inferred)", None
    as "" (as csv writes None; text throughout, so most lines are joined without the
    writer: core.spreadsheets.plain_line). Built straight from the chunk's lookups,
    without a dict per row; a generator, so a chunk's cells are not all held at once.
    The place cells are made once per set of places in the chunk (`place_text`): most
    initiatives share theirs with others.
    """
    place_cells: dict[tuple, tuple] = {}
    places, roles, funding = facts["places"], facts["roles"], facts["funding"]
    claims, parents, sources = facts["claims"], facts["parents"], facts["sources"]
    for pk, slug, title, type_slug, type_name, start_year, end_year, status, part_of in chunk:
        place_rows = tuple(places[pk])
        if (place := place_cells.get(place_rows)) is None:
            place = place_cells[place_rows] = place_text(place_rows)
        municipality_codes, municipality_names, county_codes, county_names = place
        total, lower_bound = funding.get(pk, (None, False))
        years = claims.get((pk, "years"))
        status_claim = claims.get((pk, "status"))
        yield [
            slug,
            title,
            type_slug,
            type_name,
            "" if start_year is None else str(start_year),
            "" if end_year is None else str(end_year),
            years[1] if years else "",
            years[2] if years else "",
            status,
            as_of(status_claim) or "",
            status_claim[1] if status_claim else "",
            status_claim[2] if status_claim else "",
            parents.get(part_of, ""),
            municipality_codes,
            municipality_names,
            county_codes,
            county_names,
            "; ".join(
                [
                    f"{name} ({role}{', inferred' if basis == 'inferred' else ''})"
                    for role, _rank, name, basis in roles[pk]
                ]
            ),
            "" if total is None else str(int(total)),
            "True" if lower_bound else "False",
            " ".join([url or article_url.format(cited) for cited, url in sources[pk]]),
            initiative_url.format(slug),
        ]


class Echo:
    """A write-only file whose write() hands the line back to the streaming generator."""

    def write(self, value):
        return value


def invalid(filterset):
    """400 with the browser's messages, one per line, each named by the field's label."""
    lines = [_("Some filter values are not valid, so no results are shown."), ""]
    lines += filterset.error_lines()
    return HttpResponseBadRequest("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")


def download(request, name, make_pieces, *, content_type, filename):
    """The export's response: without filters (every published initiative, the same for
    every visitor) the file stored for the current content generation, made once per
    change (core.stored_downloads); with filters, streamed as it is made."""
    if request.GET:
        return streamed_download(make_pieces(), content_type=content_type, filename=filename)
    return stored_download(
        request,
        name,
        make_pieces,
        version=FORMAT_VERSION,
        content_type=content_type,
        filename=filename,
    )


class InitiativeCsvExportView(View):
    def get(self, request):
        filterset, rows = export_queryset(request)
        if rows is None:
            return invalid(filterset)

        def lines():
            # The first chunk's lines are made now, before the response starts
            # (core.streaming), so an outage is a 503.
            exported = primed(csv_text(request, rows), request)
            header = csv.writer(Echo()).writerow(COLUMNS)
            # BOM so spreadsheet programs read the file as UTF-8
            return chain(["\ufeff", header], exported)

        return download(
            request,
            "initiatives.csv",
            lines,
            content_type="text/csv; charset=utf-8",
            filename="initiatives.csv",
        )


class InitiativeJsonExportView(View):
    def get(self, request):
        filterset, rows = export_queryset(request)
        if rows is None:
            return invalid(filterset)

        def pieces():
            exported = primed(export_rows(request, rows), request)  # see lines() above
            items = (
                ("," if index else "") + "\n" + json.dumps(row, ensure_ascii=False)
                for index, row in enumerate(exported)
            )
            return chain(["["], items, ["\n]\n"])

        return download(
            request,
            "initiatives.json",
            pieces,
            content_type="application/json; charset=utf-8",
            filename="initiatives.json",
        )
