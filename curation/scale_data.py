"""
A deterministic synthetic data set for testing and benchmarking at scale.

`build_scale_data(sizes, seed)` adds actors, articles, initiatives, participations and
funding on top of the real municipalities and seed records; `remove_scale_data()` takes
them away again. Synthetic actors, initiatives and articles carry `is_synthetic=True`;
the rows that link them (participations, funding, sources, many-to-many rows) are
synthetic because they point at one.

Speed matters more than usual here (the full set is 335 000 rows and ~250 MB of text):

- Rows go in with `bulk_create` in chunks, so memory stays flat and no per-row signal
  runs. That skips the post_save search-vector receiver, so each chunk's vectors are
  computed with `update_search_vectors` right after it is inserted.
- No history rows are written: synthetic data has no editorial history.
- Removal is plain SQL DELETEs (see `remove_scale_data`).
- Neither sends a signal, so both retire cached pages themselves (`bump_generation`).
"""

import random
import time
import uuid
from dataclasses import dataclass
from datetime import UTC, date, datetime
from decimal import Decimal

from django.db import connection, models, transaction
from django.utils.text import slugify

from actors.models import Actor
from articles.models import Article, Position
from core.caching import bump_generation
from core.publishing import PublicationState
from core.search import update_search_vectors
from initiatives.models import (
    Funding,
    Initiative,
    InitiativeClaim,
    InitiativeQuote,
    InitiativeSource,
    InitiativeType,
    Participation,
)
from municipalities.models import Municipality

from .scale_text import PERSON_TITLES, UNIVERSITIES, TextMaker

SEED = 20_240_611
FIRST_YEAR, LAST_YEAR = 1995, 2026
CHUNK = 2_000

Kind = Actor.Kind
Role = Participation.Role
# How often each kind of organisation occurs (the rest of the actors are people).
ORGANISATION_MIX = {
    Kind.MUNICIPAL_ADMINISTRATION: 25,
    Kind.MUNICIPAL_BOARD: 15,
    Kind.SCHOOL: 25,
    Kind.UNIVERSITY: 5,
    Kind.OTHER_ORGANISATION: 20,
    Kind.ASSOCIATION: 5,
    Kind.NATIONAL_AGENCY: 5,
}


@dataclass(frozen=True)
class Sizes:
    """How many rows of each kind to make. The defaults are the full benchmark scale."""

    actors: int = 5_000
    initiatives: int = 50_000
    participations: int = 150_000
    funding: int = 30_000
    articles: int = 100_000


def build_scale_data(sizes=Sizes(), seed=SEED, log=None):
    """Replace any synthetic data with a fresh set of `sizes` drawn from `seed`."""
    with transaction.atomic():
        remove_scale_data()
        counts = ScaleDataBuilder(sizes, seed, log or (lambda message: None)).build()
        # Bulk writes send no signals, so cached pages and figures are retired here.
        bump_generation()
        transaction.on_commit(bump_generation)
    analyze_tables()
    return counts


def remove_scale_data():
    """Delete every synthetic row, leaving the seed data as it was.

    Plain DELETE statements rather than `QuerySet.delete()`: the ORM would load every
    row and send post_delete per row, on which django-simple-history writes a history
    row for each of the ~335 000 deleted records.
    """
    counts = {}
    with transaction.atomic():
        # Rows that link synthetic records go first; then the records themselves.
        linked: list[tuple[type[models.Model], list[str]]] = [
            (Position, ["actor", "organisation", "source"]),
            (InitiativeClaim, ["initiative", "source"]),
            (InitiativeQuote, ["initiative"]),
            (Participation, ["initiative", "actor", "source"]),
            (Funding, ["initiative", "funder", "recipient_actor", "source"]),
            (InitiativeSource, ["initiative", "article"]),
            (Initiative.municipalities.through, ["initiative"]),
            (Initiative.schools.through, ["initiative"]),
            (Article.municipalities.through, ["article"]),
            (Article.schools.through, ["article"]),
            (Article.actors.through, ["article", "actor"]),
        ]
        for model, links in linked:
            counts[model._meta.label] = _delete_linked_to_synthetic(model, links)
        for model in (Initiative, Article, Actor):
            counts[model._meta.label] = _delete_synthetic(model)
            # History exists only if someone edited a synthetic record in the admin.
            model.history.model.objects.filter(is_synthetic=True).delete()
            # The plain DELETEs sent no post_delete: rebuild SQLite's index of what is left.
            if connection.vendor == "sqlite":
                update_search_vectors(model)
        bump_generation()
        transaction.on_commit(bump_generation)
    return counts


def analyze_tables():
    """Refresh the planner's statistics, so queries use the indexes at the new size.

    Without it PostgreSQL would plan with the row counts of the tiny seed data until
    autovacuum catches up. Outside a transaction PostgreSQL also VACUUMs, which marks the
    new pages all-visible so index-only scans (counts) work at once, as they would on a
    site that had been running. Both SQLite and PostgreSQL accept a bare ANALYZE.
    """
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql" and not connection.in_atomic_block:
            cursor.execute("VACUUM (ANALYZE)")
        else:
            cursor.execute("ANALYZE")


def _delete_synthetic(model):
    qn = connection.ops.quote_name
    with connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {qn(model._meta.db_table)} WHERE is_synthetic = %s", [True])
        return cursor.rowcount


def _delete_linked_to_synthetic(model, links):
    qn = connection.ops.quote_name
    conditions = []
    for name in links:
        field = model._meta.get_field(name)
        parent = field.related_model._meta
        conditions.append(
            f"{qn(field.column)} IN (SELECT {qn(parent.pk.column)} FROM {qn(parent.db_table)} "
            "WHERE is_synthetic = %s)"
        )
    sql = f"DELETE FROM {qn(model._meta.db_table)} WHERE {' OR '.join(conditions)}"
    with connection.cursor() as cursor:
        cursor.execute(sql, [True] * len(conditions))
        return cursor.rowcount


@dataclass
class MadeInitiative:
    pk: int
    municipality_pk: int
    start_year: int
    end_year: int | None
    source_pks: list


class ScaleDataBuilder:
    """Makes the rows in dependency order; every choice comes from one seeded generator.

    Related rows are picked from lists sorted by a natural key (SCB code, slug), never
    by primary key, so the same seed gives the same data in any database.
    """

    def __init__(self, sizes, seed, log):
        self.sizes = sizes
        self.rng = random.Random(seed)
        self.log = log
        self.municipalities = list(Municipality.objects.order_by("code").values_list("pk", "name"))
        self.types = list(InitiativeType.objects.order_by("slug").values_list("pk", "slug"))
        self.text = TextMaker(self.rng, [name for _pk, name in self.municipalities], [], [])

    def build(self):
        started = time.monotonic()
        steps = [
            ("actors", self.make_actors),
            ("articles", self.make_articles),
            ("positions", self.make_positions),
            ("initiatives", self.make_initiatives),
            ("participations", self.make_participations),
            ("funding", self.make_funding),
        ]
        counts = {}
        for name, step in steps:
            counts[name] = step()
            self.log(f"{counts[name]} {name} ({time.monotonic() - started:.1f} s)")
        return counts

    def insert(self, model, objs):
        created = model.objects.bulk_create(objs, batch_size=500)
        if model in (Actor, Initiative, Article):
            update_search_vectors(model, [obj.pk for obj in created])
        return created

    def chunks(self, total):
        for start in range(0, total, CHUNK):
            yield range(start, min(start + CHUNK, total))

    def make_actors(self):
        rng, text = self.rng, self.text
        n_organisations = max(1, self.sizes.actors * 2 // 5)
        organisations = []
        for n in range(n_organisations):
            kind = rng.choices(list(ORGANISATION_MIX), weights=list(ORGANISATION_MIX.values()))[0]
            municipality_pk, municipality = rng.choice(self.municipalities)
            name = {
                Kind.MUNICIPAL_ADMINISTRATION: f"Utbildningsförvaltningen i {municipality}",
                Kind.MUNICIPAL_BOARD: f"Barn- och utbildningsnämnden i {municipality}",
                Kind.SCHOOL: f"{text.school()} i {municipality}",
                Kind.UNIVERSITY: rng.choice(UNIVERSITIES),
                Kind.OTHER_ORGANISATION: f"Föreningen {text.place()}",
                Kind.ASSOCIATION: f"{municipality}s skolråd",
                Kind.NATIONAL_AGENCY: f"Delegationen för likvärdig skola {n}",
            }[kind]
            municipal = kind in (Kind.MUNICIPAL_ADMINISTRATION, Kind.MUNICIPAL_BOARD, Kind.SCHOOL)
            organisations.append(
                _actor(n, name, kind, municipality_id=municipality_pk if municipal else None)
            )
        organisations = self.insert(Actor, organisations)

        people, titles = [], []
        for n in range(n_organisations, self.sizes.actors):
            people.append(_actor(n, text.person_name(), Kind.PERSON))
            titles.append((rng.choice(PERSON_TITLES), rng.choice(organisations).pk))
        people = self.insert(Actor, people)
        # Titles become positions once there are articles to cite (make_positions).
        self.people_titles = [
            (person.pk, title, organisation)
            for person, (title, organisation) in zip(people, titles, strict=True)
        ]

        self.organisation_pks = [actor.pk for actor in organisations]
        self.person_pks = [actor.pk for actor in people] or self.organisation_pks
        self.actor_pks = self.organisation_pks + [actor.pk for actor in people]
        self.funder_pks = [
            a.pk for a in organisations if a.kind in (Kind.NATIONAL_AGENCY, Kind.ASSOCIATION)
        ] or self.organisation_pks
        self.leads: dict[int, int] = {}
        for actor in organisations:
            if actor.kind == Kind.MUNICIPAL_ADMINISTRATION:
                self.leads.setdefault(actor.municipality_id, actor.pk)
        self.text.people = [
            f"{title} {person.name}"
            for person, (title, _o) in zip(people[:500], titles, strict=False)
        ]
        self.text.organisations = [a.name for a in organisations[:500]]
        return len(organisations) + len(people)

    def make_articles(self):
        rng, text = self.rng, self.text
        self.article_pks = []
        for numbers in self.chunks(self.sizes.articles):
            articles, mentions = [], []
            for n in numbers:
                municipality_pk, municipality = rng.choice(self.municipalities)
                title = text.article_title(municipality)
                slug = f"s{n:06d}-{slugify(title)[:60]}".rstrip("-")
                published_on = date(
                    rng.randint(FIRST_YEAR, 2025), rng.randint(1, 12), rng.randint(1, 28)
                )
                state = _publication_state(rng)
                articles.append(
                    Article(
                        slug=slug,
                        title=title,
                        publisher_id=rng.choice(self.organisation_pks),
                        author_id=rng.choice(self.person_pks) if rng.random() < 0.5 else None,
                        url=f"https://nyheter.invalid/{slug}/",
                        published_on=published_on,
                        language=Article.Language.SWEDISH,
                        body=text.body(municipality),
                        publication_state=state,
                        published_at=_published_at(state, published_on),
                        is_synthetic=True,
                    )
                )
                others = rng.sample(self.municipalities, rng.randint(0, 1))
                mentioned = rng.sample(self.actor_pks, min(len(self.actor_pks), rng.randint(1, 3)))
                mentions.append(({municipality_pk} | {pk for pk, _ in others}, set(mentioned)))
            created = self.insert(Article, articles)
            municipality_rows, actor_rows = [], []
            for article, (municipality_pks, actor_pks) in zip(created, mentions, strict=True):
                municipality_rows += [
                    Article.municipalities.through(article_id=article.pk, municipality_id=pk)
                    for pk in sorted(municipality_pks)
                ]
                actor_rows += [
                    Article.actors.through(article_id=article.pk, actor_id=pk)
                    for pk in sorted(actor_pks)
                ]
            self.insert(Article.municipalities.through, municipality_rows)
            self.insert(Article.actors.through, actor_rows)
            self.article_pks += [article.pk for article in created]
        return len(self.article_pks)

    def make_initiatives(self):
        rng, text = self.rng, self.text
        # Round-robin over a shuffled list, so every municipality gets initiatives.
        order = list(self.municipalities)
        rng.shuffle(order)
        self.initiatives = []
        for numbers in self.chunks(self.sizes.initiatives):
            initiatives, details = [], []
            for n in numbers:
                municipality_pk, municipality = order[n % len(order)]
                type_pk, type_slug = rng.choice(self.types)
                title = text.initiative_title(type_slug, municipality)
                start = rng.randint(FIRST_YEAR, LAST_YEAR)
                end = None if rng.random() < 0.3 else min(LAST_YEAR, start + rng.randint(0, 6))
                state = _publication_state(rng)
                initiatives.append(
                    Initiative(
                        slug=f"s{n:06d}-{slugify(title)[:60]}".rstrip("-"),
                        title=title,
                        type_id=type_pk,
                        summary=text.sentences(rng.randint(2, 3), municipality),
                        start_year=start,
                        end_year=end,
                        status=_status(rng, start, end),
                        publication_state=state,
                        published_at=_published_at(state, date(start, 1, 1)),
                        is_synthetic=True,
                    )
                )
                extra = [pk for pk, _ in rng.sample(self.municipalities, rng.randint(0, 2))]
                municipality_pks = [municipality_pk] + (extra if rng.random() < 0.2 else [])
                sources = rng.sample(
                    self.article_pks, min(len(self.article_pks), rng.randint(1, 2))
                )
                details.append((municipality_pks, sources))
            created = self.insert(Initiative, initiatives)
            municipality_rows, source_rows = [], []
            for initiative, (municipality_pks, sources) in zip(created, details, strict=True):
                municipality_rows += [
                    Initiative.municipalities.through(
                        initiative_id=initiative.pk, municipality_id=pk
                    )
                    for pk in dict.fromkeys(municipality_pks)
                ]
                source_rows += [
                    InitiativeSource(initiative_id=initiative.pk, article_id=pk) for pk in sources
                ]
                self.initiatives.append(
                    MadeInitiative(
                        initiative.pk,
                        municipality_pks[0],
                        initiative.start_year,
                        initiative.end_year,
                        sources,
                    )
                )
            self.insert(Initiative.municipalities.through, municipality_rows)
            self.insert(InitiativeSource, source_rows)
        return len(self.initiatives)

    def make_positions(self):
        rows = [
            Position(
                uid=_uuid(self.rng),
                actor_id=person_pk,
                title=title,
                organisation_id=organisation_pk,
                source_id=self.rng.choice(self.article_pks),
            )
            for person_pk, title, organisation_pk in self.people_titles
        ]
        return len(self.insert(Position, rows))

    def make_participations(self):
        rng = self.rng
        total, count = self.sizes.participations, 0
        per_initiative, remainder = divmod(total, len(self.initiatives))
        other_roles = [role for role in Role.values if role != Role.LEAD]
        rows = []
        for i, initiative in enumerate(self.initiatives):
            wanted = per_initiative + (1 if i < remainder else 0)
            lead = self.leads.get(initiative.municipality_pk) or rng.choice(self.organisation_pks)
            # The municipality's administration leads; the rest are random actors in
            # other roles, each (actor, role) pair once as the unique constraint requires.
            # A dict keeps the pairs in the order drawn (a set's order would follow the pks).
            taken: dict[tuple[int, str], None] = {(lead, Role.LEAD): None} if wanted else {}
            for _try in range(wanted * 20):
                if len(taken) >= wanted:
                    break
                taken[(rng.choice(self.actor_pks), rng.choice(other_roles))] = None
            rows += [
                Participation(
                    initiative_id=initiative.pk,
                    actor_id=actor_pk,
                    role=role,
                    source_id=rng.choice(initiative.source_pks),
                )
                for actor_pk, role in taken
            ]
            if len(rows) >= CHUNK:
                count += len(self.insert(Participation, rows))
                rows = []
        return count + len(self.insert(Participation, rows))

    def make_funding(self):
        rng = self.rng
        count, rows = 0, []
        for _n in range(self.sizes.funding):
            initiative = rng.choice(self.initiatives)
            last_year = initiative.end_year or min(LAST_YEAR, initiative.start_year + 3)
            rows.append(
                Funding(
                    uid=_uuid(rng),
                    initiative_id=initiative.pk,
                    funder_id=rng.choice(self.funder_pks),
                    recipient_municipality_id=initiative.municipality_pk,
                    recipient_actor_id=self.leads.get(initiative.municipality_pk),
                    amount_sek=Decimal(rng.randint(1, 400) * 25_000),
                    is_lower_bound=rng.random() < 0.1,
                    year=rng.randint(initiative.start_year, last_year),
                    source_id=initiative.source_pks[0],
                )
            )
            if len(rows) >= CHUNK:
                count += len(self.insert(Funding, rows))
                rows = []
        return count + len(self.insert(Funding, rows))


def _actor(n, name, kind, **fields):
    slug = f"s{n:05d}-{slugify(name)[:60]}".rstrip("-")
    return Actor(
        slug=slug,
        name=name,
        kind=kind,
        is_synthetic=True,
        publication_state=PublicationState.PUBLISHED,
        **fields,
    )


def _publication_state(rng):
    # Most records are public; a few drafts and reviews keep the public filter honest.
    roll = rng.random()
    if roll < 0.05:
        return PublicationState.DRAFT
    if roll < 0.08:
        return PublicationState.IN_REVIEW
    return PublicationState.PUBLISHED


def _published_at(state, day):
    if state != PublicationState.PUBLISHED:
        return None
    return datetime(day.year, day.month, day.day, 12, tzinfo=UTC)


def _status(rng, start, end):
    if rng.random() < 0.1:
        return Initiative.Status.UNKNOWN
    if start > 2025:
        return Initiative.Status.PLANNED
    if end is not None and end < 2025:
        return Initiative.Status.COMPLETED
    return Initiative.Status.ONGOING


def _uuid(rng):
    return uuid.UUID(int=rng.getrandbits(128), version=4)
