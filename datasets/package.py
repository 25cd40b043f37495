"""
The published data as a Frictionless Data Package (https://specs.frictionlessdata.io/):
one CSV per table, each described by a Table Schema (types, descriptions, primary and
foreign keys), and `datapackage.json` listing them, served one by one and as a ZIP.

Every table takes its rows from the publication rule (`published()`, core/publishing.py),
so a draft, and a fact that names or cites one, never reaches a file. A nullable link to
a record the rule does not cover (an initiative's parent, an actor's school) is emptied
when that record is not public. Article full texts are third-party works: the package
holds their metadata and the passages the facts cite, never the texts.

The files are built on demand and streamed, a chunk of rows at a time, so memory stays
flat at any scale and a download always holds the current published data. Cells pass
through the site's one CSV rule (core/spreadsheets.py), so no cell runs as a formula.
Nothing in a file depends on the time it was made (ZIP members carry a fixed date), so
the same data gives the same bytes.

The descriptions are in English, the language of the format's tools and of the column
names.
"""

import csv
import datetime
import io
import json
import zipfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from django.db.models import OuterRef, QuerySet, Subquery
from django.urls import reverse
from django.utils import translation
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from actors.models import Actor
from articles.evidence import Basis
from articles.models import Article, Quote
from core.spreadsheets import neutralise
from initiatives.models import (
    Funding,
    Initiative,
    InitiativeClaim,
    InitiativeQuote,
    InitiativeSchool,
    InitiativeSource,
    InitiativeType,
    Participation,
)
from municipalities.models import County, Municipality, School

NAME = "skoljamlikhet"
ZIP_NAME = "equity-data.zip"
DESCRIPTOR_NAME = "datapackage.json"
# Roughly this many characters of CSV per streamed chunk.
CHUNK_CHARACTERS = 64 * 1024
ROWS_PER_FETCH = 2000
# ZIP members carry this date, not the time of the download: same data, same bytes.
ZIP_DATE = (2026, 1, 1, 0, 0, 0)

LICENCE = {
    "name": "CC-BY-4.0",
    "title": "Creative Commons Attribution 4.0 International",
    "path": "https://creativecommons.org/licenses/by/4.0/",
}
SCB_CODES = {
    "title": "Statistics Sweden (SCB): municipality and county codes and names, "
    "via sjbrg/swedish-geodata (CC0 1.0)",
    "path": "https://github.com/sjbrg/swedish-geodata",
}
SCB_POPULATION = {
    "title": "Statistics Sweden (SCB): population on 31 December 2016, via Swedish "
    "Wikipedia and marcusasplund/kommundata (MIT)",
    "path": "https://github.com/marcusasplund/kommundata",
}
VALMYNDIGHETEN = {
    "title": "Valmyndigheten: municipal boundaries on the site's maps (not in this "
    "package), via okfse/sweden-geojson",
    "path": "https://github.com/okfse/sweden-geojson",
}
ARTICLES = {
    "title": "The articles each fact cites: see articles.csv (metadata only; the texts "
    "belong to their publishers)",
}


@dataclass(frozen=True)
class Column:
    """A column: its Table Schema and where its values come from."""

    name: str
    type: str
    description: str
    source: str = ""  # the values() lookup; the column's name when empty
    link: str = ""  # a URL name: the column holds that public page's address
    values: tuple[str, ...] = ()  # the only values allowed

    def schema(self):
        field: dict[str, object] = {
            "name": self.name,
            "type": self.type,
            "description": self.description,
        }
        if self.link:
            field["format"] = "uri"
        if self.values:
            field["constraints"] = {"enum": list(self.values)}
        return field


@dataclass(frozen=True)
class Table:
    """One CSV of the package: its rows (always published ones) and its schema."""

    name: str
    title: str | Promise  # translated on the /data/ page, English in the descriptor
    description: str
    queryset: Callable[[], QuerySet]
    columns: tuple[Column, ...]
    primary_key: tuple[str, ...]
    foreign_keys: tuple[tuple[str, str, str], ...] = ()  # (column, table, its column)
    sources: tuple[dict, ...] = ()
    licences: tuple[dict, ...] = ()

    @property
    def path(self):
        return f"{self.name}.csv"

    def resource(self):
        resource = {
            "name": self.name,
            "path": self.path,
            "profile": "tabular-data-resource",
            "title": str(self.title),
            "description": self.description,
            "format": "csv",
            "mediatype": "text/csv",
            "encoding": "utf-8",
            "schema": {
                "fields": [column.schema() for column in self.columns],
                "primaryKey": list(self.primary_key),
                "foreignKeys": [
                    {"fields": column, "reference": {"resource": table, "fields": target}}
                    for column, table, target in self.foreign_keys
                ],
            },
        }
        if self.sources:
            resource["sources"] = list(self.sources)
        if self.licences:
            resource["licenses"] = list(self.licences)
        return resource


def link(name, description, source, column="url"):
    return Column(column, "string", description, source=source, link=name)


def ref(name, table, description, source=""):
    """A column holding another table's key."""
    return Column(name, "string", f"{description} ({table}).", source=source or name)


def evidence(fact):
    """The columns every sourced fact has: its source article and passage."""
    return (
        Column(
            "basis",
            "string",
            f"Whether the source states {fact} (stated) or it is inferred from the source "
            "(inferred).",
            values=tuple(Basis.values),
        ),
        Column(
            "inference_reason",
            "string",
            "For an inferred fact: why the source supports it. Empty when stated.",
        ),
        Column(
            "passage",
            "string",
            "The passage of the source article that states it, word for word.",
        ),
        ref("source", "articles.slug", "The article it comes from", "source__slug"),
    )


def published_slug(model, key):
    """The slug of the record `key` points to, or None when that record is not public."""
    return Subquery(model.objects.published().filter(pk=OuterRef(key)).values("slug")[:1])


SYNTHETIC = Column(
    "synthetic",
    "boolean",
    "True for generated test data (load tests), false for sourced records.",
    source="is_synthetic",
)


def tables():
    """Every table of the package, in the order of datapackage.json."""
    initiative = ref("initiative", "initiatives.slug", "The initiative", "initiative__slug")
    return [
        Table(
            "counties",
            _("Counties"),
            "Sweden's 21 counties (län).",
            lambda: County.objects.published().order_by("code"),
            (
                Column("code", "string", "SCB's two-digit county code (länskod)."),
                Column("name", "string", "The county's name."),
                link("municipalities:county-detail", "The county's page.", "code"),
            ),
            ("code",),
            sources=(SCB_CODES,),
            licences=(
                {"name": "CC0-1.0", "path": "https://creativecommons.org/publicdomain/zero/1.0/"},
            ),
        ),
        Table(
            "municipalities",
            _("Municipalities"),
            "Sweden's 290 municipalities (kommuner).",
            lambda: Municipality.objects.published().order_by("code"),
            (
                Column("code", "string", "SCB's four-digit municipality code (kommunkod)."),
                Column("name", "string", "The municipality's name."),
                Column("slug", "string", "The municipality's identifier in the site's addresses."),
                ref("county", "counties.code", "The county", "county__code"),
                Column("population", "integer", "Population (folkmängd), if known."),
                Column("population_year", "integer", "The year the population was counted."),
                Column("website", "string", "The municipality's website."),
                link("municipalities:detail", "The municipality's page.", "slug"),
            ),
            ("code",),
            (("county", "counties", "code"),),
            sources=(SCB_CODES, SCB_POPULATION),
        ),
        Table(
            "schools",
            _("Schools"),
            "Schools the initiatives concern.",
            lambda: School.objects.published().order_by("slug"),
            (
                Column("slug", "string", "The school's identifier."),
                Column("name", "string", "The school's name."),
                ref(
                    "municipality", "municipalities.code", "Its municipality", "municipality__code"
                ),
                Column("stages", "string", "The stages taught, e.g. F-6, 7-9, gymnasium."),
                Column(
                    "status",
                    "string",
                    "Open, closed or merged.",
                    values=tuple(School.Status.values),
                ),
                Column("year_closed", "integer", "The year the school closed, if it did."),
                Column("aliases", "string", "Other names the sources use, one per line."),
                Column("note", "string", "A note."),
            ),
            ("slug",),
            (("municipality", "municipalities", "code"),),
        ),
        Table(
            "actors",
            _("Actors"),
            "Organisations and people that lead, fund, host or take part in initiatives, "
            "publish articles or are quoted.",
            lambda: (
                Actor.objects.published()
                .annotate(public_school=published_slug(School, "school"))
                .order_by("slug")
            ),
            (
                Column("slug", "string", "The actor's identifier."),
                Column("name", "string", "The actor's name."),
                Column("kind", "string", "What kind of actor.", values=tuple(Actor.Kind.values)),
                ref(
                    "municipality",
                    "municipalities.code",
                    "For municipal administrations and boards: the municipality they serve",
                    "municipality__code",
                ),
                ref("school", "schools.slug", "For a school: its record", "public_school"),
                Column("website", "string", "The actor's website."),
                Column("aliases", "string", "Other names the sources use, one per line."),
                SYNTHETIC,
                link("actors:detail", "The actor's page.", "slug"),
            ),
            ("slug",),
            (("municipality", "municipalities", "code"), ("school", "schools", "slug")),
        ),
        Table(
            "types",
            _("Initiative types"),
            "The kinds of initiative, e.g. a school closure or a state grant.",
            lambda: InitiativeType.objects.published().order_by("slug"),
            (
                Column("slug", "string", "The type's identifier."),
                Column("name_sv", "string", "Its name in Swedish."),
                Column("name_en", "string", "Its name in English."),
                Column("description_sv", "string", "Its description in Swedish."),
                Column("description_en", "string", "Its description in English."),
            ),
            ("slug",),
        ),
        Table(
            "initiatives",
            _("Initiatives"),
            "Initiatives against school segregation or for equal schooling in Swedish "
            "municipalities. Their facts are in the tables that refer to them, each with "
            "its source.",
            lambda: Initiative.objects.published().order_by("slug"),
            (
                Column("slug", "string", "The initiative's identifier."),
                Column("title", "string", "The initiative's title (in Swedish)."),
                ref("type", "types.slug", "Its type", "type__slug"),
                Column("summary", "string", "A summary (in Swedish)."),
                Column(
                    "status",
                    "string",
                    "Planned, ongoing, completed or unknown; evidence.csv dates it.",
                    values=tuple(Initiative.Status.values),
                ),
                Column("start_year", "integer", "The year it started, when a source says."),
                Column("end_year", "integer", "The year it ended, when a source says."),
                Column("start_date", "date", "The day it started, when a source says."),
                Column("end_date", "date", "The day it ended, when a source says."),
                SYNTHETIC,
                Column("published_at", "datetime", "When it was first published here (UTC)."),
                Column("updated_at", "datetime", "When its record last changed (UTC)."),
                link("initiatives:detail", "The initiative's page.", "slug"),
            ),
            ("slug",),
            (("type", "types", "slug"),),
        ),
        Table(
            "parts",
            _("Parts of initiatives"),
            "Initiatives that are part of a larger one (evidence.csv gives the source).",
            lambda: (
                Initiative.objects.published()
                .filter(part_of__in=Initiative.objects.published())
                .order_by("slug")
            ),
            (
                ref("part", "initiatives.slug", "The part", "slug"),
                ref("whole", "initiatives.slug", "The initiative it is part of", "part_of__slug"),
            ),
            ("part",),
            (("part", "initiatives", "slug"), ("whole", "initiatives", "slug")),
        ),
        Table(
            "initiative_municipalities",
            _("Municipalities of initiatives"),
            "The municipalities each initiative takes place in.",
            lambda: Initiative.municipalities.through.objects.filter(
                initiative__in=Initiative.objects.published()
            ).order_by("initiative__slug", "municipality__code"),
            (
                initiative,
                ref(
                    "municipality", "municipalities.code", "The municipality", "municipality__code"
                ),
            ),
            ("initiative", "municipality"),
            (("initiative", "initiatives", "slug"), ("municipality", "municipalities", "code")),
        ),
        Table(
            "initiative_schools",
            _("Schools of initiatives"),
            "The schools each initiative concerns, with the source that says so.",
            lambda: InitiativeSchool.objects.published().order_by(
                "initiative__slug", "school__slug"
            ),
            (
                initiative,
                ref("school", "schools.slug", "The school", "school__slug"),
                *evidence("that the initiative concerns the school"),
            ),
            ("initiative", "school"),
            (
                ("initiative", "initiatives", "slug"),
                ("school", "schools", "slug"),
                ("source", "articles", "slug"),
            ),
        ),
        Table(
            "participations",
            _("Roles"),
            "Who does what in each initiative (lead, funder, partner, ...), with the source.",
            lambda: Participation.objects.published().order_by(
                "initiative__slug", "actor__slug", "role"
            ),
            (
                initiative,
                ref("actor", "actors.slug", "The actor", "actor__slug"),
                Column(
                    "role", "string", "The actor's role.", values=tuple(Participation.Role.values)
                ),
                Column("note", "string", "A note."),
                *evidence("the role"),
            ),
            ("initiative", "actor", "role"),
            (
                ("initiative", "initiatives", "slug"),
                ("actor", "actors", "slug"),
                ("source", "articles", "slug"),
            ),
        ),
        Table(
            "funding",
            _("Funding"),
            "Money a funder gave for an initiative, to a municipality and/or an actor, in "
            "Swedish kronor, with the source.",
            lambda: Funding.objects.published().order_by("uid"),
            (
                Column("id", "string", "The funding row's identifier (a UUID).", source="uid"),
                initiative,
                ref("funder", "actors.slug", "Who paid", "funder__slug"),
                ref(
                    "recipient_municipality",
                    "municipalities.code",
                    "The municipality that received it",
                    "recipient_municipality__code",
                ),
                ref(
                    "recipient_actor",
                    "actors.slug",
                    "The actor that received it",
                    "recipient_actor__slug",
                ),
                Column("amount_sek", "number", "The amount in SEK."),
                Column(
                    "amount_is_lower_bound",
                    "boolean",
                    'True when the source gives the amount as a lower bound ("just over").',
                    source="is_lower_bound",
                ),
                Column("year", "integer", "The year of the payment, when the source says."),
                Column("note", "string", "A note."),
                *evidence("the payment"),
            ),
            ("id",),
            (
                ("initiative", "initiatives", "slug"),
                ("funder", "actors", "slug"),
                ("recipient_municipality", "municipalities", "code"),
                ("recipient_actor", "actors", "slug"),
                ("source", "articles", "slug"),
            ),
        ),
        Table(
            "articles",
            _("Articles"),
            "The sources every fact cites: metadata only. The texts belong to their "
            "publishers; the cited passages are in the tables of the facts.",
            lambda: Article.objects.published().order_by("slug"),
            (
                Column("slug", "string", "The article's identifier."),
                Column("title", "string", "The article's title."),
                ref("publisher", "actors.slug", "Who published it", "publisher__slug"),
                ref("author", "actors.slug", "Who wrote it, if known", "author__slug"),
                Column("address", "string", "Where it is published, if known.", source="url"),
                Column("published_on", "date", "The date it gives for its publication."),
                Column("last_reviewed_on", "date", 'The "last reviewed" date it gives.'),
                Column(
                    "language", "string", "Its language.", values=tuple(Article.Language.values)
                ),
                SYNTHETIC,
                link("articles:detail", "The article's page here.", "slug"),
            ),
            ("slug",),
            (("publisher", "actors", "slug"), ("author", "actors", "slug")),
        ),
        Table(
            "initiative_sources",
            _("Sources of initiatives"),
            "The articles each initiative cites.",
            lambda: InitiativeSource.objects.published().order_by(
                "initiative__slug", "article__slug"
            ),
            (initiative, ref("article", "articles.slug", "The article", "article__slug")),
            ("initiative", "article"),
            (("initiative", "initiatives", "slug"), ("article", "articles", "slug")),
        ),
        Table(
            "quotes",
            _("Quotes"),
            "Words an actor said, exactly as an article quotes them.",
            lambda: Quote.objects.published().order_by("uid"),
            (
                Column("id", "string", "The quote's identifier (a UUID).", source="uid"),
                ref("article", "articles.slug", "The article that quotes it", "article__slug"),
                ref("speaker", "actors.slug", "Who said it", "speaker__slug"),
                Column("text", "string", "The quoted words, word for word."),
            ),
            ("id",),
            (("article", "articles", "slug"), ("speaker", "actors", "slug")),
        ),
        Table(
            "initiative_quotes",
            _("Quotes about initiatives"),
            "Quotes that speak of an initiative: stated by the article, or inferred (with "
            "the reason).",
            lambda: InitiativeQuote.objects.published().order_by("initiative__slug", "quote__uid"),
            (
                initiative,
                ref("quote", "quotes.id", "The quote", "quote__uid"),
                Column(
                    "basis",
                    "string",
                    "Whether the article says the quote is about the initiative (stated) or "
                    "that is inferred (inferred).",
                    values=tuple(Basis.values),
                ),
                Column("inference_reason", "string", "For an inferred link: why."),
            ),
            ("initiative", "quote"),
            (("initiative", "initiatives", "slug"), ("quote", "quotes", "id")),
        ),
        Table(
            "evidence",
            _("Evidence for initiatives' years, status and parent"),
            "The passage that states an initiative's years, its status, or that it is part "
            "of another; a status holds at the year given, else at the source's date.",
            lambda: InitiativeClaim.objects.published().order_by("initiative__slug", "aspect"),
            (
                initiative,
                Column(
                    "aspect",
                    "string",
                    "Which fact: years, status or part_of.",
                    values=tuple(InitiativeClaim.Aspect.values),
                ),
                Column("year", "integer", "The year the passage gives, if any."),
                *evidence("the fact"),
            ),
            ("initiative", "aspect"),
            (("initiative", "initiatives", "slug"), ("source", "articles", "slug")),
        ),
    ]


TABLES = {table.name: table for table in tables()}


def descriptor(site):
    """datapackage.json; `site` is the address the files are served under."""
    with translation.override("en"):
        return _descriptor(site)


def _descriptor(site):
    return {
        "profile": "tabular-data-package",
        "name": NAME,
        "title": "Skoljämlikhet: what Swedish municipalities do against school segregation",
        "description": (
            "The published content of the Skoljämlikhet knowledge base: initiatives, the "
            "municipalities and schools they concern, the actors behind them, who paid "
            "how much, and for every fact the article it comes from and the passage that "
            "states it. Only published records; article texts are not included. "
            "Municipality and county codes and names are reference data from Statistics "
            "Sweden (SCB)."
        ),
        "homepage": f"{site}{page_path()}",
        "licenses": [LICENCE],
        "sources": [ARTICLES, SCB_CODES, SCB_POPULATION, VALMYNDIGHETEN],
        "keywords": ["school segregation", "Sweden", "municipalities", "education"],
        "resources": [table.resource() for table in TABLES.values()],
    }


def page_path():
    with translation.override("sv"):
        return reverse("datasets:page")


def descriptor_json(site):
    return json.dumps(descriptor(site), ensure_ascii=False, indent=2) + "\n"


def text(value):
    """Text, never a formula (a UUID too)."""
    return "" if value is None else neutralise(value if type(value) is str else str(value))


def plain(value):
    """A number or a date: as Python writes it, which is how Table Schema reads it."""
    return "" if value is None else str(value)


def boolean(value):
    return "" if value is None else ("true" if value else "false")


def utc(value):
    return "" if value is None else value.astimezone(datetime.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


# How a value of each Table Schema type is written: one function per column, chosen once.
CELLS = {
    "string": text,
    "integer": plain,
    "number": plain,
    "date": plain,
    "boolean": boolean,
    "datetime": utc,
}


def page_address(site, name):
    """(before, after) the key in the address of a public page (in Swedish)."""
    with translation.override("sv"):
        before, after = reverse(name, args=["KEY"]).split("KEY")
    return site + before, after


def address_of(site, name):
    before, after = page_address(site, name)
    return lambda key: f"{before}{key}{after}"


def rows(table, site):
    """The table's rows as lists of CSV cells."""
    lookups = [column.source or column.name for column in table.columns]
    cells = [
        address_of(site, column.link) if column.link else CELLS[column.type]
        for column in table.columns
    ]
    values = table.queryset().values_list(*lookups).iterator(chunk_size=ROWS_PER_FETCH)
    for row in values:
        yield [make(value) for make, value in zip(cells, row, strict=True)]


def csv_chunks(table, site) -> Iterator[str]:
    """The table's CSV file in pieces of about CHUNK_CHARACTERS."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow([column.name for column in table.columns])
    for cells in rows(table, site):
        writer.writerow(cells)
        if out.tell() >= CHUNK_CHARACTERS:
            yield out.getvalue()
            out.seek(0)
            out.truncate()
    yield out.getvalue()


class _Collector:
    """A write-only, unseekable file: zipfile writes into it, the stream takes from it."""

    def __init__(self):
        self.pieces: list[bytes] = []

    def write(self, data: bytes) -> int:
        self.pieces.append(bytes(data))
        return len(data)

    def flush(self) -> None:
        pass

    def close(self) -> None:
        pass

    def take(self):
        data = b"".join(self.pieces)
        self.pieces.clear()
        return data


def zip_chunks(site) -> Iterator[bytes]:
    """The ZIP of datapackage.json and every CSV, made as it is sent.

    The first piece comes only once the first table's rows have been read: the descriptor
    needs no query, so had it been sent on its own, a database outage would start a 200
    response (core/streaming.py primes the first piece to answer 503 instead).
    """
    out = _Collector()
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        members = [(DESCRIPTOR_NAME, iter([descriptor_json(site)]))]
        members += [(table.path, csv_chunks(table, site)) for table in TABLES.values()]
        for name, pieces in members:
            info = zipfile.ZipInfo(name, date_time=ZIP_DATE)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            with archive.open(info, "w") as member:
                for piece in pieces:
                    member.write(piece.encode())
                    if name != DESCRIPTOR_NAME and (data := out.take()):
                        yield data
    yield out.take()  # the central directory
