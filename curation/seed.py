"""
Load the seed records in fixtures/seed.json: the facts the five source documents state.

References inside the file are natural keys (slugs and SCB codes). Every fact (a
position, a school link, a role, a funding row, the evidence for an initiative's years,
status or parent) carries its source article and an evidence passage; the loader
refuses a fact without one, or with one that does not occur word for word (whitespace
aside) in its article, and an inferred fact without its reason. Quotes must occur word
for word too.

The file is the truth for the records it names: loading it again changes nothing, and a
fact an earlier version of the file held but this one does not (a role the sources do
not support, say) is removed from the seed's initiatives and actors.
"""

import json
from datetime import date
from decimal import Decimal
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError

from actors.models import Actor
from articles.evidence import Basis, passage_in
from articles.models import Article, Position, Quote
from core.publishing import PublicationState, publication_changes_allowed
from core.upsert import upsert
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
from municipalities.models import Municipality, School

FIXTURES = Path(settings.BASE_DIR) / "fixtures"
SEED_FILE = FIXTURES / "seed.json"
ARTICLE_DIR = FIXTURES / "articles"
PUBLISHED = {"publication_state": PublicationState.PUBLISHED}


class SeedLoader:
    def __init__(self, stats, path=SEED_FILE):
        self.stats = stats
        self.data = json.loads(Path(path).read_text(encoding="utf-8"))
        self.municipalities = dict(Municipality.objects.values_list("code", "pk"))
        self.bodies = {}

    def pk(self, model, slug):
        if slug is None:
            return None
        return model.objects.values_list("pk", flat=True).get(slug=slug)

    def municipality_pk(self, code):
        return None if code is None else self.municipalities[code]

    def load(self):
        # The seed is sourced data: its records are published as they are loaded.
        with publication_changes_allowed():
            for row in self.data["initiative_types"]:
                upsert(InitiativeType, {"slug": row.pop("slug")}, row, self.stats)
            self.load_schools()
            self.load_actors()
            self.load_articles()
            self.load_positions()
            self.load_initiatives()
            self.load_quotes()

    def evidence(self, row, where):
        """The evidence fields of a fact, checked against its article's text."""
        source, passage = row.get("source"), row.get("passage", "")
        if not source or not passage.strip():
            raise ValidationError(f"{where}: every fact needs a source and an evidence passage.")
        if source not in self.bodies:
            self.bodies[source] = Article.objects.values_list("body", flat=True).get(slug=source)
        if not passage_in(passage, self.bodies[source]):
            raise ValidationError(f"{where}: passage not found verbatim in {source}: {passage!r}")
        basis = row.get("basis", Basis.STATED)
        reason = row.get("inference_reason", "")
        if basis == Basis.INFERRED and not reason.strip():
            raise ValidationError(f"{where}: an inferred fact needs its reason.")
        return {
            "source_id": self.pk(Article, source),
            "passage": passage,
            "basis": basis,
            "inference_reason": reason,
        }

    def load_schools(self):
        for row in self.data["schools"]:
            upsert(
                School,
                {"slug": row["slug"]},
                {
                    "name": row["name"],
                    "municipality_id": self.municipality_pk(row["municipality"]),
                    "aliases": "\n".join(row.get("aliases", [])),
                    "status": row["status"],
                    "stages": row.get("stages", ""),
                    "note": row.get("note", ""),
                    **PUBLISHED,
                },
                self.stats,
            )

    def load_actors(self):
        for row in self.data["actors"]:
            upsert(
                Actor,
                {"slug": row["slug"]},
                {
                    "name": row["name"],
                    "kind": row["kind"],
                    "municipality_id": self.municipality_pk(row.get("municipality")),
                    "school_id": self.pk(School, row.get("school")),
                    "website": row.get("website", ""),
                    "aliases": "\n".join(row.get("aliases", [])),
                    **PUBLISHED,
                },
                self.stats,
            )

    def load_articles(self):
        for row in self.data["articles"]:
            upsert(
                Article,
                {"slug": row["slug"]},
                {
                    "title": row["title"],
                    "publisher_id": self.pk(Actor, row["publisher"]),
                    "author_id": self.pk(Actor, row.get("author")),
                    "url": row.get("url", ""),
                    "published_on": _date(row.get("published_on")),
                    "last_reviewed_on": _date(row.get("last_reviewed_on")),
                    "last_reviewed_by": row.get("last_reviewed_by", ""),
                    "language": row.get("language", "sv"),
                    "body": (ARTICLE_DIR / row["body_file"]).read_text(encoding="utf-8"),
                    **PUBLISHED,
                },
                self.stats,
                m2m={
                    "municipalities": [self.municipality_pk(c) for c in row["municipalities"]],
                    "schools": [self.pk(School, s) for s in row["schools"]],
                    "actors": [self.pk(Actor, a) for a in row["actors"]],
                },
            )

    def load_positions(self):
        kept = []
        for row in self.data["positions"]:
            position = upsert(
                Position,
                {"uid": row["uid"]},
                {
                    "actor_id": self.pk(Actor, row["actor"]),
                    "title": row.get("title", ""),
                    "organisation_id": self.pk(Actor, row.get("organisation")),
                    "year": row.get("year"),
                    **self.evidence(row, f"position of {row['actor']}"),
                },
                self.stats,
            )
            kept.append(position.pk)
        # Positions of the seed's actors taken from the seed's articles are the file's.
        seed_actors = [row["slug"] for row in self.data["actors"]]
        seed_articles = [row["slug"] for row in self.data["articles"]]
        Position.objects.filter(
            actor__slug__in=seed_actors, source__slug__in=seed_articles
        ).exclude(pk__in=kept).delete()

    def load_initiatives(self):
        for row in self.data["initiatives"]:
            self.load_initiative(row)
        # Parents after every initiative exists.
        for row in self.data["initiatives"]:
            upsert(
                Initiative,
                {"slug": row["slug"]},
                {"part_of_id": self.pk(Initiative, row.get("part_of"))},
                self.stats,
            )

    def load_initiative(self, row):
        initiative = upsert(
            Initiative,
            {"slug": row["slug"]},
            {
                "title": row["title"],
                "type_id": self.pk(InitiativeType, row["type"]),
                "summary": row["summary"],
                "status": row["status"],
                "start_year": row.get("start_year"),
                "end_year": row.get("end_year"),
                **PUBLISHED,
            },
            self.stats,
            m2m={"municipalities": [self.municipality_pk(c) for c in row["municipalities"]]},
        )
        where = row["slug"]
        self.sync(
            InitiativeSource,
            initiative,
            [({"article_id": self.pk(Article, slug)}, {}) for slug in row["sources"]],
        )
        self.sync(
            InitiativeClaim,
            initiative,
            [
                (
                    {"aspect": claim["aspect"]},
                    {
                        "year": claim.get("year"),
                        **self.evidence(claim, f"{where} {claim['aspect']}"),
                    },
                )
                for claim in row.get("claims", [])
            ],
        )
        self.sync(
            InitiativeSchool,
            initiative,
            [
                (
                    {"school_id": self.pk(School, link["school"])},
                    self.evidence(link, f"{where} school {link['school']}"),
                )
                for link in row.get("schools", [])
            ],
        )
        self.sync(
            Participation,
            initiative,
            [
                (
                    {"actor_id": self.pk(Actor, part["actor"]), "role": part["role"]},
                    {
                        "note": part.get("note", ""),
                        **self.evidence(part, f"{where} {part['actor']} {part['role']}"),
                    },
                )
                for part in row.get("participations", [])
            ],
        )
        self.sync(
            Funding,
            initiative,
            [
                ({"uid": money["uid"]}, self.funding_values(money, where))
                for money in row.get("funding", [])
            ],
        )

    def funding_values(self, money, where):
        return {
            "funder_id": self.pk(Actor, money["funder"]),
            "recipient_municipality_id": self.municipality_pk(money.get("recipient_municipality")),
            "recipient_actor_id": self.pk(Actor, money.get("recipient_actor")),
            "amount_sek": Decimal(money["amount_sek"]),
            "is_lower_bound": money.get("is_lower_bound", False),
            "year": money.get("year"),
            "note": money.get("note", ""),
            **self.evidence(money, f"{where} funding {money['uid']}"),
        }

    def sync(self, model, initiative, rows):
        """Make the initiative's `model` rows exactly `rows`: [(lookup, values)]."""
        kept = [
            upsert(model, {"initiative_id": initiative.pk, **lookup}, values, self.stats).pk
            for lookup, values in rows
        ]
        model.objects.filter(initiative=initiative).exclude(pk__in=kept).delete()

    def load_quotes(self):
        for row in self.data["quotes"]:
            article = Article.objects.get(slug=row["article"])
            if not article.contains(row["text"]):
                raise ValidationError(
                    f"Quote not found verbatim in {article.slug}: {row['text']!r}"
                )
            quote = upsert(
                Quote,
                {"uid": row["uid"]},
                {
                    "article_id": article.pk,
                    "speaker_id": self.pk(Actor, row["speaker"]),
                    "text": row["text"],
                },
                self.stats,
            )
            kept = []
            for link in row.get("initiatives", []):
                basis = link.get("basis", Basis.STATED)
                reason = link.get("inference_reason", "")
                if basis == Basis.INFERRED and not reason.strip():
                    raise ValidationError(f"Quote {row['uid']}: an inferred link needs its reason.")
                kept.append(
                    upsert(
                        InitiativeQuote,
                        {
                            "quote_id": quote.pk,
                            "initiative_id": self.pk(Initiative, link["initiative"]),
                        },
                        {"basis": basis, "inference_reason": reason},
                        self.stats,
                    ).pk
                )
            InitiativeQuote.objects.filter(quote=quote).exclude(pk__in=kept).delete()


def _date(value):
    return date.fromisoformat(value) if value else None
