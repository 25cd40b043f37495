"""
Load the seed records in fixtures/seed.json: the facts the five source documents state.

References inside the file are natural keys (slugs and SCB codes). Every quote must
appear word for word in its article's text, which is checked on load.
"""

import json
from datetime import date
from decimal import Decimal
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError

from actors.models import Actor
from articles.models import Article, Quote
from core.publishing import PublicationState
from core.upsert import upsert
from initiatives.models import Funding, Initiative, InitiativeSource, InitiativeType, Participation
from municipalities.models import Municipality, School

FIXTURES = Path(settings.BASE_DIR) / "fixtures"
SEED_FILE = FIXTURES / "seed.json"
ARTICLE_DIR = FIXTURES / "articles"


class SeedLoader:
    def __init__(self, stats, path=SEED_FILE):
        self.stats = stats
        self.data = json.loads(Path(path).read_text(encoding="utf-8"))
        self.municipalities = dict(Municipality.objects.values_list("code", "pk"))

    def pk(self, model, slug):
        if slug is None:
            return None
        return model.objects.values_list("pk", flat=True).get(slug=slug)

    def municipality_pk(self, code):
        return None if code is None else self.municipalities[code]

    def load(self):
        for row in self.data["initiative_types"]:
            upsert(InitiativeType, {"slug": row.pop("slug")}, row, self.stats)
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
                },
                self.stats,
            )
        self.load_actors()
        self.load_articles()
        self.load_initiatives()
        self.load_quotes()

    def load_actors(self):
        # Organisations first, so that people's affiliations resolve.
        rows = sorted(self.data["actors"], key=lambda row: row.get("affiliation") is not None)
        for row in rows:
            upsert(
                Actor,
                {"slug": row["slug"]},
                {
                    "name": row["name"],
                    "kind": row["kind"],
                    "title": row.get("title", ""),
                    "affiliation_id": self.pk(Actor, row.get("affiliation")),
                    "municipality_id": self.municipality_pk(row.get("municipality")),
                    "school_id": self.pk(School, row.get("school")),
                    "website": row.get("website", ""),
                    "aliases": "\n".join(row.get("aliases", [])),
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
                    "publication_state": PublicationState.PUBLISHED,
                },
                self.stats,
                m2m={
                    "municipalities": [self.municipality_pk(c) for c in row["municipalities"]],
                    "schools": [self.pk(School, s) for s in row["schools"]],
                    "actors": [self.pk(Actor, a) for a in row["actors"]],
                },
            )

    def load_initiatives(self):
        for row in self.data["initiatives"]:
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
                    "publication_state": PublicationState.PUBLISHED,
                },
                self.stats,
                m2m={
                    "municipalities": [self.municipality_pk(c) for c in row["municipalities"]],
                    "schools": [self.pk(School, s) for s in row["schools"]],
                },
            )
            for slug in row["sources"]:
                upsert(
                    InitiativeSource,
                    {"initiative_id": initiative.pk, "article_id": self.pk(Article, slug)},
                    {},
                    self.stats,
                )
            for part in row.get("participations", []):
                upsert(
                    Participation,
                    {
                        "initiative_id": initiative.pk,
                        "actor_id": self.pk(Actor, part["actor"]),
                        "role": part["role"],
                    },
                    {"note": part.get("note", ""), "source_id": self.pk(Article, part["source"])},
                    self.stats,
                )
            for money in row.get("funding", []):
                upsert(
                    Funding,
                    {"uid": money["uid"]},
                    {
                        "initiative_id": initiative.pk,
                        "funder_id": self.pk(Actor, money["funder"]),
                        "recipient_municipality_id": self.municipality_pk(
                            money.get("recipient_municipality")
                        ),
                        "recipient_actor_id": self.pk(Actor, money.get("recipient_actor")),
                        "amount_sek": Decimal(money["amount_sek"]),
                        "is_lower_bound": money.get("is_lower_bound", False),
                        "year": money.get("year"),
                        "note": money.get("note", ""),
                        "source_id": self.pk(Article, money["source"]),
                    },
                    self.stats,
                )

    def load_quotes(self):
        for row in self.data["quotes"]:
            article = Article.objects.get(slug=row["article"])
            if row["text"] not in article.body:
                raise ValidationError(
                    f"Quote not found verbatim in {article.slug}: {row['text']!r}"
                )
            upsert(
                Quote,
                {"uid": row["uid"]},
                {
                    "article_id": article.pk,
                    "speaker_id": self.pk(Actor, row["speaker"]),
                    "initiative_id": self.pk(Initiative, row.get("initiative")),
                    "text": row["text"],
                },
                self.stats,
            )


def _date(value):
    return date.fromisoformat(value) if value else None
